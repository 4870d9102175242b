"""A schedule run's failure is kept in both languages and read in the reader's, whoever's worker wrote it."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.utils import translation

from hatchway.brokerage import actions
from hatchway.brokerage.actions import do_request_schedule, do_run_schedule
from hatchway.brokerage.models import ScheduleRun
from tests.brokerage.brokerage import agree, cancel_while_computing, join, make_brokerage
from tests.conftest import make_member
from tests.events.conftest import NOW, carrier_of

pytestmark = pytest.mark.usefixtures("frozen")

STALE_EN = "The worker computing this schedule stopped without finishing."
STALE_ZH = "计算此日程的后台任务未完成即已停止。"
CHANGED_EN = "Meetings, requests or availability changed while the schedule was computed"
CHANGED_ZH = "计算日程期间，洽谈、请求或空闲时段发生了变化"


@pytest.fixture
def event(organiser, founder, talent):
    event = make_brokerage(carrier_of(organiser), slots=2, tables=1)
    agree(join(event, founder), join(event, talent))
    return event


@pytest.fixture
def chinese_organiser(event):
    """A colleague of the organiser at the same carrier who reads Chinese."""
    from hatchway.directory.actions import do_grant_role
    from hatchway.directory.models import Role

    colleague = make_member(Role.TALENT, None, "colleague@example.cn", language="zh-hans")
    do_grant_role(colleague, Role.CARRIER_STAFF, event.organiser)
    return colleague


def read_run(api_as, user, run, language):
    return api_as(user).get(
        f"/events/{run.event_id}/brokerage/schedule/{run.pk}", **{"Accept-Language": language}
    )


def console(client_as, user, event):
    return client_as(user).get(f"/events/{event.pk}/brokerage/console/").content.decode()


def a_run_failing_while(language, event, monkeypatch):
    """Someone cancels their place while the worker, with ``language`` active, computes: nothing fits."""
    cancel_while_computing(event, monkeypatch)
    with translation.override(language):
        return do_run_schedule(do_request_schedule(event, now=NOW, enqueue=False), notify=False)


def test_a_run_failing_while_chinese_is_active_reads_in_english_for_an_english_reader(
    event, organiser, api_as, client_as, monkeypatch
):
    run = a_run_failing_while("zh-hans", event, monkeypatch)

    english = read_run(api_as, organiser, run, "en")
    page = console(client_as, organiser, event)  # the organiser reads English

    assert run.status == "failed"
    assert english.status_code == 200
    assert english.json()["failure"].startswith(CHANGED_EN)
    assert CHANGED_EN in page
    assert CHANGED_ZH not in page


def test_a_run_failing_while_english_is_active_reads_in_chinese_for_a_chinese_reader(
    event, organiser, chinese_organiser, api_as, client_as, monkeypatch
):
    run = a_run_failing_while("en", event, monkeypatch)

    chinese = read_run(api_as, organiser, run, "zh-hans")
    page = console(client_as, chinese_organiser, event)

    assert chinese.json()["failure"].startswith(CHANGED_ZH)
    assert CHANGED_ZH in page
    assert CHANGED_EN not in page
    # The engine's own words about what no longer fits stand in both languages.
    problem = run.failure_en.split("(", 1)[1].rsplit(")", 1)[0]
    assert problem
    assert f"（{problem}）" in run.failure_zh


def test_a_run_whose_worker_died_is_marked_failed_in_both_languages(event, organiser, api_as, time_machine):
    first = do_request_schedule(event, now=NOW, enqueue=False)
    time_machine.move_to(NOW + dt.timedelta(minutes=30), tick=False)
    with translation.override("zh-hans"):  # the organiser who starts the next run reads Chinese
        do_request_schedule(event, enqueue=False)
    run = ScheduleRun.objects.get(pk=first.pk)

    assert (run.status, run.failure_zh, run.failure_en) == ("failed", STALE_ZH, STALE_EN)
    assert read_run(api_as, organiser, run, "en").json()["failure"] == STALE_EN
    assert read_run(api_as, organiser, run, "zh-hans").json()["failure"] == STALE_ZH


def test_an_unexpected_error_is_kept_as_it_is_in_both(event, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the solver ran out of memory")

    monkeypatch.setattr(actions, "optimise_schedule", broken)
    with translation.override("zh-hans"):
        run = do_run_schedule(do_request_schedule(event, now=NOW, enqueue=False), notify=False)

    assert (run.failure_zh, run.failure_en) == ("RuntimeError: the solver ran out of memory",) * 2


def test_agendas_not_all_sent_are_said_in_both_on_a_done_run(event, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(actions, "_notify_agendas", down)
    with translation.override("zh-hans"):
        run = do_run_schedule(do_request_schedule(event, now=NOW, enqueue=False), notify=True)

    assert run.status == "done"
    assert run.failure_en == (
        "The schedule is stored, but the agendas were not all sent: ConnectionError: mail server down"
    )
    assert run.failure_zh == "日程已保存，但个人日程未能全部发送：ConnectionError: mail server down"
    with translation.override("en"):
        assert run.failure == run.failure_en
    with translation.override("zh-hans"):
        assert run.failure == run.failure_zh


def test_a_done_run_without_trouble_has_no_failure_in_either(event, organiser, api_as):
    run = do_run_schedule(do_request_schedule(event, now=NOW, enqueue=False), notify=False)

    assert (run.failure_zh, run.failure_en) == ("", "")
    assert read_run(api_as, organiser, run, "zh-hans").json()["failure"] == ""


migration = importlib.import_module("hatchway.events.migrations.0004_schedule_run_failure_in_both_languages")


@pytest.mark.parametrize(
    ("stored", "zh", "en"),
    [
        (STALE_ZH, STALE_ZH, STALE_EN),
        (STALE_EN, STALE_ZH, STALE_EN),
        (
            "日程已保存，但个人日程未能全部发送：SMTPException: 421",
            "日程已保存，但个人日程未能全部发送：SMTPException: 421",
            "The schedule is stored, but the agendas were not all sent: SMTPException: 421",
        ),
        (
            "Meetings, requests or availability changed while the schedule was computed, so it no longer "
            "fits them (r4 has two meetings in s2). Compute the schedule again.",
            "计算日程期间，洽谈、请求或空闲时段发生了变化，结果已不再符合（r4 has two meetings in s2）。请重新计算日程。",
            "Meetings, requests or availability changed while the schedule was computed, so it no longer "
            "fits them (r4 has two meetings in s2). Compute the schedule again.",
        ),
        # Not one of the platform's messages: kept as it is, in both.
        ("RuntimeError: boom", "RuntimeError: boom", "RuntimeError: boom"),
        (
            "slots: s1 ends before it starts",
            "slots: s1 ends before it starts",
            "slots: s1 ends before it starts",
        ),
        ("", "", ""),
    ],
)
def test_the_migration_reads_old_failures_back_into_both_languages(stored, zh, en):
    assert migration.reinterpret(stored) == (zh, en)
