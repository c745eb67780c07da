"""Reading a free-text update: which ward, which themes, what numbers, what date.

Rules, not a model: fast, and each choice carries the reason it was made.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from handlers.dates import find_date
from handlers.wardnames import WardNames, normalise
from storage.plan_store import PlanSnapshot
from storage.records import Theme, Ward

TAG = re.compile(r"(?<![\w&])#([A-Za-z][\w-]*)")
_COUNT = r"(?:approx\.?\s*|about\s+|around\s+|over\s+|c\.?\s*|~\s*)?(\d{1,5})(?!\s*(?:am|pm|:|/|%))"
PEOPLE = re.compile(
    _COUNT + r"\s+(?:\w+\s+){0,2}?(people|residents|attendees|attended|came|participants|children|"
    r"kids|young people|families|pupils|adults|older people|members|guests|visitors|"
    r"households|attending|turned up|joined)\b",
    re.I,
)
VOLUNTEERS = re.compile(_COUNT + r"\s+(?:\w+\s+)?(volunteers?|litter pickers|helpers)\b", re.I)
BAGS = re.compile(_COUNT + r"\s+(?:\w+\s+)?bags?\b", re.I)
MONEY = re.compile(r"£\s?(\d[\d,]*(?:\.\d{1,2})?)(k?)\b", re.I)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the rules made of one post."""

    ward: Ward | None = None
    ward_reason: str = ""
    candidates: tuple[Ward, ...] = ()  # when the ward is a question, the plausible ones
    themes: tuple[str, ...] = ()
    theme_reason: str = ""
    people_reached: int | None = None
    volunteers: int | None = None
    quantities: dict[str, float] = field(default_factory=dict)
    occurred_on: date | None = None
    date_reason: str = ""


class Understanding:
    """Built once per plan: the ward names, the gazetteer and the theme words."""

    def __init__(self, plan: PlanSnapshot) -> None:
        self.plan = plan
        self.names = WardNames(plan.wards)
        self._places: dict[str, list[Ward]] = {}
        for ward in plan.wards:
            for place in ward.places:
                wards = self._places.setdefault(normalise(place), [])
                if ward not in wards:
                    wards.append(ward)
        self._place_pattern = _alternation(self._places)
        self._tags: dict[str, str] = {}
        for theme in plan.themes:
            for tag in (theme.key, theme.key.replace("_", ""), *theme.tags):
                self._tags[normalise(tag).replace(" ", "")] = theme.key
        self._words = [
            (theme, _alternation({normalise(w): w for w in theme.words})) for theme in plan.themes
        ]

    def themes_from_tags(self, text: str) -> tuple[list[str], list[str]]:
        """(theme keys, unknown tags) from the #tags in a text."""
        known, unknown = [], []
        for tag in TAG.findall(text):
            key = self._tags.get(normalise(tag).replace(" ", ""))
            if key:
                known.append(key)
            else:
                unknown.append(tag)
        return list(dict.fromkeys(known)), unknown

    def read(self, text: str, *, today: date, linked: Ward | None = None) -> Reading:
        ward, ward_reason, candidates = self._ward(text, linked=linked)
        themes, theme_reason = self._themes(text)
        people, volunteers, quantities = numbers(text)
        found = find_date(text, today=today)
        return Reading(
            ward=ward,
            ward_reason=ward_reason,
            candidates=candidates,
            themes=themes,
            theme_reason=theme_reason,
            people_reached=people,
            volunteers=volunteers,
            quantities=quantities,
            occurred_on=found[0] if found else None,
            date_reason=found[1] if found else "",
        )

    def _ward(self, text: str, *, linked: Ward | None) -> tuple[Ward | None, str, tuple[Ward, ...]]:
        if linked is not None:
            return linked, "this channel is linked to the ward", ()
        key = normalise(text)
        if self._place_pattern is not None:
            found = [m.group(0) for m in self._place_pattern.finditer(key)]
            if found:
                best = max(found, key=len)
                wards = self._places[best]
                if len(wards) == 1:
                    return wards[0], f"from '{best}'", ()
                return None, f"'{best}' is in more than one ward", tuple(wards)
        return None, "", ()

    def _themes(self, text: str) -> tuple[tuple[str, ...], str]:
        tagged, _ = self.themes_from_tags(text)
        if tagged:
            return tuple(tagged), "from the #tags"
        key = normalise(text)
        scored: list[tuple[int, int, Theme, str]] = []
        for position, (theme, pattern) in enumerate(self._words):
            if pattern is None:
                continue
            hits = [m.group(0) for m in pattern.finditer(key)]
            if hits:
                scored.append((-len(hits), position, theme, hits[0]))
        scored.sort(key=lambda item: (item[0], item[1]))
        if not scored:
            return (), ""
        return tuple(t.key for _, _, t, _ in scored), f"from '{scored[0][3]}'"


def _alternation(names: Mapping[str, object]) -> re.Pattern[str] | None:
    keys = sorted((k for k in names if k), key=len, reverse=True)
    if not keys:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b")


def numbers(text: str) -> tuple[int | None, int | None, dict[str, float]]:
    """People reached, volunteers and other quantities named in a text."""
    people = _first(PEOPLE, text)
    volunteers = _first(VOLUNTEERS, text)
    quantities: dict[str, float] = {}
    bags = _first(BAGS, text)
    if bags is not None:
        quantities["bags"] = bags
    money = MONEY.search(text)
    if money:
        amount = float(money.group(1).replace(",", ""))
        quantities["money_gbp"] = amount * 1000 if money.group(2) else amount
    return people, volunteers, quantities


def _first(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return int(match.group(1)) if match else None
