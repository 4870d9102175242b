"""The pages of brokerage meetings: the organiser's console, the participants' profile and requests."""

from __future__ import annotations

import pytest

from hatchway.brokerage.models import AgendaProfile, BrokerageMeeting, BrokerageSlot, MeetingRequest
from tests.brokerage.brokerage import agree, join, make_brokerage, slots_of
from tests.events.conftest import carrier_of

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def event(organiser):
    return make_brokerage(carrier_of(organiser), slots=2, tables=1, time_zone="Asia/Shanghai")


def test_the_console_is_the_organisers_alone(event, organiser, founder, stranger, client_as):
    join(event, founder)
    url = f"/events/{event.pk}/brokerage/console/"

    assert client_as(organiser).get(url).status_code == 200
    assert client_as(founder).get(url).status_code == 403
    assert client_as(stranger).get(url).status_code == 403


def test_the_organiser_adds_slots_in_venue_time_and_sets_tables(event, organiser, client_as):
    response = client_as(organiser).post(
        f"/events/{event.pk}/brokerage/console/",
        {"tables": 4, "first_start": "2026-03-12T11:00", "count": 2, "minutes": 20, "pause": 10},
    )

    assert response.status_code == 302
    added = list(BrokerageSlot.objects.filter(event=event))[2:]
    # 11:00 in Shanghai is 03:00 UTC.
    assert [slot.starts_at.strftime("%H:%M") for slot in added] == ["03:00", "03:30"]
    assert event.brokerage.tables == 4


def test_the_organiser_computes_marks_a_no_show_and_prints_table_cards(
    event, organiser, founder, talent, client_as, django_capture_on_commit_callbacks
):
    agree(join(event, founder), join(event, talent))
    client = client_as(organiser)

    with django_capture_on_commit_callbacks(execute=True):  # the queued task runs (immediate backend)
        computed = client.post(f"/events/{event.pk}/brokerage/compute/")
    meeting = BrokerageMeeting.objects.get()
    console = client.get(f"/events/{event.pk}/brokerage/console/").content.decode()
    marked = client.post(
        f"/events/brokerage/meetings/{meeting.pk}/status/", {"status": "no_show", "absent": "a"}
    )
    cards = client.get(f"/events/{event.pk}/brokerage/cards/").content.decode()

    assert computed.status_code == marked.status_code == 302
    assert "100.0 %" in console
    assert "Every participant has at least one meeting." in console
    assert BrokerageMeeting.objects.get().status == "no_show"
    assert meeting.a.__class__.objects.get(pk=meeting.a_id).attendance == "no_show"
    assert "Table 1" in cards
    assert "brokerage_print" in cards


def test_a_participant_writes_a_profile_and_asks_and_answers_through_the_pages(
    event, founder, talent, client_as
):
    mine, theirs = join(event, founder), join(event, talent)
    first = slots_of(event)[0]

    saved = client_as(founder).post(
        f"/events/{event.pk}/brokerage/profile/",
        {"pitch_en": "Cell therapy", "mode": "online", "languages": "en de", "slot_ids": [first.pk]},
    )
    asked = client_as(founder).post(
        f"/events/{event.pk}/brokerage/request/", {"to": theirs.pk, "priority": 3, "message": "Hi"}
    )
    home = client_as(talent).get(f"/events/{event.pk}/brokerage/").content.decode()
    request = MeetingRequest.objects.get()
    answered = client_as(talent).post(
        f"/events/brokerage/requests/{request.pk}/answer/", {"decision": "accept", "priority": 1}
    )

    assert saved.status_code == asked.status_code == answered.status_code == 302
    profile = AgendaProfile.objects.get(registration=mine)
    assert list(profile.available.all()) == [first]
    assert "Cell therapy" in home
    assert f'data-request="{request.pk}"' in home
    request.refresh_from_db()
    assert (request.status, request.priority, request.reply_priority) == ("accepted", 3, 1)


def test_the_organiser_without_a_place_is_taken_to_the_console(event, organiser, client_as):
    response = client_as(organiser).get(f"/events/{event.pk}/brokerage/")

    assert response.status_code == 302
    assert response["Location"].endswith(f"/events/{event.pk}/brokerage/console/")
