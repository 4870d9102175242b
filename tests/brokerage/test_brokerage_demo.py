"""The demo's brokerage showcase has a feasible schedule in which everyone who could meet has a meeting."""

from __future__ import annotations

from typing import cast

from hatchway.brokerage.actions import brokerage_instance
from hatchway.brokerage.demo import SHOWCASE_REF
from hatchway.brokerage.models import BrokerageMeeting, ScheduleRun
from hatchway.brokerage.scheduler import Meeting, MeetingMode, Schedule, check_schedule, could_have_met
from hatchway.directory.models import OrganisationKind
from hatchway.events.models import Event
from hatchway.web.demo import build_demo_event_programme as build_demo_events
from tests.conftest import make_organisation, make_user


def test_the_showcase_schedule_is_feasible_and_leaves_out_nobody_who_could_meet(db):
    make_organisation(OrganisationKind.CARRIER)
    founder = make_user("founder@demo.hatchway.local", time_zone="Europe/Berlin")

    build_demo_events()

    event = Event.objects.get(ref=SHOWCASE_REF)
    run = ScheduleRun.objects.get(event=event)
    instance = brokerage_instance(event, now=run.computed_at)
    meetings = tuple(
        Meeting(f"r{m.a_id}", f"r{m.b_id}", m.slot.key, cast(MeetingMode, m.mode), m.table)
        for m in BrokerageMeeting.objects.filter(event=event).select_related("slot")
    )
    met = {person for meeting in meetings for person in (meeting.a, meeting.b)}
    without = tuple(p.id for p in instance.participants if p.id not in met)
    schedule = Schedule(meetings, run.value, run.upper_bound, without)

    assert run.status == "done"
    assert len(instance.participants) == 30
    assert event.registrations.filter(user=founder, status="confirmed").exists()
    assert len(meetings) == run.meetings > 30
    assert check_schedule(instance, schedule) == []
    assert could_have_met(instance, meetings) == []
    assert sorted(run.without_meeting) == sorted(int(person[1:]) for person in without)
    assert run.quality >= 0.99
