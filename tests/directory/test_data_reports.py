"""Periodic data reports: filed as revisions, never overwritten; the policy engine's input; stale data reminders."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core import mail

from hatchway.directory.actions import do_file_data_report, do_send_stale_data_reminders
from hatchway.directory.figures import enterprise_policy_input, fen_to_yuan
from hatchway.directory.models import DataReport, Organisation, OrganisationKind, StaleDataReminder
from tests.conftest import ApiClient, make_organisation
from tests.directory.conftest import own_organisation

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

FIGURES: dict[str, Any] = {
    "sales_revenue_fen": 12_345_650,  # 123,456.50 yuan
    "rd_expense_fen": 1_000_000,
    "rd_expense_domestic_fen": 900_000,
    "income_total_fen": 13_000_000,
    "non_taxable_income_fen": 100_000,
    "high_tech_income_fen": 9_000_000,
    "net_assets_fen": -250_000,
    "total_assets_fen": 20_000_000,
    "total_cost_expense_fen": 11_000_000,
    "employees_avg": "12.5",
    "tech_staff_avg": "4.25",
    "ip_class_i_count": 2,
    "ip_class_ii_count": 7,
    "overseas_staff_count": 3,
}


def file(enterprise: Organisation, year: int, when: datetime.datetime, **changes) -> DataReport:
    figures = {**FIGURES, **changes}
    figures["employees_avg"] = float(figures["employees_avg"])
    figures["tech_staff_avg"] = float(figures["tech_staff_avg"])
    return do_file_data_report(enterprise, fiscal_year=year, now=when, **figures)


@time_machine.travel(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_filing_the_same_year_again_adds_a_revision_and_keeps_the_first(founder):
    enterprise = own_organisation(founder)
    api = ApiClient(founder)
    first = api.post(f"/organisations/{enterprise.pk}/data-reports", {"fiscal_year": 2025, **FIGURES})
    assert first.status_code == 201, first.json()
    second = api.post(
        f"/organisations/{enterprise.pk}/data-reports",
        {"fiscal_year": 2025, **FIGURES, "sales_revenue_fen": 20_000_000},
    )
    assert (second.json()["revision"], second.json()["is_current"]) == (2, True)
    history = api.get(f"/organisations/{enterprise.pk}/data-reports").json()["items"]
    assert [(item["revision"], item["is_current"], item["sales_revenue_fen"]) for item in history] == [
        (2, True, 20_000_000),
        (1, False, 12_345_650),
    ]
    current = api.get(f"/organisations/{enterprise.pk}/data-reports?current=true").json()
    assert current["count"] == 1
    assert DataReport.objects.filter(enterprise=enterprise).count() == 2
    assert DataReport.objects.get(revision=1).sales_revenue_fen == 12_345_650


@time_machine.travel(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_a_quarter_is_a_period_of_its_own(founder):
    enterprise = own_organisation(founder)
    file(enterprise, 2025, datetime.datetime(2026, 3, 1, tzinfo=SHANGHAI))
    quarter = do_file_data_report(
        enterprise, fiscal_year=2026, quarter=1, **{**FIGURES, "employees_avg": 12, "tech_staff_avg": 4}
    )
    assert (quarter.revision, quarter.period) == (1, "2026 Q1")
    assert DataReport.objects.current().count() == 2


@pytest.mark.parametrize(
    ("changes", "location"),
    [
        ({"rd_expense_domestic_fen": 2_000_000}, "body.rd_expense_domestic_fen"),
        ({"tech_staff_avg": 20}, "body.tech_staff_avg"),
        ({"high_tech_income_fen": 99_000_000}, "body.high_tech_income_fen"),
        ({"sales_revenue_fen": -1}, "body.sales_revenue_fen"),
        ({"quarter": 5}, "body.quarter"),
        ({"fiscal_year": 2031}, "body.fiscal_year"),
    ],
)
@time_machine.travel(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_inconsistent_figures_are_refused_at_their_location_and_nothing_is_filed(founder, changes, location):
    enterprise = own_organisation(founder)
    body = {"fiscal_year": 2025, **FIGURES, **changes}
    response = ApiClient(founder).post(f"/organisations/{enterprise.pk}/data-reports", body)
    assert response.status_code == 422, response.json()
    assert location in [error["location"] for error in response.json()["errors"]]
    assert not DataReport.objects.exists()


def test_only_enterprises_file_reports_and_only_those_who_may_edit_them(
    founder, incubator, investor, incubated
):
    investor_org = own_organisation(investor)
    body = {"fiscal_year": 2025, **FIGURES}
    assert ApiClient(investor).post(f"/organisations/{investor_org.pk}/data-reports", body).status_code == 422
    assert ApiClient(investor).post(f"/organisations/{incubated.pk}/data-reports", body).status_code == 403
    assert ApiClient(incubator).post(f"/organisations/{incubated.pk}/data-reports", body).status_code == 201
    assert DataReport.objects.get().enterprise == incubated


def test_amounts_round_from_fen_to_whole_yuan():
    assert [fen_to_yuan(value) for value in (12_345_650, 12_345_649, 0, -250_050, 99)] == [
        123_457,
        123_456,
        0,
        -2_501,
        1,
    ]


def test_the_policy_input_reads_what_was_filed_as_of_a_date(founder):
    enterprise = own_organisation(founder)
    enterprise.registration_date = datetime.date(2019, 6, 3)
    enterprise.save()
    file(enterprise, 2023, datetime.datetime(2024, 3, 1, tzinfo=SHANGHAI), sales_revenue_fen=5_000_000)
    file(enterprise, 2024, datetime.datetime(2025, 3, 1, tzinfo=SHANGHAI))
    file(enterprise, 2025, datetime.datetime(2026, 3, 1, tzinfo=SHANGHAI), ip_class_i_count=4)
    # A correction of 2025 filed in June: a determination in May still reads the March figures.
    file(enterprise, 2025, datetime.datetime(2026, 6, 1, tzinfo=SHANGHAI), sales_revenue_fen=50_000_000)

    may = enterprise_policy_input(enterprise, datetime.date(2026, 5, 1))
    assert may["registration_date"] == "2019-06-03"
    assert may["resident_enterprise_mainland"] is True
    assert [year["year"] for year in may["fiscal_years"]] == [2023, 2024, 2025]
    assert may["fiscal_years"][0]["sales_revenue_cny"] == 50_000
    assert may["last_fiscal_year"] == {
        "year": 2025,
        "sales_revenue_cny": 123_457,
        "rd_expense_cny": 10_000,
        "rd_expense_domestic_cny": 9_000,
        "net_assets_cny": -2_500,
        "income_total_cny": 130_000,
        "non_taxable_income_cny": 1_000,
        "high_tech_income_cny": 90_000,
        "total_assets_cny": 200_000,
        "total_cost_expense_cny": 110_000,
        "employees_avg": 12.5,
        "tech_staff_avg": 4.25,
        "overseas_staff_count": 3,
    }
    assert may["core_ip"] == {"class_i_count": 4, "class_ii_count": 7}
    july = enterprise_policy_input(enterprise, datetime.date(2026, 7, 1))
    assert july["last_fiscal_year"]["sales_revenue_cny"] == 500_000
    before = enterprise_policy_input(enterprise, datetime.date(2024, 2, 1))
    assert (before["fiscal_years"], before["last_fiscal_year"]) == ([], None)


def test_the_policy_input_is_served_to_those_who_see_private_data(founder, stranger):
    enterprise = own_organisation(founder)
    file(enterprise, 2025, datetime.datetime(2026, 3, 1, tzinfo=SHANGHAI))
    response = ApiClient(founder).get(f"/organisations/{enterprise.pk}/policy-input?as_of=2026-05-01")
    assert response.json()["last_fiscal_year"]["year"] == 2025
    assert (
        ApiClient(stranger).get(f"/organisations/{enterprise.pk}/policy-input?as_of=2026-05-01").status_code
        == 403
    )


def test_an_enterprise_without_last_years_report_is_stale(founder):
    filed = own_organisation(founder)
    file(filed, 2025, datetime.datetime(2026, 3, 1, tzinfo=SHANGHAI))
    old_only = make_organisation(OrganisationKind.ENTERPRISE, name_en="Old Only")
    file(old_only, 2024, datetime.datetime(2025, 3, 1, tzinfo=SHANGHAI))
    make_organisation(OrganisationKind.ENTERPRISE, name_en="Never Filed")
    founded_this_year = make_organisation(
        OrganisationKind.ENTERPRISE, name_en="Brand New", registration_date=datetime.date(2026, 2, 1)
    )
    make_organisation(OrganisationKind.INVESTOR, name_en="Not An Enterprise")
    stale = set(Organisation.objects.stale(datetime.date(2026, 5, 1)).values_list("name_en", flat=True))
    assert stale == {"Old Only", "Never Filed"}
    assert founded_this_year.name_en not in stale
    assert filed.name_en not in stale


def test_stale_enterprises_are_reminded_in_each_members_language_once_a_year(founder, colleague_of_founder):
    enterprise = own_organisation(founder)
    file(make_organisation(OrganisationKind.ENTERPRISE), 2025, datetime.datetime(2026, 3, 1, tzinfo=SHANGHAI))
    sent = do_send_stale_data_reminders(datetime.date(2026, 5, 1))
    assert sent == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    english = by_recipient[founder.email]
    chinese = by_recipient[colleague_of_founder.email]
    assert "2025 data report" in english.subject
    # Each message is rendered in its recipient's language: the enterprise is named in that language too.
    assert enterprise.name_en in english.subject
    assert enterprise.name_zh not in english.subject
    assert enterprise.name_zh in chinese.subject
    assert "2025" in chinese.subject
    assert StaleDataReminder.objects.get().fiscal_year == 2025

    assert do_send_stale_data_reminders(datetime.date(2026, 6, 1)) == 0
    assert len(mail.outbox) == 2
    # A new fiscal year brings a new reminder.
    assert do_send_stale_data_reminders(datetime.date(2027, 5, 1)) == 2
    assert len(mail.outbox) == 4


def test_a_report_filed_in_time_means_no_reminder(founder):
    enterprise = own_organisation(founder)
    file(enterprise, 2025, datetime.datetime(2026, 3, 1, tzinfo=SHANGHAI))
    assert do_send_stale_data_reminders(datetime.date(2026, 5, 1)) == 0
    assert mail.outbox == []


@time_machine.travel(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_the_filing_page_takes_yuan_and_stores_fen_and_shows_the_history(founder, client_as):
    enterprise = own_organisation(founder)
    client = client_as(founder)
    form = {
        "fiscal_year": "2025",
        "quarter": "",
        "sales_revenue_fen": "123456.50",
        "rd_expense_fen": "10000",
        "rd_expense_domestic_fen": "9000",
        "income_total_fen": "130000",
        "non_taxable_income_fen": "0",
        "high_tech_income_fen": "90000",
        "net_assets_fen": "-2500",
        "total_assets_fen": "200000",
        "total_cost_expense_fen": "110000",
        "employees_avg": "12.5",
        "tech_staff_avg": "4",
        "ip_class_i_count": "1",
        "ip_class_ii_count": "0",
        "overseas_staff_count": "0",
    }
    url = f"/organisations/{enterprise.pk}/reports/"
    assert client.post(url, form).status_code == 302
    assert client.post(url, {**form, "sales_revenue_fen": "200000"}).status_code == 302
    first, second = DataReport.objects.order_by("revision")
    assert (first.sales_revenue_fen, first.net_assets_fen, first.is_current) == (12_345_650, -250_000, False)
    assert (second.sales_revenue_fen, second.is_current) == (20_000_000, True)
    page = client.get(url).content.decode()
    assert "superseded" in page
    bad = client.post(url, {**form, "rd_expense_domestic_fen": "99999"})
    assert bad.status_code == 200
    assert "field-error" in bad.content.decode()
    assert DataReport.objects.count() == 2
