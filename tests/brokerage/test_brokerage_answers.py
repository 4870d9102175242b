"""Participants confirm their meetings on their agenda, or say they cannot come; the organiser sees it."""

from __future__ import annotations

import datetime as dt

import pytest

from hatchway.brokerage.models import AgendaProfile, BrokerageMeeting
from hatchway.notices.models import Notice
from tests.brokerage.brokerage import join, slots_of

pytestmark = pytest.mark.usefixtures("frozen")


def answer(client, meeting, value):
    return client.post(f"/events/brokerage/meetings/{meeting.pk}/answer/", {"answer": value})


def test_both_confirm_on_their_agendas_and_a_re_run_keeps_the_meeting(
    brokerage, meeting, organiser, founder, talent, client_as, django_capture_on_commit_callbacks
):
    agenda = client_as(founder).get(f"/events/{brokerage.pk}/brokerage/agenda/").content.decode()
    first = answer(client_as(founder), meeting, "confirmed")
    meeting.refresh_from_db()
    half = (meeting.status, meeting.a_answer, meeting.b_answer)
    second = answer(client_as(talent), meeting, "confirmed")
    console = client_as(organiser).get(f"/events/{brokerage.pk}/brokerage/console/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_as(organiser).post(f"/events/{brokerage.pk}/brokerage/compute/")

    assert 'data-action="confirm-meeting"' in agenda
    assert first.status_code == second.status_code == 302
    assert sorted(half[1:]) == ["confirmed", "pending"]
    assert half[0] == "scheduled"
    kept = BrokerageMeeting.objects.get(pk=meeting.pk)
    assert (kept.status, kept.a_answer, kept.b_answer) == ("confirmed", "confirmed", "confirmed")
    assert (kept.slot_id, kept.table) == (meeting.slot_id, meeting.table)
    assert 'data-answer-a="confirmed"' in console
    assert 'data-answer-b="confirmed"' in console
    assert "1 meetings confirmed by both, 0 waiting for an answer" in console
    assert brokerage.schedule_runs.first().kept == 1
    assert BrokerageMeeting.objects.count() == 1


def test_who_cannot_come_cancels_the_meeting_frees_the_slot_and_the_other_is_told(
    brokerage, meeting, organiser, founder, talent, client_as, django_capture_on_commit_callbacks
):
    declined = answer(client_as(founder), meeting, "declined")
    agenda = client_as(talent).get(f"/events/{brokerage.pk}/brokerage/agenda/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_as(organiser).post(f"/events/{brokerage.pk}/brokerage/compute/")

    assert declined.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    mine = meeting.a if meeting.a.user == founder else meeting.b
    free = set(AgendaProfile.objects.get(registration=mine).available.values_list("pk", flat=True))
    assert free == {slot.pk for slot in slots_of(brokerage)} - {meeting.slot_id}
    assert Notice.objects.filter(recipient=talent, kind="events.meeting_declined").count() == 1
    assert 'data-their-answer="declined"' in agenda
    # The re-run meets them again, in another slot.
    new = BrokerageMeeting.objects.exclude(pk=meeting.pk).get()
    assert new.slot_id != meeting.slot_id
    assert (new.status, new.a_answer, new.b_answer) == ("scheduled", "pending", "pending")


def test_only_the_two_participants_answer_and_only_before_the_meeting_begins(
    brokerage, meeting, founder, investor, client_as, time_machine
):
    join(brokerage, investor)
    assert answer(client_as(investor), meeting, "confirmed").status_code == 404
    assert answer(client_as(founder), meeting, "maybe").status_code == 302
    meeting.refresh_from_db()
    assert (meeting.a_answer, meeting.b_answer) == ("pending", "pending")

    time_machine.move_to(meeting.slot.starts_at + dt.timedelta(minutes=1), tick=False)
    late = client_as(founder)
    response = answer(late, meeting, "declined")
    page = late.get(f"/events/{brokerage.pk}/brokerage/agenda/").content.decode()

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.status == "scheduled"
    assert "tell the organiser at the desk" in page
    assert 'data-action="decline-meeting"' not in page
