"""Read an uploaded CSV or XLSX table into rows of text, keeping each row's number in the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hatchway.errors import InvalidInput

MAX_ROWS = 20_000


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    values: dict[str, str]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(content: bytes, filename: str, aliases: dict[str, str] | None = None) -> list[Row]:
    """Rows of an ``.xlsx`` or ``.csv`` file, keyed by lower-cased header (after ``aliases``)."""
    aliases = aliases or {}
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _xlsx_rows(content)
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidInput(
                _("The CSV file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
            ) from error
        raw = [list(row) for row in csv.reader(io.StringIO(text))]
    else:
        raise InvalidInput(_("Upload an .xlsx or .csv file."))
    if not raw or not any(_text(cell) for cell in raw[0]):
        raise InvalidInput(_("The file is empty. The first row must name the columns."))
    header = [aliases.get(_text(cell).lower(), _text(cell).lower()) for cell in raw[0]]
    rows = []
    for index, cells in enumerate(raw[1:], start=2):
        values = {header[i]: _text(cell) for i, cell in enumerate(cells) if i < len(header) and header[i]}
        if any(values.values()):
            rows.append(Row(index, values))
    if len(rows) > MAX_ROWS:
        raise InvalidInput(
            _("The file has %(count)d rows; upload at most %(max)d at a time.")
            % {"count": len(rows), "max": MAX_ROWS}
        )
    return rows


def _xlsx_rows(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput(
            _("The file is not a readable Excel workbook (.xlsx). Save it again as .xlsx.")
        ) from error
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows
