"""Bad input at scale: generated messages and button presses thrown at the chat grammar.

Over 10,000 inputs in all (random text, unicode, huge, #tags, numbers, dates, ward
names with typos, forged buttons). For every one: `handle` returns a reply, the
reply carries no traceback and no "something went wrong on my side" (that means
an exception escaped a handler), and a refused reply leaves the stored updates as
they were. One fresh database per test function; each example is one message.
"""

from __future__ import annotations

import json
from itertools import count

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.chat.context import Context
from handlers.chat.messages import Action, Actor, Incoming, Reply
from handlers.commands.router import REGISTRY, handle
from storage.plans import BUNDLED_PLAN, read_plan
from storage.updates import count_updates, list_updates
from tests.support.fuzz import FUZZ, examples

PLAN, _ = read_plan(BUNDLED_PLAN)
WARD_NAMES = [w.name for w in PLAN.wards]
THEMES = [t.key for t in PLAN.themes]
WORDS = [*REGISTRY.words(), "LOG", "Show", "find:", "digest", "undo", "change", "logs", "shw", ""]

_ids = count(1)


def _with_typo(name: str, index: int) -> str:
    i = index % (len(name) + 1)
    return name[:i] + name[i + 1 :] if index % 2 else name[:i] + "x" + name[i:]


ward_names = st.one_of(
    st.sampled_from(WARD_NAMES),
    st.sampled_from(WARD_NAMES).map(str.upper),
    st.builds(_with_typo, st.sampled_from(WARD_NAMES), st.integers(0, 40)),
    st.text(max_size=30),
)
tags = st.one_of(
    st.sampled_from(THEMES).map(lambda t: f"#{t}"),
    st.text(min_size=1, max_size=20).map(lambda t: f"#{t}"),
    st.just("#"),
    st.just("##environment"),
)
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.builds(
        "{} {}".format,
        st.integers(-5, 10**12),
        st.sampled_from(["volunteers", "attended", "people", "bags", "residents", "kids"]),
    ),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["£5k", "£1,000,000.999", "£", "~12 came", "c.40 families", "1e309"]),
)
dates = st.one_of(
    st.dates().map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(
        [
            "yesterday",
            "last week",
            "1 March",
            "31 February",
            "2026-02-30",
            "0000-00-00",
            "99999-01-01",
            "13/13/2013",
            "last Funday",
            "since since",
        ]
    ),
    st.text(max_size=20),
)
pieces = st.one_of(ward_names, tags, numbers, dates, st.text(max_size=40), st.just(":"))
grammar_text = st.builds(
    lambda word, parts: " ".join([word, *parts]),
    st.sampled_from(WORDS),
    st.lists(pieces, max_size=8),
)
unicode_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300
)
huge_text = st.builds(
    lambda word, chunk, times: f"{word} {chunk * times}",
    st.sampled_from(["log", "log Sitwell:", "show", "find", ""]),
    st.text(min_size=1, max_size=12),
    st.integers(300, 6000),
)
actions = st.builds(
    Action,
    name=st.one_of(
        st.sampled_from(
            [
                "undo",
                "change",
                "open_log_form",
                "log_in_ward",
                "pd_keep",
                "pd_redact",
                "log_form",
                "log_form:1",
            ]
        ),
        st.text(max_size=20),
    ),
    value=st.one_of(
        st.text(max_size=60),
        st.integers(-(10**25), 10**25).map(str),
        st.builds(
            lambda ward, text: json.dumps({"ward": ward, "text": text}),
            st.one_of(st.sampled_from([w.slug for w in PLAN.wards]), st.text(max_size=10)),
            st.one_of(st.text(max_size=50), st.integers()),
        ),
        st.builds(
            lambda key, ward: json.dumps({"held": key, "ward": ward}),
            st.one_of(st.text(max_size=40), st.integers(), st.none()),
            st.sampled_from([w.slug for w in PLAN.wards]),
        ),
    ),
    form=st.dictionaries(
        st.sampled_from(
            [
                "ward",
                "text",
                "priority",
                "themes",
                "occurred_on",
                "people_reached",
                "volunteers",
                "evidence_link",
                "partners",
                "case_study",
            ]
        ),
        st.one_of(
            st.text(max_size=40),
            st.sampled_from([w.slug for w in PLAN.wards]),
            st.integers(-(10**20), 10**20).map(str),
            dates,
        ),
    ),
)


def _visible_text(reply: Reply) -> str:
    parts = [reply.text]
    if reply.card is not None:
        card = reply.card
        parts += [card.title, card.subtitle, card.footer, *card.errors.values()]
        parts += [f.value for f in card.facts]
        parts += [s.text for s in card.sections]
    return "\n".join(parts)


_held: dict[str, int] = {}  # updates stored, by database: one count per example, not two


async def _check(ctx: Context, incoming: Incoming) -> None:
    if str(ctx.db.engine.url) not in _held:
        _held[str(ctx.db.engine.url)] = await count_updates(ctx.db, include_deleted=True)
    reply = await handle(ctx, incoming)
    shown = _visible_text(reply)
    assert "Traceback" not in shown and 'File "' not in shown, shown[:500]
    assert "something went wrong on my side" not in shown, (incoming.text[:200], incoming.action)
    now = await count_updates(ctx.db, include_deleted=True)
    if not reply.ok:
        assert now == _held[str(ctx.db.engine.url)], shown[:300]
    _held[str(ctx.db.engine.url)] = now


def _say(text: str) -> Incoming:
    return Incoming(
        actor=Actor(platform="slack", user_id="UFUZZ", name="Fuzz"),
        channel_id="CFUZZ",
        text=text,
        message_id=f"fuzz-{next(_ids)}",
    )


@pytest.mark.slow
@settings(FUZZ, max_examples=examples(3500))
@given(text=grammar_text)
async def test_commands_with_generated_arguments(ctx: Context, text: str) -> None:
    await _check(ctx, _say(text))


@pytest.mark.slow
@settings(FUZZ, max_examples=examples(3000))
@given(text=st.one_of(unicode_text, st.text(max_size=200)))
async def test_random_and_unicode_text(ctx: Context, text: str) -> None:
    await _check(ctx, _say(text))


@pytest.mark.slow
@settings(FUZZ, max_examples=examples(1500))
@given(text=st.builds(" ".join, st.tuples(st.sampled_from(["log", "show", "find"]), unicode_text)))
async def test_commands_followed_by_unicode(ctx: Context, text: str) -> None:
    await _check(ctx, _say(text))


@pytest.mark.slow
@settings(FUZZ, max_examples=examples(300))
@given(text=huge_text)
async def test_huge_messages(ctx: Context, text: str) -> None:
    await _check(ctx, _say(text))


@pytest.mark.slow
@settings(FUZZ, max_examples=examples(2000))
@given(action=actions, user=st.sampled_from(["UFUZZ", "UADMIN", "UOTHER"]))
async def test_forged_buttons_and_forms(ctx: Context, action: Action, user: str) -> None:
    incoming = Incoming(
        actor=Actor(platform="slack", user_id=user),
        channel_id="CFUZZ",
        action=action,
        message_id=f"fuzz-{next(_ids)}",
    )
    await _check(ctx, incoming)


async def test_nul_characters_are_dropped_not_a_crash(ctx: Context) -> None:
    """Found by the fuzzing on PostgreSQL, which refuses NUL in text."""
    reply = await handle(ctx, _say("log Anston and Woodsetts: litter\x00 pick \x00"))
    assert reply.ok, reply.text
    [update] = await list_updates(ctx.db, ward_slug="anston-woodsetts")
    assert "\x00" not in update.text and "litter pick" in update.text
