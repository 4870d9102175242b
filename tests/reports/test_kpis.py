"""The KPI dictionary: each KPI is defined once, and the dashboard, the API and the command line agree."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command

from hatchway.flows.actions import do_supersede_flow, do_withdraw_flow
from hatchway.reports.kpis import KPI_BY_ID, KPIS, KpiFilters, compute_kpi
from tests.flows.conftest import make_carrier, make_station, organisation_of, record

pytestmark = pytest.mark.django_db

LETTER_FIGURES = {
    "overseas_channels",
    "landed_overseas",
    "talent_hiring_intentions",
    "goi_centres",
    "enterprises_served",
    "competition_sites",
    "exhibition_zones",
    "events_with_outcomes",
    "hard_tech_projects",
}
ISSUE_FIGURES = {
    "capital_inbound_cny",
    "capital_outbound_cny",
    "technology_contract_value_cny",
    "outcomes_per_station",
    "conversion_intention_to_outcome",
    "conversion_interest_to_meeting",
    "conversion_meeting_to_outcome",
    "policy_eligible_without_applying",
}


@pytest.fixture
def ledger(incubator, rates):
    """A year of flows of every kind, for the incubator's carrier and another one."""
    own = organisation_of(incubator)
    other = make_carrier()
    boston, berlin = make_station("US"), make_station("DE")
    flows = [
        record(carrier=own, station=berlin, counterparties=["Helix Bio GmbH"]),
        record(carrier=own, station=boston, origin_country="US", element="talent", evidence_kind="employment_letter",
               producer_kind="match", producer_ref="m1", counterparties=["Dr. Ada"]),
        record(carrier=other, station=boston, origin_country="US", element="talent", stage="intention",
               evidence_kind="hiring_intention", producer_kind="event", producer_ref="e1", producer_item="1"),
        record(carrier=own, element="project", stage="intention", evidence_kind="letter_of_intent",
               producer_kind="event", producer_ref="e1", producer_item="2"),
        record(carrier=other, element="project", evidence_kind="settlement_agreement", producer_kind="event",
               producer_ref="e2", counterparties=["Quantum Labs"]),
        record(carrier=own, element="capital", evidence_kind="investment_agreement", value_minor=1_000_000_00,
               currency="USD", occurred_on=dt.date(2024, 7, 1)),
        record(carrier=other, element="capital", direction="outbound", origin_country="CN", destination_country="SG",
               evidence_kind="investment_agreement", value_minor=500_000_00, currency="CNY"),
        record(carrier=own, element="technology", evidence_kind="technology_contract", value_minor=300_000_00,
               currency="EUR"),
        record(carrier=own, element="enterprise", direction="outbound", origin_country="CN", destination_country="FI",
               evidence_kind="company_registration"),
        # Outside the year: counts nowhere in 2024.
        record(carrier=own, occurred_on=dt.date(2023, 12, 31)),
    ]  # fmt: skip
    return own, other, flows


