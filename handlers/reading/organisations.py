"""Organisations named in a post: the plan's partners (by name or short form), and names
that look like an organisation wardbot does not know yet ("Kimberworth Park Bowls Club"),
to offer the poster; and the funds money came from."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from handlers import domain

# The last word of an organisation's name: what makes "Kimberworth Park Bowls Club" an
# organisation and "Kimberworth Park" a place.
ENDINGS = frozenset(
    [
        "club",
        "group",
        "association",
        "trust",
        "centre",
        "center",
        "society",
        "church",
        "school",
        "academy",
        "partnership",
        "network",
        "foundation",
        "charity",
        "forum",
        "project",
        "alliance",
        "cic",
        "surgery",
        "practice",
        "hub",
        "scouts",
        "guides",
        "brigade",
        "federation",
        "nursery",
        "college",
        "pantry",
        "foodbank",
        "cafe",
        "café",
        "mosque",
        "chapel",
        "institute",
        "collective",
        "initiative",
        "coop",
        "co-op",
        "tara",
    ]
)
# A name of two words starting with one of these is a kind of thing, not an organisation
# ("Youth Club", "Lunch Club", "Community Centre").
GENERIC = frozenset(
    [
        "youth",
        "lunch",
        "luncheon",
        "coffee",
        "breakfast",
        "after",
        "homework",
        "community",
        "local",
        "the",
        "a",
        "our",
        "this",
        "that",
        "football",
        "book",
        "bowls",
        "walking",
        "knit",
        "craft",
        "sports",
        "school",
        "church",
        "village",
        "parish",
        "residents",
        "tenants",
        "friends",
        "support",
        "parent",
        "parents",
        "toddler",
        "baby",
    ]
)
# Words a capitalised run may start with that are not part of a name: "Met Greasbrough
# Tenants and Residents Association", "Thanks to Wath Lions Club".
_LEADING = frozenset(
    [
        "met",
        "meeting",
        "with",
        "at",
        "joined",
        "thanks",
        "thank",
        "visited",
        "via",
        "from",
        "by",
        "for",
        "to",
        "attended",
        "held",
        "hosted",
        "supported",
        "funded",
        "our",
        "new",
        "today",
        "yesterday",
        "also",
        "and",
        "then",
        "after",
        "before",
        "during",
    ]
)
_JOINERS = frozenset({"and", "&", "of", "the", "for", "on", "upon", "in"})
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*|&")
_WORD = re.compile(r"[\w'’.&-]+")


def _exact(form: str) -> bool:
    """A short form written in capitals ("SYP", "RDaSH") is matched only as written: "var"
    in a post is not Voluntary Action Rotherham."""
    return " " not in form and any(c.isupper() for c in form[1:])


def _pattern(form: str) -> str:
    words = [re.escape(w) for w in form.split()]
    return r"(?<![\w])" + r"[\s-]+".join(words) + r"(?![\w])"


@dataclass(frozen=True, slots=True)
class _Known:
    """The partners made ready for matching, once per list of partners."""

    matchers: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...]
    # Each form's first word: a form can match only where its first word is written. A post
    # with none of them (most posts) needs no regex search at all: one search per partner,
    # their patterns starting with a lookbehind, was 13 % of a `/ward log`'s CPU.
    first_words: frozenset[str]  # lower case, for the case-insensitive forms
    first_words_exact: frozenset[str]
    screens: bool  # False when some first word is not plain ASCII (case folding is then re's)
    keys: frozenset[str]  # names and short forms, as _key writes them


@functools.lru_cache(maxsize=8)
def _known(partners: tuple[domain.Partner, ...]) -> _Known:
    found = []
    loose_firsts: set[str] = set()
    exact_firsts: set[str] = set()
    screens = True
    for partner in partners:
        loose = [partner.name] + [f for f in partner.short_forms if not _exact(f)]
        exact = [f for f in partner.short_forms if _exact(f)]
        for forms, firsts, fold in ((loose, loose_firsts, True), (exact, exact_firsts, False)):
            for form in forms:
                words = form.split()
                if not words or not words[0].isascii():
                    screens = False  # a form of no words, or re's own case folding
                    continue
                firsts.add(words[0].lower() if fold else words[0])
        found.append(
            (
                re.compile("|".join(_pattern(f) for f in loose), re.I),
                re.compile("|".join(_pattern(f) for f in exact)) if exact else None,
                partner.name,
            )
        )
    return _Known(
        matchers=tuple(found),
        first_words=frozenset(loose_firsts),
        first_words_exact=frozenset(exact_firsts),
        screens=screens,
        keys=frozenset(
            {_key(p.name) for p in partners} | {_key(f) for p in partners for f in p.short_forms}
        ),
    )


_KEPT: dict[int, tuple[object, _Known]] = {}


def _known_for(
    source: Sequence[Any], partners: Callable[[], tuple[domain.Partner, ...]] | None = None
) -> _Known:
    """_known, by the list's identity first: storage hands back the same list while it keeps
    it in memory, and hashing and comparing every partner on each call cost more than the
    matching itself. `partners` makes them from `source` (funds) when it is not partners.
    Only a tuple, which cannot change, is known by its identity."""
    if not isinstance(source, tuple):
        return _known(partners() if partners is not None else tuple(source))
    kept = _KEPT.get(id(source))
    if kept is not None and kept[0] is source:
        return kept[1]
    known = _known(partners() if partners is not None else tuple(source))
    if len(_KEPT) >= 8:
        _KEPT.clear()
    _KEPT[id(source)] = (source, known)  # the list is held, so its id is not reused meanwhile
    return known


def _spans(text: str, known: _Known) -> list[tuple[int, int, str]]:
    if known.screens and text.isascii():
        lowered = text.lower()
        if not any(w in lowered for w in known.first_words) and not any(
            w in text for w in known.first_words_exact
        ):
            return []
    spans = []
    for loose, exact, name in known.matchers:
        for pattern in (loose, exact):
            if pattern is None:
                continue
            spans += [(m.start(), m.end(), name) for m in pattern.finditer(text)]
    return sorted(spans)


Spans = list[tuple[int, int, str]]  # where a post names a known partner: start, end, name


def partner_spans(text: str, partners: Sequence[domain.Partner]) -> Spans:
    """Where `text` names each of `partners`: for `partners_named` and `unknown_organisations`
    on the same text, found once."""
    return _spans(text, _known_for(partners))


def partners_named(
    text: str, partners: Sequence[domain.Partner], *, spans: Spans | None = None
) -> tuple[str, ...]:
    """The partners a post names, in the order it first names them. `spans`: partner_spans
    of this text, when the caller has them."""
    found = partner_spans(text, partners) if spans is None else spans
    return tuple(dict.fromkeys(name for _, _, name in found))


def unknown_organisations(
    text: str, partners: Sequence[domain.Partner], *, spans: Spans | None = None
) -> tuple[str, ...]:
    """Capitalised names ending like an organisation's that no partner's name covers.
    `spans`: partner_spans of this text, when the caller has them."""
    ready = _known_for(partners)
    known = _spans(text, ready) if spans is None else spans
    keys = ready.keys
    found: dict[str, str] = {}
    for candidate, start, end in _split_lists(_capitalised_runs(text)):
        if any(s < end and start < e for s, e, _ in known) or _key(candidate) in keys:
            continue
        words = candidate.split()
        friends = len(words) > 2 and words[0].lower() == "friends" and words[1] == "of"
        if len(words) < 2 or (words[-1].lower().strip(".") not in ENDINGS and not friends):
            continue
        if len(words) == 2 and words[0].lower() in GENERIC:
            continue
        found.setdefault(_key(candidate), candidate)
    return tuple(found.values())[:3]


def _capitalised_runs(text: str) -> list[tuple[str, int, int]]:
    """Runs of capitalised words, joined by "and", "of", "&", ... ("Friends of Clifton Park")."""
    runs: list[tuple[str, int, int]] = []
    words: list[re.Match[str]] = []

    def close() -> None:
        while words and words[-1].group().lower() in _JOINERS:
            words.pop()
        while words and words[0].group().lower() in _JOINERS | _LEADING | {"the"}:
            words.pop(0)
        if words:
            runs.append(
                (" ".join(w.group().strip(".") for w in words), words[0].start(), words[-1].end())
            )
        words.clear()

    for match in _WORD.finditer(text):
        word = match.group()
        gap = text[words[-1].end() : match.start()] if words else ""
        if (words and any(c in gap for c in ",;:()!?\n")) or (
            words and words[-1].group().endswith(".")
        ):
            close()
        if _CAPITALISED.fullmatch(word) or (words and word.lower() in _JOINERS):
            words.append(match)
        else:
            close()
    close()
    return runs


def _split_lists(runs: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """ "Wath Lions Club and the Youth Club" is two names: split after a name's last word."""
    out = []
    for run, start, end in runs:
        words = run.split()
        begin = 0
        for i, word in enumerate(words[:-1]):
            if word.lower() in ("and", "&") and words[i - 1].lower() in ENDINGS and i > begin:
                out.append((" ".join(words[begin:i]), start, end))
                begin = i + 1
                while begin < len(words) and words[begin].lower() == "the":
                    begin += 1
        if begin < len(words):
            out.append((" ".join(words[begin:]), start, end))
    return out


def _key(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())


def fund_named(text: str, funds: Sequence[domain.Fund]) -> str:
    """The fund a post names ("CLF" -> "Community Leadership Fund"), or ""."""
    spans = _spans(
        text, _known_for(funds, lambda: tuple(domain.Partner(f.name, f.short_forms) for f in funds))
    )
    return spans[0][2] if spans else ""
