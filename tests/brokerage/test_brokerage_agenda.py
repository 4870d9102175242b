"""Personal agendas in each participant's time zone and language, with an .ics file per meeting."""

from __future__ import annotations

import pytest

from hatchway.brokerage.actions import do_compute_schedule
from hatchway.brokerage.models import BrokerageMeeting
from tests.brokerage.brokerage import agree, join, make_brokerage
from tests.conftest import make_user
from tests.events.conftest import NOW, carrier_of

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def meeting(incubator, founder):
    """One meeting at 01:00 UTC: 02:00 for the founder in Berlin, 09:00 for a participant in Shanghai."""
    event = make_brokerage(carrier_of(incubator), slots=1, tables=1, venue_en="Zhangjiang Science Hall")
    shanghai = make_user("li@example.cn", full_name="李雷", time_zone="Asia/Shanghai", language="zh-hans")
    agree(join(event, founder), join(event, shanghai))
    do_compute_schedule(event, by=incubator, now=NOW, time_limit=5, notify=False)
    return BrokerageMeeting.objects.select_related("b__user", "a__user").get()


def shanghai_of(meeting):
    return meeting.a.user if meeting.a.user.email == "li@example.cn" else meeting.b.user


def test_each_participant_reads_the_agenda_in_their_own_time_zone(meeting, founder, client_as):
    url = f"/events/{meeting.event_id}/brokerage/agenda/"

    in_berlin = client_as(founder).get(url)
    in_shanghai = client_as(shanghai_of(meeting)).get(url)

    assert in_berlin.status_code == in_shanghai.status_code == 200
    assert "2026-03-12 02:00" in in_berlin.content.decode()
    assert "Table 1" in in_berlin.content.decode()
    assert "2026-03-12 09:00" in in_shanghai.content.decode()
    assert "02:00" not in in_shanghai.content.decode()


def test_the_agenda_api_gives_times_with_the_participants_offset(meeting, founder, api_as):
    body = api_as(founder).get(f"/events/{meeting.event_id}/brokerage/agenda").json()
    other = api_as(shanghai_of(meeting)).get(f"/events/{meeting.event_id}/brokerage/agenda").json()

    assert body["items"][0]["starts_at"] == "2026-03-12T02:00:00+01:00"
    assert body["items"][0]["time_zone"] == "Europe/Berlin"
    assert other["items"][0]["starts_at"] == "2026-03-12T09:00:00+08:00"
    assert body["items"][0]["with_name"] == "李雷"


def test_the_ics_of_a_meeting_is_in_the_participants_zone_and_language(meeting, founder, client_as):
    response = client_as(founder).get(f"/events/brokerage/meetings/{meeting.pk}/invitation.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert "DTSTART;TZID=Europe/Berlin:20260312T020000" in text
    assert "SUMMARY:Meeting with 李雷" in text
    assert "Table 1" in text
    assert f"UID:brokerage-meeting-{meeting.pk}@hatchway" in text
    other = client_as(shanghai_of(meeting)).get(f"/events/brokerage/meetings/{meeting.pk}/invitation.ics")
    assert "DTSTART;TZID=Asia/Shanghai:20260312T090000" in other.content.decode()


@pytest.mark.parametrize("who", ["stranger", "talent"])
def test_nobody_else_reads_a_meeting_or_an_agenda(meeting, who, stranger, talent, client_as):
    user = {"stranger": stranger, "talent": talent}[who]

    ics = client_as(user).get(f"/events/brokerage/meetings/{meeting.pk}/invitation.ics")
    agenda = client_as(user).get(f"/events/{meeting.event_id}/brokerage/agenda/")

    assert ics.status_code == 404
    assert agenda.status_code == 403
