"""Brokerage meetings move out of the events app into their own, keeping their tables.

The models are created in the migration state only: their tables (``events_brokerageslot``,
``events_schedulerun``, ..., and the many-to-many tables ``events_agendaprofile_listings`` and
``events_agendaprofile_available``) were made by ``events`` 0002–0004 and stay as they are, with
every row; each model names its table in ``Meta.db_table``, from which the many-to-many tables take
theirs. ``events`` 0005 then deletes them from the events app's state and moves their content types.
"""
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('events', '0004_schedule_run_failure_in_both_languages'),
        ('listings', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (events_*, made by the events app's 0001–0004): state only.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='BrokerageSetting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tables', models.PositiveIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(10000)], verbose_name='tables')),
                        ('event', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='brokerage', to='events.event', verbose_name='event')),
                    ],
                    options={
                        'verbose_name': 'brokerage setting',
                        'verbose_name_plural': 'brokerage settings',
                        'db_table': 'events_brokeragesetting',
                    },
                ),
                migrations.CreateModel(
                    name='BrokerageSlot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('starts_at', models.DateTimeField(verbose_name='starts at')),
                        ('ends_at', models.DateTimeField(verbose_name='ends at')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='brokerage_slots', to='events.event', verbose_name='event')),
                    ],
                    options={
                        'verbose_name': 'meeting slot',
                        'verbose_name_plural': 'meeting slots',
                        'db_table': 'events_brokerageslot',
                        'ordering': ['event', 'starts_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='AgendaProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('pitch_zh', models.TextField(blank=True, max_length=1000, verbose_name='pitch (Chinese)')),
                        ('pitch_en', models.TextField(blank=True, max_length=1000, verbose_name='pitch (English)')),
                        ('mode', models.CharField(choices=[('onsite', 'On site'), ('online', 'Online'), ('either', 'On site or online')], default='either', max_length=8, verbose_name='meeting mode')),
                        ('languages', models.CharField(blank=True, help_text='Languages you can meet in, such as zh, en, de.', max_length=100, verbose_name='languages')),
                        ('max_meetings', models.PositiveSmallIntegerField(blank=True, help_text='Leave empty for as many as there are slots.', null=True, verbose_name='most meetings')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('listings', models.ManyToManyField(blank=True, related_name='agenda_profiles', to='listings.listing', verbose_name='listings')),
                        ('registration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='agenda_profile', to='events.registration', verbose_name='registration')),
                        ('available', models.ManyToManyField(blank=True, related_name='available_profiles', to='brokerage.brokerageslot', verbose_name='available slots')),
                    ],
                    options={
                        'verbose_name': 'agenda profile',
                        'verbose_name_plural': 'agenda profiles',
                        'db_table': 'events_agendaprofile',
                    },
                ),
                migrations.CreateModel(
                    name='MeetingRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('priority', models.PositiveSmallIntegerField(choices=[(1, 'Could meet'), (2, 'Should meet'), (3, 'Must meet')], verbose_name='priority')),
                        ('reply_priority', models.PositiveSmallIntegerField(blank=True, choices=[(1, 'Could meet'), (2, 'Should meet'), (3, 'Must meet')], null=True, verbose_name='priority of the reply')),
                        ('message', models.CharField(blank=True, max_length=500, verbose_name='message')),
                        ('status', models.CharField(choices=[('requested', 'Requested'), ('accepted', 'Accepted'), ('declined', 'Declined')], default='requested', max_length=16, verbose_name='status')),
                        ('created_at', models.DateTimeField(verbose_name='requested at')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meeting_requests', to='events.event', verbose_name='event')),
                        ('receiver', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='received_requests', to='events.registration', verbose_name='to')),
                        ('sender', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sent_requests', to='events.registration', verbose_name='from')),
                    ],
                    options={
                        'verbose_name': 'meeting request',
                        'verbose_name_plural': 'meeting requests',
                        'db_table': 'events_meetingrequest',
                        'ordering': ['event', 'created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ScheduleRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Computing'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=16, verbose_name='status')),
                        ('stage', models.CharField(choices=[('queued', 'Waiting for a worker'), ('loading', 'Reading participants, requests and kept meetings'), ('bound', 'Computing the upper bound'), ('pairs', 'Choosing who meets whom'), ('slots', 'Placing meetings in slots and at tables'), ('exact', 'Proving the best schedule'), ('storing', 'Checking and storing the meetings'), ('notifying', 'Sending the agendas'), ('done', 'Done')], default='queued', max_length=16, verbose_name='stage')),
                        ('failure_zh', models.TextField(blank=True, verbose_name='failure (Chinese)')),
                        ('failure_en', models.TextField(blank=True, verbose_name='failure (English)')),
                        ('time_limit', models.FloatField(default=60.0, verbose_name='time limit (seconds)')),
                        ('participants', models.PositiveIntegerField(default=0, verbose_name='participants')),
                        ('value', models.PositiveIntegerField(default=0, verbose_name='value')),
                        ('upper_bound', models.PositiveIntegerField(default=0, verbose_name='upper bound')),
                        ('meetings', models.PositiveIntegerField(default=0, verbose_name='meetings')),
                        ('kept', models.PositiveIntegerField(default=0, verbose_name='meetings kept')),
                        ('without_meeting', models.JSONField(default=list, verbose_name='participants without a meeting')),
                        ('method', models.CharField(blank=True, max_length=100, verbose_name='method')),
                        ('seconds', models.FloatField(default=0, verbose_name='seconds')),
                        ('computed_at', models.DateTimeField(help_text='The moment the schedule is computed for: slots begun by then take no new meetings.', verbose_name='computed as of')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last progress at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('computed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='computed by')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='schedule_runs', to='events.event', verbose_name='event')),
                    ],
                    options={
                        'verbose_name': 'schedule run',
                        'verbose_name_plural': 'schedule runs',
                        'db_table': 'events_schedulerun',
                        'ordering': ['event', '-computed_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='BrokerageMeeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('mode', models.CharField(choices=[('onsite', 'On site'), ('online', 'Online')], max_length=8, verbose_name='mode')),
                        ('table', models.PositiveIntegerField(blank=True, null=True, verbose_name='table')),
                        ('status', models.CharField(choices=[('scheduled', 'Scheduled'), ('confirmed', 'Confirmed'), ('held', 'Held'), ('no_show', 'No-show'), ('cancelled', 'Cancelled')], default='scheduled', max_length=16, verbose_name='status')),
                        ('value', models.PositiveSmallIntegerField(default=0, verbose_name='value')),
                        ('a_answer', models.CharField(choices=[('pending', 'Not answered yet'), ('confirmed', 'Will come'), ('declined', 'Cannot come')], default='pending', max_length=16, verbose_name='answer of the first participant')),
                        ('b_answer', models.CharField(choices=[('pending', 'Not answered yet'), ('confirmed', 'Will come'), ('declined', 'Cannot come')], default='pending', max_length=16, verbose_name='answer of the second participant')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='last answered at')),
                        ('a', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings_as_a', to='events.registration', verbose_name='participant')),
                        ('b', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings_as_b', to='events.registration', verbose_name='participant')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='brokerage_meetings', to='events.event', verbose_name='event')),
                        ('slot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='brokerage.brokerageslot', verbose_name='slot')),
                        ('run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='brokerage.schedulerun', verbose_name='run')),
                    ],
                    options={
                        'verbose_name': 'brokerage meeting',
                        'verbose_name_plural': 'brokerage meetings',
                        'db_table': 'events_brokeragemeeting',
                        'ordering': ['event', 'slot__starts_at', 'table', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='brokerageslot',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='brokerage_slot_ends_after_it_starts'),
                ),
                migrations.AddConstraint(
                    model_name='meetingrequest',
                    constraint=models.UniqueConstraint(fields=('sender', 'receiver'), name='one_request_per_pair'),
                ),
                migrations.AddConstraint(
                    model_name='meetingrequest',
                    constraint=models.CheckConstraint(condition=models.Q(('sender', models.F('receiver')), _negated=True), name='no_request_to_oneself'),
                ),
                migrations.AddConstraint(
                    model_name='brokeragemeeting',
                    constraint=models.CheckConstraint(condition=models.Q(('a', models.F('b')), _negated=True), name='meeting_of_two_people'),
                ),
            ],
        ),
    ]
