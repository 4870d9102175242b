"""Verbs of import and export: start a job, run it, write an export or a template."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.errors import Forbidden, HatchwayError, InvalidInput
from hatchway.transfer.engine import ImportReport, import_file
from hatchway.transfer.models import ImportJob, ImportStatus
from hatchway.transfer.spec import Spec
from hatchway.transfer.tabular import detect_format, estimate_rows, utf8_bom, write_csv, write_xlsx

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# Files imported while the person waits (the ledger's history, currency rates) stay small.
MAX_IMMEDIATE_BYTES = 10 * 1024 * 1024
SUMMARY_ROWS = 20


def check_can_import(user: User, spec: Spec) -> None:
    if not spec.can_import(user):
        raise Forbidden(_("You may not import %(kind)s. Ask a platform operator.") % {"kind": spec.label})


@transaction.atomic
def do_start_import(user: User, spec: Spec, upload: UploadedFile, *, dry_run: bool) -> ImportJob:
    """Store the uploaded file and queue its import; the work happens in the background."""
    check_can_import(user, spec)
    file_format = detect_format(upload.name or "")
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise InvalidInput(_("The file is larger than 200 MB. Split it into several files."))
    job = ImportJob(
        spec=spec.name,
        original_name=(upload.name or "")[:255],
        file_format=file_format,
        dry_run=dry_run,
        language=translation.get_language() or "zh-hans",
        created_by=user,
    )
    job.file.save(f"{spec.name}.{file_format}", upload, save=False)
    job.rows_total = estimate_rows(Path(job.file.path), file_format)
    job.save()
    from hatchway.transfer.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def do_import_now(user: User, spec: Spec, upload: UploadedFile) -> ImportReport:
    """Import a small file while the person waits: check every row, then write all of them or none.

    Raises InvalidInput listing each bad row and column (``errors``), when there is one; nothing is written.
    """
    check_can_import(user, spec)
    file_format = detect_format(upload.name or "")
    if upload.size is not None and upload.size > MAX_IMMEDIATE_BYTES:
        message = _("The file is larger than 10 MB. Split it and upload the parts one after another.")
        raise InvalidInput(message, errors=[{"location": "file", "message": message}])
    with tempfile.TemporaryDirectory(prefix="hatchway-import-") as folder:
        path = Path(folder) / f"upload.{file_format}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        report = import_file(spec, path, file_format, user, source=upload.name or "")
    if report.error_count:
        raise rejected(spec, report)
    if not report.rows:
        raise InvalidInput(_("The file has no rows. Write one record a row under the header row."))
    return report


def rejected(spec: Spec, report: ImportReport) -> InvalidInput:
    """The error for a file with bad rows: a summary that names them, and each one located by column key."""
    keys = {column.label: column.key for column in spec.columns}
    located = [
        {
            "location": f"row {error.row}.{keys.get(error.column, error.column)}",
            "row": error.row,
            "column": keys.get(error.column, error.column),
            "label": error.column,
            "value": error.value,
            "message": error.message,
        }
        for error in report.errors
    ]
    lines = [
        _("Row %(row)d, column “%(column)s”: %(message)s")
        % {"row": error.row, "column": error.column, "message": error.message}
        for error in report.errors[:SUMMARY_ROWS]
    ]
    summary = _("Nothing was imported; correct these rows and upload the file again.") + " " + " ".join(lines)
    return InvalidInput(summary, errors=located)


def do_run_import(job: ImportJob) -> ImportJob:
    """Run a queued job: check, then write all or nothing; record the outcome on the job."""
    from hatchway.transfer.spec import get_spec

    spec = get_spec(job.spec)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, rows_done=0)

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=F("rows_done") + rows)

    try:
        if spec is None:
            raise InvalidInput(_("Unknown file type “%(name)s”.") % {"name": job.spec})
        with translation.override(job.language):
            report = import_file(
                spec,
                Path(job.file.path),
                job.file_format,
                job.created_by,
                dry_run=job.dry_run,
                progress=progress,
                source=job.original_name,
            )
    except HatchwayError as error:
        _finish(job, ImportStatus.REJECTED, ImportReport(), failure=str(error.message))
    except Exception as error:
        logger.exception("Import %s failed", job.pk)
        _finish(job, ImportStatus.FAILED, ImportReport(), failure=f"{type(error).__name__}: {error}")
    else:
        if report.error_count:
            status = ImportStatus.REJECTED
        elif job.dry_run:
            status = ImportStatus.CHECKED
        else:
            status = ImportStatus.DONE
        _finish(job, status, report)
    job.refresh_from_db()
    return job


def _finish(job: ImportJob, status: str, report: ImportReport, failure: str = "") -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        rows_total=report.rows or job.rows_total,
        created_count=report.created,
        updated_count=report.updated,
        unchanged_count=report.unchanged,
        error_count=report.error_count,
        errors=[error.as_dict() for error in report.errors],
        preview=report.preview,
        failure=failure,
        finished_at=timezone.now(),
    )


def headers(spec: Spec) -> list[str]:
    return [column.label for column in spec.columns]


def export_rows(spec: Spec, user: User) -> Iterator[list[Any]]:
    for values in spec.export_records(user):
        yield [column.format(values.get(column.key)) for column in spec.columns]


def column_notes(spec: Spec) -> Sequence[Sequence[str]]:
    notes = [[_("Column"), _("Required"), _("What to write"), _("Example")]]
    for column in spec.columns:
        notes.append(
            [column.label, _("yes") if column.required else _("no"), column.help, str(column.example)]
        )
    return notes


def write_export(spec: Spec, user: User, file_format: str, handle: IO[Any]) -> None:
    """Write every record the user may see, in the user's language, in a file that imports unchanged."""
    if file_format == "csv":
        handle.write(utf8_bom())
        write_csv(handle, headers(spec), export_rows(spec, user))
    else:
        write_xlsx(handle, headers(spec), export_rows(spec, user), notes=column_notes(spec))


def write_template(spec: Spec, file_format: str, handle: IO[Any]) -> None:
    """The header row alone (so no sample row is imported by mistake); XLSX adds a sheet explaining each column."""
    if file_format == "csv":
        handle.write(utf8_bom())
        write_csv(handle, headers(spec), [])
    else:
        write_xlsx(handle, headers(spec), [], notes=column_notes(spec))
