"""Reading a free-text update: which ward, which themes, what numbers, what date.

Rules, not a model: fast (well under a millisecond a post), and each choice carries
the words that made it, so the reply can say why ("Sitwell — from 'Herringthorpe
Valley Park'") and the officer can change it in one click.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from handlers.domain import Fund, KnownPlace, Theme, Ward
from handlers.reading.counts import read_counts
from handlers.reading.dates import find_date
from handlers.reading.places import Gazetteer, PlaceHit
from handlers.reading.vocabulary import vocabulary
from handlers.reading.wardnames import WardNames, normalise
from handlers.reading.words import Token, expand, phrase_stems, stem, stems, tokens
from storage.plan_store import PlanSnapshot

TAG = re.compile(r"(?<![\w&])#([A-Za-z][\w-]*)")
# `#internal` marks an update partners and shared channels never see: a flag, not a theme.
INTERNAL_TAG = "internal"


def marked_internal(text: str) -> bool:
    return any(tag.lower() == INTERNAL_TAG for tag in TAG.findall(text))


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
    place_name: str = ""  # the place the ward was read from ("Quarry Lane")...
    place_kind: str = ""  # ...and its kind ("street"), when the council's file says


# How specific a matched phrase is to a theme. The theme's own activities, services and
# problems ("litter pick", "food bank", "speeding", "coffee morning") say most; who an
# activity was for ("older people", "young people") says less; pastimes that serve many
# aims and the theme's usual surroundings ("football", "PCSOs", "consultation") say less
# again; and how, where or with whom it happened ("meeting", "church hall", "volunteers",
# "friends group") says nothing about what was done, so it leads only when nothing else is
# said. So a coffee morning for isolated older folk is loneliness first, older people
# second, and a football session for young people is young people first.
DONE, AUDIENCE, CONTEXT, FORMAT = 3, 2, 1, 0
# Money given to a group is what a post is about, whatever the group does or the money
# buys ("£1,200 for the residents group: benches and planters").
FUNDED = DONE + 1
# Nouns that end a place's name: in "Flanderwell Park" or "Thurcroft Infant School" the
# capitalised noun names where it was, not what was done, even when the gazetteer does not
# know the place. This and the word lists below are in vocabulary.yaml.
_RULE_WORDS = vocabulary().themes
PLACE_NOUNS = _RULE_WORDS.place_nouns
# The format, venue or organiser of an activity, whatever its theme (see FORMAT). A plan
# may list these under a theme; they still never outrank what was done.
FORMAT_WORDS = _RULE_WORDS.format_words
# Words that start a phrase naming who ran an activity ("w/ the friends group", "run by
# the youth club"), who it was for ("for the food bank") or where someone was sent
# ("referred to the youth service"): what they name is at most an audience, never what was
# done. "help with" is not an organiser.
ROLE_STARTS = _RULE_WORDS.role_starts
NOT_A_ROLE_AFTER = _RULE_WORDS.not_a_role_after
SENT_TO = _RULE_WORDS.sent_to
# Where an organiser's or beneficiary's phrase ends: a preposition, or a verb starting
# what happened ("for older folk back after covid", "for the scouts was agreed").
PHRASE_STOPS = _RULE_WORDS.phrase_stops
# Phrases that look like a theme's words but are not: signing up is not a road sign, and
# the NHS app or online banking in a digital skills session is not a health service.
NOT_THEME_WORDS = _RULE_WORDS.not_theme_words
# What councils call a piece of work ("scheme", "works", "programme", "bid"): after a
# theme's context word ("the T&V scheme", "the rec works", "holiday programme") it says the
# work itself is about that theme, so the context word counts as what was done.
PROJECT_NOUNS = frozenset(stem(w) for w in _RULE_WORDS.project_nouns)
PHRASE_LENGTH = 4
STREET_NOUNS = vocabulary().street_nouns
_BREAK = re.compile(r"[,.;:!?()\[\]/+]|\s[-–]\s")
# Money given to a group: "£400 to the knit & natter group", "£500 approved for the scouts",
# "£750 agreed for new chairs for the lunch club", "the scouts got £1,000 from the fund".
# The post is about funding a group (read as the words "funding for a group"), and the
# group's own subject ("knit and natter", "scouts") says only who benefited.
FUNDING_FOR_A_GROUP = "funding for a group"
# A group's name never runs across where a thing goes ("a defib outside the village hall").
_GROUP = (
    r"(?P<who>(?:(?!(?:on|at|for|to|from|outside|near|behind|beside|opposite|with)\b)[\w'&]+\s+){0,6}?(?:group|groups|committee|scouts|cubs|brownies|guides|"
    r"association|tara|society|club|team|project|hub|trust|shed|hall|centre|"
    r"friends\s+of\s+\w+))\b(?!\s+(?:fund|funds|appeal)\b)"
)
_NOT_GIVEN = r"(?:(?!\braised\b|\bdonated\b|\bfor\b|\bto\b)[^.;!?\n])"
_MONEY = r"£\s?\d[\d,.]*k?|\b\d[\d,]*\s*(?:quid|pounds)\b|\bfunding\b|\bgrants?\b|\bbudget\b"


@functools.lru_cache(maxsize=8)
def _given_to_group(fund_short_forms: tuple[str, ...]) -> re.Pattern[str]:
    """Money given to a group; a fund's short form in the plan ("CLF") names money too."""
    longest_first = sorted(fund_short_forms, key=len, reverse=True)
    funds = (
        rf"|(?<!\w)(?:{'|'.join(re.escape(short) for short in longest_first)})(?!\w)"
        if fund_short_forms
        else ""
    )
    return re.compile(
        # not money a group raised itself: "the raffle raised £180 for the group's xmas do"
        r"(?<!raised\s)(?<!made\s)(?<!collected\s)"
        rf"(?:{_MONEY}{funds})"
        rf"{_NOT_GIVEN}{{0,30}}"
        rf"(?:\bfor\s+{_NOT_GIVEN}{{1,40}}?)?"  # what it buys: "for new chairs"
        rf"\b(?:to|for)\s+(?:the\s+|their\s+|a\s+|our\s+)?{_GROUP}",
        re.I,
    )


