"""Proactive eligibility in a real browser: an operator runs and approves, the enterprise reads and tries what-if."""

from __future__ import annotations

import pytest

from hatchway.policy import tasks
from hatchway.policy.actions import do_evaluate_run
from hatchway.policy.models import PolicyRun
from tests.conftest import PASSWORD
from tests.policy.eligibility import make_enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _Queue:
    """Holds the queued run instead of running it at once, so the page shows the run in progress."""

    def __init__(self) -> None:
        self.queued: list[int] = []

    def enqueue(self, run_id: int) -> None:
        self.queued.append(run_id)


def _sign_in(page, url: str, email: str) -> None:
    page.goto(url + "/accounts/sign-in/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/workspace/")


def test_an_operator_runs_and_approves_and_the_enterprise_reads_why_and_tries_what_if(
    live_server, new_page, watchdog, operator, founder, monkeypatch
):
    queue = _Queue()
    monkeypatch.setattr(tasks, "evaluate_policy_run", queue)
    # 400,000 yuan of R&D a year on 10M sales is 4%: a near miss of HNTE's 5% by 300,000 yuan.
    enterprise = make_enterprise(rd_yuan=400_000, members=[founder])

    desk = new_page(locale="en-US")
    _sign_in(desk, live_server.url, operator.email)
    desk.goto(live_server.url + "/policy/runs/")
    desk.select_option("select[name=programme]", "hnte")
    desk.fill("input[name=as_of]", "2025-06-01")
    desk.locator("main form button[type=submit]").click()
    desk.wait_for_url("**/policy/runs/*/")
    assert desk.locator("#run-status").get_attribute("data-status") == "queued"

    # The worker takes the run; the page, polling, shows it finish without a reload.
    do_evaluate_run(PolicyRun.objects.get(pk=queue.queued[0]))
    desk.locator("#run-status[data-status=done]").wait_for(timeout=5_000)
    desk.locator("#run-status a").click()  # "Show the results" (the operator reads Chinese)
    desk.locator("form[action$='/approve/'] button").click()
    desk.wait_for_load_state("load")
    assert desk.locator("form[action$='/approve/']").count() == 0
    assert PolicyRun.objects.get().approved_by == operator

    reader = new_page(locale="en-US")
    _sign_in(reader, live_server.url, founder.email)
    reader.goto(live_server.url + "/notices/")
    notice = reader.locator("article.notice", has_text="close to qualifying")
    assert "Additional R&D expense needed (yuan) 300000" in notice.inner_text()
    notice.locator("button", has_text="Open").click()
    reader.wait_for_url(f"**/policy/enterprises/{enterprise.pk}/")

    step = reader.locator("#programme-hnte tr[data-criterion='hnte.rd_expense_ratio']")
    assert step.get_attribute("data-result") == "fail"
    assert "No. 32, Art. 11(5)" in step.inner_text()
    assert "R&D expense over the last three fiscal years (yuan) = 1200000" in step.inner_text()

    reader.select_option("#what-if select[name=programme]", "hnte")
    reader.fill("#what-if input[name=rd_expense_cny]", "700000")
    reader.locator("#what-if button[type=submit]").click()
    result = reader.locator("#what-if-result")
    assert (result.get_attribute("data-before"), result.get_attribute("data-after")) == ("False", "True")
    flipped = result.locator("tr[data-changed=true]")
    assert flipped.count() == 1
    assert flipped.get_attribute("data-criterion") == "hnte.rd_expense_ratio"
    assert flipped.locator("mark").inner_text() == "Met"
    assert watchdog.external == []
    assert watchdog.console_errors == []
