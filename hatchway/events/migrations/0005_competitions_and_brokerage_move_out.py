"""Competitions and brokerage meetings now live in their own apps; the events app lets go of them.

State only: the tables keep their names (``events_competition``, ``events_brokeragemeeting``, ...) and
every row; ``competitions`` 0001 and ``brokerage`` 0001 took the models over in the state before this
runs. The content types of the moved models change app (``events`` → ``competitions`` / ``brokerage``)
so that their permissions, the admin's history and anything else pointing at a content type keep
resolving; going back moves them back.
"""

from django.db import migrations

COMPETITIONS = (
    "competition",
    "track",
    "round",
    "site",
    "panelseat",
    "criterion",
    "entry",
    "conflictofinterest",
    "score",
    "award",
)
BROKERAGE = (
    "brokerageslot",
    "brokeragesetting",
    "agendaprofile",
    "meetingrequest",
    "schedulerun",
    "brokeragemeeting",
)


def _move_content_types(apps, schema_editor, *, backwards=False):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for app_label, models in (("competitions", COMPETITIONS), ("brokerage", BROKERAGE)):
        old, new = (app_label, "events") if backwards else ("events", app_label)
        for model in models:
            # A row already under the new label (made by a post_migrate before this ran) wins.
            if content_type.objects.using(db).filter(app_label=new, model=model).exists():
                continue
            content_type.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def move_content_types(apps, schema_editor):
    _move_content_types(apps, schema_editor)


def move_content_types_back(apps, schema_editor):
    _move_content_types(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_schedule_run_failure_in_both_languages"),
        ("competitions", "0001_initial"),
        ("brokerage", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='award',
                    name='competition',
                ),
                migrations.RemoveField(
                    model_name='award',
                    name='entry',
                ),
                migrations.RemoveField(
                    model_name='award',
                    name='settled_in',
                ),
                migrations.RemoveField(
                    model_name='brokeragemeeting',
                    name='a',
                ),
                migrations.RemoveField(
                    model_name='brokeragemeeting',
                    name='b',
                ),
                migrations.RemoveField(
                    model_name='brokeragemeeting',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='brokeragemeeting',
                    name='run',
                ),
                migrations.RemoveField(
                    model_name='brokeragemeeting',
                    name='slot',
                ),
                migrations.RemoveField(
                    model_name='brokeragesetting',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='brokerageslot',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='competition',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='competition',
                    name='organiser',
                ),
                migrations.RemoveField(
                    model_name='round',
                    name='competition',
                ),
                migrations.RemoveField(
                    model_name='criterion',
                    name='competition',
                ),
                migrations.RemoveField(
                    model_name='track',
                    name='competition',
                ),
                migrations.RemoveField(
                    model_name='entry',
                    name='competition',
                ),
                migrations.RemoveField(
                    model_name='conflictofinterest',
                    name='entry',
                ),
                migrations.RemoveField(
                    model_name='conflictofinterest',
                    name='judge',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='criterion',
                ),
                migrations.RemoveField(
                    model_name='entry',
                    name='enterprise',
                ),
                migrations.RemoveField(
                    model_name='entry',
                    name='site',
                ),
                migrations.RemoveField(
                    model_name='entry',
                    name='track',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='entry',
                ),
                migrations.RemoveField(
                    model_name='meetingrequest',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='meetingrequest',
                    name='receiver',
                ),
                migrations.RemoveField(
                    model_name='meetingrequest',
                    name='sender',
                ),
                migrations.RemoveField(
                    model_name='panelseat',
                    name='judge',
                ),
                migrations.RemoveField(
                    model_name='panelseat',
                    name='site',
                ),
                migrations.RemoveField(
                    model_name='site',
                    name='judges',
                ),
                migrations.RemoveField(
                    model_name='site',
                    name='round',
                ),
                migrations.RemoveField(
                    model_name='schedulerun',
                    name='computed_by',
                ),
                migrations.RemoveField(
                    model_name='schedulerun',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='judge',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='site',
                ),
                migrations.RemoveField(
                    model_name='site',
                    name='host',
                ),
                migrations.DeleteModel(
                    name='AgendaProfile',
                ),
                migrations.DeleteModel(
                    name='Award',
                ),
                migrations.DeleteModel(
                    name='BrokerageMeeting',
                ),
                migrations.DeleteModel(
                    name='BrokerageSetting',
                ),
                migrations.DeleteModel(
                    name='BrokerageSlot',
                ),
                migrations.DeleteModel(
                    name='Competition',
                ),
                migrations.DeleteModel(
                    name='ConflictOfInterest',
                ),
                migrations.DeleteModel(
                    name='Criterion',
                ),
                migrations.DeleteModel(
                    name='Track',
                ),
                migrations.DeleteModel(
                    name='Entry',
                ),
                migrations.DeleteModel(
                    name='MeetingRequest',
                ),
                migrations.DeleteModel(
                    name='PanelSeat',
                ),
                migrations.DeleteModel(
                    name='Round',
                ),
                migrations.DeleteModel(
                    name='ScheduleRun',
                ),
                migrations.DeleteModel(
                    name='Score',
                ),
                migrations.DeleteModel(
                    name='Site',
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
