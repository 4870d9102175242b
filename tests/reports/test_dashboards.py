"""Dashboards: charts with a table view and an XLSX export each, within what the viewer may see."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from hatchway.reports.charts import CHART_IDS
from tests.flows.conftest import make_carrier, make_station, organisation_of, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(incubator):
    own = organisation_of(incubator)
    other = make_carrier(name_en="Other Incubator", name_zh="Other Incubator")
    boston = make_station("US", name_en="Boston Station", name_zh="Boston Station")
    tokyo = make_station("JP", name_en="Tokyo Station", name_zh="Tokyo Station")
    record(carrier=own, station=boston, origin_country="US", evidence_number="A")
    record(carrier=own, station=boston, origin_country="US", element="talent", evidence_kind="employment_letter",
           evidence_number="B")  # fmt: skip
    record(carrier=other, station=tokyo, origin_country="JP", evidence_number="C")
    return own, other, boston, tokyo


def page(client, query: str = "") -> str:
    response = client.get(f"/reports/?start=2024-01-01&end=2024-12-31{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_has_every_chart_with_a_table_and_an_export_link(operator, client_as, ledger):
    html = page(client_as(operator))
    for chart_id in CHART_IDS:
        assert f'id="chart-{chart_id}"' in html
        assert f'data-table="{chart_id}"' in html
        assert f'data-export="{chart_id}"' in html
    assert 'id="chart-data"' in html
    assert "Boston Station" in html
    assert "Tokyo Station" in html


def test_the_page_runs_no_inline_script_and_loads_only_local_files(operator, client_as, ledger):
    html = page(client_as(operator))
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "http://" not in html.split("<body", 1)[1].replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "vendor/echarts/echarts.min.js" in html
    assert "reports/vendor/topojson-client/topojson-client.min.js" in html
    assert "reports/vendor/world-atlas/countries-110m.json" in html


def test_carrier_staff_see_only_their_own_carriers_flows(incubator, client_as, ledger):
    html = page(client_as(incubator))
    assert "Boston Station" in html
    assert "Tokyo Station" not in html
    assert "Other Incubator" not in html


def test_carrier_staff_cannot_filter_to_another_carrier(incubator, client_as, ledger):
    other = ledger[1]
    response = client_as(incubator).get(f"/reports/?carrier={other.pk}")
    assert response.status_code == 403
    assert client_as(incubator).get(f"/reports/export/sankey.xlsx?carrier={other.pk}").status_code == 403


@pytest.mark.parametrize("persona", ["founder", "investor", "talent", "stranger"])
def test_people_without_a_carrier_or_operator_role_see_no_dashboard(request, client_as, ledger, persona):
    assert client_as(request.getfixturevalue(persona)).get("/reports/").status_code == 403


def test_visitors_are_sent_to_sign_in(client, ledger):
    response = client.get("/reports/")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_the_filters_narrow_every_chart(operator, client_as, ledger):
    tokyo = ledger[3]
    html = page(client_as(operator), f"&station={tokyo.pk}")
    assert "Boston Station" not in html.split('id="heading-stations"', 1)[1]


def test_an_invalid_filter_is_explained_and_the_defaults_used(operator, client_as, ledger):
    html = page(client_as(operator), "&country=Atlantis")
    assert "field-error" in html or "form-errors" in html


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_each_chart_exports_to_xlsx_the_rows_of_its_table(operator, client_as, ledger, chart_id):
    client = client_as(operator)
    response = client.get(f"/reports/export/{chart_id}.xlsx?start=2024-01-01&end=2024-12-31")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    table = client.get("/reports/?start=2024-01-01&end=2024-12-31").context["charts"]
    chart = next(chart for chart in table if chart.id == chart_id)
    assert rows[0] == chart.columns
    assert rows[1:] == chart.rows
    assert len(rows) > 1


def test_the_chart_api_gives_the_same_table(operator, api_as, ledger):
    response = api_as(operator).get("/charts/sankey?year=2024")
    assert response.status_code == 200
    body = response.json()
    assert sum(row[-1] for row in body["rows"]) == 3
    assert sum(link["value"] for link in body["data"]["links"]) == 6  # 3 flows, two stages each
    assert api_as(operator).get("/charts/nothing?year=2024").status_code == 404


def test_the_dashboard_needs_few_queries_however_many_flows(
    operator, client_as, ledger, django_assert_max_num_queries
):
    own, _other, boston, _tokyo = ledger
    for number in range(60):
        record(carrier=own, station=boston, origin_country="US", evidence_number=f"N{number}")
    client = client_as(operator)
    with django_assert_max_num_queries(60):
        client.get("/reports/?start=2024-01-01&end=2024-12-31")
