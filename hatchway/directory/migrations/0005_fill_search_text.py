from django.db import migrations


def fill(apps, schema_editor):
    from hatchway.search import search_document

    Organisation = apps.get_model("directory", "Organisation")
    for organisation in Organisation.objects.all().iterator():
        organisation.search_text = search_document(organisation.name_zh, organisation.name_en)
        organisation.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_directory_of_every_kind")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
