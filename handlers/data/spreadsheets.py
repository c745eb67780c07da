"""The one way wardbot writes CSV and XLSX: every cell is text a spreadsheet shows as text.

A cell that starts with = + - @ (or a tab or carriage return before one) is run as a
formula by Excel and LibreOffice: it gets a leading apostrophe, as OWASP's CSV-injection
guidance says, so `=HYPERLINK(...)` stays words on the page. Stored text is cleaned as new
text is (storage/text.py): an old row holding a control character cannot make openpyxl
refuse the whole workbook.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from storage.text import clean_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[object]


def cell(value: object) -> object:
    """A value as it is written: numbers stay numbers; text is cleaned and never a formula."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    # Before cleaning too: a carriage return becomes a newline, and "\r=..." is a formula.
    formula = value.startswith(FORMULA_START) or text.startswith(FORMULA_START)
    return "'" + text if formula else text


def _cells(row: Row) -> list[object]:
    return [cell(v) for v in row]


def write_csv_rows(out: IO[str], header: Row, rows: Iterable[Row]) -> int:
    """Header and rows to an open text stream; the number of rows written."""
    writer = csv.writer(out)
    writer.writerow(_cells(header))
    count = 0
    for row in rows:
        writer.writerow(_cells(row))
        count += 1
    return count


def csv_text(header: Row, rows: Iterable[Row]) -> str:
    out = io.StringIO()
    write_csv_rows(out, header, rows)
    return out.getvalue()


def write_csv(path: Path, header: Row, rows: Iterable[Row]) -> int:
    with path.open("w", newline="", encoding="utf-8") as out:
        return write_csv_rows(out, header, rows)


def write_xlsx(path: Path, header: Row, rows: Iterable[Row], *, sheet: str) -> int:
    from openpyxl import Workbook  # imported on use: most commands never write a workbook

    book = Workbook(write_only=True)
    page = book.create_sheet(sheet)
    page.append(_cells(header))
    count = 0
    for row in rows:
        page.append(_cells(row))
        count += 1
    book.save(path)
    return count
