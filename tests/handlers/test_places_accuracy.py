"""The accuracy gate with the council's street file loaded: ward recall and precision on
the posts that name a place, in both labelled sets of real-style posts, each half apart.

Mistakes are read only on even-index posts; odd-index posts are held out and scored only.
Without the file the same rules score: real posts recall 85.6%, precision 98.3%;
officers' posts recall 80.0%, precision 98.2%. With it, every half scores precision 100%
and recall 96.2-100%: the floors are the issue's recall (95%) and precision 99%, so that a
rule that loses places, or guesses one, fails here.

Loading the file must not make the other labelled sets worse either: a name the file
holds must not outvote a ward named outright, a split village, or the village a common
street name is in, nor turn a clear post into a question.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.understanding import (
    BLIND_SETS,
    DATA,
    LABELLED_SETS,
    POSTS,
    TODAY,
    Post,
    blind_set,
    load_posts,
    score,
)
from handlers.chat.context import Context
from handlers.data.places import read_places
from handlers.reading.understand import Reading, Understanding
from storage.places import replace_places

STREETS = DATA / "council_streets.csv"
FLOORS = {"ward_recall": 0.95, "ward_precision": 0.99}
SECOND = DATA / "real_posts_second.yaml"
# The second real set with the file: precision 92.1%, recall 75.9% reached (its first
# score was 88.9% and 74.1%); the target is 98% and 95%.
SECOND_FLOORS = {"ward_recall": 0.74, "ward_precision": 0.91, "asks_right": 0.86}
# Posts the file changes for the worse, by set: (given a wrong ward, asked wrongly). Each is
# a place the file knows and the set's label does not: seventh, "the Swinton Fitzwilliam
# estate" (the file puts the estate in Kilnhurst and Swinton East; the label, written from
# the bundled plan, asks); last, Sunnyside and Listerdale (the plan says their ward was not
# confirmed; the file puts both in Wickersley North). The second set's two are in its
# held-out half, not read.
FILE_CHANGES = {"seventh": (1, 1), "last": (0, 2), "second": (2, 0)}


async def _with_streets(ctx: Context) -> Context:
    found = read_places(ctx.plan, STREETS)
    assert not found.rejected, found.rejected[:3]
    await replace_places(
        ctx.db, found.rows, council=ctx.plan.council, source="council", actor="test"
    )
    await ctx.reload_places()
    return ctx


@pytest.mark.parametrize("posts", ["real_posts.yaml", "officers_posts.yaml"])
async def test_with_the_street_file_loaded_posts_that_name_a_place_get_their_ward(
    ctx: Context, posts: str
) -> None:
    await _with_streets(ctx)
    labelled = load_posts(Path(DATA / posts))
    readings = {p.index: ctx.understanding.read(p.text, today=TODAY) for p in labelled}
    for half in (0, 1):
        scored = score([p for p in labelled if p.index % 2 == half], readings)
        for key, floor in FLOORS.items():
            assert scored[key] >= floor, (posts, "even" if half == 0 else "odd", key, scored)


async def test_without_the_file_the_same_posts_miss_places(ctx: Context) -> None:
    """What the file adds: the same gate fails on the bundled gazetteer alone."""
    labelled = load_posts(DATA / "officers_posts.yaml")
    readings = {p.index: ctx.understanding.read(p.text, today=TODAY) for p in labelled}
    assert score(labelled, readings)["ward_recall"] < FLOORS["ward_recall"]


def _worse(posts: list[Post], before: Understanding, after: Understanding) -> tuple[int, int]:
    """(posts given a wrong ward, asks no longer right) with the file that were not without."""

    def wrong(post: Post, reading: Reading) -> bool:
        given = reading.ward
        return bool(post.place) and given is not None and (post.ask or given.slug != post.ward)

    def asked(post: Post, reading: Reading) -> bool:
        return reading.ward is None and set(post.candidates) <= {w.slug for w in reading.candidates}

    wards = asks = 0
    for post in posts:
        old = before.read(post.text, today=TODAY)
        new = after.read(post.text, today=TODAY)
        wards += wrong(post, new) and not wrong(post, old)
        asks += post.ask and asked(post, old) and not asked(post, new)
    return wards, asks


async def test_loading_the_file_does_not_make_other_sets_worse(ctx: Context) -> None:
    without = ctx.understanding
    with_file = (await _with_streets(ctx)).understanding
    sets = {"posts": POSTS, **{n: blind_set(n) for n in BLIND_SETS}, **LABELLED_SETS}
    changed = {
        name: _worse(load_posts(path), without, with_file)
        for name, path in sets.items()
        if path.exists()
    }
    worse = {name: got for name, got in changed.items() if got > FILE_CHANGES.get(name, (0, 0))}
    assert not worse, f"the street file made these sets worse (wrong wards, asks): {worse}"


async def test_the_second_real_set_with_the_file_does_not_fall(ctx: Context) -> None:
    await _with_streets(ctx)
    posts = load_posts(SECOND)
    scored = score(posts, {p.index: ctx.understanding.read(p.text, today=TODAY) for p in posts})
    below = {k: scored[k] for k, floor in SECOND_FLOORS.items() if scored[k] < floor}
    assert not below, below
