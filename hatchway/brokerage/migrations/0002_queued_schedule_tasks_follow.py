"""Schedule computations queued before the split find their task at its new path.

The database task backend stores each queued task's import path; ``compute_schedule`` moved from
``hatchway.events.tasks`` to ``hatchway.brokerage.tasks``, so a run queued before an upgrade would
otherwise fail to import in the worker (and its schedule run would stay queued until it goes stale).
"""

from django.db import migrations

OLD = "hatchway.events.tasks.compute_schedule"
NEW = "hatchway.brokerage.tasks.compute_schedule"


def _repoint(apps, schema_editor, old, new):
    task_result = apps.get_model("django_tasks_database", "DBTaskResult")
    task_result.objects.using(schema_editor.connection.alias).filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    _repoint(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor):
    _repoint(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("brokerage", "0001_initial"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