def cli(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("report", "kpis", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def dashboard_values(client: Any, query: str = "") -> dict[str, str]:
    response = client.get(f"/reports/?start=2024-01-01&end=2024-12-31{query}")
    assert response.status_code == 200
    return dict(re.findall(r'data-kpi="([a-z_]+)" data-value="([^"]*)"', response.content.decode()))


def as_number(text: str) -> float | None:
    return float(text) if text else None


def test_every_kpi_is_defined_once_with_words_in_both_languages():
    assert len(KPI_BY_ID) == len(KPIS)
    for kpi in KPIS:
        assert kpi.label_zh
        assert kpi.label_en
        assert kpi.definition_zh
        assert kpi.definition_en
        assert kpi.formula
        assert kpi.unit in {"count", "CNY", "percent", "ratio"}
        assert set(kpi.filters) <= {"period", "carrier", "station", "country", "element"}
        assert re.search(r"[\u4e00-\u9fff]", kpi.label_zh)
    assert set(KPI_BY_ID) >= LETTER_FIGURES | ISSUE_FIGURES


def test_the_command_line_prints_exactly_the_contract(ledger):
    result = cli("--year", "2024")
    assert set(result) == {"year", "kpis"}
    assert result["year"] == 2024
    assert [item["id"] for item in result["kpis"]] == [kpi.id for kpi in KPIS]
    for item in result["kpis"]:
        assert set(item) == {"id", "label_zh", "label_en", "value", "unit"}
    values = {item["id"]: item["value"] for item in result["kpis"]}
    assert values["landed_overseas"] == 2
    assert values["talent_hiring_intentions"] == 1
    assert values["hard_tech_projects"] == 2
    assert values["overseas_channels"] == 2
    assert values["events_with_outcomes"] == 2
    assert values["capital_inbound_cny"] == 7_200_000  # US$1m at the 2024-06-01 rate of 7.20
    assert values["capital_outbound_cny"] == 500_000
    assert values["technology_contract_value_cny"] == 2_340_000
    assert values["policy_eligible_without_applying"] is None


def test_every_kpi_on_the_dashboard_equals_the_command_line(operator, client_as, ledger):
    shown = dashboard_values(client_as(operator))
    printed = {item["id"]: item["value"] for item in cli("--year", "2024")["kpis"]}
    assert set(shown) == set(printed)
    for kpi_id, value in printed.items():
        assert as_number(shown[kpi_id]) == value, kpi_id


def test_a_carriers_dashboard_equals_the_command_line_for_that_carrier(incubator, client_as, ledger):
    own = ledger[0]
    shown = dashboard_values(client_as(incubator))
    printed = {item["id"]: item["value"] for item in cli("--year", "2024", "--carrier", str(own.pk))["kpis"]}
    for kpi_id, value in printed.items():
        assert as_number(shown[kpi_id]) == value, kpi_id
    assert printed["capital_outbound_cny"] == 0  # the other carrier's investment is not the incubator's


def test_the_api_gives_the_same_figures_with_their_definitions(operator, api_as, ledger):
    response = api_as(operator).get("/kpis?year=2024")
    assert response.status_code == 200
    api_values = {item["id"]: item["value"] for item in response.json()["kpis"]}
    assert api_values == {item["id"]: item["value"] for item in cli("--year", "2024")["kpis"]}
    pending = next(
        item for item in response.json()["kpis"] if item["id"] == "policy_eligible_without_applying"
    )
    assert pending["note"]
    assert pending["source"] == ["policy_determination", "policy_policyrun"]


def test_recording_a_flow_moves_the_figure_everywhere(operator, client_as, ledger):
    client = client_as(operator)
    before = dashboard_values(client)["landed_overseas"]
    new = record(carrier=ledger[0], evidence_number="NEW-REG-1")
    assert int(dashboard_values(client)["landed_overseas"]) == int(before) + 1
    assert {i["id"]: i["value"] for i in cli("--year", "2024")["kpis"]}["landed_overseas"] == int(before) + 1
    # A correction that turns it into an intention takes it out again; so does a withdrawal.
    corrected = do_supersede_flow(new, reason="Only a letter of intent", stage="intention")
    assert int(dashboard_values(client)["landed_overseas"]) == int(before)
    assert {i["id"]: i["value"] for i in cli("--year", "2024")["kpis"]}["landed_overseas"] == int(before)
    do_withdraw_flow(corrected, reason="Duplicate")
    assert int(dashboard_values(client)["landed_overseas"]) == int(before)


def test_superseding_an_amount_moves_the_capital_figure(operator, client_as, ledger):
    capital = next(flow for flow in ledger[2] if flow.element == "capital" and flow.direction == "inbound")
    do_supersede_flow(capital, reason="The agreement says 2m", value_minor=2_000_000_00)
    assert int(dashboard_values(client_as(operator))["capital_inbound_cny"]) == 14_400_000
    assert compute_kpi("capital_inbound_cny", KpiFilters.for_year(2024)) == 14_400_000


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"element": "talent"}, 1),
        ({"country": "US"}, 1),
        ({"country": "DE"}, 1),
    ],
)
def test_kpis_follow_the_filters(ledger, filters, expected):
    assert compute_kpi("landed_overseas", KpiFilters.for_year(2024, **filters)) == expected


def test_the_station_filter_narrows_to_one_station(ledger):
    berlin = ledger[2][0].station
    assert compute_kpi("landed_overseas", KpiFilters.for_year(2024, station_id=berlin.pk)) == 1
    assert compute_kpi("outcomes_per_station", KpiFilters.for_year(2024)) == 1.0


def test_the_command_line_refuses_an_unknown_carrier(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No carrier"):
        cli("--year", "2024", "--carrier", "99999")


def test_the_directory_and_event_figures_are_counted_from_their_records():
    from hatchway.events.models import EventKind
    from tests.competitions.conftest import build_contest
    from tests.conftest import make_organisation
    from tests.events.conftest import make_event

    year = KpiFilters.for_year(2026)
    before = {
        kpi: int(compute_kpi(kpi, year) or 0)
        for kpi in ("goi_centres", "exhibition_zones", "competition_sites")
    }
    make_organisation("carrier", subtype="goi", goi_batch=3, name_en="Open Innovation Centre")
    make_event(make_carrier(), kind=EventKind.EXHIBITION_ZONE)  # in March 2026
    make_event(make_carrier(), kind=EventKind.FORUM)
    build_contest(make_carrier())  # the 2026 edition: three site hosts, and the final at a fourth carrier
    after = {kpi: int(compute_kpi(kpi, year) or 0) for kpi in before}
    assert after["goi_centres"] == before["goi_centres"] + 1
    assert after["exhibition_zones"] == before["exhibition_zones"] + 1
    assert after["competition_sites"] == before["competition_sites"] + 4
    assert compute_kpi("competition_sites", KpiFilters.for_year(2025)) == 0
