"""Interests, matches and their stage changes move here from matching: their state only, not their rows.

The tables keep their names (``matching_interest``, ``matching_match``, ``matching_matchstagechange``), so no
row is copied; matching's 0003 drops the same models from its own state and renames their content types.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('matching', '0002_indexstate_centring'),
        ('directory', '0005_fill_search_text'),
        ('flows', '0001_initial'),
        ('listings', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Match',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('pipeline', models.CharField(choices=[('capital', 'Capital'), ('technology', 'Technology'), ('talent', 'Talent'), ('landing', 'Soft landing')], max_length=16, verbose_name='flow')),
                        ('stage', models.CharField(choices=[('interested', 'Interested'), ('meeting', 'Meeting'), ('due_diligence', 'Due diligence'), ('term_sheet', 'Term sheet'), ('invested', 'Invested'), ('trial', 'Trial or evaluation'), ('agreement', 'Agreement'), ('licensed', 'Licensed or transferred'), ('interview', 'Interview'), ('offer', 'Offer'), ('hired', 'Hired'), ('visit', 'Visit'), ('landed', 'Landed'), ('lost', 'Lost')], db_index=True, default='interested', max_length=16, verbose_name='stage')),
                        ('value_minor', models.BigIntegerField(blank=True, null=True, verbose_name='deal value (minor units)')),
                        ('currency', models.CharField(blank=True, max_length=3, verbose_name='currency')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='matched at')),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='stage changed at')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='made mutual by')),
                        ('flow', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='flows.flow', verbose_name='recorded flow')),
                        ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='directory.organisation', verbose_name='first side (organisation)')),
                        ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='matches_as_source', to='listings.listing', verbose_name="first side's listing")),
                        ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='matches_as_target', to='listings.listing', verbose_name="second side's listing")),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='first side (person)')),
                    ],
                    options={
                        'verbose_name': 'match',
                        'verbose_name_plural': 'matches',
                        'db_table': 'matching_match',
                        'ordering': ['-updated_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Interest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('message', models.TextField(blank=True, max_length=2000, verbose_name='message')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='expressed at')),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='expressed by')),
                        ('in_reply_to', models.OneToOneField(blank=True, help_text="The other side's interest this one answered, making the two a match.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reply', to='pipeline.interest', verbose_name='in reply to')),
                        ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='directory.organisation', verbose_name='interested organisation')),
                        ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='interests_sent', to='listings.listing', verbose_name='from listing')),
                        ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interests_received', to='listings.listing', verbose_name='in listing')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='interested person')),
                        ('match', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='interests', to='pipeline.match', verbose_name='match')),
                    ],
                    options={
                        'verbose_name': 'interest',
                        'verbose_name_plural': 'interests',
                        'db_table': 'matching_interest',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='MatchStageChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_stage', models.CharField(blank=True, choices=[('interested', 'Interested'), ('meeting', 'Meeting'), ('due_diligence', 'Due diligence'), ('term_sheet', 'Term sheet'), ('invested', 'Invested'), ('trial', 'Trial or evaluation'), ('agreement', 'Agreement'), ('licensed', 'Licensed or transferred'), ('interview', 'Interview'), ('offer', 'Offer'), ('hired', 'Hired'), ('visit', 'Visit'), ('landed', 'Landed'), ('lost', 'Lost')], max_length=16, verbose_name='from stage')),
                        ('to_stage', models.CharField(choices=[('interested', 'Interested'), ('meeting', 'Meeting'), ('due_diligence', 'Due diligence'), ('term_sheet', 'Term sheet'), ('invested', 'Invested'), ('trial', 'Trial or evaluation'), ('agreement', 'Agreement'), ('licensed', 'Licensed or transferred'), ('interview', 'Interview'), ('offer', 'Offer'), ('hired', 'Hired'), ('visit', 'Visit'), ('landed', 'Landed'), ('lost', 'Lost')], max_length=16, verbose_name='to stage')),
                        ('changed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                        ('note', models.TextField(blank=True, max_length=2000, verbose_name='note')),
                        ('changed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                        ('match', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='history', to='pipeline.match', verbose_name='match')),
                    ],
                    options={
                        'verbose_name': 'stage change',
                        'verbose_name_plural': 'stage changes',
                        'db_table': 'matching_matchstagechange',
                        'ordering': ['changed_at', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='match',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('organisation__isnull', False), ('user__isnull', True)), models.Q(('organisation__isnull', True), ('user__isnull', False)), _connector='OR'), name='match_has_one_first_party'),
                ),
                migrations.AddConstraint(
                    model_name='match',
                    constraint=models.UniqueConstraint(condition=models.Q(('source__isnull', False)), fields=('source', 'target'), name='match_once_per_pair'),
                ),
                migrations.AddConstraint(
                    model_name='interest',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('organisation__isnull', False), ('user__isnull', True)), models.Q(('organisation__isnull', True), ('user__isnull', False)), _connector='OR'), name='interest_has_one_party'),
                ),
                migrations.AddConstraint(
                    model_name='interest',
                    constraint=models.UniqueConstraint(condition=models.Q(('source__isnull', False), ('withdrawn_at__isnull', True)), fields=('source', 'target'), name='interest_once_per_listing_pair'),
                ),
                migrations.AddConstraint(
                    model_name='interest',
                    constraint=models.UniqueConstraint(condition=models.Q(('organisation__isnull', False), ('source__isnull', True), ('withdrawn_at__isnull', True)), fields=('organisation', 'target'), name='interest_once_per_organisation'),
                ),
                migrations.AddConstraint(
                    model_name='interest',
                    constraint=models.UniqueConstraint(condition=models.Q(('source__isnull', True), ('user__isnull', False), ('withdrawn_at__isnull', True)), fields=('user', 'target'), name='interest_once_per_person'),
                ),
            ],
            database_operations=[],
        ),
    ]
