"""Background tasks (django-tasks; the database backend in production, immediate in tests)."""

from __future__ import annotations

from django_tasks import task

from hatchway.policy.models import PolicyRun


@task()
def evaluate_policy_run(run_id: int) -> str:
    from hatchway.policy.actions import do_evaluate_run

    run = PolicyRun.objects.get(pk=run_id)
    return str(do_evaluate_run(run).status)
