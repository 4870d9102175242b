"""Interests, matches and stage changes now belong to the pipeline app: matching forgets them (state only).

The rows stay where they are (the pipeline's models keep the ``matching_*`` table names). Their content
types are renamed to the pipeline app, so permissions and admin history keep pointing at the same rows.
"""

from django.db import migrations

MOVED = ("interest", "match", "matchstagechange")


def _relabel(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        moving = ContentType.objects.using(db).filter(app_label=old, model=model).first()
        if moving is None:
            continue
        # A content type made for the new label meanwhile (a migrate run that stopped between the two
        # apps' migrations) is empty: the rows and permissions are on the old one, which takes its place.
        ContentType.objects.using(db).filter(app_label=new, model=model).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "matching", "pipeline")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "pipeline", "matching")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('matching', '0002_indexstate_centring'),
        ('pipeline', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Interest'),
                migrations.DeleteModel(name='MatchStageChange'),
                migrations.DeleteModel(name='Match'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
