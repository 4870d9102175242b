"""The dashboard in a real browser: the Sankey and the world map of stations draw, from local files only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import OrganisationKind, Role
from tests.conftest import PASSWORD, make_organisation, make_user
from tests.flows.conftest import record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/sign-in/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/workspace/")


def test_an_operator_sees_the_sankey_and_the_map_of_stations_render(live_server, new_page, watchdog):
    operator = make_user("ops@example.org", language="en")
    do_grant_role(operator, Role.OPERATOR, make_organisation(OrganisationKind.PLATFORM))
    carrier = make_organisation(OrganisationKind.CARRIER, name_en="Zhangjiang Incubator")
    boston = make_organisation(OrganisationKind.OVERSEAS_STATION, country="US", name_en="Boston Station")
    berlin = make_organisation(OrganisationKind.OVERSEAS_STATION, country="DE", name_en="Berlin Station")
    record(carrier=carrier, station=boston, origin_country="US", occurred_on=dt.date(2024, 3, 1))
    record(
        carrier=carrier,
        station=berlin,
        origin_country="DE",
        occurred_on=dt.date(2024, 4, 1),
        evidence_number="B",
    )
    record(
        carrier=carrier,
        station=boston,
        origin_country="US",
        element="talent",
        evidence_kind="employment_letter",
        occurred_on=dt.date(2024, 5, 1),
        evidence_number="C",
    )

    page = new_page(locale="en-US")
    sign_in(page, live_server.url, "ops@example.org")
    page.goto(live_server.url + "/reports/?start=2024-01-01&end=2024-12-31")

    page.locator("#chart-sankey canvas").first.wait_for()
    page.locator("#chart-stations[data-rendered=true] canvas").first.wait_for()
    for chart_id in ("sankey", "stations", "trends", "carrier_ranking", "station_ranking"):
        box = page.locator(f"#chart-{chart_id} canvas").first.bounding_box()
        assert box is not None, chart_id
        assert box["width"] > 300, chart_id
        assert box["height"] > 200, chart_id
    assert page.locator('[data-kpi="landed_overseas"]').get_attribute("data-value") == "3"

    # The table view opens under the chart and holds the same figures.
    page.locator("#heading-sankey ~ details.chart-table summary").click()
    assert page.locator('table[data-table="sankey"] tbody tr').count() == 3
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
    assert watchdog.external == []
    assert watchdog.console_errors == []
