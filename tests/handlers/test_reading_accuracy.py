"""The accuracy gate: the reading rules score the labelled real, officers', second and third
real sets and the second, third and fourth officers' sets (tests/data/real_posts.yaml,
officers_posts.yaml, real_posts_second.yaml, real_posts_third.yaml,
officers_posts_second.yaml, officers_posts_third.yaml, officers_posts_fourth.yaml) at
least as well as when this gate was last raised, and no update on any of them is lost:
read as "other" without the "Log it" offer (brief help, nothing stored). Floors sit a
little under the figures reached, so a change that reads worse fails here, not months later
in the Board's numbers. Raise them when reading improves.
"""

from __future__ import annotations

import time

import pytest

from bench.agreement import Label, agreement
from bench.understanding import (
    DATA,
    LABELLED_SETS,
    TODAY,
    Post,
    load_posts,
    score,
    score_labelled,
)
from handlers.chat.context import Context
from handlers.reading.intent import Intent, read_intent, reads_as_update
from handlers.reading.understand import Reading

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
# The third and fourth officers' sets (written blind, many posts from partners), after the
# reading6 round, which read their even halves only: see docs/benchmarks.md.
# The three real sets were then relabelled to three classes (notices of what is coming are
# "other"), which took their intent to 85.2 / 91.5 / 93.3 %; after the reading7 round
# (notices told by their details: a timetable, hours, a weekday and date, a price, how to
# take part, a round open; a time or a start ahead in the first clause), whole sets:
# intent real 94.4 %, second 97.0 %, third 98.8 %, officers 100 %, officers_second 99.4 %,
# officers_third 97.7 % (even 100 %, odd held out 95.4 %, unchanged), officers_fourth
# 97.2 % (even 100 %, odd held out 94.3 %, from 93.2 %); 0 updates searched on every set.
# The real sets' intent floors sit under 99 % until their remaining notices are read.
# The reading8 round (counts by mechanism, read on the readable sets and those two sets' even halves):
# numbers, whole files, second real set 98.8 -> 99.4 %, third real set 97.6 -> 98.2 %,
# third and fourth officers' sets 97.1 % and 96.6 % (held-out odd halves 95.4 % and 93.2 %,
# unchanged); every other figure unchanged.
# The reading9 round (notices and requests by kind, read on every labelled set, the fifth
# and sixth whole): intent officers_third 97.7 -> 98.3 %, officers_fourth 97.2 -> 97.7 %,
# officers_fifth 94.7 -> 98.8 %, officers_sixth 90.6 -> 98.2 %; every other figure unchanged.
# The reading10 round (kinds of count mistake read on the fifth and sixth sets and the odd
# halves of the third and fourth): numbers, whole files, third 97.1 -> 98.9 % (odd 95.4 ->
# 98.9 %), fourth 96.6 -> 100 % (odd 93.2 -> 100 %), fifth 97.1 -> 99.4 %, sixth 97.6 ->
# 99.4 %; intent fifth 94.7 -> 95.3 %, sixth 90.6 -> 91.2 % (a stall's price per pitch no
# longer reads as money raised); every other figure unchanged.
FLOORS = {
    "real": {
        "ward_precision": 0.98,
        "ward_recall": 0.84,
        "first_theme": 0.76,
        "numbers": 0.99,
        "intent": 0.94,
    },
    "officers": {
        "ward_precision": 0.97,
        "ward_recall": 0.78,
        "first_theme": 0.88,
        "numbers": 0.99,
        "intent": 0.99,
    },
    "second": {"first_theme": 0.68, "numbers": 0.99, "intent": 0.97},
    "third": {"numbers": 0.98, "intent": 0.98},
    "officers_second": {
        "ward_precision": 0.97,
        "ward_recall": 0.88,
        "first_theme": 0.76,
        "numbers": 0.99,
        "intent": 0.99,
    },
    "officers_third": {
        "ward_precision": 0.99,
        "ward_recall": 0.94,
        "first_theme": 0.77,
        "numbers": 0.98,
        "intent": 0.98,
    },
    "officers_fourth": {
        "ward_precision": 0.99,
        "ward_recall": 0.94,
        "first_theme": 0.71,
        "numbers": 0.99,
        "intent": 0.97,
    },
    # Written blind under the three-class convention: first scores (2c6ef54) intent 92.4 /
    # 87.6 %, numbers 96.5 / 98.2 %; after reading7 and reading8 (still unread) intent 94.7
    # / 90.6 %, numbers 97.1 / 97.6 %, ward 100 / 88.5 and 97.2 / 91.3 %. Read since, in
    # reading9 (intent) and reading10 (counts): in-sample from here on.
    "officers_fifth": {
        "ward_precision": 0.99,
        "ward_recall": 0.88,
        "first_theme": 0.68,
        "numbers": 0.99,
        "intent": 0.98,
    },
    "officers_sixth": {
        "ward_precision": 0.97,
        "ward_recall": 0.92,  # 92.2% after places11 ("pk" is Park)
        "first_theme": 0.73,
        "numbers": 0.99,
        "intent": 0.99,
    },
    # Written blind, never read: first score (4d885d8, after reading7 and reading8) intent
    # 94.3 %, numbers 94.8 %, first theme 79.5 %, ward 100 / 94.2 %; after reading9,
    # reading10 and places11 (7956f4e, still unread) intent 94.8 %, the rest unchanged.
    # Released for reading in counts11: numbers 94.8 -> 98.9 % (two posts left failing, their
    # labels doubted), and in reading11 (intent): 94.8 -> 100 %. In-sample from here on.
    "officers_seventh": {
        "ward_precision": 0.99,
        "ward_recall": 0.93,
        "first_theme": 0.78,
        "numbers": 0.98,
        "intent": 0.99,
    },
    # Written blind at the end of stop 26; scored at f0a0b42: intent 93.3 %, numbers 93.3 %,
    # first theme 66.4 %, ward 100 / 89.1 % (with the street file 100 / 94.1 %), 0 searched,
    # one update read as other with no offer (lost). Only that post was read, to fix its
    # mechanism (a post told as done naming nothing known): intent 94.0 %. After reading11 on
    # the seventh set, still unread: 94.0 %. Then its intent mistakes were read, to widen
    # reading11's mechanisms (notices dated by the calendar, takers, "has" + a noun): 96.7 %.
    # Its counts are unread (93.3 % before and after counts11).
    "officers_eighth": {
        "ward_precision": 0.99,
        "ward_recall": 0.88,
        "first_theme": 0.66,
        "numbers": 0.93,
        "intent": 0.96,
    },
    # Written blind this stop (branch blind9, 160 posts, streets and estates more than any
    # set before); never read. First score at a91c8d5: intent 93.8 %, numbers 96.9 %, first
    # theme 67.4 %, ward 98.8 / 66.4 % (with the street file 99.0 / 80.7 %), 0 searched.
    # After reading11 and counts11 (read on the seventh and eighth): intent 95.0 %, numbers
    # 96.9 %; after round 12 (read on the tenth): intent 95.6 %, the rest unchanged. Still
    # unread: do not read it.
    "officers_ninth": {
        "ward_precision": 0.98,
        "ward_recall": 0.66,
        "first_theme": 0.67,
        "numbers": 0.96,
        "intent": 0.95,
    },
    # Written blind this stop (branch blind10, 163 posts: 90 / 31 / 42, Board officer, fire,
    # housing association, NHS, faith and parish voices over a winter month); first scored
    # at c35d0af, after round 11: intent 89.0 %, numbers 89.6 %, first theme 64.2 %, ward
    # 98.9 / 83.8 % (with the street file 98.1 / 91.9 %), 0 searched. Read in round 12:
    # intent 96.9 %, numbers 90.8 % (8 of the 12 counts still missed are home visits, which
    # this set's brief counted as households and the earlier sets do not). In-sample now.
    "officers_tenth": {
        "ward_precision": 0.98,
        "ward_recall": 0.83,
        "first_theme": 0.64,
        "numbers": 0.90,
        "intent": 0.96,
    },
    # Written blind this stop (branch blind11, 160 posts: 96 / 30 / 34, people new to the
    # bot over a spring month); first scored at the end of round 12 and never read: intent
    # 93.8 %, numbers 93.8 %, first theme 68.3 %, ward 100 / 94.7 % (with the street file
    # 100 / 95.6 %), 0 searched, 0 lost. The next round's honest measure: do not read it.
    "officers_eleventh": {
        "ward_precision": 0.99,
        "ward_recall": 0.94,
        "first_theme": 0.68,
        "numbers": 0.93,
        "intent": 0.93,
    },
}
NEW_SETS = {
    "third": "real_posts_third",
    "officers_second": "officers_posts_second",
    "officers_third": "officers_posts_third",
    "officers_fourth": "officers_posts_fourth",
    "officers_fifth": "officers_posts_fifth",
    "officers_sixth": "officers_posts_sixth",
    "officers_seventh": "officers_posts_seventh",
    "officers_eighth": "officers_posts_eighth",
    "officers_ninth": "officers_posts_ninth",
    "officers_tenth": "officers_posts_tenth",
    "officers_eleventh": "officers_posts_eleventh",
}
MOST_UPDATES_SEARCHED = {
    "real": 0,
    "officers": 0,
    "second": 0,
    "third": 0,
    "officers_second": 0,
    "officers_third": 0,
    "officers_fourth": 0,
    "officers_fifth": 0,
    "officers_sixth": 0,
    "officers_seventh": 0,
    "officers_eighth": 0,
    "officers_ninth": 0,
    "officers_tenth": 0,
    "officers_eleventh": 0,
}


