"""`measure NAME VALUE [on DATE]`: a reading for an outcome measure, by an officer of its ward
(one who works in a channel linked to the ward or has logged activity there), or an admin."""

from __future__ import annotations

import re
from datetime import date

from handlers import domain
from handlers.chat.access import Permission, Role, role_of
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Card, Fact, Incoming, Reply, Visibility
from handlers.commands.registry import Command, Text, as_text
from handlers.digests.measures import direction_of, number, on_track
from handlers.reading.dates import find_date
from storage.channels import linked_ward
from storage.measures import add_readings, has_logged_in, list_measures, name_key

USAGE = (
    "Give the measure's name and the new value, e.g. `measure tooth decay 28 on 2026-09-30` "
    "(in a ward's linked channel) or `measure Rotherham East: tooth decay 28%`."
)
_VALUE = re.compile(r"(?:^|\s)(£?-?\d[\d,]*(?:\.\d+)?)\s*(%|percent)?\s*$", re.I)
MEASURE = Permission("measure", frozenset({Role.OFFICER, Role.ADMIN}))  # of the ward: below
_ON = re.compile(r"\s+on\s+(.+)$", re.I)


async def measure(ctx: Context, incoming: Incoming, args: Text) -> Reply:
    text = args.text.strip()
    if not text:
        raise UserError(USAGE)
    ward, text = await _ward(ctx, incoming, text)
    day = ctx.today()
    on = _ON.search(text)
    if on:
        found = find_date(on.group(1), today=ctx.today())
        if found is None:
            raise UserError(
                f"I can't read '{on.group(1)[:40]}' as a date that has passed. "
                "Try `on 2026-09-30`. Nothing was recorded."
            )
        day, text = found[0], text[: on.start()]
    value_match = _VALUE.search(text)
    if value_match is None:
        raise UserError(f"What is the new value? {USAGE} Nothing was recorded.")
    raw = value_match.group(1).replace(",", "").lstrip("£")
    try:
        value = float(raw)
    except ValueError:
        raise UserError(f"'{raw[:20]}' isn't a number. Nothing was recorded.") from None
    name = text[: value_match.start()].strip(" :-")
    if not name:
        raise UserError(f"Which measure? {USAGE} Nothing was recorded.")
    await _check_officer(ctx, incoming, ward)
    found_measure = await _find(ctx, ward, name)
    await add_readings(ctx.db, [(found_measure.id, value, day)], actor=incoming.actor.key)
    [now] = [m for m in await list_measures(ctx.db, ward_ids={ward.id}) if m.id == found_measure.id]
    return reading_reply(now, today=ctx.today(), day=day)


def reading_reply(m: domain.Measure, *, today: date, day: date) -> Reply:
    track = {True: "on track", False: "off track", None: "not yet known"}[on_track(m, today=today)]
    direction = direction_of(m)
    title = f"Recorded {number(m.latest, m.unit)} for {m.name} ({m.ward_name}) on {day:%d %b %Y}"
    if m.latest_on != day:
        title += (
            f"; the latest reading is still {number(m.latest, m.unit)} on {m.latest_on:%d %b %Y}"
        )
    facts = (
        Fact(
            "Baseline",
            f"{number(m.baseline, m.unit)}"
            + (f" ({m.baseline_on:%d %b %Y})" if m.baseline_on else ""),
        ),
        Fact(
            "Latest",
            f"{number(m.latest, m.unit)}" + (f" ({m.latest_on:%d %b %Y})" if m.latest_on else ""),
        ),
        Fact(
            "Target",
            f"{number(m.target, m.unit)}" + (f" ({m.target_on:%d %b %Y})" if m.target_on else ""),
        ),
        Fact("Direction", direction),
        Fact("Progress", track),
    )
    return Reply(
        text=f"{title}. {direction.capitalize()}, {track}.",
        card=Card(title=title, facts=facts, footer=f"Source: {m.source}" if m.source else ""),
        visibility=Visibility.CHANNEL,
    )


async def _ward(ctx: Context, incoming: Incoming, text: str) -> tuple[domain.Ward, str]:
    head, colon, rest = text.partition(":")
    if colon:
        match = ctx.understanding.names.match(head)
        if match.ward is not None:
            return match.ward, rest.strip()
    found = ctx.understanding.names.prefix(text.split())
    if found is not None:
        ward, size = found
        rest = " ".join(text.split()[size:])
        if rest:
            return ward, rest
    slug = await linked_ward(ctx.db, platform=incoming.platform, channel_id=incoming.channel_id)
    ward_found = ctx.plan.ward(slug) if slug else None
    if ward_found is None:
        raise UserError(
            "Which ward's measure? Name the ward first, e.g. "
            "`measure Rotherham East: tooth decay 28`, or use a channel linked to the ward. "
            "Nothing was recorded."
        )
    return ward_found, text


async def _check_officer(ctx: Context, incoming: Incoming, ward: domain.Ward) -> None:
    role = await role_of(ctx, incoming.acting)
    if role is Role.ADMIN:
        return
    if role is Role.OFFICER:
        linked = await linked_ward(
            ctx.db, platform=incoming.platform, channel_id=incoming.channel_id
        )
        if linked == ward.slug or await has_logged_in(
            ctx.db, author_key=incoming.acting.key, ward_slug=ward.slug
        ):
            return
    raise UserError(
        f"Readings for {ward.name}'s measures are recorded by its officers: post in a channel "
        f"linked to {ward.name}, or ask an admin. Nothing was recorded."
    )


async def _find(ctx: Context, ward: domain.Ward, name: str) -> domain.Measure:
    measures = await list_measures(ctx.db, ward_ids={ward.id})
    wanted = name_key(name)
    exact = [m for m in measures if name_key(m.name) == wanted]
    if exact:
        return exact[0]
    words = set(wanted.split())
    close = [m for m in measures if words <= set(name_key(m.name).split())]
    if len(close) == 1:
        return close[0]
    names = ", ".join(f"'{m.name}'" for m in (close or measures)[:8])
    if not measures:
        raise UserError(
            f"{ward.name} has no outcome measures yet: they come from the plan or "
            "`wardbot measures import FILE.csv`. Nothing was recorded."
        )
    raise UserError(
        f"{'Which' if close else 'I have no'} measure '{name[:60]}' in {ward.name}"
        f"{'?' if close else '.'} Its measures: {names}. Nothing was recorded."
    )


COMMANDS = (
    Command(
        "measure",
        measure,
        parse=as_text,
        permission=MEASURE,
        usage="measure [WARD:] NAME VALUE [on DATE]",
        example="measure Rotherham East: tooth decay 28 on 2026-09-30",
    ),
)
