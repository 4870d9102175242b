"""Helpers for brokerage tests: a brokerage event of the organiser's carrier, a meeting in it."""

from __future__ import annotations

from typing import Any

import pytest

from hatchway.accounts.models import User
from hatchway.events.models import Event
from tests.events import conftest as events_conftest
from tests.events.conftest import NOW, carrier_of

# The events tests' fixtures, shared here: the frozen clock and an organiser who reads English.
frozen = events_conftest.frozen
organiser = events_conftest.organiser


@pytest.fixture
def brokerage(organiser: User) -> Event:
    """A brokerage of the organiser's carrier: three slots, one table."""
    from tests.brokerage.brokerage import make_brokerage

    return make_brokerage(carrier_of(organiser), slots=3, tables=1)


@pytest.fixture
def meeting(brokerage: Event, organiser: User, founder: User, talent: User) -> Any:
    """The founder (Berlin) and the talent, both reading English, have one scheduled meeting in it."""
    from hatchway.brokerage.actions import do_compute_schedule
    from hatchway.brokerage.models import BrokerageMeeting
    from tests.brokerage.brokerage import agree, join

    agree(join(brokerage, founder), join(brokerage, talent))
    do_compute_schedule(brokerage, by=organiser, now=NOW, time_limit=5, notify=False)
    return BrokerageMeeting.objects.select_related("a__user", "b__user", "slot").get()
