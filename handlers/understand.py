"""Reading a free-text update: which ward, which themes, what numbers, what date.

Rules, not a model: fast (well under a millisecond a post), and each choice carries
the words that made it, so the reply can say why ("Sitwell — from 'Herringthorpe
Valley Park'") and the officer can change it in one click.
"""

from __future__ import annotations

import itertools
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


# How specific a matched phrase is to a theme. The theme's own activities, services and
# problems ("litter pick", "food bank", "speeding", "coffee morning") say most; who an
# activity was for ("older people", "young people") says less; where it was, its format,
# who ran it and pastimes that serve many aims ("church hall", "meeting", "football") say
# least. So a coffee morning for isolated older folk is loneliness first, older people
# second, and a football session for young people is young people first.
DONE, AUDIENCE, CONTEXT = 3, 2, 1
# Nouns that end a place's name: in "Flanderwell Park" or "Thurcroft Infant School" the
# capitalised noun names where it was, not what was done, even when the gazetteer does not
# know the place.
PLACE_NOUNS = frozenset(
    {
        "park", "parks", "wood", "woods", "hall", "centre", "center", "library", "school",
        "academy", "church", "chapel", "field", "fields", "common", "green", "brook", "pond",
        "dyke", "estate", "house", "club", "lane", "road", "street", "avenue", "way",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _ThemeHit:
    theme: str
    phrase: str  # as written in the post
    position: int
    stems: tuple[str, ...]
    weight: int


class ThemeWords:
    """Each theme's words as stem sequences; a post's stems are matched longest first.

    The order of themes is explainable: the theme with the most specific evidence comes
    first (see DONE, AUDIENCE, CONTEXT); then the one with more evidence in all; then
    the one mentioned first; then the plan's order.
    """

    def __init__(self, themes: tuple[Theme, ...]) -> None:
        self._phrases: dict[tuple[str, ...], dict[str, int]] = {}
        for theme in themes:
            for weight, phrases in (
                (CONTEXT, theme.context),
                (AUDIENCE, theme.audience),
                (DONE, theme.words),
            ):
                for phrase in phrases:
                    key = stems(phrase)
                    if key:
                        weights = self._phrases.setdefault(key, {})
                        weights[theme.key] = max(weights.get(theme.key, 0), weight)
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
        skip = skip + _named_places(text, found)
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
                    hits.extend(
                        _ThemeHit(t, phrase, words[i].start, key, w) for t, w in themes.items()
                    )
                    i += size
                    break
            else:
                i += 1
        return hits

    def rank(self, hits: list[_ThemeHit]) -> list[tuple[str, str]]:
        """(theme, the words that most suggested it), most specific first."""
        score: dict[str, int] = {}
        first: dict[str, int] = {}
        best: dict[str, _ThemeHit] = {}
        for hit in hits:
            score[hit.theme] = score.get(hit.theme, 0) + hit.weight
            first.setdefault(hit.theme, hit.position)
            if hit.theme not in best or hit.weight > best[hit.theme].weight:
                best[hit.theme] = hit
        ordered = sorted(
            score,
            key=lambda t: (-best[t].weight, -score[t], first[t], self._order.get(t, 99)),
        )
        return [(t, best[t].phrase) for t in ordered]


def _named_places(text: str, found: list[Token]) -> tuple[tuple[int, int], ...]:
    """Spans of place nouns that end a capitalised name ("Flanderwell Park")."""
    spans = []
    for before, token in itertools.pairwise(found):
        if (
            token.text in PLACE_NOUNS
            and text[token.start].isupper()
            and text[before.start].isupper()
            and before.text not in PLACE_NOUNS
        ):
            spans.append((token.start, token.end))
    return tuple(spans)


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
