"""Participants answer their meetings through the API: each of the two for themselves, nobody else."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from hatchway.brokerage.models import AgendaProfile, BrokerageMeeting
from hatchway.notices.models import Notice
from tests.brokerage.brokerage import join, slots_of

pytestmark = pytest.mark.usefixtures("frozen")

PATH = "/brokerage/meetings/{}/answer"


def answer(api_as, user, meeting, value, language="en"):
    client = api_as(user) if user is not None else api_as()
    return client.put(PATH.format(meeting.pk), {"answer": value}, **{"Accept-Language": language})


@pytest.mark.parametrize("side", ["a", "b"])
def test_either_participant_answers_for_themselves_and_reads_the_meeting_as_on_their_agenda(
    side, meeting, api_as
):
    me, other = (meeting.a, meeting.b) if side == "a" else (meeting.b, meeting.a)

    response = answer(api_as, me.user, meeting, "confirmed")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == meeting.pk
    assert (body["my_answer"], body["their_answer"], body["status"]) == ("confirmed", "pending", "scheduled")
    assert (body["with_registration_id"], body["with_name"]) == (other.pk, other.user.get_full_name())
    assert body["time_zone"] == me.user.time_zone
    assert dt.datetime.fromisoformat(body["starts_at"]) == meeting.slot.starts_at
    meeting.refresh_from_db()
    assert meeting.answer_of(me) == "confirmed"
    assert meeting.answer_of(other) == "pending"


def test_the_founder_reads_the_answered_meeting_in_berlin_time(meeting, founder, api_as):
    body = answer(api_as, founder, meeting, "confirmed").json()

    assert body["time_zone"] == "Europe/Berlin"
    assert body["starts_at"].endswith("+01:00")  # winter time in Berlin
    assert body["starts_at"] == meeting.slot.starts_at.astimezone(ZoneInfo("Europe/Berlin")).isoformat()


def test_when_both_confirm_the_meeting_is_confirmed(meeting, founder, talent, api_as):
    first = answer(api_as, founder, meeting, "confirmed")
    second = answer(api_as, talent, meeting, "confirmed")

    assert first.json()["status"] == "scheduled"
    assert second.status_code == 200
    assert (second.json()["status"], second.json()["my_answer"], second.json()["their_answer"]) == (
        "confirmed",
        "confirmed",
        "confirmed",
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.a_answer, meeting.b_answer) == ("confirmed", "confirmed", "confirmed")


def test_who_declines_cancels_the_meeting_loses_the_slot_and_the_other_is_told(
    brokerage, meeting, founder, talent, api_as
):
    response = answer(api_as, founder, meeting, "declined")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["my_answer"]) == ("cancelled", "declined")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    mine = meeting.a if meeting.a.user == founder else meeting.b
    free = set(AgendaProfile.objects.get(registration=mine).available.values_list("pk", flat=True))
    assert free == {slot.pk for slot in slots_of(brokerage)} - {meeting.slot_id}
    assert Notice.objects.filter(recipient=talent, kind="events.meeting_declined").count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other participant", 404),  # registered at the same brokerage, but not in this meeting
        ("stranger", 404),
        ("organiser", 403),  # reads the meeting, but marks its status instead
        ("anonymous", 401),
    ],
)
def test_nobody_else_answers(who, status, brokerage, meeting, organiser, investor, stranger, api_as):
    join(brokerage, investor)
    user = {"other participant": investor, "stranger": stranger, "organiser": organiser}.get(who)

    response = answer(api_as, user, meeting, "confirmed")

    assert response.status_code == status, response.content
    meeting.refresh_from_db()
    assert (meeting.status, meeting.a_answer, meeting.b_answer) == ("scheduled", "pending", "pending")
    if who == "organiser":
        assert f"PUT /api/v1/brokerage/meetings/{meeting.pk}/status" in response.json()["message"]


def test_a_bad_answer_is_a_located_error_in_the_readers_language(meeting, founder, api_as):
    chinese = answer(api_as, founder, meeting, "maybe", language="zh-hans")
    english = answer(api_as, founder, meeting, "maybe", language="en")

    assert chinese.status_code == english.status_code == 422
    assert chinese.json()["code"] == "invalid"
    assert chinese.json()["errors"] == [
        {"location": "body.answer", "message": "请答复“confirmed”（会参加）或“declined”（无法参加）。"}
    ]
    assert "Answer “confirmed” (you will come)" in english.json()["message"]
    meeting.refresh_from_db()
    assert (meeting.a_answer, meeting.b_answer) == ("pending", "pending")


def test_a_cancelled_or_begun_meeting_takes_no_answer_in_either_language(
    meeting, founder, talent, api_as, time_machine
):
    answer(api_as, founder, meeting, "declined")

    chinese = answer(api_as, talent, meeting, "confirmed", language="zh-hans")
    english = answer(api_as, talent, meeting, "confirmed", language="en")
    BrokerageMeeting.objects.filter(pk=meeting.pk).update(
        status="scheduled", a_answer="pending", b_answer="pending"
    )
    time_machine.move_to(meeting.slot.starts_at + dt.timedelta(minutes=1), tick=False)
    late = answer(api_as, talent, meeting, "confirmed")

    assert chinese.status_code == english.status_code == late.status_code == 409
    assert chinese.json()["code"] == "conflict"
    assert "不再接受答复" in chinese.json()["message"]
    assert "takes no more answers" in english.json()["message"]
    assert "tell the organiser at the desk" in late.json()["message"]


def test_the_endpoint_is_documented_beside_its_neighbours(api_as):
    paths = api_as().get("/openapi.json").json()["paths"]

    operation = paths["/api/v1/brokerage/meetings/{meeting_id}/answer"]["put"]
    assert operation["summary"].startswith("Answer a meeting on my agenda")
    assert {"200", "401", "403", "404", "409", "422"} <= set(operation["responses"])
    assert "/api/v1/brokerage/meetings/{meeting_id}/status" in paths
