"""The console and the participants' lists cost the same number of queries for 3 or 12 participants."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hatchway.brokerage.actions import do_compute_schedule, do_save_agenda_profile
from hatchway.directory.models import OrganisationKind
from tests.brokerage.brokerage import agree, join, make_brokerage
from tests.conftest import make_organisation
from tests.events.conftest import NOW, carrier_of
from tests.listings.conftest import make_listing

pytestmark = pytest.mark.usefixtures("frozen")


def grow(event, anchor, count: int) -> None:
    """Add participants with profiles linking a listing, each asking the anchor for a meeting, accepted."""
    for _ in range(count):
        person = join(event)
        listing = make_listing(make_organisation(OrganisationKind.ENTERPRISE))
        do_save_agenda_profile(person, pitch_en="Cell therapy", mode="either", languages="en")
        person.agenda_profile.listings.add(listing)
        agree(person, anchor)


def queries(client, path: str) -> int:
    """Queries of the second of two identical requests (the first may note the token's or session's use)."""
    client.request("get", path) if hasattr(client, "key") else client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.request("get", path) if hasattr(client, "key") else client.get(path)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


@pytest.fixture
def event(organiser):
    return make_brokerage(carrier_of(organiser), slots=4, tables=3)


def test_the_console_does_not_query_per_participant_or_meeting(event, organiser, founder, client_as):
    anchor = join(event, founder)
    client = client_as(organiser)
    path = f"/events/{event.pk}/brokerage/console/"
    grow(event, anchor, 2)
    do_compute_schedule(event, now=NOW, time_limit=5, notify=False)
    small = queries(client, path)

    grow(event, anchor, 9)
    do_compute_schedule(event, now=NOW, time_limit=5, notify=False)
    large = queries(client, path)

    assert large == small


def test_the_participants_page_and_api_do_not_query_per_participant(event, founder, client_as, api_as):
    mine = join(event, founder)
    client, api = client_as(founder), api_as(founder)
    grow(event, mine, 2)
    page_small = queries(client, f"/events/{event.pk}/brokerage/")
    api_small = queries(api, f"/events/{event.pk}/brokerage/participants")

    grow(event, mine, 9)
    page = client.get(f"/events/{event.pk}/brokerage/").content.decode()
    page_large = queries(client, f"/events/{event.pk}/brokerage/")
    api_large = queries(api, f"/events/{event.pk}/brokerage/participants")

    assert page.count("Series A for solid-state batteries") == 11  # every card shows its listing

    assert page_large == page_small
    assert api_large == api_small
