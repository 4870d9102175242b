"""A schedule run keeps why it failed in Chinese and in English, and shows it in the reader's language.

Until now the failure was kept once, in the language active in the worker. Failures that are one of the
platform's own messages are recognised in either language and written again in both; any other text (an
engine's problem, an exception) is kept as it is, in both columns.
"""

import re

from django.db import migrations, models
from django.utils import translation

# The platform's messages a run could fail with when this migration was written (the msgids, frozen).
KNOWN_FAILURES = (
    "This is not a brokerage event: it has no one-to-one meetings.",
    "Add meeting slots before computing the schedule.",
    "Meetings, requests or availability changed while the schedule was computed, so it no longer fits them "
    "(%(problem)s). Compute the schedule again.",
    "The worker computing this schedule stopped without finishing.",
    "The schedule is stored, but the agendas were not all sent: %(error)s",
)
LANGUAGES = ("zh-hans", "en")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression that reads a message back into its parameters."""
    parts = _PLACEHOLDER.split(template)
    return re.compile(
        "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.*)" for index, part in enumerate(parts)),
        re.DOTALL,
    )


def _render(msgid: str, params: dict[str, str], language: str) -> str:
    with translation.override(language):
        template = translation.gettext(msgid)
    return template % params if params else template


def reinterpret(text: str) -> tuple[str, str]:
    """(Chinese, English) of a stored failure; a text that is not one of the known messages stays as it is."""
    text = text.strip()
    if not text:
        return "", ""
    for msgid in KNOWN_FAILURES:
        for language in LANGUAGES:
            with translation.override(language):
                template = translation.gettext(msgid)
            found = _pattern(template).fullmatch(text)
            if found:
                params = found.groupdict()
                return _render(msgid, params, "zh-hans"), _render(msgid, params, "en")
    return text, text


def split_failures(apps, schema_editor):
    ScheduleRun = apps.get_model("events", "ScheduleRun")
    for run in ScheduleRun.objects.exclude(failure="").only("pk", "failure").iterator():
        failure_zh, failure_en = reinterpret(run.failure)
        ScheduleRun.objects.filter(pk=run.pk).update(failure_zh=failure_zh, failure_en=failure_en)


def join_failures(apps, schema_editor):
    ScheduleRun = apps.get_model("events", "ScheduleRun")
    for run in ScheduleRun.objects.exclude(failure_zh="", failure_en="").iterator():
        ScheduleRun.objects.filter(pk=run.pk).update(failure=run.failure_en or run.failure_zh)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_schedule_runs_in_the_background_and_meeting_answers"),
    ]

    operations = [
        migrations.AddField(
            model_name="schedulerun",
            name="failure_zh",
            field=models.TextField(blank=True, verbose_name="failure (Chinese)"),
        ),
        migrations.AddField(
            model_name="schedulerun",
            name="failure_en",
            field=models.TextField(blank=True, verbose_name="failure (English)"),
        ),
        migrations.RunPython(split_failures, join_failures),
        migrations.RemoveField(
            model_name="schedulerun",
            name="failure",
        ),
    ]
