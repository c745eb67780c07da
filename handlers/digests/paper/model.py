"""What a Board paper says, as plain typed data: sections of paragraphs, lists, tables and
figures. Nothing here knows HTML or Word; every renderer walks the same tree, so a section
added once appears in all three formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from handlers.digests.chart import PrintChart


class Tone(StrEnum):
    NORMAL = "normal"
    NOTE = "note"  # method notes, footnotes: smaller, muted
    DRAFT = "draft"  # drafted by the bot for the officer to edit before the Board


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    tone: Tone = Tone.NORMAL


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]
    tone: Tone = Tone.NORMAL
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    numeric: bool = False
    width: float = 1.0  # relative to the other columns


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "None."  # said instead of an empty table
    strong_rows: frozenset[int] = frozenset()  # rows that head a group (an aim over its themes)
    small: bool = False  # the long appendix tables: smaller type
    anchors: tuple[str, ...] = ()  # per row: an id others link to ("u123"), or ""
    links: tuple[str, ...] = ()  # per row: where its first cell links (the source post), or ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart, with the words a screen reader says for it and its numbers as a table."""

    chart: PrintChart
    alt: str
    table: Table
    note: str = ""  # e.g. the wards with no activity, named rather than drawn as empty bars


Block = Paragraph | Bullets | Table | Figure


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # an anchor: stable, unique in the paper
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()
    new_page: bool = False  # starts a printed page (PDF and Word)
    landscape: bool = False  # printed across the page: wide tables (starts a new page)


@dataclass(frozen=True, slots=True)
class SignOff:
    name: str
    at: datetime
    figures: str  # the figures approved, as they were read out
    current: bool  # the figures are still those approved


@dataclass(frozen=True, slots=True)
class Paper:
    title: str
    council: str
    scope: str
    period_label: str
    generated: datetime
    draft: bool
    sign_off: SignOff | None
    sections: tuple[Section, ...] = field(default=())

    @property
    def status_line(self) -> str:
        """The line every format carries under the title: draft, or who approved it."""
        if self.sign_off and self.sign_off.current and not self.draft:
            s = self.sign_off
            return f"Figures approved by {s.name} on {s.at:%d %B %Y at %H:%M}."
        if self.sign_off and not self.sign_off.current:
            s = self.sign_off
            return (
                f"DRAFT: the figures have changed since {s.name} approved them on "
                f"{s.at:%d %B %Y}; they need approving again."
            )
        return "DRAFT for the officer to check and edit: the figures are not yet approved."


def walk(sections: tuple[Section, ...], depth: int = 1) -> list[tuple[int, Section]]:
    """Every section with its depth, in reading order (for contents lists and tests)."""
    out: list[tuple[int, Section]] = []
    for s in sections:
        out.append((depth, s))
        out += walk(s.subsections, depth + 1)
    return out
