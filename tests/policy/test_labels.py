"""Every field, value, parameter and gap name a person meets is said in words, in one place (labels.py)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.utils import translation

from hatchway.policy import labels
from hatchway.policy.engine import evaluate_record, programmes
from tests.policy.eligibility import make_enterprise, run_now


def _names_in_traces() -> tuple[set[str], set[str]]:
    values, fields = set(), set()
    for programme in programmes().values():
        if programme.template:
            continue
        result = evaluate_record(programme, {programme.date_field: "2025-06-01"})
        fields |= set(result["missing_inputs"])
        for step in result["trace"]:
            values |= set(step["inputs"]) | set(step["derived"])
    return values, fields


def test_every_value_parameter_and_gap_of_the_shipped_rule_files_has_a_label():
    values, fields = _names_in_traces()
    for programme in programmes().values():
        values |= set(programme.derived)
        assert set(programme.parameters) <= set(labels.PARAMETERS), programme.id
        for criterion in programme.criteria:
            assert set(criterion.hint_formulas) <= set(labels.HINTS), criterion.id
    assert values <= set(labels.VALUES)
    assert all(labels.is_labelled_field(path) for path in fields), sorted(
        path for path in fields if not labels.is_labelled_field(path)
    )


@pytest.mark.parametrize(
    ("path", "english"),
    [
        ("innovation_subscores.ip", "Innovation score: intellectual property (0–30)"),
        ("fiscal_years[year=2024].rd_expense_cny", "R&D expense (yuan), fiscal year 2024"),
        ("fiscal_years[year=2023]", "Annual data report for 2023"),
        ("fiscal_years[2].sales_revenue_cny", "Sales revenue (yuan) (fiscal year no. 3 in the list)"),
        ("last_fiscal_year.tech_staff_avg", "Tech staff (annual average), last fiscal year"),
        ("major_incident_dates[1]", "Dates of major safety, quality or environmental incidents (item 2)"),
        ("direct_track.national_st_awards[0].year", "National S&T award: year (item 1)"),
        ("no_such_field", "no_such_field"),
    ],
)
def test_a_field_path_reads_as_words(path, english):
    with translation.override("en"):
        assert labels.field_label(path) == english


@pytest.mark.django_db
def test_the_run_table_the_page_and_the_export_name_gaps_and_figures_in_words(client_as, operator, founder):
    near = make_enterprise(rd_yuan=400_000, members=[founder])
    make_enterprise(declared=None)
    run = run_now(operator, "hnte")
    operator.language = "en"  # the pages and the export follow the reader's language
    operator.save(update_fields=["language"])
    table = client_as(operator).get(f"/policy/runs/{run.pk}/?outcome=unknown").content.decode()
    assert "Innovation score: conversion of achievements (0–30)" in table
    assert ">innovation_subscores.conversion<" not in table
    page = client_as(founder).get(f"/policy/enterprises/{near.pk}/").content.decode()
    assert "Additional R&amp;D expense needed (yuan) <strong>300000</strong>" in page
    assert "R&amp;D expense over the last three fiscal years (yuan)</span> = 1200000" in page
    assert "Minimum tech staff share</span> = 0.1 " in page
    assert "Resident enterprise registered in mainland China</span> = Yes<br>" in page  # not "True"
    assert "<h2>High and New Technology Enterprise recognition · Near miss</h2>" in page
    export = client_as(operator).get(f"/policy/runs/{run.pk}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    gaps = next(row[7] for row in rows if row[0] == near.pk)
    missing = next(row[6] for row in rows if row[0] != near.pk)
    derived = next(row[8] for row in rows if row[0] == near.pk)
    assert "Additional R&D expense needed (yuan) 300000" in gaps
    assert "Innovation score: growth (0–20)" in missing
    assert "R&D expense / revenue = 0.04" in derived
