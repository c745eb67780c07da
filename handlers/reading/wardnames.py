"""Forgiving ward names: case, "&"/"and", hyphens, the word "ward", small typos."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from handlers.domain import Ward

_ACCEPT = 88  # a typo this close is taken as the ward...
_CLEAR_LEAD = 6  # ...when no other ward comes near it


def normalise(name: str) -> str:
    name = name.lower().replace("&", " and ").replace("-", " ").replace("'", "")
    name = re.sub(r"[^\w\s]", " ", name)
    name = re.sub(r"\bward\b", " ", name)
    return " ".join(name.split())


@dataclass(frozen=True, slots=True)
class WardMatch:
    ward: Ward | None
    suggestions: tuple[Ward, ...] = ()


class WardNames:
    """Every way of writing each ward's name, normalised once."""

    def __init__(self, wards: tuple[Ward, ...]) -> None:
        self.wards = wards
        self._names: dict[str, Ward] = {}
        for ward in wards:
            for name in (ward.name, ward.slug, *ward.aliases):
                self._names.setdefault(normalise(name), ward)
        self._choices = list(self._names)
        self.longest = max((len(n.split()) for n in self._names), default=1)

    def exact(self, text: str) -> Ward | None:
        return self._names.get(normalise(text))

    def match(self, text: str) -> WardMatch:
        key = normalise(text)
        if not key:
            return WardMatch(None)
        if key in self._names:
            return WardMatch(self._names[key])
        scored = process.extract(key, self._choices, scorer=fuzz.WRatio, limit=8)
        ranked: list[tuple[Ward, float]] = []
        for choice, score, _ in scored:
            ward = self._names[choice]
            if all(w.slug != ward.slug for w, _ in ranked):
                ranked.append((ward, score))
        if not ranked:
            return WardMatch(None)
        best, best_score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        typo = fuzz.ratio(key, normalise(best.name)) >= _ACCEPT or any(
            fuzz.ratio(key, normalise(alias)) >= _ACCEPT for alias in best.aliases
        )
        if typo and best_score - runner_up >= _CLEAR_LEAD:
            return WardMatch(best)
        return WardMatch(None, tuple(w for w, score in ranked[:3] if score >= 50) or (best,))

    def containing(self, text: str) -> list[Ward]:
        """The wards any of whose names (or slugs, or aliases) contain `text`, normalised,
        in the plan's order: `wards NAME` for a plan too big to list."""
        key = normalise(text)
        found = {ward.slug for name, ward in self._names.items() if key in name}
        return [w for w in self.wards if w.slug in found]

    def prefix(self, words: list[str]) -> tuple[Ward, int] | None:
        """The ward named by the first words of a message, longest name first."""
        for size in range(min(self.longest, len(words)), 0, -1):
            ward = self.exact(" ".join(words[:size]))
            if ward is not None:
                return ward, size
        return None
