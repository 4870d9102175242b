"""Competitions move out of the events app into their own, keeping their tables.

The models are created in the migration state only: their tables (``events_competition``,
``events_entry``, ...) were made by ``events`` 0001 and stay as they are, with every row; each model
names its table in ``Meta.db_table``. ``events`` 0005 then deletes them from the events app's state
and moves their content types, so permissions and admin history follow.
"""
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('directory', '0005_fill_search_text'),
        ('events', '0004_schedule_run_failure_in_both_languages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (events_*, made by the events app's 0001–0004): state only.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Competition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_zh', models.CharField(blank=True, max_length=200, verbose_name='name (Chinese)')),
                        ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                        ('edition', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000)], verbose_name='edition (year)')),
                        ('description_zh', models.TextField(blank=True, max_length=5000, verbose_name='description (Chinese)')),
                        ('description_en', models.TextField(blank=True, max_length=5000, verbose_name='description (English)')),
                        ('published', models.BooleanField(default=False, verbose_name='published')),
                        ('ref', models.CharField(blank=True, max_length=64, null=True, unique=True, verbose_name='reference')),
                        ('event', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='competition', to='events.event', verbose_name='event')),
                        ('organiser', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='competitions', to='directory.organisation', verbose_name='organiser')),
                    ],
                    options={
                        'verbose_name': 'competition',
                        'verbose_name_plural': 'competitions',
                        'db_table': 'events_competition',
                        'ordering': ['-edition', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Criterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_zh', models.CharField(blank=True, max_length=200, verbose_name='name (Chinese)')),
                        ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                        ('weight', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='weight')),
                        ('low', models.SmallIntegerField(default=0, verbose_name='lowest score')),
                        ('high', models.SmallIntegerField(default=10, verbose_name='highest score')),
                        ('competition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='competitions.competition')),
                    ],
                    options={
                        'verbose_name': 'criterion',
                        'verbose_name_plural': 'criteria',
                        'db_table': 'events_criterion',
                        'ordering': ['competition', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Entry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title_zh', models.CharField(blank=True, max_length=200, verbose_name='project (Chinese)')),
                        ('title_en', models.CharField(blank=True, max_length=200, verbose_name='project (English)')),
                        ('summary_zh', models.TextField(blank=True, max_length=3000, verbose_name='summary (Chinese)')),
                        ('summary_en', models.TextField(blank=True, max_length=3000, verbose_name='summary (English)')),
                        ('anchor', models.BooleanField(default=False, help_text='Marked by every panel of its round, so that the sites can be calibrated against each other.', verbose_name='anchor entry')),
                        ('eliminated', models.BooleanField(default=False, verbose_name='eliminated')),
                        ('competition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='competitions.competition')),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='competition_entries', to='directory.organisation', verbose_name='enterprise')),
                    ],
                    options={
                        'verbose_name': 'entry',
                        'verbose_name_plural': 'entries',
                        'db_table': 'events_entry',
                        'ordering': ['competition', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ConflictOfInterest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(blank=True, max_length=300, verbose_name='reason')),
                        ('declared_at', models.DateTimeField(verbose_name='declared at')),
                        ('judge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to=settings.AUTH_USER_MODEL)),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to='competitions.entry')),
                    ],
                    options={
                        'verbose_name': 'conflict of interest',
                        'verbose_name_plural': 'conflicts of interest',
                        'db_table': 'events_conflictofinterest',
                    },
                ),
                migrations.CreateModel(
                    name='Award',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_zh', models.CharField(blank=True, max_length=200, verbose_name='name (Chinese)')),
                        ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                        ('rank', models.PositiveSmallIntegerField(default=1, verbose_name='rank')),
                        ('settled_on', models.DateField(blank=True, null=True, verbose_name='settled on')),
                        ('flow_id', models.PositiveBigIntegerField(blank=True, editable=False, null=True, verbose_name='flow')),
                        ('settled_in', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='settled_awards', to='directory.organisation', verbose_name='settled in carrier')),
                        ('competition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='awards', to='competitions.competition')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='awards', to='competitions.entry', verbose_name='entry')),
                    ],
                    options={
                        'verbose_name': 'award',
                        'verbose_name_plural': 'awards',
                        'db_table': 'events_award',
                        'ordering': ['competition', 'rank', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='PanelSeat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('judge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='panel_seats', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'panel seat',
                        'verbose_name_plural': 'panel seats',
                        'db_table': 'events_panelseat',
                    },
                ),
                migrations.CreateModel(
                    name='Round',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_zh', models.CharField(blank=True, max_length=200, verbose_name='name (Chinese)')),
                        ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                        ('number', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='number')),
                        ('competition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rounds', to='competitions.competition')),
                    ],
                    options={
                        'verbose_name': 'round',
                        'verbose_name_plural': 'rounds',
                        'db_table': 'events_round',
                        'ordering': ['competition', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='Site',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_zh', models.CharField(blank=True, max_length=200, verbose_name='name (Chinese)')),
                        ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                        ('host', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='competition_sites', to='directory.organisation', verbose_name='host carrier')),
                        ('judges', models.ManyToManyField(related_name='judging_sites', through='competitions.PanelSeat', to=settings.AUTH_USER_MODEL, verbose_name='judges')),
                        ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sites', to='competitions.round', verbose_name='round')),
                    ],
                    options={
                        'verbose_name': 'site',
                        'verbose_name_plural': 'sites',
                        'db_table': 'events_site',
                        'ordering': ['round', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Score',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.SmallIntegerField(validators=[django.core.validators.MinValueValidator(-1000), django.core.validators.MaxValueValidator(1000)], verbose_name='score')),
                        ('scored_at', models.DateTimeField(verbose_name='scored at')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='competitions.criterion')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='competitions.entry')),
                        ('judge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to=settings.AUTH_USER_MODEL)),
                        ('site', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='competitions.site')),
                    ],
                    options={
                        'verbose_name': 'score',
                        'verbose_name_plural': 'scores',
                        'db_table': 'events_score',
                    },
                ),
                migrations.AddField(
                    model_name='panelseat',
                    name='site',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='seats', to='competitions.site'),
                ),
                migrations.AddField(
                    model_name='entry',
                    name='site',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='competitions.site', verbose_name='site'),
                ),
                migrations.CreateModel(
                    name='Track',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_zh', models.CharField(blank=True, max_length=200, verbose_name='name (Chinese)')),
                        ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                        ('competition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tracks', to='competitions.competition')),
                    ],
                    options={
                        'verbose_name': 'track',
                        'verbose_name_plural': 'tracks',
                        'db_table': 'events_track',
                        'ordering': ['competition', 'id'],
                    },
                ),
                migrations.AddField(
                    model_name='entry',
                    name='track',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='competitions.track', verbose_name='track'),
                ),
                migrations.AddConstraint(
                    model_name='criterion',
                    constraint=models.CheckConstraint(condition=models.Q(('high__gt', models.F('low'))), name='criterion_range_not_empty'),
                ),
                migrations.AddConstraint(
                    model_name='conflictofinterest',
                    constraint=models.UniqueConstraint(fields=('judge', 'entry'), name='one_conflict_per_judge_and_entry'),
                ),
                migrations.AddConstraint(
                    model_name='award',
                    constraint=models.UniqueConstraint(fields=('competition', 'entry', 'name_en'), name='award_once'),
                ),
                migrations.AddConstraint(
                    model_name='round',
                    constraint=models.UniqueConstraint(fields=('competition', 'number'), name='round_number_once'),
                ),
                migrations.AddConstraint(
                    model_name='score',
                    constraint=models.UniqueConstraint(fields=('entry', 'site', 'judge', 'criterion'), name='one_score_per_criterion'),
                ),
                migrations.AddConstraint(
                    model_name='panelseat',
                    constraint=models.UniqueConstraint(fields=('site', 'judge'), name='one_seat_per_judge_and_site'),
                ),
            ],
        ),
    ]
