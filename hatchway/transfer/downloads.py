"""HTTP responses that carry a template or an export file (shared by the pages and the API)."""

from __future__ import annotations

import io
import tempfile

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone

from hatchway.accounts.models import User
from hatchway.errors import InvalidInput
from hatchway.transfer.actions import export_rows, headers, write_export, write_template
from hatchway.transfer.spec import Spec
from hatchway.transfer.tabular import utf8_bom

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class _Echo:
    def write(self, value: str) -> str:
        return value


def _check_format(file_format: str) -> None:
    if file_format not in CONTENT_TYPES:
        raise InvalidInput(f"format={file_format!r}: write csv or xlsx.")


def file_response(spec: Spec, user: User | None, file_format: str) -> HttpResponseBase:
    """A template (user None) or the user's export, as an attachment."""
    _check_format(file_format)
    stamp = timezone.localdate().isoformat()
    name = f"hatchway-{spec.name}-{'template' if user is None else stamp}.{file_format}"
    if file_format == "csv" and user is not None:
        import csv

        writer = csv.writer(_Echo())
        rows = (writer.writerow(row) for row in export_rows(spec, user))
        head = utf8_bom() + writer.writerow(headers(spec))
        response: HttpResponseBase = StreamingHttpResponse(
            (chunk for part in ([head], rows) for chunk in part), content_type=CONTENT_TYPES["csv"]
        )
    elif file_format == "csv":
        buffer = io.StringIO()
        write_template(spec, "csv", buffer)
        response = FileResponse(
            io.BytesIO(buffer.getvalue().encode("utf-8")), content_type=CONTENT_TYPES["csv"]
        )
    else:
        spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
        if user is None:
            write_template(spec, "xlsx", spool)
        else:
            write_export(spec, user, "xlsx", spool)
        spool.seek(0)
        response = FileResponse(spool, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
