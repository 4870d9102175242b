"""Background tasks (django-tasks; the database backend in production, immediate in tests)."""

from __future__ import annotations

from django_tasks import task

from hatchway.transfer.models import ImportJob


@task()
def run_import_job(job_id: int) -> str:
    from hatchway.transfer.actions import do_run_import

    job = ImportJob.objects.get(pk=job_id)
    return str(do_run_import(job).status)
