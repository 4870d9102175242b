"""Brokerage meetings: who may see whom, ask whom, answer what; slots and agenda profiles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from hatchway.brokerage.models import AgendaProfile, BrokerageSlot, MeetingRequest
from hatchway.notices.models import Notice
from tests.brokerage.brokerage import DAY, join, make_brokerage, slots_of
from tests.conftest import make_user
from tests.events.conftest import carrier_of, make_event
from tests.listings.conftest import make_listing

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def event(incubator):
    return make_brokerage(carrier_of(incubator))


def test_participants_see_each_others_profiles_but_strangers_see_nobody(
    event, founder, talent, stranger, api_as
):
    join(event, founder)
    join(event, talent)

    seen = api_as(founder).get(f"/events/{event.pk}/brokerage/participants")
    hidden = api_as(stranger).get(f"/events/{event.pk}/brokerage/participants")

    assert seen.status_code == 200
    assert seen.json()["count"] == 2
    assert hidden.status_code == 200
    assert hidden.json()["count"] == 0


def test_a_participant_asks_another_for_a_meeting_who_is_told(event, founder, talent, api_as):
    me, other = join(event, founder), join(event, talent)

    response = api_as(founder).post(
        f"/events/{event.pk}/brokerage/requests", {"to": other.pk, "priority": 3, "message": "Series A"}
    )

    assert response.status_code == 201, response.content
    request = MeetingRequest.objects.get()
    assert (request.sender, request.receiver, request.priority, request.status) == (me, other, 3, "requested")
    notice = Notice.objects.get(recipient=talent)
    assert notice.kind == "events.meeting_request"
    assert founder.get_full_name() in notice.subject_en


@pytest.mark.parametrize(
    ("case", "status"),
    [("oneself", 422), ("twice", 409), ("reverse", 409), ("unregistered", 404), ("priority", 422)],
)
def test_a_request_is_refused_when_it_breaks_a_rule(case, status, event, founder, talent, api_as):
    me, other = join(event, founder), join(event, talent)
    outsider = make_user()
    if case == "twice":
        api_as(founder).post(f"/events/{event.pk}/brokerage/requests", {"to": other.pk, "priority": 2})
    if case == "reverse":
        api_as(talent).post(f"/events/{event.pk}/brokerage/requests", {"to": me.pk, "priority": 2})
    elsewhere = join(make_brokerage(event.organiser), outsider)
    target = {"oneself": me.pk, "unregistered": elsewhere.pk}.get(case, other.pk)
    priority = 4 if case == "priority" else 2

    response = api_as(founder).post(
        f"/events/{event.pk}/brokerage/requests", {"to": target, "priority": priority}
    )

    assert response.status_code == status, response.content
    assert MeetingRequest.objects.filter(sender=me).count() == (1 if case == "twice" else 0)


def test_only_confirmed_participants_may_ask(event, founder, talent, stranger, api_as):
    other = join(event, talent)

    response = api_as(stranger).post(
        f"/events/{event.pk}/brokerage/requests", {"to": other.pk, "priority": 3}
    )

    assert response.status_code == 403
    assert not MeetingRequest.objects.exists()


def test_only_the_person_asked_answers_and_only_once(event, founder, talent, api_as):
    join(event, founder)
    other = join(event, talent)
    request_id = (
        api_as(founder)
        .post(f"/events/{event.pk}/brokerage/requests", {"to": other.pk, "priority": 3})
        .json()["id"]
    )

    by_sender = api_as(founder).post(f"/brokerage/requests/{request_id}/accept", {"priority": 1})
    accepted = api_as(talent).post(f"/brokerage/requests/{request_id}/accept", {"priority": 1})
    again = api_as(talent).post(f"/brokerage/requests/{request_id}/decline")

    assert by_sender.status_code == 403
    assert accepted.status_code == 200
    assert again.status_code == 409
    request = MeetingRequest.objects.get(pk=request_id)
    assert (request.status, request.reply_priority) == ("accepted", 1)


def test_a_participant_lists_their_own_requests_and_the_organiser_all(
    event, incubator, founder, talent, investor, api_as
):
    a, b, c = join(event, founder), join(event, talent), join(event, investor)
    api_as(founder).post(f"/events/{event.pk}/brokerage/requests", {"to": b.pk, "priority": 3})
    api_as(talent).post(f"/events/{event.pk}/brokerage/requests", {"to": c.pk, "priority": 1})

    assert api_as(founder).get(f"/events/{event.pk}/brokerage/requests").json()["count"] == 1
    assert api_as(talent).get(f"/events/{event.pk}/brokerage/requests").json()["count"] == 2
    assert api_as(incubator).get(f"/events/{event.pk}/brokerage/requests").json()["count"] == 2
    assert a.pk != c.pk


def test_a_participant_writes_an_agenda_profile_with_their_own_listings(event, founder, api_as):
    join(event, founder)
    listing = make_listing(founder, title_en="Seed round", title_zh="种子轮")
    first, second, *_ = slots_of(event)

    response = api_as(founder).request(
        "put",
        f"/events/{event.pk}/brokerage/profile",
        {
            "pitch_en": "Gene therapy for rare diseases",
            "listing_ids": [listing.pk],
            "mode": "online",
            "languages": "en, de",
            "slot_ids": [first.pk, second.pk],
            "max_meetings": 2,
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["languages"] == ["en", "de"]
    assert [(item["id"], item["title"]) for item in body["listings"]] == [(listing.pk, "种子轮")]
    assert body["time_zone"] == "Europe/Berlin"
    profile = AgendaProfile.objects.get(registration__user=founder)
    assert set(profile.available.all()) == {first, second}
    assert (profile.mode, profile.max_meetings) == ("online", 2)


def test_a_profile_cannot_link_someone_elses_listing(event, founder, investor, api_as):
    join(event, founder)
    foreign = make_listing(investor, "investment_thesis", title_en="Fund II")

    response = api_as(founder).request(
        "put", f"/events/{event.pk}/brokerage/profile", {"listing_ids": [foreign.pk]}
    )

    assert response.status_code == 422
    assert not AgendaProfile.objects.exists()


def test_the_organiser_sets_slots_and_tables_and_nobody_else_may(event, incubator, founder, api_as):
    join(event, founder)
    later = DAY + dt.timedelta(hours=3)
    body = {
        "tables": 5,
        "add_slots": [
            {"starts_at": later.isoformat(), "ends_at": (later + dt.timedelta(minutes=20)).isoformat()}
        ],
    }

    refused = api_as(founder).put(f"/events/{event.pk}/brokerage", body)
    done = api_as(incubator).put(f"/events/{event.pk}/brokerage", body)

    assert refused.status_code == 403
    assert done.status_code == 200, done.content
    assert done.json()["tables"] == 5
    assert BrokerageSlot.objects.filter(event=event).count() == 5


@pytest.mark.parametrize(
    ("start", "minutes", "problem"),
    [
        (DAY + dt.timedelta(minutes=10), 20, "overlaps"),
        (DAY - dt.timedelta(hours=1), 20, "within"),
        (DAY + dt.timedelta(hours=3), 0, "end after"),
    ],
)
def test_a_slot_that_overlaps_or_lies_outside_the_event_is_refused(
    organiser, api_as, start, minutes, problem
):
    event = make_brokerage(carrier_of(organiser))
    body = {
        "add_slots": [
            {"starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(minutes=minutes)).isoformat()}
        ]
    }

    # A program reading English asks for it (the token carries no language of its own).
    response = api_as(organiser).request(
        "put", f"/events/{event.pk}/brokerage", body, **{"Accept-Language": "en"}
    )

    assert response.status_code == 422
    assert problem in response.json()["message"]
    assert BrokerageSlot.objects.filter(event=event).count() == 4


def test_brokerage_endpoints_do_not_exist_for_other_kinds_of_event(incubator, founder, api_as):
    forum = make_event(carrier_of(incubator))

    assert api_as(founder).get(f"/events/{forum.pk}/brokerage").status_code == 404
    assert not mail.outbox
