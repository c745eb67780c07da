"""The accuracy gate: the reading rules score the labelled real, officers', second and third
real sets and the second officers' set (tests/data/real_posts.yaml, officers_posts.yaml,
real_posts_second.yaml, real_posts_third.yaml, officers_posts_second.yaml) at least as
well as when this gate was
last raised. Floors sit a little under the figures reached, so a change that reads worse
fails here, not months later in the Board's numbers. Raise them when reading improves.
"""

from __future__ import annotations

import time

from bench.understanding import DATA, TODAY, load_posts, score, score_labelled
from handlers.chat.context import Context

# Floors a little under the figures reached (whole sets, bench.understanding): real
# precision 98.3%, recall 85.6%, first theme 76.5%, numbers 100%, intent 100%; officers'
# 98.2%, 80.0%, 88.2%, 100%, 99.6%. Ward recall rises with the council's places loaded
# (docs/places.md); these are the bundled gazetteer's. The second real set
# (real_posts_second.yaml, written blind): intent 100% and numbers 98.8% (0 updates
# searched), from 95.1% and 87.2% at its first score; first theme 69.5% (59.8% before the
# themes round). The third (real_posts_third.yaml, likewise): numbers 97.6% and intent 100%
# (0 updates searched), from 84.8% and 96.3% at its first score. The reading3 round read the
# odd halves of all four sets (docs/reading-rules.md); a blind officers' set is its measure.
# That set (officers_posts_second.yaml, first score intent 94.2 %, numbers 94.8 %, first
# theme 71.7 %, ward 97.1 % / 87.7 %) after the reading5 round, which read both halves:
# intent 99.4 %, numbers 99.4 %, first theme 76.7 %, ward 97.1 % / 88.6 %, 0 updates searched.
FLOORS = {
    "real": {
        "ward_precision": 0.98,
        "ward_recall": 0.84,
        "first_theme": 0.76,
        "numbers": 0.99,
        "intent": 0.99,
    },
    "officers": {
        "ward_precision": 0.97,
        "ward_recall": 0.78,
        "first_theme": 0.88,
        "numbers": 0.99,
        "intent": 0.99,
    },
    "second": {"first_theme": 0.68, "numbers": 0.98, "intent": 0.99},
    "third": {"numbers": 0.96, "intent": 0.99},
    "officers_second": {
        "ward_precision": 0.97,
        "ward_recall": 0.88,
        "first_theme": 0.76,
        "numbers": 0.99,
        "intent": 0.99,
    },
}
MOST_UPDATES_SEARCHED = {"real": 0, "officers": 0, "second": 0, "third": 0, "officers_second": 0}


async def test_reading_accuracy_does_not_fall(ctx: Context) -> None:
    started = time.perf_counter()
    scores = score_labelled(ctx.understanding)
    # The third set and the second officers' set are scored here, not among bench's
    # labelled sets: the places gate holds those sets to exact street-file changes.
    for name, file in (("third", "real_posts_third"), ("officers_second", "officers_posts_second")):
        posts = load_posts(DATA / f"{file}.yaml")
        scores[name] = score(
            posts, {p.index: ctx.understanding.read(p.text, today=TODAY) for p in posts}
        )
    below = [
        f"{name} {metric}: {scores[name][metric]:.1%} < {floor:.0%}"
        for name, floors in FLOORS.items()
        for metric, floor in floors.items()
        if scores[name][metric] < floor
    ]
    below += [
        f"{name}: {scores[name]['updates_searched']} updates answered with a search (most {most})"
        for name, most in MOST_UPDATES_SEARCHED.items()
        if scores[name]["updates_searched"] > most
    ]
    assert not below, "reading got worse: " + "; ".join(below)
    assert time.perf_counter() - started < 20
