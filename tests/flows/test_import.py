"""Operators import historic flows and currency rates from spreadsheets: all rows, or none and why."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from hatchway.flows.actions import do_import_flows
from hatchway.flows.models import CurrencyRate, Flow
from tests.flows.conftest import make_carrier, make_station

pytestmark = pytest.mark.django_db

HEADER = [
    "element",
    "direction",
    "stage",
    "origin_country",
    "destination_country",
    "city",
    "station_id",
    "carrier_id",
    "counterparties",
    "value",
    "currency",
    "occurred_on",
    "evidence_kind",
    "evidence_number",
    "note",
]


def workbook(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_rows(carrier_id: int, station_id: int) -> list[list[object]]:
    return [
        ["enterprise", "inbound", "completed", "DE", "CN", "上海", station_id, carrier_id, "Helix Bio GmbH", None, None,
         dt.date(2023, 3, 1), "company_registration", "91310000MA1AAAAA1", ""],
        ["capital", "inbound", "completed", "United States", "CN", "上海", "", carrier_id, "Fund A; Neuron Chip",
         "1250000.50", "USD", "2023-04-02", "investment_agreement", "INV-2023-7", "series A"],
        ["人才", "引进", "意向", "日本", "CN", "", "", "", "Dr. Sato", None, None, dt.date(2023, 5, 3),
         "hiring_intention", "HI-1", ""],
    ]  # fmt: skip


@pytest.fixture
def organisations(rates):
    # Historic rates for 2023.
    CurrencyRate.objects.create(currency="USD", rate_date=dt.date(2023, 1, 1), rate_to_cny=Decimal("6.90"))
    return make_carrier(), make_station("DE")


def test_an_operator_imports_historic_flows_with_their_evidence(operator, api_as, organisations):
    carrier, station = organisations
    content = workbook(good_rows(carrier.pk, station.pk))
    client = api_as(operator)
    response = client.client.post(
        "/api/v1/flows/import",
        {"file": SimpleUploadedFile("history-2023.xlsx", content)},
        headers={"Authorization": f"Bearer {client.key}"},
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"imported": 3}
    flows = {flow.element: flow for flow in Flow.objects.all()}
    assert flows["enterprise"].station == station
    assert flows["enterprise"].carrier == carrier
    assert flows["capital"].value_minor == 125_000_050
    assert flows["capital"].origin_country == "US"
    assert flows["capital"].value_cny_minor == round(125_000_050 * Decimal("6.90"))
    assert flows["capital"].counterparties == ["Fund A", "Neuron Chip"]
    assert flows["talent"].stage == "intention"
    assert flows["talent"].origin_country == "JP"
    assert {flow.producer_kind for flow in flows.values()} == {"import"}
    assert flows["enterprise"].producer_ref == "history-2023.xlsx"
    assert flows["enterprise"].producer_item == "2"


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({3: "Atlantis"}, "origin_country", "Atlantis"),
        ({13: ""}, "evidence_number", "evidence"),
        ({9: "-500", 10: "CNY"}, "value", "negative"),
        ({11: "next spring"}, "occurred_on", "YYYY-MM-DD"),
        ({7: 999999}, "carrier_id", "999999"),
    ],
)
def test_one_bad_row_writes_nothing_and_names_the_row_and_the_reason(
    operator, client_as, organisations, change, column, words
):
    carrier, station = organisations
    rows = good_rows(carrier.pk, station.pk)
    for index, value in change.items():
        rows[1][index] = value
    response = client_as(operator).post(
        "/flows/import/", {"file": SimpleUploadedFile("history.xlsx", workbook(rows))}
    )
    assert response.status_code == 422
    assert not Flow.objects.exists()
    problems = response.context["problems"]
    assert [(problem["row"], problem["column"]) for problem in problems] == [(3, column)]
    assert words.lower() in problems[0]["message"].lower()
    assert (
        "Nothing was imported" in response.content.decode() or "未导入任何数据" in response.content.decode()
    )


def test_the_action_itself_refuses_the_whole_file_for_one_bad_row(organisations):
    carrier, station = organisations
    rows = good_rows(carrier.pk, station.pk)
    rows[2][3] = "Narnia"
    with translation.override("en"), pytest.raises(Exception) as error:
        do_import_flows(workbook(rows), "history.xlsx")
    assert "Row 4" in str(error.value)
    assert "Narnia" in str(error.value)
    assert not Flow.objects.exists()


def test_carrier_staff_cannot_import_flows(incubator, client_as, organisations):
    carrier, station = organisations
    response = client_as(incubator).post(
        "/flows/import/", {"file": SimpleUploadedFile("h.xlsx", workbook(good_rows(carrier.pk, station.pk)))}
    )
    assert response.status_code == 403
    assert not Flow.objects.exists()


def test_an_operator_imports_rates_from_csv_and_flows_then_use_them(operator, client_as, db):
    content = b"currency,date,rate_to_cny\nUSD,2024-01-02,7.1\neur,2024-01-02,7.85\n"
    response = client_as(operator).post("/flows/rates/", {"file": SimpleUploadedFile("rates.csv", content)})
    assert response.status_code == 302
    assert CurrencyRate.objects.get(currency="EUR").rate_to_cny == Decimal("7.85")
    assert CurrencyRate.objects.get(currency="USD").source == "rates.csv"
    page = client_as(operator).get("/flows/rates/")
    assert "7.85" in page.content.decode()


def test_rates_from_xlsx_with_a_bad_row_write_nothing(operator, api_as, db):
    content = workbook(
        [["USD", dt.date(2024, 1, 2), 7.1], ["USD", dt.date(2024, 2, 1), -1]],
        ["currency", "date", "rate_to_cny"],
    )
    client = api_as(operator)
    response = client.client.post(
        "/api/v1/currency-rates/import",
        {"file": SimpleUploadedFile("rates.xlsx", content)},
        headers={"Authorization": f"Bearer {client.key}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["row"] == 3
    assert not CurrencyRate.objects.exists()


def test_it_refuses_a_file_that_is_not_a_spreadsheet(operator, client_as, db):
    response = client_as(operator).post(
        "/flows/import/", {"file": SimpleUploadedFile("flows.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 422
    assert not Flow.objects.exists()