async def test_reading_accuracy_does_not_fall(ctx: Context) -> None:
    started = time.perf_counter()
    scores = score_labelled(ctx.understanding)
    # The third real set and the later officers' sets are scored here, not among bench's
    # labelled sets: the places gate holds those sets to exact street-file changes.
    lost = []
    for name, file in NEW_SETS.items():
        posts = load_posts(DATA / f"{file}.yaml")
        readings = {p.index: ctx.understanding.read(p.text, today=TODAY) for p in posts}
        scores[name] = score(posts, readings)
        lost += _lost(name, posts, readings)
    for name, path in LABELLED_SETS.items():
        posts = load_posts(path)
        readings = {p.index: ctx.understanding.read(p.text, today=TODAY) for p in posts}
        lost += _lost(name, posts, readings)
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
    assert not below + lost, "reading got worse: " + "; ".join(below + lost)
    assert time.perf_counter() - started < 20


def _lost(name: str, posts: list[Post], readings: dict[int, Reading]) -> list[str]:
    """Updates read as "other" with no "Log it" offer: an "other" post naming a place, a
    theme, a date or a count gets a private "Not logged" reply with a Log it button
    (handlers/commands/freetext.py offer_to_log, on reads_as_update), one press from the
    record; one naming none of them is dropped, and that must never happen to an update."""
    return [
        f"{name} post {p.index}: an update read as other, with no Log it offer"
        for p in posts
        if p.intent == Intent.UPDATE
        and read_intent(p.text, readings[p.index]) is Intent.OTHER
        and not reads_as_update(readings[p.index], p.text)
    ]


def test_agreement_scores_the_bot_only_on_posts_both_annotators_agree_on() -> None:
    posts = [
        Post(
            index=i,
            text=t,
            ward=None,
            ask=False,
            candidates=(),
            place=None,
            themes=(),
            numbers=n,
            intent=it,
        )
        for i, (t, n, it) in enumerate(
            [("a", {"people_reached": 3.0}, "update"), ("b", {}, "other"), ("c", {}, "question")]
        )
    ]
    second = {
        0: Label("update", {"people_reached": 3.0}),
        1: Label("update", {}),
        2: Label("question", {}),
    }
    bot = {0: Label("update", {}), 1: Label("update", {}), 2: Label("other", {})}
    got = agreement(posts, second, bot)
    assert got["intent_annotators_agree"] == round(2 / 3, 4)
    assert got["intent_bot_on_agreed"] == 0.5  # right on post 0, wrong on post 2
    assert got["numbers_bot_on_agreed"] == round(2 / 3, 4)
    with pytest.raises(SystemExit):
        agreement(posts, {0: second[0]}, bot)
