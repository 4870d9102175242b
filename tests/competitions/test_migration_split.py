"""Events split into events, competitions and brokerage: a populated database migrates across it, no row lost.

The rows are written through the historical models of the state before the split (all in the events
app), the database is migrated forward, and every row is read back through the new apps' models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from hatchway.brokerage.models import (
    AgendaProfile,
    BrokerageMeeting,
    BrokerageSlot,
    MeetingRequest,
    ScheduleRun,
)
from hatchway.brokerage.tasks import compute_schedule
from hatchway.competitions.models import Award, Competition, ConflictOfInterest, Entry, PanelSeat, Score, Site
from hatchway.directory.models import OrganisationKind
from hatchway.events.models import Event, Registration
from tests.conftest import make_organisation, make_user

BEFORE = [
    ("events", "0004_schedule_run_failure_in_both_languages"),
    ("competitions", None),
    ("brokerage", None),
]
AFTER = [
    ("events", "0005_competitions_and_brokerage_move_out"),
    ("competitions", "0001_initial"),
    ("brokerage", "0002_queued_schedule_tasks_follow"),
]
START = dt.datetime(2026, 6, 18, 1, 0, tzinfo=dt.UTC)


def _migrate(targets: Sequence[tuple[str, str | None]]) -> Any:
    """Migrate to ``targets``; return the models as the applied migrations have them."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    applied = [key for key in loader.applied_migrations or {} if key in loader.graph.nodes]
    return loader.project_state(applied).apps


@pytest.fixture
def before_the_split(transactional_db: None) -> Iterator[Any]:
    """The database as the events app left it before the split; back to the newest state afterwards."""
    old = _migrate(BEFORE)
    try:
        yield old
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _populate(old: Any) -> dict[str, Any]:
    """One of everything the split moves, written with the models as they were (all in ``events``)."""
    carrier = make_organisation(OrganisationKind.CARRIER)
    enterprise = make_organisation(OrganisationKind.ENTERPRISE, country="DE")
    judge, founder, investor = make_user(), make_user(), make_user()

    def model(name: str) -> Any:
        return old.get_model("events", name)

    event = model("Event").objects.create(
        kind="brokerage",
        organiser_id=carrier.pk,
        title_en="Life sciences 1:1 meetings",
        venue_en="Zhangjiang",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=3),
        status="published",
    )
    a, b = (
        model("Registration").objects.create(
            event=event,
            user_id=person.pk,
            status="confirmed",
            code=code,
            registered_at=START,
            status_changed_at=START,
        )
        for person, code in ((founder, "ACDEFGHJ"), (investor, "KMNPQRTU"))
    )
    competition = model("Competition").objects.create(
        organiser_id=carrier.pk, event=None, name_en="Cross-border Challenge", edition=2026, ref="split"
    )
    track = model("Track").objects.create(competition=competition, name_en="Life sciences")
    round_ = model("Round").objects.create(competition=competition, number=1, name_en="Site round")
    site = model("Site").objects.create(round=round_, host_id=carrier.pk, name_en="Shanghai")
    model("PanelSeat").objects.create(site=site, judge_id=judge.pk)
    criterion = model("Criterion").objects.create(competition=competition, name_en="Team", weight=2)
    entry = model("Entry").objects.create(
        competition=competition, track=track, enterprise_id=enterprise.pk, site=site, title_en="Helix"
    )
    model("Score").objects.create(
        entry=entry, site=site, judge_id=judge.pk, criterion=criterion, value=7, scored_at=START
    )
    model("ConflictOfInterest").objects.create(judge_id=founder.pk, entry=entry, declared_at=START)
    model("Award").objects.create(competition=competition, entry=entry, name_en="First prize")

    slot = model("BrokerageSlot").objects.create(
        event=event, starts_at=START, ends_at=START + dt.timedelta(minutes=20)
    )
    model("BrokerageSetting").objects.create(event=event, tables=2)
    profile = model("AgendaProfile").objects.create(registration=a, pitch_en="Gene therapy")
    profile.available.add(slot)
    model("MeetingRequest").objects.create(
        event=event, sender=a, receiver=b, priority=3, status="accepted", created_at=START
    )
    run = model("ScheduleRun").objects.create(
        event=event, status="done", stage="done", value=6, upper_bound=6, meetings=1, computed_at=START
    )
    model("BrokerageMeeting").objects.create(
        event=event, a=a, b=b, slot=slot, mode="onsite", table=1, run=run
    )

    # As on a database made before the split: the content types are the events app's (the test database
    # was set up with the new apps, so theirs go first).
    content_types = old.get_model("contenttypes", "ContentType").objects
    content_types.filter(app_label__in=["competitions", "brokerage"]).delete()
    for name in ("competition", "entry", "score", "schedulerun", "brokeragemeeting"):
        content_types.get_or_create(app_label="events", model=name)
    queued = old.get_model("django_tasks_database", "DBTaskResult").objects.create(
        task_path="hatchway.events.tasks.compute_schedule",
        args_kwargs={"args": [run.pk, True], "kwargs": {}},
        backend_name="default",
        run_after=START,
        exception_class_path="",
        traceback="",
    )
    return {
        "task": queued.pk,
        "event": event.pk,
        "competition": competition.pk,
        "entry": entry.pk,
        "run": run.pk,
        "judge": judge.pk,
        "founder": founder.pk,
    }


