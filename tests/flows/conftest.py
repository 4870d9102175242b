"""Helpers for the ledger: carriers, stations, rates and flows recorded through the real actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from hatchway.directory.models import Membership, Organisation, OrganisationKind
from hatchway.flows.actions import do_record_flow, do_set_rate
from hatchway.flows.models import Flow
from tests.conftest import make_organisation


def make_carrier(**fields: Any) -> Organisation:
    return make_organisation(OrganisationKind.CARRIER, **fields)


def make_station(country: str = "US", **fields: Any) -> Organisation:
    return make_organisation(OrganisationKind.OVERSEAS_STATION, country=country, **fields)


def organisation_of(user: Any) -> Organisation:
    """The organisation a persona holds its role in (the incubator's carrier)."""
    organisation = Membership.objects.get(user=user).organisation
    assert organisation is not None
    return organisation


def record(**fields: Any) -> Flow:
    """A completed inbound enterprise landing from Germany, unless told otherwise."""
    values: dict[str, Any] = {
        "element": "enterprise",
        "direction": "inbound",
        "stage": "completed",
        "origin_country": "DE",
        "destination_country": "CN",
        "occurred_on": dt.date(2024, 5, 20),
        "evidence_kind": "company_registration",
        "evidence_number": "91310000MA1234567X",
        "producer_kind": "manual",
    }
    values.update(fields)
    return do_record_flow(**values)


@pytest.fixture
def rates(db: None) -> None:
    do_set_rate("USD", dt.date(2024, 1, 1), Decimal("7.10"))
    do_set_rate("USD", dt.date(2024, 6, 1), Decimal("7.20"))
    do_set_rate("EUR", dt.date(2024, 1, 1), Decimal("7.80"))
    do_set_rate("JPY", dt.date(2024, 1, 1), Decimal("0.0500"))


@pytest.fixture
def operator(db: None) -> Any:
    """An operator who reads English, so messages can be compared with the English source text."""
    from tests.conftest import make_operator

    return make_operator(language="en")
