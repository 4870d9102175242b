"""Operators import historic flows and currency rates from spreadsheets: all rows, or none and why."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from hatchway.flows.actions import do_set_rate
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
def organisations(db):
    # Historic rates for 2023.
    do_set_rate("USD", dt.date(2023, 1, 1), Decimal("6.90"))
    return make_carrier(), make_station("DE")


def post_file(client, path: str, name: str, content: bytes):
    """Upload a file as the page or API would receive it (the API client carries its token)."""
    if hasattr(client, "key"):
        return client.client.post(
            f"/api/v1{path}",
            {"file": SimpleUploadedFile(name, content)},
            headers={"Authorization": f"Bearer {client.key}"},
        )
    return client.post(path, {"file": SimpleUploadedFile(name, content)})


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


def test_the_command_line_refuses_the_whole_file_for_one_bad_row(
    operator, organisations, tmp_path: Path, capsys
):
    carrier, station = organisations
    rows = good_rows(carrier.pk, station.pk)
    rows[2][3] = "Narnia"
    source = tmp_path / "history.xlsx"
    source.write_bytes(workbook(rows))
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_data", "flows", str(source), "--as", operator.email, "--lang", "en")
    assert "row 4, Origin country: 'Narnia'" in capsys.readouterr().out
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
    response = client_as(operator).post(
        "/flows/rates/import/", {"file": SimpleUploadedFile("rates.csv", content)}
    )
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


# Files saved by Excel in China: GB18030 rather than UTF-8, Chinese headers and text.

FLOWS_GB18030 = (
    "要素,方向,阶段,来源国,目的国,城市,海外站点,载体,相关方,金额,币种,日期,证明类型,证明编号,备注\n"
    "企业,引进,完成,德国,中国,上海,{station},{carrier},赫利克斯生物；张伟,,,2023-03-01,公司注册,91310000MA1AAAAA1,软着陆\n"
    "资金,入境,完成,美国,CN,上海,,{carrier},深蓝基金,1250000.50,USD,2023-04-02,投资协议,INV-2023-7,A轮\n"
)
RATES_GB18030 = "币种,日期,汇率,来源\nUSD,2024-01-02,7.1,中国外汇交易中心\nEUR,2024-01-02,7.85,\n"


def flows_gb18030(carrier_id: int, station_id: int, **replace: str) -> bytes:
    text = FLOWS_GB18030.format(carrier=carrier_id, station=station_id)
    for old, new in replace.items():
        text = text.replace(old, new)
    content = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # the file really is not UTF-8
    return content


@pytest.mark.parametrize("entry", ["page", "api"])
def test_a_gb18030_csv_of_flow_history_imports(entry, operator, client_as, api_as, organisations):
    carrier, station = organisations
    client = client_as(operator) if entry == "page" else api_as(operator)
    path = "/flows/import/" if entry == "page" else "/flows/import"
    response = post_file(client, path, "历史.csv", flows_gb18030(carrier.pk, station.pk))
    if entry == "page":
        assert response.status_code == 302, response.content.decode()
        assert response["Location"] == "/flows/"
    else:
        assert (response.status_code, response.json()) == (201, {"imported": 2})
    landing, investment = Flow.objects.order_by("producer_item")
    assert (landing.element, landing.direction, landing.origin_country, landing.city) == (
        "enterprise",
        "inbound",
        "DE",
        "上海",
    )
    assert landing.counterparties == ["赫利克斯生物", "张伟"]
    assert (landing.station, landing.carrier, landing.note) == (station, carrier, "软着陆")
    assert (landing.producer_kind, landing.producer_ref, landing.producer_item) == ("import", "历史.csv", "2")
    assert investment.value_minor == 125_000_050
    assert investment.value_cny_minor == round(125_000_050 * Decimal("6.90"))
    assert investment.evidence_kind == "investment_agreement"


@pytest.mark.parametrize("entry", ["page", "api"])
def test_a_bad_row_in_a_gb18030_flow_file_rejects_the_whole_file_with_a_located_error(
    entry, operator, client_as, api_as, organisations
):
    carrier, station = organisations
    content = flows_gb18030(carrier.pk, station.pk, **{"美国": "亚特兰蒂斯"})
    client = client_as(operator) if entry == "page" else api_as(operator)
    path = "/flows/import/" if entry == "page" else "/flows/import"
    response = post_file(client, path, "历史.csv", content)
    assert response.status_code == 422
    assert not Flow.objects.exists()
    if entry == "page":
        problems = response.context["problems"]
        assert "亚特兰蒂斯" in response.content.decode()
    else:
        body = response.json()
        problems = body["errors"]
        assert body["code"] == "invalid"
        # A token carries no language: the platform's default, Chinese, as for the other endpoints.
        assert "第 3 行，“来源国”列" in body["message"]
    assert [(problem["row"], problem["column"], problem["value"]) for problem in problems] == [
        (3, "origin_country", "亚特兰蒂斯")
    ]
    assert ("Write the ISO code" if entry == "page" else "请填写 ISO 代码") in problems[0]["message"]


def test_a_gb18030_csv_of_currency_rates_imports_on_the_page_and_through_the_api(
    operator, client_as, api_as, db
):
    content = RATES_GB18030.encode("gb18030")
    response = post_file(client_as(operator), "/flows/rates/import/", "汇率.csv", content)
    assert response.status_code == 302
    assert CurrencyRate.objects.get(currency="USD").source == "中国外汇交易中心"
    assert CurrencyRate.objects.get(currency="EUR").source == "汇率.csv"
    changed = RATES_GB18030.replace("7.85", "7.9").encode("gb18030")
    response = post_file(api_as(operator), "/currency-rates/import", "汇率.csv", changed)
    assert (response.status_code, response.json()) == (201, {"imported": 2})
    assert CurrencyRate.objects.get(currency="EUR").rate_to_cny == Decimal("7.9")
    assert CurrencyRate.objects.count() == 2


@pytest.mark.parametrize("entry", ["page", "api"])
def test_a_bad_row_in_a_gb18030_rates_file_rejects_the_whole_file_with_a_located_error(
    entry, operator, client_as, api_as, db
):
    content = (RATES_GB18030 + "日元,2024-01-02,0.05,日本银行\n").encode("gb18030")
    client = client_as(operator) if entry == "page" else api_as(operator)
    path = "/flows/rates/import/" if entry == "page" else "/currency-rates/import"
    response = post_file(client, path, "汇率.csv", content)
    assert response.status_code == 422
    assert not CurrencyRate.objects.exists()
    problems = response.context["problems"] if entry == "page" else response.json()["errors"]
    assert [(problem["row"], problem["column"], problem["value"]) for problem in problems] == [
        (4, "currency", "日元")
    ]


def test_a_rate_given_twice_in_one_file_is_refused(operator, api_as, db):
    content = b"currency,date,rate_to_cny\nUSD,2024-01-02,7.1\nUSD,2024-01-02,7.2\n"
    response = post_file(api_as(operator), "/currency-rates/import", "rates.csv", content)
    assert response.status_code == 422
    assert [(problem["row"], problem["column"]) for problem in response.json()["errors"]] == [(3, "date")]
    assert not CurrencyRate.objects.exists()


def test_an_amount_without_a_rate_on_that_day_is_located_and_nothing_is_written(
    operator, api_as, organisations
):
    carrier, station = organisations
    rows = good_rows(carrier.pk, station.pk)
    rows[1][11] = "2022-12-31"  # before the first USD rate
    response = post_file(api_as(operator), "/flows/import", "history.xlsx", workbook(rows))
    assert response.status_code == 422
    assert [(problem["row"], problem["column"]) for problem in response.json()["errors"]] == [(3, "currency")]
    assert not Flow.objects.exists()
