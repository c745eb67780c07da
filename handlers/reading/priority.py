"""Which of a ward's current priorities an update belongs to, and why."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from handlers import domain
from handlers.reading.vocabulary import vocabulary
from handlers.reading.words import expand, phrase_stems, stem, stems, tokens
from storage.plan_store import PlanSnapshot

# Words in priority titles that say nothing about which priority a post belongs to
# (vocabulary.yaml).
_PLAIN = frozenset(stem(w) for w in vocabulary().priority_plain_words)


@dataclass(frozen=True, slots=True)
class PriorityChoice:
    priority: domain.Priority | None
    reason: str = ""


def pick_priority(
    plan: PlanSnapshot, ward_slug: str, themes: tuple[str, ...], *, text: str = ""
) -> PriorityChoice:
    """The ward's current priority that fits the update best, and why.

    Only priorities carrying one of the post's themes are candidates (none, when none
    does). Among them, a title sharing words with
    the post counts most ("Eastwood Village action plan" -> "Oversee delivery of the
    Eastwood Village Action Plan"), then carrying the post's first theme, then carrying
    more of its themes; ties go to the plan's order.
    """
    priorities = plan.priorities_of(ward_slug)
    said = {s for s in stems(text) if s not in _PLAIN and not s.isdigit()}
    # Only a priority carrying one of the post's themes is a candidate: a title sharing a
    # word ("community", from a charity's name) never puts a post where its themes are not.
    carrying = [p for p in priorities if any(t in p.themes for t in themes)]
    general, particular = _theme_stems(plan, themes[0]) if themes else (frozenset(), frozenset())
    best: tuple[int, domain.Priority, list[str]] | None = None
    for priority in carrying:
        title = set(phrase_stems(priority.title)) - _PLAIN
        shared = [
            s for s in dict.fromkeys(phrase_stems(priority.title)) if s in said and s in title
        ]
        carried = [t for t in themes if t in priority.themes]
        score = 4 * len(shared) + (3 if themes and themes[0] in priority.themes else 0)
        score += len(carried)
        # "Improve the environment" fits a litter pick better than "reduce flooding": a title
        # naming the theme itself beats one naming a particular of it the post never mentions.
        score += 2 * len(title & general) - 2 * len((title & particular) - said)
        if score and (best is None or score > best[0]):
            best = (score, priority, shared)
    if best is None:
        return PriorityChoice(None)
    _, priority, shared = best
    if shared:
        words = _words_for(text, shared)
        return PriorityChoice(priority, f"its title shares {', '.join(repr(w) for w in words)}")
    carried = [t for t in themes if t in priority.themes]
    labels = [plan.theme(t).label if plan.theme(t) else t for t in carried]  # type: ignore[union-attr]
    return PriorityChoice(priority, f"it carries {' and '.join(labels[:2])}")


def _theme_stems(plan: PlanSnapshot, key: str) -> tuple[frozenset[str], frozenset[str]]:
    """(stems of the theme's label, stems of its one-word vocabulary) for a theme."""
    theme = plan.theme(key)
    if theme is None:
        return frozenset(), frozenset()
    return _stems_of(theme)


@functools.lru_cache(maxsize=256)
def _stems_of(theme: domain.Theme) -> tuple[frozenset[str], frozenset[str]]:
    # Stemming a theme's whole vocabulary on every post was a tenth of the time to log one.
    general = frozenset(stems(theme.label)) - _PLAIN
    particular = frozenset(k[0] for k in map(stems, theme.words) if len(k) == 1) - general
    return general, particular


def _words_for(text: str, shared: list[str]) -> list[str]:
    """The post's own words for the shared stems, for the explanation."""
    words: dict[str, str] = {}
    for token in expand(tokens(text)):
        key = stem(token.text)
        if key in shared:
            words.setdefault(key, token.text)
    return [words.get(s, s) for s in shared][:3]


def choose_priority(
    plan: PlanSnapshot, ward_slug: str, themes: tuple[str, ...], *, text: str = ""
) -> domain.Priority | None:
    """The ward's current priority that fits the update best (see `pick_priority`)."""
    return pick_priority(plan, ward_slug, themes, text=text).priority
