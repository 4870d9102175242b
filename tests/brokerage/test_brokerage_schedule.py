"""Computing a brokerage schedule from the records, storing it, and re-running it after no-shows."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest

from hatchway.brokerage.actions import (
    brokerage_instance,
    do_compute_schedule,
    do_request_meeting,
    do_save_agenda_profile,
    do_set_meeting_status,
)
from hatchway.brokerage.models import BrokerageMeeting, ScheduleRun
from hatchway.brokerage.scheduler import Meeting, MeetingMode, Schedule, check_schedule
from hatchway.events.models import Registration
from hatchway.notices.models import Notice
from tests.brokerage.brokerage import agree, join, make_brokerage, slots_of
from tests.events.conftest import NOW, carrier_of

pytestmark = pytest.mark.usefixtures("frozen")


def stored_schedule(event, instance) -> Schedule:
    meetings = tuple(
        Meeting(f"r{m.a_id}", f"r{m.b_id}", m.slot.key, cast(MeetingMode, m.mode), m.table)
        for m in BrokerageMeeting.objects.filter(event=event)
        .exclude(status__in=["cancelled", "no_show"])
        .select_related("slot")
    )
    run = ScheduleRun.objects.filter(event=event)[0]
    met = {person for m in meetings for person in (m.a, m.b)}
    without = tuple(p.id for p in instance.participants if p.id not in met)
    return Schedule(meetings, run.value, run.upper_bound, without)


@pytest.fixture
def event(incubator):
    return make_brokerage(carrier_of(incubator), slots=3, tables=1)


@pytest.fixture
def people(event, founder, talent, investor):
    """Four participants; the founder wants the investor (must) and the talent; the investor wants a fourth."""
    founder_, talent_, investor_ = join(event, founder), join(event, talent), join(event, investor)
    fourth = join(event, full_name="Dana", time_zone="Asia/Shanghai")
    agree(founder_, investor_, priority=3, reply=3)
    agree(founder_, talent_, priority=2, reply=1)
    agree(investor_, fourth, priority=1, reply=2)
    do_save_agenda_profile(founder_, mode="onsite")
    do_save_agenda_profile(investor_, mode="onsite")
    return {"founder": founder_, "talent": talent_, "investor": investor_, "fourth": fourth}


def test_the_organiser_computes_a_feasible_schedule_and_it_is_stored(
    event, people, incubator, api_as, django_capture_on_commit_callbacks
):
    instance = brokerage_instance(event, now=NOW)
    client = api_as(incubator)

    with django_capture_on_commit_callbacks(execute=True):  # the queued task runs (immediate backend)
        response = client.post(f"/events/{event.pk}/brokerage/schedule")

    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    polled = client.get(f"/events/{event.pk}/brokerage/schedule/{response.json()['id']}")
    assert polled.status_code == 200
    body = polled.json()
    assert (body["status"], body["stage"], body["percent"], body["failure"]) == ("done", "done", 100, "")
    assert body["participants"] == 4
    assert body["meetings"] == 3
    assert body["value"] == body["upper_bound"] == (3 + 3 + 2) + (2 + 1 + 2) + (1 + 2 + 2)
    assert body["without_meeting"] == []
    assert check_schedule(instance, stored_schedule(event, instance)) == []
    onsite = BrokerageMeeting.objects.get(
        a__in=[people["founder"], people["investor"]], b__in=[people["founder"], people["investor"]]
    )
    assert (onsite.mode, onsite.table, onsite.value) == ("onsite", 1, 8)
    run = ScheduleRun.objects.get(event=event)
    assert run.computed_by == incubator
    assert Notice.objects.filter(kind="events.brokerage_agenda").count() == 4


def test_only_accepted_requests_are_scheduled(event, incubator, founder, talent):
    sender, receiver = join(event, founder), join(event, talent)
    do_request_meeting(sender, receiver, priority=3, now=NOW)

    run = do_compute_schedule(event, by=incubator, now=NOW, time_limit=5)

    assert run.meetings == 0
    assert sorted(run.without_meeting) == sorted([sender.pk, receiver.pk])
    assert not BrokerageMeeting.objects.exists()


@pytest.mark.parametrize("who", ["founder", "stranger"])
def test_only_the_organiser_computes(event, people, who, founder, stranger, api_as):
    user = {"founder": founder, "stranger": stranger}[who]

    response = api_as(user).post(f"/events/{event.pk}/brokerage/schedule")

    assert response.status_code == 403
    assert not ScheduleRun.objects.exists()


def test_a_re_run_after_a_no_show_keeps_held_meetings_and_fills_the_gaps(event, people, incubator, api_as):
    do_compute_schedule(event, by=incubator, now=NOW, time_limit=5)
    first_slot = slots_of(event)[0]
    held = BrokerageMeeting.objects.filter(slot=first_slot).first()
    assert held is not None
    do_set_meeting_status(held, "held")
    # The fourth participant does not come to their meeting with the investor.
    missed = BrokerageMeeting.objects.get(
        a__in=[people["investor"], people["fourth"]], b__in=[people["investor"], people["fourth"]]
    )
    response = api_as(incubator).request(
        "put",
        f"/brokerage/meetings/{missed.pk}/status",
        {"status": "no_show", "absent": [people["fourth"].pk]},
    )
    assert response.status_code == 200, response.content
    assert Registration.objects.get(pk=people["fourth"].pk).attendance == "no_show"

    later = first_slot.ends_at + dt.timedelta(minutes=1)
    instance = brokerage_instance(event, now=later)
    run = do_compute_schedule(event, by=incubator, now=later, time_limit=5)

    kept = BrokerageMeeting.objects.get(pk=held.pk)
    assert (kept.status, kept.slot_id, kept.table) == ("held", held.slot_id, held.table)
    assert run.kept == 1
    assert check_schedule(instance, stored_schedule(event, instance)) == []
    new = BrokerageMeeting.objects.filter(run=run)
    assert all(meeting.slot.starts_at > later for meeting in new)
    assert not new.filter(a=people["fourth"]).exists()
    assert not new.filter(b=people["fourth"]).exists()
    assert BrokerageMeeting.objects.get(pk=missed.pk).status == "no_show"


def test_the_schedule_respects_availability_and_tables(event, incubator, founder, talent, investor):
    a, b, c = join(event, founder), join(event, talent), join(event, investor)
    only_first = [slots_of(event)[0].pk]
    for registration in (a, b, c):
        do_save_agenda_profile(registration, mode="onsite", slot_ids=only_first)
    agree(a, b)
    agree(c, b)

    run = do_compute_schedule(event, by=incubator, now=NOW, time_limit=5)

    # One table and one common slot: only one of the two on-site pairs can meet.
    assert run.meetings == 1
    assert BrokerageMeeting.objects.get().table == 1
    assert run.upper_bound >= run.value


def test_the_schedule_cannot_be_computed_without_slots(incubator, founder, api_as):
    event = make_brokerage(carrier_of(incubator), slots=0)

    response = api_as(incubator).post(f"/events/{event.pk}/brokerage/schedule")

    assert response.status_code == 409
    assert not ScheduleRun.objects.exists()