def test_a_populated_database_keeps_every_row_across_the_split(before_the_split):
    ids = _populate(before_the_split)

    _migrate(AFTER)

    event = Event.objects.get(pk=ids["event"])
    assert Registration.objects.filter(event=event).count() == 2
    competition = Competition.objects.get(pk=ids["competition"])
    assert (competition.name, competition.edition, competition.ref) == (
        "Cross-border Challenge",
        2026,
        "split",
    )
    entry = Entry.objects.select_related("track", "site__round", "enterprise").get(pk=ids["entry"])
    assert (entry.title, entry.track.name, entry.site.name, entry.site.round.number) == (
        "Helix",
        "Life sciences",
        "Shanghai",
        1,
    )
    score = Score.objects.select_related("criterion").get(entry=entry)
    assert (score.judge_id, score.criterion.name, score.value) == (ids["judge"], "Team", 7)
    assert PanelSeat.objects.get(site=entry.site).judge_id == ids["judge"]
    assert ConflictOfInterest.objects.get(entry=entry).judge_id == ids["founder"]
    assert Award.objects.get(entry=entry).name == "First prize"
    assert Site.objects.filter(round__competition=competition).count() == 1

    run = ScheduleRun.objects.get(pk=ids["run"])
    assert (run.event_id, run.status, run.quality) == (event.pk, "done", 1.0)
    meeting = BrokerageMeeting.objects.select_related("slot", "a__user").get(event=event)
    assert (meeting.run_id, meeting.table, meeting.mode) == (run.pk, 1, "onsite")
    assert BrokerageSlot.objects.get(event=event) == meeting.slot
    profile = AgendaProfile.objects.get(registration=meeting.a)
    assert list(profile.available.all()) == [meeting.slot]  # the many-to-many table kept its name and rows
    assert MeetingRequest.objects.get(event=event).priority == 3
    assert event.brokerage.tables == 2

    task = DBTaskResult.objects.get(pk=ids["task"])
    assert task.task_path == "hatchway.brokerage.tasks.compute_schedule"  # a run queued before still runs
    assert import_string(task.task_path) is compute_schedule

    moved = ContentType.objects.filter(
        model__in=["competition", "entry", "score", "schedulerun", "brokeragemeeting"]
    )
    assert sorted(moved.values_list("app_label", "model")) == [
        ("brokerage", "brokeragemeeting"),
        ("brokerage", "schedulerun"),
        ("competitions", "competition"),
        ("competitions", "entry"),
        ("competitions", "score"),
    ]


def test_the_split_goes_back_too(before_the_split):
    ids = _populate(before_the_split)
    _migrate(AFTER)

    old = _migrate(BEFORE)

    assert old.get_model("events", "Entry").objects.get(pk=ids["entry"]).title_en == "Helix"
    assert old.get_model("events", "ScheduleRun").objects.get(pk=ids["run"]).value == 6
    assert ContentType.objects.get(model="competition").app_label == "events"
