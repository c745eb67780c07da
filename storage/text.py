"""Text as wardbot keeps it: what a person wrote, less the control characters.

Control characters (BEL, ESC, ...) mean nothing in a chat post, a name or a plan title,
and they break what is made from stored text later: openpyxl refuses them in a workbook,
PostgreSQL refuses NUL. Newlines and tabs stay; a carriage return becomes a newline.
Lone surrogates (from a JSON escape such as "\\ud800") cannot be encoded, so they go too.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_RETURN = re.compile(r"\r\n?")


def clean_text(text: str) -> str:
    """`text` without control characters other than newline and tab."""
    if "\r" in text:
        text = _RETURN.sub("\n", text)
    return _CONTROL.sub("", text)
