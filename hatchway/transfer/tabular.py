"""Reading and writing CSV and XLSX files row by row, so memory stays flat however long the file."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from hatchway.errors import InvalidInput
from hatchway.transfer.columns import Column, normalise_header

FORMATS = ("csv", "xlsx")
MAX_COLUMNS = 200


def detect_format(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InvalidInput(
            _("“%(name)s” is neither a .csv nor an .xlsx file. Save it in one of these formats.")
            % {"name": name}
        )
    return suffix


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    raw = path.open("rb")
    head = raw.read(4096)
    raw.seek(0)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # Excel in China saves CSV as GB18030 unless told otherwise.
        encoding = "gb18030"
    with raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as handle:
        yield from csv.reader(handle)


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError):
        raise InvalidInput(
            _("The file cannot be opened as an Excel workbook. Save it again as .xlsx.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row[:MAX_COLUMNS])
    finally:
        workbook.close()


def raw_rows(path: Path, file_format: str) -> Iterator[list[Any]]:
    return _csv_rows(path) if file_format == "csv" else _xlsx_rows(path)


def map_header(header: Sequence[Any], columns: Sequence[Column]) -> dict[int, Column]:
    """Match header cells (Chinese or English) to columns; unknown or missing required columns are errors."""
    by_name: dict[str, Column] = {}
    for column in columns:
        for name in column.names():
            by_name[name] = column
    mapping: dict[int, Column] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        name = normalise_header(cell)
        if not name:
            continue
        found = by_name.get(name)
        if found is None:
            unknown.append(str(cell))
        elif found in mapping.values():
            raise InvalidInput(_("The column “%(name)s” appears twice. Keep one.") % {"name": cell})
        else:
            mapping[index] = found
    missing = [column.label for column in columns if column.required and column not in mapping.values()]
    problems = []
    if missing:
        problems.append(
            _("Required columns are missing: %(names)s. Add them to the header row.")
            % {"names": ", ".join(missing)}
        )
    if unknown:
        problems.append(
            _("Unknown columns: %(names)s. Use the headers of the template (Chinese or English).")
            % {"names": ", ".join(unknown)}
        )
    if problems:
        raise InvalidInput(" ".join(problems))
    return mapping


def records(
    path: Path, file_format: str, columns: Sequence[Column]
) -> Iterator[tuple[int, dict[Column, Any]]]:
    """Yield (spreadsheet row number, {column: raw cell}) for every non-empty data row."""
    rows = raw_rows(path, file_format)
    header = next(rows, None)
    if header is None:
        raise InvalidInput(
            _("The file is empty. Start from the template: a header row, then one row per record.")
        )
    mapping = map_header(header, columns)
    for number, row in enumerate(rows, start=2):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
            continue
        yield (
            number,
            {column: (row[index] if index < len(row) else None) for index, column in mapping.items()},
        )


def write_csv(handle: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(handle)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])


def write_xlsx(
    path_or_handle: Any,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    notes: Sequence[Sequence[str]] = (),
) -> None:
    """Write a workbook in streaming mode; ``notes`` (if any) go to a second sheet explaining the columns."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    bold = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows:
        sheet.append(["" if value is None else value for value in row])
    if notes:
        explanations = workbook.create_sheet("help")
        for line in notes:
            explanations.append(list(line))
    workbook.save(path_or_handle)


def utf8_bom() -> str:
    """Excel opens a UTF-8 CSV correctly only with a byte-order mark in front."""
    return codecs.BOM_UTF8.decode("utf-8")


def estimate_rows(path: Path, file_format: str) -> int:
    """Data rows in the file, for a progress bar (cheap: lines of a CSV, the sheet's stated size)."""
    if file_format == "csv":
        with path.open("rb") as handle:
            return max(0, sum(1 for _ in handle) - 1)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
        try:
            return max(0, (workbook.worksheets[0].max_row or 1) - 1)
        finally:
            workbook.close()
    except Exception:
        return 0
