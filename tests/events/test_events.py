"""Events: who creates and sees them, validation, and the event pages."""

from __future__ import annotations

import datetime as dt

import pytest

from hatchway.directory.models import OrganisationKind
from hatchway.events.models import Event, Registration
from tests.conftest import make_organisation, make_user
from tests.events.conftest import NOW, carrier_of, make_event

pytestmark = pytest.mark.usefixtures("frozen")


def _body(organiser_id: int, **fields):
    body = {
        "kind": "roadshow",
        "organiser_id": organiser_id,
        "title_zh": "生物医药路演",
        "title_en": "Biomedicine roadshow",
        "venue_en": "Zhangjiang Hall",
        "time_zone": "Asia/Shanghai",
        "starts_at": "2026-04-01T14:00:00+08:00",
        "ends_at": "2026-04-01T17:00:00+08:00",
        "capacity": 80,
        "status": "published",
    }
    body.update(fields)
    return body


def test_carrier_staff_create_an_event_of_their_carrier(incubator, api_as):
    carrier = carrier_of(incubator)
    response = api_as(incubator).post("/events", _body(carrier.pk))
    assert response.status_code == 201
    event = Event.objects.get(pk=response.json()["id"])
    assert event.organiser == carrier
    assert event.kind == "roadshow"
    assert event.starts_at == dt.datetime(2026, 4, 1, 6, 0, tzinfo=dt.UTC)


def test_nobody_creates_an_event_for_someone_elses_carrier(incubator, founder, api_as):
    other = make_organisation(OrganisationKind.CARRIER)
    assert api_as(incubator).post("/events", _body(other.pk)).status_code == 403
    assert api_as(founder).post("/events", _body(carrier_of(incubator).pk)).status_code == 403
    assert not Event.objects.exists()


def test_an_operator_organises_for_the_platform_at_an_overseas_station(operator, api_as):
    platform = operator.memberships.get().organisation
    station = make_organisation(OrganisationKind.OVERSEAS_STATION, country="DE")
    response = api_as(operator).post(
        "/events", _body(platform.pk, station_id=station.pk, mode="hybrid", time_zone="Europe/Berlin")
    )
    assert response.status_code == 201
    assert Event.objects.get().station == station


