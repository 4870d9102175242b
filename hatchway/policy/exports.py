"""A run's results as an XLSX workbook, headers and outcomes in the viewer's language."""

from __future__ import annotations

import tempfile
from typing import IO, Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _

from hatchway.policy.labels import field_label, hint_label, value_label
from hatchway.policy.models import Determination, Outcome, PolicyRun
from hatchway.policy.templatetags.policy import pick

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [
        _("Enterprise ID"),
        _("Enterprise"),
        _("Unified social credit code"),
        _("Result"),
        _("Failing criteria"),
        _("Criteria waiting for figures"),
        _("Figures to file"),
        _("Gaps"),
        _("Derived values"),
    ]


def _labels(run: PolicyRun, ids: list[str]) -> str:
    return "; ".join(pick(run.criteria.get(cid, {}).get("label")) or cid for cid in ids)


def _gaps(run: PolicyRun, hints: dict[str, dict[str, Any]]) -> str:
    parts = []
    for criterion_id, values in hints.items():
        label = pick(run.criteria.get(criterion_id, {}).get("label")) or criterion_id
        for name, value in values.items():
            parts.append(f"{label}: {hint_label(name)} {value}")
    return "; ".join(parts)


def rows(run: PolicyRun, determinations: QuerySet[Determination]) -> list[list[Any]]:
    outcomes = dict(Outcome.choices)
    found = []
    for item in determinations.select_related("enterprise").order_by("enterprise_id"):
        found.append(
            [
                item.enterprise_id,
                item.enterprise.display_name,
                item.enterprise.credit_code,
                str(outcomes[item.outcome]),
                _labels(run, item.failing),
                _labels(run, item.unknown),
                "; ".join(field_label(path) for path in item.missing_inputs),
                _gaps(run, item.hints),
                "; ".join(
                    f"{value_label(key)} = {value}"
                    for key, value in item.derived.items()
                    if value is not None
                ),
            ]
        )
    return found


def write_workbook(run: PolicyRun, determinations: QuerySet[Determination], handle: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = run.programme[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(run, determinations):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    workbook.save(handle)


def xlsx_response(run: PolicyRun, determinations: QuerySet[Determination]) -> FileResponse:
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    write_workbook(run, determinations, spool)
    spool.seek(0)
    name = f"hatchway-{run.programme}-{run.as_of.isoformat()}-run{run.pk}.xlsx"
    return FileResponse(spool, content_type=XLSX, as_attachment=True, filename=name)
