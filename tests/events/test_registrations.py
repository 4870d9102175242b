"""Registration: places, the waiting list, approval, check-in codes, attendance, .ics invitations."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections

from hatchway.events.actions import _claim_place, do_register
from hatchway.events.models import CODE_ALPHABET, Attendance, Event, Registration, RegistrationStatus
from tests.conftest import make_user
from tests.events.conftest import NOW, carrier_of, make_event

pytestmark = pytest.mark.usefixtures("frozen")


def test_a_person_registers_and_gets_a_place_and_a_check_in_code(incubator, founder, api_as):
    event = make_event(carrier_of(incubator), capacity=10)

    response = api_as(founder).post(f"/events/{event.pk}/registrations", {"note": "Vegetarian"})

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "confirmed"
    assert len(body["code"]) == 8
    assert set(body["code"]) <= set(CODE_ALPHABET)
    registration = Registration.objects.get(event=event, user=founder)
    assert registration.code == body["code"]
    assert registration.note == "Vegetarian"
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


def test_registering_twice_is_refused(incubator, founder, api_as):
    event = make_event(carrier_of(incubator))
    api_as(founder).post(f"/events/{event.pk}/registrations", {})
    response = api_as(founder).post(f"/events/{event.pk}/registrations", {})
    assert response.status_code == 409
    assert Registration.objects.filter(event=event).count() == 1


def test_an_unpublished_or_finished_event_takes_no_registration(incubator, founder, api_as):
    draft = make_event(carrier_of(incubator), status="draft")
    past = make_event(carrier_of(incubator), starts_at=NOW - dt.timedelta(days=2))
    assert api_as(founder).post(f"/events/{draft.pk}/registrations", {}).status_code == 404
    assert api_as(founder).post(f"/events/{past.pk}/registrations", {}).status_code == 409
    assert not Registration.objects.exists()


def test_unknown_fields_in_a_registration_are_refused(incubator, founder, api_as):
    event = make_event(carrier_of(incubator))
    response = api_as(founder).post(f"/events/{event.pk}/registrations", {"seat": "front"})
    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_a_full_event_puts_people_on_the_waiting_list_and_promotes_the_first_when_a_place_frees(incubator):
    event = make_event(carrier_of(incubator), capacity=1)
    first, second, third = make_user(), make_user(), make_user()
    holder = do_register(event, first)
    do_register(event, second, now=NOW + dt.timedelta(minutes=1))
    do_register(event, third, now=NOW + dt.timedelta(minutes=2))
    assert [r.status for r in Registration.objects.order_by("id")] == [
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]

    from hatchway.events.actions import do_cancel_registration

    do_cancel_registration(holder)

    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed", third.pk: "waitlisted"}
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


def test_cancelling_through_the_api_frees_the_place(incubator, founder, talent, api_as):
    event = make_event(carrier_of(incubator), capacity=1)
    mine = api_as(founder).post(f"/events/{event.pk}/registrations", {}).json()
    api_as(talent).post(f"/events/{event.pk}/registrations", {})

    assert api_as(talent).post(f"/registrations/{mine['id']}/cancel").status_code == 404  # not theirs
    response = api_as(founder).post(f"/registrations/{mine['id']}/cancel")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert Registration.objects.get(user=talent).status == RegistrationStatus.CONFIRMED


def test_a_larger_capacity_promotes_the_waiting_list(incubator, founder, talent, api_as):
    event = make_event(carrier_of(incubator), capacity=1)
    do_register(event, founder)
    do_register(event, talent)
    response = api_as(incubator).patch(f"/events/{event.pk}", {"capacity": 2})
    assert response.status_code == 200
    assert response.json()["places_left"] == 0
    assert Registration.objects.get(user=talent).status == RegistrationStatus.CONFIRMED


def test_the_capacity_cannot_drop_below_the_places_taken(organiser, founder, talent, api_as):
    event = make_event(carrier_of(organiser), capacity=5)
    do_register(event, founder)
    do_register(event, talent)
    response = api_as(organiser).patch(f"/events/{event.pk}", {"capacity": 1}, **{"Accept-Language": "en"})
    assert response.status_code == 422
    assert "at least 2" in response.json()["message"]
    assert Event.objects.get(pk=event.pk).capacity == 5


def test_a_place_is_claimed_only_while_one_is_free(incubator):
    event = make_event(carrier_of(incubator), capacity=1)
    assert _claim_place(event.pk) is True
    assert _claim_place(event.pk) is False
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


def test_two_people_registering_from_stale_pages_cannot_both_take_the_last_place(incubator):
    event = make_event(carrier_of(incubator), capacity=1)
    first_view, second_view = Event.objects.get(pk=event.pk), Event.objects.get(pk=event.pk)
    assert first_view.places_left == second_view.places_left == 1  # both saw one place left

    a = do_register(first_view, make_user())
    b = do_register(second_view, make_user())

    assert {a.status, b.status} == {"confirmed", "waitlisted"}
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_registering_at_the_same_moment_cannot_both_take_the_last_place(incubator):
    event = make_event(carrier_of(incubator), capacity=1)
    people = [make_user(), make_user()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def register(person):
        try:
            barrier.wait(timeout=10)
            outcomes.append(do_register(event, person).status)
        except Exception as error:  # a lock timeout is a refusal too, never a second place
            outcomes.append(type(error).__name__)
        finally:
            # Each thread has its own connection; close it here or it lingers until garbage collection.
            connections.close_all()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("confirmed") == 1
    assert Registration.objects.filter(status="confirmed").count() == 1
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


def test_the_organiser_approves_or_declines_where_approval_is_wanted(incubator, founder, talent, api_as):
    event = make_event(carrier_of(incubator), capacity=1, requires_approval=True)
    one = api_as(founder).post(f"/events/{event.pk}/registrations", {}).json()
    two = api_as(talent).post(f"/events/{event.pk}/registrations", {}).json()
    assert one["status"] == two["status"] == "pending"
    assert Event.objects.get(pk=event.pk).confirmed_count == 0

    assert api_as(founder).post(f"/registrations/{one['id']}/approve").status_code == 403
    assert api_as(incubator).post(f"/registrations/{one['id']}/approve").json()["status"] == "confirmed"
    assert api_as(incubator).post(f"/registrations/{two['id']}/decline").json()["status"] == "declined"
    assert api_as(talent).post(f"/events/{event.pk}/registrations", {}).status_code == 409


def test_the_organiser_checks_people_in_with_their_code(incubator, founder, api_as):
    event = make_event(carrier_of(incubator))
    code = do_register(event, founder).code
    typed = f" {code[:4].lower()}-{code[4:]} "

    response = api_as(incubator).post(f"/events/{event.pk}/check-in", {"code": typed})

    assert response.status_code == 200
    assert response.json()["attendance"] == "attended"
    registration = Registration.objects.get(user=founder)
    assert registration.checked_in_at == NOW
    assert registration.attendance == Attendance.ATTENDED
    again = api_as(incubator).post(f"/events/{event.pk}/check-in", {"code": code})
    assert again.status_code == 409


def test_a_wrong_code_is_refused_at_the_code_field(incubator, founder, api_as):
    event = make_event(carrier_of(incubator))
    do_register(event, founder)
    response = api_as(incubator).post(f"/events/{event.pk}/check-in", {"code": "XXXXXXXX"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.code"
    assert Registration.objects.get(user=founder).checked_in_at is None


def test_only_the_organiser_checks_people_in(incubator, founder, investor, api_as):
    event = make_event(carrier_of(incubator))
    code = do_register(event, founder).code
    assert api_as(investor).post(f"/events/{event.pk}/check-in", {"code": code}).status_code == 403
    assert api_as(founder).post(f"/events/{event.pk}/check-in", {"code": code}).status_code == 403
    assert Registration.objects.get(user=founder).checked_in_at is None


def test_attendance_and_no_shows_are_recorded(incubator, founder, talent, api_as):
    from hatchway.events.actions import do_record_no_shows

    event = make_event(carrier_of(incubator), starts_at=NOW + dt.timedelta(hours=1))
    came = do_register(event, founder)
    do_register(event, talent)
    response = api_as(incubator).request(
        "put", f"/registrations/{came.pk}/attendance", {"attendance": "attended"}
    )
    assert response.status_code == 200

    do_record_no_shows(event, now=event.ends_at + dt.timedelta(minutes=1))

    assert dict(Registration.objects.values_list("user_id", "attendance")) == {
        founder.pk: "attended",
        talent.pk: "no_show",
    }


def test_the_organiser_lists_registrations_and_others_cannot(incubator, founder, investor, api_as):
    event = make_event(carrier_of(incubator))
    do_register(event, founder)
    listing = api_as(incubator).get(f"/events/{event.pk}/registrations")
    assert listing.status_code == 200
    assert [item["email"] for item in listing.json()["items"]] == ["founder@example.de"]
    assert api_as(investor).get(f"/events/{event.pk}/registrations").status_code == 403


def test_my_registrations_lists_only_mine(incubator, founder, talent, api_as):
    event = make_event(carrier_of(incubator))
    do_register(event, founder)
    do_register(event, talent)
    items = api_as(founder).get("/me/registrations").json()["items"]
    assert [item["user_id"] for item in items] == [founder.pk]


def test_the_invitation_is_in_the_participants_language_and_time_zone(incubator, founder, client_as):
    event = make_event(
        carrier_of(incubator),
        title_en="Biotech roadshow",
        title_zh="生物科技路演",
        starts_at=dt.datetime(2026, 3, 12, 2, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 12, 4, 0, tzinfo=dt.UTC),
    )
    registration = do_register(event, founder)  # founder: English, Europe/Berlin

    response = client_as(founder).get(f"/events/{event.pk}/invitation.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert "SUMMARY:Biotech roadshow" in text
    assert "DTSTART;TZID=Europe/Berlin:20260312T030000" in text
    assert registration.code in text
    assert "BEGIN:VTIMEZONE" in text


def test_a_chinese_reader_gets_the_chinese_title_in_shanghai_time(incubator, client_as):
    reader = make_user(language="zh-hans", time_zone="Asia/Shanghai")
    event = make_event(
        carrier_of(incubator),
        title_zh="生物科技路演",
        starts_at=dt.datetime(2026, 3, 12, 2, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 12, 4, 0, tzinfo=dt.UTC),
    )
    text = client_as(reader).get(f"/events/{event.pk}/invitation.ics").content.decode()
    assert "SUMMARY:生物科技路演" in text
    assert "DTSTART;TZID=Asia/Shanghai:20260312T100000" in text
