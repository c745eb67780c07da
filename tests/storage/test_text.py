"""What is left of a text when wardbot keeps it."""

from __future__ import annotations

import sys

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from storage.text import clean_text


def test_control_characters_go_and_newlines_tabs_and_words_stay() -> None:
    assert clean_text("litter\x07 pick\x1b[31m\x00 done") == "litter pick[31m done"
    assert clean_text("line one\r\nline two\rthree\tfour") == "line one\nline two\nthree\tfour"
    kept = "Café — 23 volunteers 👍 «Wath» ½ 日本"
    assert clean_text(kept) == kept
    assert clean_text("\ud800lone surrogate\udfff") == "lone surrogate"


def test_nothing_openpyxl_refuses_is_left() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert not ILLEGAL_CHARACTERS_RE.search(clean_text(every))
