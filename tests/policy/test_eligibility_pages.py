"""Pages: the operator's run page (start, progress, filters, approve, export), an enterprise's eligibility."""

from __future__ import annotations

import pytest
from django.utils import translation

from hatchway.policy.models import PolicyRun
from tests.policy.eligibility import make_enterprise, run_now

pytestmark = pytest.mark.django_db


def test_an_operator_starts_a_run_with_the_button_and_lands_on_its_page(
    client_as, operator, django_capture_on_commit_callbacks
):
    make_enterprise()
    client = client_as(operator)
    assert 'href="/policy/runs/"' in client.get("/policy/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/policy/runs/", {"programme": "hnte", "as_of": "2025-06-01"})
    run = PolicyRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/policy/runs/{run.pk}/"
    page = client.get(f"/policy/runs/{run.pk}/").content.decode()
    assert 'data-status="done"' in page
    assert f'action="/policy/runs/{run.pk}/approve/"' in page


def test_the_progress_fragment_polls_while_the_run_is_unfinished(client_as, operator):
    make_enterprise()
    client = client_as(operator)
    client.post("/policy/runs/", {"programme": "hnte", "as_of": "2025-06-01"})  # queued, no worker yet
    run = PolicyRun.objects.get()
    fragment = client.get(f"/policy/runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="queued"' in fragment
    assert 'hx-trigger="every 1s"' in fragment


def test_results_filter_by_outcome_and_approval_is_a_button(client_as, operator):
    make_enterprise()
    make_enterprise(rd_yuan=400_000)
    run = run_now(operator, "hnte")
    client = client_as(operator)
    near = client.get(f"/policy/runs/{run.pk}/?outcome=near_miss").content.decode()
    assert near.count('data-outcome="near_miss"') == 1
    assert 'data-outcome="eligible"' not in near
    assert client.post(f"/policy/runs/{run.pk}/approve/").status_code == 302
    run.refresh_from_db()
    assert run.approved_by == operator
    export = client.get(f"/policy/runs/{run.pk}/export.xlsx?outcome=eligible")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    export.close()


@pytest.mark.parametrize("persona", ["founder", "incubator", "stranger"])
def test_run_pages_are_for_operators_only(client_as, operator, persona, request):
    run = run_now(operator, "hnte")
    client = client_as(request.getfixturevalue(persona))
    assert client.get("/policy/runs/").status_code == 403
    assert client.get(f"/policy/runs/{run.pk}/").status_code == 403
    assert client.post(f"/policy/runs/{run.pk}/approve/").status_code == 403


def test_a_member_sees_the_trace_and_the_gap_in_their_language(client_as, operator, founder):
    enterprise = make_enterprise(rd_yuan=400_000, members=[founder])
    run_now(operator, "hnte")
    page = client_as(founder).get(f"/policy/enterprises/{enterprise.pk}/").content.decode()
    assert 'data-outcome="near_miss"' in page
    assert 'data-criterion="hnte.rd_expense_ratio" data-result="fail"' in page
    assert "No. 32, Art. 11(5)" in page  # the article, in English for the English-reading founder
    assert "300000" in page


def test_carrier_staff_of_its_carrier_see_it_and_others_do_not(client_as, operator, incubator, investor):
    from hatchway.directory.models import Membership

    carrier_id = Membership.objects.carrier_ids_of(incubator)[0]
    enterprise = make_enterprise(incubating_carrier_id=carrier_id)
    run_now(operator, "hnte")
    assert client_as(incubator).get(f"/policy/enterprises/{enterprise.pk}/").status_code == 200
    assert client_as(operator).get(f"/policy/enterprises/{enterprise.pk}/").status_code == 200
    assert client_as(investor).get(f"/policy/enterprises/{enterprise.pk}/").status_code == 403


def test_the_page_reads_in_chinese_for_a_chinese_reader(client_as, operator):
    from hatchway.directory.actions import do_grant_role
    from hatchway.directory.models import Role
    from tests.conftest import make_user

    reader = make_user("wang@example.cn", language="zh-hans")
    enterprise = make_enterprise(rd_yuan=400_000)
    do_grant_role(reader, Role.ENTERPRISE_MEMBER, enterprise)
    run_now(operator, "hnte")
    with translation.override("zh-hans"):
        page = client_as(reader).get(f"/policy/enterprises/{enterprise.pk}/").content.decode()
    assert "32号 第十一条（五）" in page
