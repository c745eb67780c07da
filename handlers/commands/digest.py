"""The `digest` chat command: subscribe a channel, unsubscribe, preview, list."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from handlers import domain
from handlers.chat.access import ADMINS, EVERYONE, STAFF, Permission, is_admin
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Incoming, Reply, Visibility
from handlers.commands.queries import resolve_scope
from handlers.commands.registry import Command, NoArgs, Text, as_text, no_args
from handlers.digests.build import build_digest, gather
from handlers.digests.periods import Period, quarter_of, so_far
from handlers.digests.recipients import WhenEmpty, resolve_recipient, split_options
from handlers.digests.reply import digest_reply
from handlers.digests.schedules import (
    PRESETS,
    QUARTERLY,
    BadSchedule,
    check,
    describe,
    latest_fire,
    next_fire,
)
from storage import digests as store
from storage.digests import SubscribeResult, Subscription

USAGE = (
    "Digests: `digest subscribe [weekly|monthly|quarterly|daily|CRON] [WARD|AREA] "
    "[to @person] [skip-empty|one-line]` (admins), "
    "`digest unsubscribe [WARD|AREA|all]` (admins), `digest preview [WARD|AREA]`, `digest list`. "
    "e.g. `digest subscribe weekly`, `digest subscribe monthly Sitwell`, "
    "`digest subscribe 0 8 * * fri Rotherham East`."
)
_CRON_MINUTE = re.compile(r"^[\d*/,\-]+$")  # a minute field: never letters, unlike ward names
BOROUGH_WORDS = {"borough", "the borough", "whole borough", "all wards"}


async def digest(ctx: Context, incoming: Incoming, args: Text) -> Reply:
    """`digest` alone, or with a word that is not one of its commands: how to use them."""
    return Reply(text=USAGE, visibility=Visibility.ASKER, ok=not args.text.strip())


@dataclass(frozen=True, slots=True)
class SubscribeArgs:
    """`digest subscribe [weekly|monthly|quarterly|daily|CRON] [WARD|AREA] [to @person]
    [skip-empty|one-line|post-empty]`"""

    cron: str
    ward_slug: str | None  # None: the whole borough, or an area
    area_slug: str | None = None  # a neighbourhood or area of the plan
    person: str = ""  # the words after `to`: found when the command runs (it reads people)
    when_empty: WhenEmpty | None = None  # None: as the kind of subscription suggests


def parse_subscribe_args(ctx: Context, text: str) -> SubscribeArgs:
    schedule_words, person, when_empty = split_options(text)
    try:
        cron, ward_words = parse_subscribe(schedule_words)
        cron = check(cron, str(ctx.timezone), now=ctx.now())
    except BadSchedule as exc:
        raise UserError(f"{exc} Nothing was changed.") from None
    try:
        return SubscribeArgs(cron, *_scope(ctx, ward_words), person, when_empty)
    except UserError as exc:
        raise UserError(f"{exc} Nothing was changed.") from None


@dataclass(frozen=True, slots=True)
class WardChoice:
    """`[WARD|AREA]`, `[WARD|AREA|all]`: `named` False when nothing (or `all`) was said."""

    named: bool
    ward_slug: str | None  # None: the whole borough, or an area
    area_slug: str | None = None  # a neighbourhood or area of the plan


def parse_unsubscribe(ctx: Context, text: str) -> WardChoice:
    if text.strip().lower() in ("", "all"):
        return WardChoice(False, None)
    return WardChoice(True, *_scope(ctx, text))


def parse_preview(ctx: Context, text: str) -> WardChoice:
    if not text.strip():
        return WardChoice(False, None)
    return WardChoice(True, *_scope(ctx, text))


def parse_subscribe(args: str) -> tuple[str, str]:
    """`[weekly|monthly|quarterly|daily|CRON] [WARD|AREA]` -> (cron, ward words)."""
    tokens = re.sub(r"[`\"']", " ", args).split()
    if tokens and tokens[0].lower() in PRESETS:
        return PRESETS[tokens[0].lower()], " ".join(tokens[1:])
    if tokens and _CRON_MINUTE.match(tokens[0]):
        if len(tokens) < 5:
            raise BadSchedule(
                f"`{' '.join(tokens)}` is not a whole schedule: a cron schedule has five parts, "
                "minute hour day-of-month month day-of-week, e.g. `0 9 * * mon`."
            )
        return " ".join(tokens[:5]), " ".join(tokens[5:])
    return PRESETS["weekly"], " ".join(tokens)


def _scope(ctx: Context, words: str) -> tuple[str | None, str | None]:
    """(ward slug, area slug) named by the words; both None for the whole borough."""
    if not words or words.lower() in BOROUGH_WORDS:
        return None, None
    scope = resolve_scope(ctx, words)
    if isinstance(scope, domain.Area):
        if not scope.wards:
            raise UserError(
                f"{scope.name} names places but no wards, and a digest counts whole wards. "
                "`show` lists its activity."
            )
        return None, scope.slug
    return scope.slug, None


async def subscribe(ctx: Context, incoming: Incoming, args: SubscribeArgs) -> Reply:
    now = ctx.now()
    timezone = str(ctx.timezone)
    cron, ward_slug, when_empty = args.cron, args.ward_slug, args.when_empty
    recipient = (
        await resolve_recipient(ctx, platform=incoming.platform, words=args.person)
        if args.person
        else None
    )
    if recipient is not None and when_empty is None:
        when_empty = WhenEmpty.SKIP  # a person's own messages: nothing to say, say nothing
    subscription, result = await store.subscribe(
        ctx.db,
        platform=incoming.platform,
        target=recipient.target if recipient else incoming.channel_id,
        ward_slug=ward_slug,
        area_slug=args.area_slug,
        cron=cron,
        timezone=timezone,
        actor=incoming.actor.key,
        now=now,
        when_empty=(when_empty or WhenEmpty.POST).value,
        recipient=recipient.name if recipient else "",
    )
    first = next_fire(cron, timezone, after=now)
    when = f"{first.astimezone(ctx.timezone):%a %d %b %Y at %H:%M}" if first else "never"
    who = recipient.name if recipient else "this channel"
    verb = {
        SubscribeResult.CREATED: f"{who} will get",
        SubscribeResult.CHANGED: f"Changed: {who} will now get",
        SubscribeResult.RESUMED: f"Resumed: {who} will get",
        SubscribeResult.UNCHANGED: f"{who} already gets",
    }[result]
    empty = {
        "post": "Periods with nothing logged are posted too.",
        "line": "A period with nothing logged gets one line.",
        "skip": "A period with nothing logged sends nothing.",
    }[subscription.when_empty]
    where = " in their direct messages" if recipient else ""
    return Reply(
        text=(
            f"{verb[0].upper()}{verb[1:]} the digest for {subscription.scope}{where}, "
            f"{describe(cron)} ({timezone}). {empty} Next: {when}. "
            f"(Subscription {subscription.id}; `digest preview` shows it so far.)"
        )
    )


async def unsubscribe(ctx: Context, incoming: Incoming, args: WardChoice) -> Reply:
    every, ward_slug = not args.named, args.ward_slug
    removed = await store.unsubscribe(
        ctx.db,
        platform=incoming.platform,
        target=incoming.channel_id,
        ward_slug=ward_slug,
        area_slug=args.area_slug,
        every=every,
        actor=incoming.actor.key,
    )
    if not removed:
        return Reply.refusal(
            "This channel has no such digest subscription. `digest list` shows them."
        )
    names = "; ".join(f"{s.scope} ({describe(s.cron)})" for s in removed)
    return Reply(text=f"Unsubscribed this channel from the digest for {names}.")


async def list_command(ctx: Context, incoming: Incoming, args: NoArgs) -> Reply:
    admin = await is_admin(ctx, incoming.actor)
    found = await store.list_subscriptions(
        ctx.db,
        platform=None if admin else incoming.platform,
        target=None if admin else incoming.channel_id,
    )
    if not found:
        where = "anywhere" if admin else "for this channel"
        return Reply(text=f"No digest subscriptions {where}. {USAGE}", visibility=Visibility.ASKER)
    lines = ["Digest subscriptions:" if admin else "This channel's digests:"]
    for s in found:
        line = f"  {s.id}. {s.scope}, {describe(s.cron)} — {s.platform} {s.where}"
        if s.when_empty != "post":
            line += " (nothing logged: " + ("one line)" if s.when_empty == "line" else "skipped)")
        if s.paused_at:
            line += (
                f" — PAUSED {s.paused_at.astimezone(ctx.timezone):%d %b %H:%M}: {s.paused_reason}"
            )
        lines.append(line)
    return Reply(text="\n".join(lines), visibility=Visibility.ASKER)


def period_so_far(ctx: Context, subscription: Subscription | None) -> Period:
    """From this subscription's last digest (or the start of the week) to today."""
    now = ctx.now()
    cron = subscription.cron if subscription else PRESETS["weekly"]
    timezone = subscription.timezone if subscription else str(ctx.timezone)
    if cron == QUARTERLY:  # the quarter so far, whichever day the last digest went
        today = now.astimezone(ZoneInfo(timezone)).date()
        return Period(quarter_of(today).start, today)
    last = latest_fire(cron, timezone, at=now) or now - timedelta(days=7)
    return so_far(last, now=now, zone=ZoneInfo(timezone))


