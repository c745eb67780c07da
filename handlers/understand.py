"""Reading a free-text update: which ward, which themes, what numbers, what date.

Rules, not a model: fast (well under a millisecond a post), and each choice carries
the words that made it, so the reply can say why ("Sitwell — from 'Herringthorpe
Valley Park'") and the officer can change it in one click.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from handlers.counts import read_counts
from handlers.dates import find_date
from handlers.places import Gazetteer, PlaceHit
from handlers.wardnames import WardNames, normalise
from handlers.wording import Token, expand, stem, stems, tokens
from storage.plan_store import PlanSnapshot
from storage.records import Theme, Ward

TAG = re.compile(r"(?<![\w&])#([A-Za-z][\w-]*)")


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
    places: tuple[str, ...] = ()  # every place the text names, as the plan writes them


@dataclass(frozen=True, slots=True)
class _ThemeHit:
    theme: str
    phrase: str  # as written in the post
    position: int
    stems: tuple[str, ...]


class ThemeWords:
    """Each theme's words as stem sequences; a post's stems are matched longest first."""

    def __init__(self, themes: tuple[Theme, ...]) -> None:
        self._phrases: dict[tuple[str, ...], list[str]] = {}
        for theme in themes:
            for phrase in theme.words:
                key = stems(phrase)
                if key:
                    keys = self._phrases.setdefault(key, [])
                    if theme.key not in keys:
                        keys.append(theme.key)
        self._longest = max((len(k) for k in self._phrases), default=1)
        self._order = {t.key: i for i, t in enumerate(themes)}

    def find(
        self,
        text: str,
        *,
        skip: tuple[tuple[int, int], ...] = (),
        found: list[Token] | None = None,
    ) -> list[_ThemeHit]:
        found = tokens(text) if found is None else found
        words = [t for t in expand(found) if not any(s <= t.start < e for s, e in skip)]
        stemmed = [stem(t.text) for t in words]
        hits: list[_ThemeHit] = []
        i = 0
        while i < len(words):
            for size in range(min(self._longest, len(words) - i), 0, -1):
                key = tuple(stemmed[i : i + size])
                themes = self._phrases.get(key)
                if themes:
                    phrase = text[words[i].start : words[i + size - 1].end]
                    hits.extend(_ThemeHit(t, phrase, words[i].start, key) for t in themes)
                    i += size
                    break
            else:
                i += 1
        return hits

    def rank(self, hits: list[_ThemeHit]) -> list[tuple[str, str]]:
        """(theme, first words that suggested it): most matches first, then first mentioned."""
        score: dict[str, int] = {}
        first: dict[str, _ThemeHit] = {}
        for hit in hits:
            score[hit.theme] = score.get(hit.theme, 0) + 1
            first.setdefault(hit.theme, hit)
        ordered = sorted(
            score, key=lambda t: (-score[t], first[t].position, self._order.get(t, 99))
        )
        return [(t, first[t].phrase) for t in ordered]


class Understanding:
    """Built once per plan: the ward names, the gazetteer and the theme words."""

    def __init__(self, plan: PlanSnapshot) -> None:
        self.plan = plan
        self.names = WardNames(plan.wards)
        self.gazetteer = Gazetteer(plan.wards)
        self.theme_words = ThemeWords(plan.themes)
        self._tags: dict[str, str] = {}
        for theme in plan.themes:
            for tag in (theme.key, theme.key.replace("_", ""), *theme.tags):
                self._tags[normalise(tag).replace(" ", "")] = theme.key

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
        found = tokens(text)
        guess = self.gazetteer.ward_of(text, found)
        ward: Ward | None
        candidates: tuple[Ward, ...]
        if linked is not None:
            ward, ward_reason, candidates = linked, "this channel is linked to the ward", ()
        else:
            ward, ward_reason, candidates = guess.ward, guess.reason, guess.candidates
        counts = read_counts(text)
        skip = counts.spans + tuple((h.start, h.end) for h in guess.hits)
        themes, theme_reason = self._themes(text, skip=skip, found=found)
        when = find_date(text, today=today)
        return Reading(
            ward=ward,
            ward_reason=ward_reason,
            candidates=candidates,
            themes=themes,
            theme_reason=theme_reason,
            people_reached=counts.people_reached,
            volunteers=counts.volunteers,
            quantities=counts.quantities,
            occurred_on=when[0] if when else None,
            date_reason=when[1] if when else "",
            places=tuple(dict.fromkeys(h.name for h in guess.hits)),
        )

    def place_hits(self, text: str) -> list[PlaceHit]:
        return self.gazetteer.find(text)

    def _themes(
        self, text: str, *, skip: tuple[tuple[int, int], ...], found: list[Token]
    ) -> tuple[tuple[str, ...], str]:
        tagged, _ = self.themes_from_tags(text)
        if tagged:
            return tuple(tagged), "from the #tags"
        tags = tuple(m.span() for m in TAG.finditer(text))
        ranked = self.theme_words.rank(self.theme_words.find(text, skip=skip + tags, found=found))
        if not ranked:
            return (), ""
        return tuple(t for t, _ in ranked), f"from '{ranked[0][1]}'"
