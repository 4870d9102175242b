"""A run reads each batch of enterprises in bulk: a handful of queries per batch, whatever its size."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hatchway.directory.actions import do_file_data_report
from hatchway.directory.figures import enterprise_policy_input
from hatchway.directory.models import Organisation
from hatchway.policy import actions
from hatchway.policy.engine import get_programme
from hatchway.policy.models import PolicyRun
from hatchway.policy.records import enterprise_record, enterprise_records
from tests.policy.eligibility import AS_OF, DECLARED, FILED, make_enterprise, run_now

pytestmark = pytest.mark.django_db


def _queries_of_a_run(operator, added: int) -> int:
    for index in range(added):
        make_enterprise(rd_yuan=400_000 if index % 2 else 600_000, declared=None if index == 3 else DECLARED)
    PolicyRun.objects.all().delete()
    with CaptureQueriesContext(connection) as captured:
        run = run_now(operator, "hnte")
    assert run.determinations.count() == Organisation.objects.filter(kind="enterprise").count()
    return len(captured.captured_queries)


def test_a_batch_costs_the_same_few_queries_for_three_enterprises_or_eight(operator, founder, monkeypatch):
    few = _queries_of_a_run(operator, 2)  # and the founder's enterprise
    more = _queries_of_a_run(operator, 5)
    assert few == more <= 20  # start, the list of ids, one batch, finish
    monkeypatch.setattr(actions, "BATCH_SIZE", 2)
    in_four_batches = _queries_of_a_run(operator, 0)
    # A batch reads its enterprises, their sectors, declared facts and data reports (4 queries), then
    # upserts the determinations and the progress in one transaction (2 statements and a savepoint pair).
    assert in_four_batches - more == 3 * 8


def test_the_bulk_record_is_the_directory_s_record_revisions_late_filings_and_all(operator):
    revised = make_enterprise()
    do_file_data_report(  # a later revision of 2024 filed before the date replaces the first one
        revised,
        fiscal_year=2024,
        now=FILED + datetime.timedelta(days=10),
        sales_revenue_fen=12_345_650,
        rd_expense_fen=1_000_049,
        employees_avg=51.5,
        tech_staff_avg=10,
        ip_class_ii_count=3,
    )
    late = make_enterprise()
    do_file_data_report(late, fiscal_year=2024, now=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC))
    bare = make_enterprise(country="DE", registration_date=None)
    bare.sectors.clear()
    programme = get_programme("tsme")
    enterprises = [revised, late, bare]
    for enterprise in enterprises:
        enterprise.refresh_from_db()
    bulk = enterprise_records(programme, enterprises, AS_OF, {})
    one_by_one = [enterprise_record(programme, enterprise, AS_OF) for enterprise in enterprises]
    assert bulk == one_by_one
    assert bulk[0]["last_fiscal_year"]["sales_revenue_cny"] == 123_457  # rounded from fen
    assert bulk[0]["ip"] == {"class_i_count": 0, "class_ii_count": 3}
    assert enterprise_policy_input(revised, AS_OF)["fiscal_years"] == bulk[0]["fiscal_years"]
    run = run_now(operator, "tsme")  # the run merges the declared facts over the same figures
    stored = run.determinations.get(enterprise=revised).input
    assert {key: stored[key] for key in bulk[0]} == bulk[0]
