"""Check a whole file, then write all of it or nothing.

The file is read twice, row by row: once to find every bad cell (nothing is written), and, only if
there is none, once more to store the rows in batches inside a single transaction. Memory holds one
batch, the errors and a short preview, whatever the file's length.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import transaction

from hatchway.accounts.models import User
from hatchway.transfer.columns import CellError, Column
from hatchway.transfer.spec import RowError, Spec
from hatchway.transfer.tabular import records

BATCH = 1000
MAX_ERRORS = 500
PREVIEW_ROWS = 20

Progress = Callable[[int], None]


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)


def _shown(raw: Any) -> str:
    return "" if raw is None else str(raw)[:200]


def _parsed(
    path: Path, file_format: str, spec: Spec, report: ImportReport | None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield rows whose cells all parse; record the others' errors in the report."""
    for number, cells in records(path, file_format, spec.columns):
        if report is not None:
            report.rows += 1
        values: dict[str, Any] = {}
        ok = True
        column: Column
        for column, raw in cells.items():
            try:
                values[column.key] = column.read(raw)
            except CellError as error:
                ok = False
                if report is not None:
                    report.add_error(RowError(number, column.label, _shown(raw), error.message))
        for column in spec.columns:
            values.setdefault(column.key, None)
        if ok:
            yield number, values


def _batches(rows: Iterator[tuple[int, dict[str, Any]]]) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    while batch := list(islice(rows, BATCH)):
        yield batch


def check_file(
    spec: Spec, path: Path, file_format: str, user: User, progress: Progress | None = None
) -> ImportReport:
    """Read every row and report every problem; writes nothing."""
    report = ImportReport()
    state: dict[str, Any] = {}
    for batch in _batches(_parsed(path, file_format, spec, report)):
        for error in spec.check_batch(batch, user, state):
            report.add_error(error)
        for _number, values in batch:
            if len(report.preview) < PREVIEW_ROWS:
                # As the export would write it: amounts in yuan rather than the fen they are stored in.
                report.preview.append(
                    {column.key: _shown(column.format(values.get(column.key))) for column in spec.columns}
                )
        if progress:
            progress(len(batch))
    return report


def import_file(
    spec: Spec,
    path: Path,
    file_format: str,
    user: User,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    source: str = "",
) -> ImportReport:
    """Check the file; unless it is a dry run or a cell is bad, store every row in one transaction.

    ``source`` is the file's name as the person knows it (the ledger records it on imported flows).
    """
    report = check_file(spec, path, file_format, user, progress)
    if report.error_count or dry_run:
        return report
    with transaction.atomic():
        for batch in _batches(_parsed(path, file_format, spec, None)):
            outcome = spec.write_rows(batch, user, source=source or path.name)
            report.created += outcome.created
            report.updated += outcome.updated
            report.unchanged += outcome.unchanged
            if progress:
                progress(len(batch))
    report.written = True
    return report
