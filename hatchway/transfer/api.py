"""API: file types, templates, exports and imports."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.api import ErrorOut, Pagination
from hatchway.transfer.access import access_export, access_import_job, access_spec
from hatchway.transfer.actions import do_import_now, do_start_import
from hatchway.transfer.downloads import file_response
from hatchway.transfer.models import ImportJob
from hatchway.transfer.spec import Spec, all_specs

router = Router(tags=["import and export"])


class ColumnOut(Schema):
    key: str
    label: str
    required: bool
    help: str


class FileTypeOut(Schema):
    name: str
    label: str
    importers: str
    may_import: bool
    may_export: bool
    columns: list[ColumnOut]


class ImportJobOut(Schema):
    id: int
    spec: str
    original_name: str
    status: str
    dry_run: bool
    rows_total: int
    rows_done: int
    percent: int
    created_count: int
    updated_count: int
    unchanged_count: int
    error_count: int
    errors: list[dict[str, Any]]
    preview: list[dict[str, Any]]
    failure: str
    created_at: datetime
    finished_at: datetime | None


class ImportForm(Schema):
    dry_run: bool = False


def _type_out(spec: Spec, user: User) -> dict[str, Any]:
    return {
        "name": spec.name,
        "label": spec.label,
        "importers": spec.importers,
        "may_import": spec.can_import(user),
        "may_export": spec.can_export(user),
        "columns": [
            {"key": column.key, "label": column.label, "required": column.required, "help": column.help}
            for column in spec.columns
        ],
    }


@router.get("/transfer/types", response={200: list[FileTypeOut], 401: ErrorOut}, summary="File types")
@paginate(Pagination)
def list_types(request: HttpRequest) -> list[dict[str, Any]]:
    user = check_signed_in(request.user)
    return [_type_out(spec, user) for spec in all_specs()]


@router.get(
    "/transfer/{name}/template",
    response={401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Empty template",
)
def template(request: HttpRequest, name: str, format: str = "xlsx") -> HttpResponseBase:
    return file_response(access_spec(request.user, name), None, format)


@router.get(
    "/transfer/{name}/export",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Export",
)
def export(request: HttpRequest, name: str, format: str = "xlsx") -> HttpResponseBase:
    spec, viewer = access_export(request.user, name)
    return file_response(spec, viewer, format)


@router.post(
    "/transfer/{name}/imports",
    response={202: ImportJobOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Import a file (checked first; all rows or none)",
)
def start_import(
    request: HttpRequest, name: str, file: File[UploadedFile], form: Form[ImportForm]
) -> Status[ImportJob]:
    spec = access_spec(request.user, name)
    job = do_start_import(check_signed_in(request.user), spec, file, dry_run=form.dry_run)
    job.refresh_from_db()
    return Status(202, job)


@router.get("/transfer/imports", response={200: list[ImportJobOut], 401: ErrorOut}, summary="My imports")
@paginate(Pagination)
def list_imports(request: HttpRequest) -> Any:
    return ImportJob.objects.filter(created_by=check_signed_in(request.user))


@router.get(
    "/transfer/imports/{job_id}",
    response={200: ImportJobOut, 401: ErrorOut, 404: ErrorOut},
    summary="One import",
)
def get_import(request: HttpRequest, job_id: int) -> ImportJob:
    return access_import_job(request.user, job_id)


# The ledger's imports: written while the caller waits, answered like the ledger's other endpoints.


class ImportedOut(Schema):
    imported: int


@router.post(
    "/flows/import",
    response={201: ImportedOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Import historic flows from an XLSX or CSV file (operators); one bad row and nothing is written",
    tags=["flows"],
)
def import_flows(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, int]]:
    spec = access_spec(request.user, "flows")
    report = do_import_now(check_signed_in(request.user), spec, file)
    return Status(201, {"imported": report.created})


@router.post(
    "/currency-rates/import",
    response={201: ImportedOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Import rates to CNY from CSV or XLSX (columns: currency, date, rate_to_cny)",
    tags=["flows"],
)
def import_rates(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, int]]:
    spec = access_spec(request.user, "currency_rates")
    report = do_import_now(check_signed_in(request.user), spec, file)
    return Status(201, {"imported": report.created + report.updated})
