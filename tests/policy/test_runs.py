"""Proactive eligibility runs: every enterprise evaluated from its filed figures, stored, approved, told."""

from __future__ import annotations

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from hatchway.notices.models import Notice
from hatchway.policy import actions
from hatchway.policy.actions import do_approve_run, do_evaluate_run, do_start_run
from hatchway.policy.engine import get_programme
from hatchway.policy.models import Determination, PolicyRun, RunStatus
from tests.conftest import make_user
from tests.policy.eligibility import AS_OF, DECLARED, make_enterprise, run_now

pytestmark = pytest.mark.django_db


def _snapshot(run: PolicyRun) -> list[tuple]:
    return list(
        run.determinations.order_by("enterprise_id").values_list(
            "enterprise_id", "eligible", "near_miss", "failing", "unknown", "hints", "input", "trace"
        )
    )


def test_a_run_stores_a_determination_per_enterprise_with_rule_file_input_and_trace(
    operator, django_capture_on_commit_callbacks
):
    eligible = make_enterprise()
    near = make_enterprise(rd_yuan=400_000)
    unknown = make_enterprise(declared=None)
    with django_capture_on_commit_callbacks(execute=True):  # the queued task runs (immediate backend)
        run = do_start_run(operator, "hnte", AS_OF)
    run.refresh_from_db()
    hnte = get_programme("hnte")
    assert (run.status, run.progress_done, run.progress_total) == (RunStatus.DONE, 3, 3)
    assert (run.rules_version, run.rules_sha256) == (hnte.version, hnte.sha256)
    by_enterprise = {d.enterprise_id: d for d in run.determinations.all()}
    assert by_enterprise[eligible.pk].eligible is True
    assert by_enterprise[eligible.pk].input["application_date"] == "2025-06-01"
    assert by_enterprise[eligible.pk].input["fiscal_years"][0]["sales_revenue_cny"] == 10_000_000
    miss = by_enterprise[near.pk]
    assert (miss.eligible, miss.near_miss, miss.failing) == (False, True, ["hnte.rd_expense_ratio"])
    # 5% of 30M sales over three years is 1.5M; 1.2M was spent.
    assert miss.hints == {"hnte.rd_expense_ratio": {"additional_rd_expense_cny": 300_000}}
    open_question = by_enterprise[unknown.pk]
    assert open_question.eligible is None
    assert "innovation_subscores.ip" in open_question.missing_inputs
    step = next(s for s in miss.explained_trace() if s["criterion"] == "hnte.rd_expense_ratio")
    assert step["result"] == "fail"
    assert step["article"]["zh"].startswith("32号")
    assert run.counts() == {"eligible": 1, "not": 1, "unknown": 1, "near_miss": 1}


def test_starting_the_same_programme_date_and_rules_again_reuses_the_run_and_updates_it(operator):
    make_enterprise()
    first = run_now(operator, "hnte")
    before = _snapshot(first)
    again = run_now(operator, "hnte")
    assert again.pk == first.pk
    assert PolicyRun.objects.count() == 1
    assert Determination.objects.count() == 1
    assert _snapshot(again) == before


def test_a_run_killed_after_its_first_batch_and_started_again_gives_the_same_determinations(
    operator, monkeypatch
):
    for index in range(5):
        make_enterprise(rd_yuan=400_000 if index % 2 else 600_000, declared=None if index == 4 else DECLARED)
    monkeypatch.setattr(actions, "BATCH_SIZE", 2)
    clean = run_now(operator, "tsme")
    expected = _snapshot(clean)
    clean.delete()

    class Killed(BaseException):
        """Stands for the worker process dying: no handler in the run sees it."""

    def die_after_first_batch(done: int, total: int) -> None:
        raise Killed

    with time_machine.travel("2025-06-02 08:00Z", tick=False):
        run = do_start_run(operator, "tsme", AS_OF, enqueue=False)
        with pytest.raises(Killed):
            do_evaluate_run(run, batch_size=2, progress=die_after_first_batch)
        run.refresh_from_db()
        assert (run.status, run.progress_done, run.determinations.count()) == (RunStatus.RUNNING, 2, 2)
        # Still fresh: asking again returns the run in progress rather than a second worker.
        assert do_start_run(operator, "tsme", AS_OF, enqueue=False).status == RunStatus.RUNNING
    with time_machine.travel("2025-06-02 08:30Z", tick=False):
        restarted = run_now(operator, "tsme")
    assert restarted.pk == run.pk
    assert restarted.status == RunStatus.DONE
    assert _snapshot(restarted) == expected


def test_a_failure_is_kept_on_the_run_and_stays_visible(operator, monkeypatch):
    make_enterprise()

    def broken(*args, **kwargs):
        raise ValueError("figures unreadable")

    monkeypatch.setattr(actions, "evaluate_batch", broken)
    run = run_now(operator, "hnte")
    assert run.status == RunStatus.FAILED
    assert "figures unreadable" in run.error


