"""Background tasks (django-tasks; the database backend in production, immediate in tests)."""

from __future__ import annotations

from django_tasks import task

from hatchway.brokerage.models import ScheduleRun


@task()
def compute_schedule(run_id: int, notify: bool = True) -> str:
    """Compute a queued brokerage schedule run; its outcome (or failure) is kept on the run."""
    from hatchway.brokerage.actions import do_run_schedule

    run = ScheduleRun.objects.get(pk=run_id)
    return str(do_run_schedule(run, notify=notify).status)
