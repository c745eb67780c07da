"""Reading one row of a council's file: shared by `import`, `measures import` and `places load`.

Each refuses a bad row with a RowError whose text is the reason printed beside the row's
number; nothing else about the files is alike enough to share.
"""

from __future__ import annotations

from datetime import date, datetime

from handlers import domain
from handlers.reading.wardnames import WardNames
from storage.text import clean_text

Cell = str | int | float | date | datetime | None


class RowError(ValueError):
    """This row is refused, for the reason given."""


def cell(values: list[Cell], index: dict[str, int], name: str) -> Cell:
    """The named column's value, its text cleaned as every text wardbot keeps."""
    i = index.get(name)
    if i is None or i >= len(values):
        return None
    value = values[i]
    if isinstance(value, str):
        if any("\udc80" <= ch <= "\udcff" for ch in value):
            raise RowError(
                f"the {name} has bytes that aren't UTF-8 text (save the file as 'CSV UTF-8')"
            )
        value = clean_text(value).strip()  # as every text wardbot keeps (storage/text.py)
    return value


def text(values: list[Cell], index: dict[str, int], name: str) -> str:
    value = cell(values, index, name)
    return "" if value is None else str(value).strip()


def ward_named(names: WardNames, given: str) -> domain.Ward:
    """The ward a row names, forgiving case and small typos; refused with the nearest names."""
    if not given:
        raise RowError("no ward")
    match = names.match(given)
    if match.ward is None:
        near = ", ".join(w.name for w in match.suggestions[:3])
        raise RowError(f"unknown ward '{given[:60]}'" + (f" (nearest: {near})" if near else ""))
    return match.ward
