"""Helpers for event tests: an event of a carrier, the clock, an organiser who reads English."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from hatchway.events.actions import do_create_event
from hatchway.events.models import Event, EventStatus

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
_numbers = itertools.count(1)


def carrier_of(user: User) -> Organisation:
    membership = (
        Membership.objects.filter(user=user, role=Role.CARRIER_STAFF).select_related("organisation").get()
    )
    assert membership.organisation is not None
    return membership.organisation


def make_event(organiser: Organisation, **fields: Any) -> Event:
    fields.setdefault("kind", "forum")
    fields.setdefault("title_en", f"Forum {next(_numbers)}")
    fields.setdefault("title_zh", "论坛")
    fields.setdefault("venue_en", "Zhangjiang Science Hall")
    fields.setdefault("starts_at", NOW + dt.timedelta(days=10))
    fields.setdefault("ends_at", fields["starts_at"] + dt.timedelta(hours=3))
    fields.setdefault("status", EventStatus.PUBLISHED)
    return do_create_event(organiser=organiser, **fields)


@pytest.fixture
def frozen(time_machine: Any) -> dt.datetime:
    """Freeze the clock at NOW (tests of this folder opt in with ``pytestmark``)."""
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def organiser(db: None) -> User:
    """Carrier staff who read English, for tests that read the words of a message."""
    from tests.conftest import make_member

    return make_member(Role.CARRIER_STAFF, OrganisationKind.CARRIER, "organiser@example.org", language="en")
