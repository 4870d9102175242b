from django.db import migrations


def load(apps, schema_editor):
    from hatchway.directory.taxonomy import sync_taxonomies

    sync_taxonomies(apps.get_model("directory", "Sector"), apps.get_model("directory", "Stage"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_taxonomies")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
