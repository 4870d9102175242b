"""Data reports as spreadsheets: amounts in yuan, never overwritten (a changed row is a new revision)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from hatchway.directory.actions import do_file_data_report
from hatchway.directory.models import DataReport, Membership
from tests.conftest import make_organisation
from tests.transfer.conftest import body, read_xlsx, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_june_2026():
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), tick=False):
        yield


HEADER = [
    "Enterprise ID",
    "Fiscal year",
    "Quarter",
    "Sales revenue (yuan)",
    "R&D expense (yuan)",
    "R&D expense incurred in China (yuan)",
    "Total income (yuan)",
    "Non-taxable income (yuan)",
    "High-tech product and service income (yuan)",
    "Net assets at year end (yuan)",
    "Total assets at year end (yuan)",
    "Total cost and expense (yuan)",
    "Employees (monthly average)",
    "Technical staff (monthly average)",
    "Class I intellectual property",
    "Class II intellectual property",
    "Staff working overseas",
]
FIGURES = [
    52000000,
    4800000.5,
    4500000,
    53000000,
    0,
    40000000,
    -180000,
    30000000,
    46000000,
    85.5,
    21,
    2,
    7,
    4,
]


def own(user):
    return Membership.objects.filter(user=user).exclude(organisation=None).get().organisation


def test_a_member_files_reports_in_yuan_and_a_changed_row_becomes_a_new_revision(founder, api_import):
    firm = own(founder)
    job = api_import(
        founder, "data_reports", xlsx([HEADER, [firm.pk, 2025, "", *FIGURES], [firm.pk, 2026, 1, *FIGURES]])
    )
    assert (job["status"], job["created_count"]) == ("done", 2)
    annual = DataReport.objects.get(enterprise=firm, fiscal_year=2025, quarter=None)
    assert (annual.rd_expense_fen, annual.net_assets_fen, str(annual.employees_avg)) == (
        480000050,
        -18000000,
        "85.50",
    )
    assert annual.filed_by == founder
    again = api_import(founder, "data_reports", xlsx([HEADER, [firm.pk, 2025, "", *FIGURES]]))
    assert (again["created_count"], again["updated_count"], again["unchanged_count"]) == (0, 0, 1)
    assert DataReport.objects.filter(enterprise=firm, fiscal_year=2025).count() == 1
    changed = [*FIGURES]
    changed[0] = 60000000
    revised = api_import(founder, "data_reports", xlsx([HEADER, [firm.pk, 2025, "", *changed]]))
    assert revised["updated_count"] == 1
    history = list(
        DataReport.objects.filter(enterprise=firm, fiscal_year=2025, quarter=None).order_by("revision")
    )
    assert [(r.revision, r.is_current, r.sales_revenue_fen) for r in history] == [
        (1, False, 5200000000),
        (2, True, 6000000000),
    ]


def test_bad_figures_are_located_with_advice_in_yuan(founder, api_import):
    firm = own(founder)
    bad: list[object] = [*FIGURES]
    bad[0] = "12,5万"
    inconsistent = [*FIGURES]
    inconsistent[2] = 9000000  # domestic R&D above the total
    job = api_import(
        founder,
        "data_reports",
        xlsx(
            [
                HEADER,
                [firm.pk, 2025, "", *bad],
                [firm.pk, 2027, "", *FIGURES],
                [firm.pk, 2024, 5, *FIGURES],
                [firm.pk, 2023, "", *inconsistent],
                [firm.pk, 2025, "", *FIGURES],
            ]
        ),
    )
    assert {(e["row"], e["column"]) for e in job["errors"]} == {
        (2, "Sales revenue (yuan)"),
        (3, "Fiscal year"),
        (4, "Quarter"),
        (5, "R&D expense incurred in China (yuan)"),
    }
    money = next(e for e in job["errors"] if e["row"] == 2)
    assert money["value"] == "12,5万"
    assert "not a number of yuan" in money["message"]
    assert not DataReport.objects.exists()


def test_a_period_twice_in_one_file_is_refused(founder, api_import):
    firm = own(founder)
    job = api_import(
        founder, "data_reports", xlsx([HEADER, [firm.pk, 2025, "", *FIGURES], [firm.pk, 2025, "", *FIGURES]])
    )
    assert [(e["row"], e["column"]) for e in job["errors"]] == [(3, "Fiscal year")]


def test_carrier_staff_file_for_enterprises_they_incubate_and_no_others(incubator, api_import, api_export):
    carrier = own(incubator)
    incubated = make_organisation(incubating_carrier=carrier)
    other = make_organisation()
    job = api_import(
        incubator,
        "data_reports",
        xlsx([HEADER, [incubated.pk, 2025, "", *FIGURES], [other.pk, 2025, "", *FIGURES]]),
    )
    assert [(e["row"], e["column"]) for e in job["errors"]] == [(3, "Enterprise ID")]
    job = api_import(incubator, "data_reports", xlsx([HEADER, [incubated.pk, 2025, "", *FIGURES]]))
    assert job["status"] == "done"
    do_file_data_report(other, fiscal_year=2025, sales_revenue_fen=1)
    exported = read_xlsx(body(api_export(incubator, "data_reports")))
    assert [row[0] for row in exported[1:]] == [incubated.pk]


@pytest.mark.parametrize("persona", ["investor", "talent", "stranger"])
def test_people_without_a_link_to_the_enterprise_neither_file_nor_export(
    persona, request, founder, api_import, api_export
):
    firm = own(founder)
    do_file_data_report(firm, fiscal_year=2025, sales_revenue_fen=100)
    user = request.getfixturevalue(persona)
    assert read_xlsx(body(api_export(user, "data_reports")))[1:] == []
    refused = api_import(user, "data_reports", xlsx([HEADER, [firm.pk, 2025, "", *FIGURES]]))
    assert refused.status_code == 403
    assert DataReport.objects.count() == 1


def test_an_export_imports_back_unchanged(operator, founder, api_import, api_export):
    firm = own(founder)
    do_file_data_report(
        firm, fiscal_year=2024, sales_revenue_fen=123456789, rd_expense_fen=101, employees_avg="12.25"
    )
    do_file_data_report(
        firm,
        fiscal_year=2024,
        sales_revenue_fen=123456790,
        net_assets_fen=-5,
        employees_avg="3.5",
        tech_staff_avg="3",
    )
    do_file_data_report(firm, fiscal_year=2025, quarter=2, overseas_staff_count=3)
    snapshot = list(DataReport.objects.order_by("pk").values())
    for file_format in ("xlsx", "csv"):
        content = body(api_export(operator, "data_reports", file_format))
        job = api_import(operator, "data_reports", content, name=f"reports.{file_format}")
        assert (job["status"], job["created_count"], job["updated_count"], job["unchanged_count"]) == (
            "done",
            0,
            0,
            2,
        )
    assert list(DataReport.objects.order_by("pk").values()) == snapshot


def test_a_dry_run_previews_the_rows_and_files_nothing(founder, api_import):
    firm = own(founder)
    job = api_import(founder, "data_reports", xlsx([HEADER, [firm.pk, 2025, "", *FIGURES]]), dry_run=True)
    assert (job["status"], job["preview"][0]["sales_revenue"]) == ("checked", "52000000")
    assert not DataReport.objects.exists()