_RECEIVED = r"(?:got|received|awarded|won|secured|given)\s+(?:a\s+|an\s+)?(?:£|\d[\d,]*\s*quid|grant|funding)"
_GROUP_RECEIVED = re.compile(
    rf"{_GROUP}(?:\s+(?:in|at|of)(?:\s+[\w'-]+){{1,3}}?)?\s+(?:has\s+|have\s+|was\s+|been\s+)*"
    + _RECEIVED,
    re.I,
)
_ANY_RECEIVED = re.compile(rf"\b{_RECEIVED}", re.I)  # cheap: most posts have none


def _funded(text: str, given: re.Pattern[str]) -> list[re.Match[str]]:
    found = list(given.finditer(text))
    if _ANY_RECEIVED.search(text):
        found += _GROUP_RECEIVED.finditer(text)
    return found


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
    first (see DONE, AUDIENCE, CONTEXT, FORMAT); then the one with more evidence in all;
    then the one mentioned first; then the plan's order.
    """

    def __init__(self, themes: tuple[Theme, ...], funds: tuple[Fund, ...] = ()) -> None:
        self._given = _given_to_group(
            tuple(dict.fromkeys(short for fund in funds for short in fund.short_forms))
        )
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
        for phrase in NOT_THEME_WORDS:
            self._phrases.setdefault(stems(phrase), {})
        self._longest = max((len(k) for k in self._phrases), default=1)
        # The longest phrase starting with each stem: most words start none, and are passed
        # over without a tuple built for every length up to the longest phrase.
        self._longest_from: dict[str, int] = {}
        for key in self._phrases:
            self._longest_from[key[0]] = max(self._longest_from.get(key[0], 0), len(key))
        self._order = {t.key: i for i, t in enumerate(themes)}
        self._format = {stems(w) for w in FORMAT_WORDS}
        self._funding = {
            theme: FUNDED if weight == DONE else weight
            for theme, weight in self._phrases.get(stems(FUNDING_FOR_A_GROUP), {}).items()
        }

    def find(
        self,
        text: str,
        *,
        skip: tuple[tuple[int, int], ...] = (),
        found: list[Token] | None = None,
    ) -> list[_ThemeHit]:
        found = tokens(text) if found is None else found
        # A place noun ending a name ("Flanderwell Park") is no theme of its own, but it may
        # end a theme's phrase ("Rawmarsh Youth Club", "Andy's Man Club").
        named_spans = _named_places(text, found)
        named = {start for start, _ in named_spans}
        # "school rd", "church lane": a street's own word after a word names the street, so
        # that word is no theme either
        streets = {s for s, e in named_spans if text[s:e].lower() in STREET_NOUNS}
        expanded = expand(found)
        caps = _role_caps(text, expanded)
        funded = _funded(text, self._given) if self._funding else []
        caps += [(m.start("who"), m.end("who"), AUDIENCE) for m in funded]
        words = (
            [t for t in expanded if not any(s <= t.start < e for s, e in skip)]
            if skip
            else expanded
        )
        stemmed = [stem(t.text) for t in words]
        hits: list[_ThemeHit] = []
        i = 0
        while i < len(words):
            longest = self._longest_from.get(stemmed[i])
            if longest is None:  # no phrase starts with this word
                i += 1
                continue
            # A place noun ending a name is no theme alone; it may still start a longer
            # phrase ("academy road safety assembly").
            shortest = 2 if words[i].start in named else 1
            for size in range(min(longest, len(words) - i), shortest - 1, -1):
                key = tuple(stemmed[i : i + size])
                themes = self._phrases.get(key)
                if (
                    themes is not None
                    and i + size < len(words)
                    and words[i + size].start in streets
                ):
                    themes = {}
                if themes is not None:  # {}: words that only look like a theme's
                    start = words[i].start
                    phrase = text[start : words[i + size - 1].end]
                    cap = FORMAT if key in self._format else DONE
                    cap = min([cap, *(c for s, e, c in caps if s <= start < e)])
                    floor = (
                        DONE if i + size < len(words) and stemmed[i + size] in PROJECT_NOUNS else 0
                    )
                    hits.extend(
                        _ThemeHit(t, phrase, start, key, min(max(w, floor), cap))
                        for t, w in themes.items()
                    )
                    i += size
                    break
            else:
                i += 1
        for match in funded:
            hits.extend(
                _ThemeHit(t, match.group(0), match.start(), phrase_stems(FUNDING_FOR_A_GROUP), w)
                for t, w in self._funding.items()
            )
        return hits

    def kinds(self, places: Iterable[PlaceHit]) -> list[_ThemeHit]:
        """The kinds of the places named ("park", "library", "school"), read as the themes'
        context words: where it happened, never what was done."""
        hits = []
        for place in places:
            key = phrase_stems(place.kind.replace("_", " ")) if place.kind else ()
            for theme, weight in self._phrases.get(key, {}).items():
                hits.append(_ThemeHit(theme, place.name, place.start, key, min(weight, CONTEXT)))
        return hits

    def rank(self, hits: list[_ThemeHit]) -> list[tuple[str, str]]:
        """(theme, the words that most suggested it), most specific first."""
        score: dict[str, int] = {}
        first: dict[str, int] = {}
        best: dict[str, _ThemeHit] = {}
        for hit in hits:
            score[hit.theme] = score.get(hit.theme, 0) + hit.weight
            # A venue or format named first does not make its theme the first mentioned.
            position = hit.position + (0 if hit.weight > FORMAT else 10**6)
            first[hit.theme] = min(first.get(hit.theme, position), position)
            if hit.theme not in best or hit.weight > best[hit.theme].weight:
                best[hit.theme] = hit
        ordered = sorted(
            score,
            key=lambda t: (-best[t].weight, -score[t], first[t], self._order.get(t, 99)),
        )
        # Where it happened, its format, who ran it or a partner's name ("good feedback",
        # "estate", "library", "Age UK") never add a theme: a theme needs what was done or
        # who it was for. A post with neither keeps only the likeliest, so it is not themeless.
        strong = [t for t in ordered if best[t].weight >= AUDIENCE]
        ordered = strong or ordered[:1]
        return [(t, best[t].phrase) for t in ordered]


def _named_places(text: str, found: list[Token]) -> tuple[tuple[int, int], ...]:
    """Spans of place nouns that end a name: capitalised ("Flanderwell Park"), or a
    street's own word after another, as officers type it ("heighton view", "sivilla rd")."""
    spans = []
    streets = vocabulary().street_nouns
    function_words = vocabulary().function_words
    for before, token in itertools.pairwise(found):
        if (
            token.text in PLACE_NOUNS
            and text[token.start].isupper()
            and text[before.start].isupper()
            and before.text not in PLACE_NOUNS
        ) or (
            token.text in streets
            and before.text not in function_words
            and not before.text.isdigit()
            and text[before.end : token.start].strip() == ""
        ):
            spans.append((token.start, token.end))
    return tuple(spans)


