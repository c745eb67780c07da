"""An update ready to store, from a message or a form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Draft:
    """An update ready to store, from a message or a form."""

    ward_slug: str
    text: str
    themes: tuple[str, ...]
    priority_id: int | None
    occurred_on: date
    people_reached: int | None = None
    volunteers: int | None = None
    quantities: dict[str, float] = field(default_factory=dict)
    partners: tuple[str, ...] = ()
    evidence_link: str = ""
    case_study: bool = False
    explanation: str = ""
    internal: bool = False  # `#internal`: not for partners or shared channels