async def preview(ctx: Context, incoming: Incoming, args: WardChoice) -> Reply:
    """The digest for the period so far, to the asker only."""
    mine = await store.list_subscriptions(
        ctx.db, platform=incoming.platform, target=incoming.channel_id
    )
    if args.named:
        ward_slug, area_slug = args.ward_slug, args.area_slug
        subscription = next(
            (s for s in mine if s.ward_slug == ward_slug and s.area_slug == area_slug), None
        )
    else:
        subscription = mine[0] if mine else None
        ward_slug = subscription.ward_slug if subscription else None
        area_slug = subscription.area_slug if subscription else None
    period = period_so_far(ctx, subscription)
    digest = build_digest(
        await gather(ctx, period=period, ward_slug=ward_slug, area_slug=area_slug)
    )
    reply = await asyncio.to_thread(digest_reply, digest, visibility=Visibility.ASKER)
    note = "Preview, only you can see this: the digest so far.\n"
    return Reply(text=note + reply.text, card=reply.card, visibility=Visibility.ASKER)


COMMANDS = (
    Command(
        "digest subscribe",
        subscribe,
        parse=parse_subscribe_args,
        permission=Permission("digest subscribe", ADMINS),
        usage=(
            "digest subscribe [weekly|monthly|quarterly|daily|CRON] [WARD|AREA] [to @person] "
            "[skip-empty|one-line] (admins)"
        ),
        example="digest subscribe weekly",
    ),
    Command(
        "digest unsubscribe",
        unsubscribe,
        parse=parse_unsubscribe,
        permission=Permission("digest unsubscribe", ADMINS),
        usage="digest unsubscribe [WARD|AREA|all] (admins)",
        example="digest unsubscribe Sitwell",
    ),
    Command(
        "digest preview",
        preview,
        parse=parse_preview,
        permission=Permission("digest preview", STAFF),
        usage="digest preview [WARD|AREA]",
        example="digest preview",
    ),
    Command(
        "digest list",
        list_command,
        parse=no_args,
        permission=Permission("digest list", STAFF),
        usage="digest list",
        example="digest list",
    ),
    Command(
        "digest",
        digest,
        parse=as_text,
        permission=Permission("digest", EVERYONE),
        usage="digest (how digests work)",
        example="digest",
    ),
)
