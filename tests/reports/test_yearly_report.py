"""The yearly report, in Chinese and English, as HTML, PDF and XLSX, from the demo data."""

from __future__ import annotations

import io
import json
import string
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.flows.demo import build_demo_flows
from hatchway.reports import narrative
from hatchway.reports.fonts import BUILT_IN_FONT, find_font
from hatchway.reports.kpis import KPI_BY_ID, KpiFilters, compute_kpis, format_value
from hatchway.web.demo import ORGANISATIONS
from tests.flows.conftest import make_carrier, organisation_of, record

pytestmark = pytest.mark.django_db

HEADINGS = {
    "zh": ["一、总体情况", "二、五大要素跨境流动", "三、海外站点与渠道"],
    "en": ["1. Overview", "2. The five elements"],
}


@pytest.fixture
def demo(db):
    """The demo directory's organisations (without its accounts, whose passwords take long to hash) and flows."""
    for spec in ORGANISATIONS:
        Organisation.objects.create(
            kind=spec.kind, name_zh=spec.name_zh, name_en=spec.name_en, country=spec.country
        )
    assert build_demo_flows(years=(2024,), scale=0.08) > 100


def kpi_values() -> dict[str, object]:
    out = io.StringIO()
    call_command("report", "kpis", "--year", "2024", "--format", "json", stdout=out)
    return {item["id"]: item["value"] for item in json.loads(out.getvalue())["kpis"]}


def write(tmp_path: Path, lang: str, fmt: str) -> Path:
    output = tmp_path / f"report-{lang}.{fmt}"
    call_command(
        "report",
        "yearly",
        "--year",
        "2024",
        "--lang",
        lang,
        "--format",
        fmt,
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    return output


def placeholders(texts: tuple[str, ...]) -> set[str]:
    return {name for text in texts for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_figure_in_the_narrative_comes_from_the_kpi_dictionary():
    for section in narrative.SECTIONS:
        names = placeholders(section.paragraphs_zh)
        assert names <= set(KPI_BY_ID) | {"year", "scope"}, names - set(KPI_BY_ID)
        # Both languages tell the same figures, and no figure is typed into the text.
        assert placeholders(section.paragraphs_en) == names
        for text in (*section.paragraphs_zh, *section.paragraphs_en):
            assert not any(char.isdigit() for char in text.replace("{year}", "")), text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_html_report_reads_like_the_letter_with_the_dictionarys_figures(demo, tmp_path, lang):
    html = write(tmp_path, lang, "html").read_text(encoding="utf-8")
    for heading in HEADINGS[lang]:
        assert heading in html
    values = kpi_values()
    for kpi_id in ("landed_overseas", "hard_tech_projects", "capital_inbound_cny"):
        assert format_value(values[kpi_id], KPI_BY_ID[kpi_id].unit, lang) in html  # type: ignore[arg-type]
    assert "<svg" in html
    assert "<script" not in html
    assert ('lang="zh-Hans"' if lang == "zh" else 'lang="en"') in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_report_has_extractable_text_in_its_language(demo, tmp_path, lang):
    path = write(tmp_path, lang, "pdf")
    reader = PdfReader(path)
    text = "".join(page.extract_text() for page in reader.pages)
    for heading in HEADINGS[lang]:
        assert heading in text
    landed = format_value(kpi_values()["landed_overseas"], "count", lang)  # type: ignore[arg-type]
    assert landed in text
    # The font this machine offers travels inside the file (a subset); without one, the built-in font is named.
    choice = find_font("")
    resources: Any = reader.pages[0]["/Resources"]
    names = [str(font.get_object()["/BaseFont"]).lstrip("/") for font in resources["/Font"].values()]
    if choice.embedded:
        assert any("+" in name for name in names), names  # a subset tag: "AAAAAA+WenQuanYiMicroHei-0"
    else:
        assert BUILT_IN_FONT in names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_xlsx_report_holds_the_kpis_as_numbers_and_a_chart(demo, tmp_path, lang):
    book = load_workbook(write(tmp_path, lang, "xlsx"))
    assert book.sheetnames == (
        ["报告", "指标", "月度", "站点"] if lang == "zh" else ["Report", "KPIs", "Monthly", "Stations"]
    )
    kpis = book.worksheets[1]
    values = {row[0]: row[2] for row in kpis.iter_rows(min_row=2, values_only=True)}
    assert values == kpi_values()
    monthly = book.worksheets[2]
    assert monthly.max_row == 13
    assert len(monthly._charts) == 1
    narrative_text = " ".join(str(row[0]) for row in book.worksheets[0].iter_rows(values_only=True) if row[0])
    assert HEADINGS[lang][0] in narrative_text


def test_a_carriers_report_counts_only_its_flows(demo):
    own = make_carrier()
    record(carrier=own)
    out = io.StringIO()
    call_command("report", "kpis", "--year", "2024", "--carrier", str(own.pk), stdout=out)
    assert {i["id"]: i["value"] for i in json.loads(out.getvalue())["kpis"]}["landed_overseas"] == 1


def test_operators_download_the_report_from_its_page(operator, client_as, demo):
    client = client_as(operator)
    form = client.get("/reports/yearly/")
    assert form.status_code == 200
    assert 'name="year"' in form.content.decode()
    response = client.get("/reports/yearly/?year=2024&lang=zh&format=pdf&carrier=")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "hatchway-report-2024-zh.pdf" in response["Content-Disposition"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "一、总体情况" in text
    assert compute_kpis(KpiFilters.for_year(2024))


def test_carrier_staff_download_only_their_own_carriers_report(incubator, client_as, db):
    own = organisation_of(incubator)
    other = make_carrier()
    client = client_as(incubator)
    assert client.get(f"/reports/yearly/?year=2024&lang=en&format=html&carrier={own.pk}").status_code == 200
    refused = client.get(f"/reports/yearly/?year=2024&lang=en&format=html&carrier={other.pk}")
    assert refused.status_code == 422  # not among the choices offered to them
    assert client.get("/reports/yearly/?year=2024&lang=en&format=html").status_code == 422
    assert own.kind == OrganisationKind.CARRIER


def test_a_bad_year_on_the_page_is_explained(operator, client_as, db):
    response = client_as(operator).get("/reports/yearly/?year=1850&lang=zh&format=pdf")
    assert response.status_code == 422
    assert "field-error" in response.content.decode()


@pytest.mark.parametrize("persona", ["founder", "stranger"])
def test_people_without_a_carrier_or_operator_role_get_no_report(request, client_as, db, persona):
    response = client_as(request.getfixturevalue(persona)).get(
        "/reports/yearly/?year=2024&lang=zh&format=html"
    )
    assert response.status_code == 403