@pytest.mark.parametrize(
    ("fields", "location", "words"),
    [
        ({"ends_at": "2026-04-01T13:00:00+08:00"}, "body.ends_at", "end after it starts"),
        ({"time_zone": "Mars/Olympus"}, "body.time_zone", "IANA"),
        ({"title_zh": "", "title_en": ""}, "body.title_en", "title"),
        ({"venue_en": ""}, "body.venue_en", "venue"),
        ({"kind": "party"}, "body.kind", "allowed"),
        ({"capacity": 0}, "body.capacity", "small"),
    ],
)
def test_an_invalid_event_is_refused_at_the_field_with_what_to_write(
    organiser, api_as, fields, location, words
):
    response = api_as(organiser).post(
        "/events", _body(carrier_of(organiser).pk, **fields), **{"Accept-Language": "en"}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(error["location"] == location and words in error["message"] for error in errors), errors
    assert not Event.objects.exists()


def test_an_enterprise_cannot_organise(operator, api_as):
    enterprise = make_organisation(OrganisationKind.ENTERPRISE)
    response = api_as(operator).post("/events", _body(enterprise.pk))
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.organiser"


def test_the_public_sees_published_events_and_organisers_also_their_drafts(
    incubator, founder, api_as, client
):
    carrier = carrier_of(incubator)
    published = make_event(carrier, title_en="Open forum")
    draft = make_event(carrier, title_en="Secret draft", status="draft")

    assert [item["id"] for item in api_as(founder).get("/events").json()["items"]] == [published.pk]
    assert {item["id"] for item in api_as(incubator).get("/events").json()["items"]} == {
        published.pk,
        draft.pk,
    }
    assert api_as(founder).get(f"/events/{draft.pk}").status_code == 404

    page = client.get("/events/", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "Open forum" in page.content.decode()
    assert "Secret draft" not in page.content.decode()
    assert client.get(f"/events/{published.pk}/").status_code == 200
    assert client.get(f"/events/{draft.pk}/").status_code == 404


def test_events_are_found_by_chinese_or_english_words_and_kind(incubator, api_as):
    carrier = carrier_of(incubator)
    make_event(carrier, title_en="Biomedicine roadshow", title_zh="生物医药路演", kind="roadshow")
    make_event(carrier, title_en="AI career fair", title_zh="人工智能招聘会", kind="career_fair")
    assert [i["title_en"] for i in api_as(incubator).get("/events?q=生物医药").json()["items"]] == [
        "Biomedicine roadshow"
    ]
    assert [i["title_en"] for i in api_as(incubator).get("/events?kind=career_fair").json()["items"]] == [
        "AI career fair"
    ]


def test_the_event_list_page_needs_few_queries(incubator, client, django_assert_max_num_queries):
    carrier = carrier_of(incubator)
    station = make_organisation(OrganisationKind.OVERSEAS_STATION)
    for number in range(30):
        make_event(carrier, station=station if number % 2 else None)
    with django_assert_max_num_queries(8):
        response = client.get("/events/")
    assert response.status_code == 200
    assert response.content.decode().count("data-event=") == 25


def test_the_detail_page_shows_times_in_the_viewers_zone_and_at_the_venue(incubator, founder, client_as):
    event = make_event(
        carrier_of(incubator),
        time_zone="Asia/Shanghai",
        starts_at=dt.datetime(2026, 3, 12, 2, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 12, 4, 0, tzinfo=dt.UTC),
    )
    html = client_as(founder).get(f"/events/{event.pk}/").content.decode()  # founder lives in Berlin
    assert "2026-03-12 03:00" in html
    assert "2026-03-12 10:00 – 2026-03-12 12:00 (Asia/Shanghai)" in html


def test_a_person_registers_on_the_page_and_sees_the_check_in_code(incubator, founder, client_as):
    event = make_event(carrier_of(incubator), capacity=3)
    client = client_as(founder)
    response = client.post(f"/events/{event.pk}/register/", {"note": ""}, follow=True)
    registration = Registration.objects.get(event=event, user=founder)
    html = response.content.decode()
    assert registration.status == "confirmed"
    assert f"data-check-in-code>{registration.code}<" in html
    mine = client.get("/events/mine/").content.decode()
    assert registration.code in mine


def test_a_person_cancels_on_the_page(incubator, founder, client_as):
    event = make_event(carrier_of(incubator))
    client = client_as(founder)
    client.post(f"/events/{event.pk}/register/")
    registration = Registration.objects.get(user=founder)
    client.post(f"/events/registrations/{registration.pk}/cancel/")
    assert Registration.objects.get(user=founder).status == "cancelled"


def test_a_stranger_cannot_cancel_someone_elses_registration_on_the_page(incubator, founder, client_as):
    event = make_event(carrier_of(incubator))
    client_as(founder).post(f"/events/{event.pk}/register/")
    registration = Registration.objects.get(user=founder)
    response = client_as(make_user()).post(f"/events/registrations/{registration.pk}/cancel/")
    assert response.status_code == 404
    assert Registration.objects.get(user=founder).status == "confirmed"


def test_the_organiser_checks_in_with_the_code_form(organiser, founder, client_as):
    event = make_event(carrier_of(organiser))
    client_as(founder).post(f"/events/{event.pk}/register/")
    registration = Registration.objects.get(user=founder)
    client = client_as(organiser)

    wrong = client.post(f"/events/{event.pk}/registrations/", {"code": "NOPE"})
    assert wrong.status_code == 422
    assert "No registration for this event" in wrong.content.decode()

    right = client.post(f"/events/{event.pk}/registrations/", {"code": registration.code.lower()})
    assert right.status_code == 200
    registration.refresh_from_db()
    assert registration.checked_in_at == NOW
    assert registration.attendance == "attended"


def test_only_the_organiser_opens_the_registration_list(incubator, founder, client_as):
    event = make_event(carrier_of(incubator))
    assert client_as(founder).get(f"/events/{event.pk}/registrations/").status_code == 403
    assert client_as(incubator).get(f"/events/{event.pk}/registrations/").status_code == 200


def test_the_organiser_approves_on_the_page(incubator, founder, client_as):
    event = make_event(carrier_of(incubator), requires_approval=True)
    client_as(founder).post(f"/events/{event.pk}/register/")
    registration = Registration.objects.get(user=founder)
    assert registration.status == "pending"
    client_as(incubator).post(f"/events/registrations/{registration.pk}/decide/", {"decision": "approve"})
    assert Registration.objects.get(user=founder).status == "confirmed"


def test_the_organiser_creates_an_event_on_the_page_in_the_venues_time(incubator, client_as):
    client = client_as(incubator)
    assert client.get("/events/new/").status_code == 200
    response = client.post(
        "/events/new/",
        {
            "kind": "training_camp",
            "organiser": carrier_of(incubator).pk,
            "mode": "on_site",
            "title_en": "Founders' camp",
            "venue_en": "Munich station",
            "time_zone": "Europe/Berlin",
            "starts_at": "2026-05-04T09:00",
            "ends_at": "2026-05-04T17:00",
            "status": "published",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.starts_at == dt.datetime(2026, 5, 4, 7, 0, tzinfo=dt.UTC)


def test_a_person_without_an_organisation_cannot_open_the_event_form(founder, client_as):
    assert client_as(make_user()).get("/events/new/").status_code == 404
