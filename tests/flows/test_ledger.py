"""The ledger: flows are recorded through actions, valued in CNY at a dated rate, and corrected by new rows."""

from __future__ import annotations

import datetime as dt

import pytest

from hatchway.errors import Conflict, InvalidInput
from hatchway.flows.actions import do_supersede_flow, do_withdraw_flow
from hatchway.flows.models import Flow
from tests.flows.conftest import make_carrier, make_station, record

pytestmark = pytest.mark.django_db


def test_it_values_a_foreign_amount_in_yuan_with_the_latest_rate_on_or_before_the_day(rates):
    flow = record(
        element="capital", evidence_kind="investment_agreement", value_minor=1_000_000_00, currency="USD"
    )
    assert flow.value_cny_minor == 7_100_000_00
    assert flow.rate_date == dt.date(2024, 1, 1)
    later = record(
        element="capital",
        evidence_kind="investment_agreement",
        value_minor=1_000_000_00,
        currency="usd",
        occurred_on=dt.date(2024, 6, 1),
        evidence_number="INV-2",
    )
    assert later.value_cny_minor == 7_200_000_00
    assert later.rate_date == dt.date(2024, 6, 1)
    assert later.currency == "USD"


def test_it_converts_a_currency_without_minor_units(rates):
    flow = record(
        element="technology", evidence_kind="technology_contract", value_minor=10_000_000, currency="JPY"
    )
    assert flow.value_cny_minor == 500_000_00  # ¥10,000,000 × 0.05 = ¥500,000 = 50,000,000 fen


def test_an_amount_in_yuan_needs_no_rate(db):
    flow = record(
        element="capital", evidence_kind="investment_agreement", value_minor=5_000_00, currency="CNY"
    )
    assert flow.value_cny_minor == 5_000_00
    assert flow.rate_date == flow.occurred_on


def test_it_refuses_an_amount_with_no_rate_on_or_before_the_day_and_says_which(db):
    with pytest.raises(InvalidInput) as error:
        record(element="capital", evidence_kind="investment_agreement", value_minor=100, currency="GBP")
    assert "GBP" in str(error.value.message)
    assert "2024-05-20" in str(error.value.message)
    assert error.value.details["errors"][0]["location"] == "body.currency"
    assert not Flow.objects.exists()


@pytest.mark.parametrize(
    ("fields", "location"),
    [
        ({"origin_country": "XX"}, "body.origin_country"),
        ({"origin_country": "CN"}, "body.destination_country"),
        ({"evidence_number": " "}, "body.evidence_number"),
        ({"value_minor": -5, "currency": "CNY"}, "body.value_minor"),
        ({"value_minor": 5}, "body.currency"),
        ({"element": "gold"}, "body.element"),
        ({"stage": "hired"}, "body.stage"),
    ],
)
def test_it_rejects_a_flow_with_a_bad_field_and_says_where(db, fields, location):
    with pytest.raises(InvalidInput) as error:
        record(**fields)
    assert location in [item["location"] for item in error.value.details["errors"]]
    assert not Flow.objects.exists()


def test_a_carrier_must_be_a_carrier_and_a_station_a_station(db):
    carrier, station = make_carrier(), make_station()
    with pytest.raises(InvalidInput) as error:
        record(carrier=station, station=carrier)
    locations = {item["location"] for item in error.value.details["errors"]}
    assert locations == {"body.carrier", "body.station"}


def test_the_same_producer_item_cannot_record_the_same_flow_twice(db):
    record(producer_kind="match", producer_ref="42", producer_item="1")
    with pytest.raises(Conflict):
        record(producer_kind="match", producer_ref="42", producer_item="1")
    record(producer_kind="match", producer_ref="42", producer_item="2")
    assert Flow.objects.count() == 2


def test_a_correction_is_a_new_row_and_the_old_one_stays_unchanged(rates):
    old = record(element="capital", evidence_kind="investment_agreement", value_minor=100_00, currency="USD")
    new = do_supersede_flow(old, reason="The agreement says 200", value_minor=200_00)
    old.refresh_from_db()
    assert old.value_minor == 100_00
    assert new.supersedes == old
    assert new.value_minor == 200_00
    assert new.value_cny_minor == 1420_00
    assert list(Flow.objects.current()) == [new]
    assert not old.is_current
    assert new.is_current
    assert new.producer_kind == old.producer_kind
    assert new.note == "The agreement says 200"


def test_only_the_latest_version_can_be_corrected(db):
    old = record()
    do_supersede_flow(old, reason="wrong date", occurred_on=dt.date(2024, 5, 21))
    with pytest.raises(Conflict):
        do_supersede_flow(old, reason="again", stage="intention")
    assert Flow.objects.count() == 2


def test_a_correction_needs_a_reason_and_keeps_what_produced_the_flow(db):
    old = record(producer_kind="event", producer_ref="7")
    with pytest.raises(InvalidInput):
        do_supersede_flow(old, reason=" ", stage="intention")
    with pytest.raises(InvalidInput):
        do_supersede_flow(old, reason="x", producer_kind="manual")
    assert Flow.objects.count() == 1


def test_a_withdrawn_flow_no_longer_counts_but_stays_on_record(db):
    flow = record()
    withdrawal = do_withdraw_flow(flow, reason="Recorded twice")
    assert withdrawal.withdrawn
    assert withdrawal.supersedes == flow
    assert not Flow.objects.current().exists()
    assert Flow.objects.count() == 2