def test_approving_tells_newly_eligible_near_miss_and_unknown_enterprises_once(
    operator, founder, mailoutbox, django_capture_on_commit_callbacks
):
    chinese_reader = make_user("zhang@example.cn", language="zh-hans")
    eligible = make_enterprise(members=[founder])
    make_enterprise(rd_yuan=400_000, members=[chinese_reader])
    unknown_member = make_user("li@example.cn", language="en")
    make_enterprise(declared=None, members=[unknown_member])
    make_enterprise(rd_yuan=400_000, registration_date=AS_OF)  # not eligible, not a near miss, no members
    run = run_now(operator, "hnte")
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the commit
        do_approve_run(operator, run)
        do_approve_run(operator, run)  # approving twice tells nobody twice

    told = Notice.objects.get(recipient=founder)
    assert told.kind == "policy.eligible"
    assert "High and New Technology Enterprise recognition" in told.subject_en
    assert "高新技术企业认定" in told.subject_zh
    assert told.url == f"/policy/enterprises/{eligible.pk}/"
    close = Notice.objects.get(recipient=chinese_reader)
    assert close.kind == "policy.near_miss"
    assert "300000" in close.body_en
    assert "300000" in close.body_zh
    missing = Notice.objects.get(recipient=unknown_member)
    assert missing.kind == "policy.missing_figures"
    # Figures and gaps are named in words, never as field paths; plain text, so "R&D" is not escaped.
    assert "Innovation score: intellectual property (0–30)" in missing.body_en
    assert "innovation_subscores" not in missing.body_en
    assert "Additional R&D expense needed (yuan) 300000" in close.body_en
    assert Notice.objects.count() == 3
    english = next(m for m in mailoutbox if m.to == [founder.email])
    assert "High and New Technology Enterprise recognition" in english.subject
    chinese = next(m for m in mailoutbox if m.to == [chinese_reader.email])
    assert "高新技术企业认定" in chinese.subject
    assert len(mailoutbox) == 3
    run.refresh_from_db()
    assert run.approved_by == operator


def test_an_enterprise_already_eligible_in_the_previous_approved_run_is_not_told_again(operator, founder):
    make_enterprise(members=[founder])
    do_approve_run(operator, run_now(operator, "hnte"))
    later = run_now(operator, "hnte", AS_OF.replace(month=7))
    do_approve_run(operator, later)
    assert Notice.objects.filter(recipient=founder, kind="policy.eligible").count() == 1


def test_an_unfinished_run_cannot_be_approved(operator):
    make_enterprise()
    run = do_start_run(operator, "hnte", AS_OF, enqueue=False)
    with pytest.raises(Exception) as caught:
        do_approve_run(operator, run)
    assert getattr(caught.value, "code", None) == "conflict"


def test_the_command_line_runs_a_programme_and_prints_progress(operator, capsys):
    make_enterprise()
    call_command("policy", "run", "--programme", "tsme", "--as-of", "2025-06-01")
    out = capsys.readouterr().out
    assert "1/1 enterprises evaluated" in out
    assert PolicyRun.objects.get(programme="tsme").status == RunStatus.DONE


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--programme", "nope", "--as-of", "2025-06-01"], "nope"),
        (["--programme", "hnte", "--as-of", "2025-02-30"], "is not a date"),
        (["--programme", "district_reward_first_hnte", "--as-of", "2025-06-01"], "template"),
    ],
)
def test_the_command_line_fails_with_a_clear_message(db, arguments, message):
    with translation.override("en"), pytest.raises(CommandError, match=message):
        call_command("policy", "run", *arguments)


def test_the_kpi_counts_enterprises_eligible_without_applying_once_a_run_is_approved(operator):
    from hatchway.flows.models import Flow
    from hatchway.reports.kpis import KPI_BY_ID, KpiFilters

    kpi = KPI_BY_ID["policy_eligible_without_applying"]
    make_enterprise()
    make_enterprise(rd_yuan=400_000)
    run = run_now(operator, "hnte")
    assert kpi.value(KpiFilters.for_year(2025), Flow.objects.none()) is None  # nothing approved yet
    do_approve_run(operator, run)
    do_approve_run(operator, run_now(operator, "hnte", AS_OF.replace(month=7)))
    assert (
        kpi.value(KpiFilters.for_year(2025), Flow.objects.none()) == 1
    )  # the same enterprise in two runs counts once
    assert kpi.value(KpiFilters.for_year(2024), Flow.objects.none()) == 0


def test_the_demo_runs_and_approves_both_programmes_once(operator):
    from hatchway.policy.demo import build_demo_determinations

    make_enterprise(declared=None)
    make_enterprise(declared=None)
    first = build_demo_determinations(as_of=AS_OF)
    again = build_demo_determinations(as_of=AS_OF)
    assert first["determinations_hnte"] == first["determinations_tsme"] == 2
    assert again["declared_facts"] == 0
    assert PolicyRun.objects.approved().count() == 2
