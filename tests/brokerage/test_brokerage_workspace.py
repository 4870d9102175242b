"""The workspace lists one's upcoming brokerage events: the console for organisers, the agenda for participants."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.brokerage.brokerage import join, make_brokerage
from tests.events.conftest import NOW, carrier_of

pytestmark = pytest.mark.usefixtures("frozen")


def test_organisers_and_participants_find_their_brokerage_events_from_the_workspace(
    organiser, founder, stranger, client_as
):
    carrier = carrier_of(organiser)
    upcoming = make_brokerage(carrier, title_en="Medtech 1:1")
    past = make_brokerage(carrier, title_en="Last year's 1:1")
    past.starts_at, past.ends_at = NOW - dt.timedelta(days=30), NOW - dt.timedelta(days=30, hours=-4)
    past.save()
    join(upcoming, founder)

    workspace = client_as(organiser).get("/workspace/").content.decode()
    mine = client_as(organiser).get("/events/brokerage/mine/").content.decode()
    theirs = client_as(founder).get("/events/brokerage/mine/").content.decode()
    nothing = client_as(stranger).get("/events/brokerage/mine/").content.decode()

    assert 'hx-get="/events/brokerage/mine/"' in workspace
    assert f'href="/events/{upcoming.pk}/brokerage/console/"' in mine
    assert "participants: 1" in mine
    assert "Last year" not in mine
    assert f'href="/events/{upcoming.pk}/brokerage/agenda/"' in theirs
    assert "/console/" not in theirs
    assert nothing.strip() == ""
