from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("transfer", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="unchanged_count",
            field=models.PositiveIntegerField(default=0, verbose_name="unchanged"),
        ),
    ]