def _role_caps(text: str, words: list[Token]) -> list[tuple[int, int, int]]:
    """(start, end, most weight) for phrases naming who ran an activity or who it was for."""
    caps = []
    for i, word in enumerate(words):
        previous = words[i - 1].text if i else ""
        if word.text in ROLE_STARTS:
            if previous in NOT_A_ROLE_AFTER:
                continue
        elif not (word.text == "to" and previous in SENT_TO):
            continue
        end = word.end
        for left, after in itertools.pairwise(words[i : i + PHRASE_LENGTH + 1]):
            gap = text[left.end : after.start]
            if left is word:
                gap = gap.replace("/", "", 1)  # "w/ the PCSOs"
            if after.text in PHRASE_STOPS or _BREAK.search(gap):
                break
            end = after.end
        if end > word.end:
            caps.append((word.end, end, AUDIENCE))
    return caps


class Understanding:
    """Built once per plan: the ward names, the gazetteer and the theme words."""

    def __init__(self, plan: PlanSnapshot, places: Iterable[KnownPlace] = ()) -> None:
        self.plan = plan
        self.names = WardNames(plan.wards)
        self.gazetteer = Gazetteer(plan.wards, places, words=plan.reading)
        self.theme_words = ThemeWords(plan.themes, plan.funds)
        self._tags: dict[str, str] = {}
        for theme in plan.themes:
            for tag in (theme.key, theme.key.replace("_", ""), *theme.tags):
                self._tags[normalise(tag).replace(" ", "")] = theme.key

    def themes_from_tags(self, text: str) -> tuple[list[str], list[str]]:
        """(theme keys, unknown tags) from the #tags in a text."""
        known, unknown = [], []
        for tag in TAG.findall(text):
            if tag.lower() == INTERNAL_TAG:
                continue
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
        themes, theme_reason = self._themes(text, skip=counts.spans, places=guess.hits, found=found)
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
            place_name=guess.place.name if guess.place and ward in guess.place.wards else "",
            place_kind=guess.place.kind if guess.place and ward in guess.place.wards else "",
        )

    def place_hits(self, text: str) -> list[PlaceHit]:
        return self.gazetteer.find(text)

    def _themes(
        self,
        text: str,
        *,
        skip: tuple[tuple[int, int], ...],
        places: tuple[PlaceHit, ...] = (),
        found: list[Token],
    ) -> tuple[tuple[str, ...], str]:
        tagged, _ = self.themes_from_tags(text)
        if tagged:
            return tuple(tagged), "from the #tags"
        tags = tuple(m.span() for m in TAG.finditer(text))
        find, rank = self.theme_words.find, self.theme_words.rank
        spans = tuple((h.start, h.end) for h in places)
        ranked = rank(find(text, skip=skip + spans + tags, found=found))
        if not ranked and places:
            # A place's own name is not what was done ("Greasbrough Library" in a litter-pick
            # post), but when nothing else is said the place is what the post is about ("Wath
            # library shut for a fortnight"): its words, and its kind in the gazetteer (a
            # park, a library, a school), count as context.
            hits = find(text, skip=skip + tags, found=found) + self.theme_words.kinds(places)
            ranked = rank([replace(h, weight=min(h.weight, CONTEXT)) for h in hits])
        if not ranked and skip:
            # The people counted ("30 pupils") are not what was done, but when nothing else
            # is said, not even the place, they say who it was for ("bmx session, twenty
            # odd yp").
            hits = find(text, skip=spans + tags, found=found)
            ranked = rank([replace(h, weight=min(h.weight, AUDIENCE)) for h in hits])
        if not ranked:
            return (), ""
        return tuple(t for t, _ in ranked), f"from '{ranked[0][1]}'"
