"""`wardbot digest preview|run|list` and `wardbot report`: digests from the command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.app import Services, services
from bot.config import Settings
from bot.scheduler import worker_name
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.commands.digest import period_so_far
from handlers.commands.queries import resolve_scope
from handlers.digests.build import Digest, build_digest, gather
from handlers.digests.chart import render_png
from handlers.digests.delivery import deliver_due
from handlers.digests.paper.make import BadRequest, format_for, make_paper, render
from handlers.digests.periods import BadPeriod, Period, parse_period
from handlers.digests.reply import digest_text
from handlers.digests.schedules import describe
from handlers.domain import Area
from storage.digests import get_subscription, list_subscriptions


class CommandError(Exception):
    """Bad input on the command line: printed as it is, exit status 2."""


def _period(ctx: Context, text: str | None) -> Period | None:
    if not text:
        return None
    try:
        return parse_period(text, today=ctx.today())
    except BadPeriod as exc:
        raise CommandError(str(exc)) from None


def _ward(ctx: Context, name: str | None) -> tuple[str | None, str | None]:
    """(ward slug, area slug): --ward takes a ward, or a neighbourhood or area of the plan."""
    if not name:
        return None, None
    try:
        scope = resolve_scope(ctx, name)
    except UserError as exc:
        raise CommandError(str(exc)) from None
    if isinstance(scope, Area):
        if not scope.wards:
            raise CommandError(f"{scope.name} names places but no wards; a digest counts wards.")
        return None, scope.slug
    return scope.slug, None


async def _digest_for(
    svc: Services, args: argparse.Namespace, *, default: str, every_update: bool = False
) -> Digest:
    ctx = svc.ctx
    period = _period(ctx, args.period)
    ward_slug, area_slug = _ward(ctx, args.ward)
    subscription_id = getattr(args, "subscription", None)
    if subscription_id is not None:
        subscription = await get_subscription(svc.db, subscription_id=subscription_id)
        if subscription is None:
            raise CommandError(f"There is no digest subscription {subscription_id}.")
        ward_slug, area_slug = subscription.ward_slug, subscription.area_slug
        period = period or period_so_far(ctx, subscription)
    period = period or (
        period_so_far(ctx, None)
        if default == "so-far"
        else parse_period(default, today=ctx.today())
    )
    return build_digest(
        await gather(
            ctx,
            period=period,
            ward_slug=ward_slug,
            area_slug=area_slug,
            every_update=every_update,
        )
    )


async def _with_services(settings: Settings, args: argparse.Namespace, job: Any) -> int:
    async with services(settings) as svc:
        try:
            code: int = await job(svc, args)
            return code
        except CommandError as exc:
            print(exc, file=sys.stderr)
            return 2


async def preview(settings: Settings, args: argparse.Namespace) -> int:
    async def job(svc: Services, args: argparse.Namespace) -> int:
        digest = await _digest_for(svc, args, default="so-far")
        print(digest_text(digest))
        if args.chart:
            png = await asyncio.to_thread(render_png, digest.chart)
            await asyncio.to_thread(Path(args.chart).write_bytes, png)
            print(f"\nChart written to {args.chart} ({len(png):,} bytes).")
        return 0

    return await _with_services(settings, args, job)


def _at(text: str | None, settings: Settings) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"I can't read {text!r} as a time. Use ISO form, e.g. 2026-11-02T09:05 "
            f"(read in {settings.timezone} unless it gives an offset)."
        ) from None
    if moment.tzinfo is None:
        from zoneinfo import ZoneInfo

        moment = moment.replace(tzinfo=ZoneInfo(settings.timezone))
    return moment.astimezone(UTC)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    async def job(svc: Services, args: argparse.Namespace) -> int:
        at = _at(args.at, settings)
        report = await deliver_due(
            svc.ctx, svc.senders, at=at, worker=worker_name(), policy=svc.digest_policy
        )
        print(report.summary(), file=sys.stderr)
        for subscription_id, reason in report.failed + report.paused:
            print(f"  subscription {subscription_id}: {reason}", file=sys.stderr)
        return 1 if report.failed or report.paused else 0

    return await _with_services(settings, args, job)


async def list_command(settings: Settings, args: argparse.Namespace) -> int:
    async def job(svc: Services, args: argparse.Namespace) -> int:
        found = await list_subscriptions(svc.db)
        if not found:
            print("No digest subscriptions.")
        for s in found:
            paused = f" — PAUSED: {s.paused_reason}" if s.paused_at else ""
            empty = {"line": ", one line when empty", "skip": ", skipped when empty"}
            print(
                f"{s.id}. {s.scope}, {describe(s.cron)} — {s.platform} {s.where}"
                f"{empty.get(s.when_empty, '')}{paused}"
            )
        return 0

    return await _with_services(settings, args, job)


async def report(settings: Settings, args: argparse.Namespace) -> int:
    async def job(svc: Services, args: argparse.Namespace) -> int:
        ctx = svc.ctx
        if not args.out and not args.sign_off:
            raise CommandError("Say where to write the paper: --out FILE.html|.docx|.pdf.")
        try:
            fmt = format_for(args.out, args.format) if args.out else None
            template = None
            if args.template:
                try:
                    template = await asyncio.to_thread(Path(args.template).read_bytes)
                except OSError as exc:
                    raise BadRequest(
                        f"I can't read the template {args.template!r}: {exc.strerror}."
                    ) from None
            period = _period(ctx, args.period) or parse_period("last-quarter", today=ctx.today())
            ward_slug, area_slug = _ward(ctx, args.ward)
            if area_slug:  # the paper is built from wards; an area's digest has its own command
                raise BadRequest(
                    f"The Board paper is for the borough or one ward. For {args.ward}, "
                    f"use `wardbot digest preview --ward {args.ward!r}`."
                )
            paper, data = await make_paper(
                ctx,
                period=period,
                ward_slug=ward_slug,
                draft=args.draft,
                sign_off_name=args.sign_off,
                actor="cli:" + getpass.getuser(),
            )
            if paper.sign_off and args.sign_off:
                print(f"Recorded: {paper.sign_off.name} approved {paper.sign_off.figures}.")
            if fmt is None:
                return 0
            written = await render(paper, fmt, template=template)
        except BadRequest as exc:
            raise CommandError(str(exc)) from None
        await asyncio.to_thread(Path(args.out).write_bytes, written)
        print(
            f"Wrote the Board paper for {data.period.label} ({data.scope}, "
            f"{len(data.updates)} updates) to {args.out} ({fmt.value}"
            f"{', draft' if 'DRAFT' in paper.status_line else ', approved'})."
        )
        return 0

    return await _with_services(settings, args, job)
