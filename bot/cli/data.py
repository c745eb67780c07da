"""`wardbot import`, `export`, `gdpr ...` and `db wait`: data in and out, for the council's IT."""

from __future__ import annotations

import argparse
import asyncio
import functools
import getpass
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tenacity import AsyncRetrying, RetryError, stop_after_delay, wait_fixed

from bot.app import services
from bot.config import Settings
from handlers import domain
from handlers.data import exports, gdpr, spreadsheets
from handlers.data.exports import updates_for_export
from handlers.data.imports import FileRefused, ImportPlan, Rejected, parse_mapping, read_import
from storage.bulk import held_sources, insert_updates
from storage.db import open_database, opened_database
from storage.gdpr import purge_expired

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

SHOWN_REJECTS = 50


@functools.cache
def _err() -> Console:
    # rich is imported when a data command first prints: `serve` never does (memory).
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _who() -> str:
    return f"cli:{getpass.getuser()}"


def _progress() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_err(),
    )


# -- import ------------------------------------------------------------------------------


async def import_file(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    async with services(settings) as svc:
        try:
            mapping = parse_mapping(args.map or "")
            with _progress() as bar:
                checking = bar.add_task("Checking rows", total=None)
                plan = read_import(
                    svc.ctx,
                    path,
                    mapping=mapping,
                    actor=getpass.getuser(),
                    max_rows=args.max_rows,
                    redact=args.redact_personal_data,
                    on_row=lambda: bar.advance(checking),
                )
                bar.update(checking, total=plan.total)
        except FileRefused as exc:
            _err().print(f"Nothing was imported. {exc}")
            return 2
        _report(plan, args)
        if args.dry_run:
            held = await held_sources(
                svc.db, platform="import", source_ids=[r.source_message_id for r in plan.rows]
            )
            print(
                f"Dry run: {len(plan.rows) - len(held):,} of {plan.total:,} rows would be "
                f"imported, {len(held):,} are already held, {len(plan.rejected):,} have problems. "
                "Nothing was stored."
            )
            return 1 if plan.rejected and not args.partial else 0
        if plan.rejected and not args.partial:
            print(
                f"Nothing was imported: {len(plan.rejected):,} of {plan.total:,} rows have "
                "problems (listed above). Fix them and run again, or use --partial to import "
                "the good rows only."
            )
            return 1
        with _progress() as bar:
            storing = bar.add_task("Storing rows", total=len(plan.rows))
            result = await insert_updates(
                svc.db,
                plan.rows,
                actor=_who(),
                audit_detail={"file": path.name, "rejected": len(plan.rejected)},
                progress=lambda n: bar.advance(storing, n),
            )
    print(
        f"Imported {result.inserted:,} updates from {path.name}; "
        f"{result.already_held:,} were already held"
        + (f"; {len(plan.rejected):,} rows were left out" if plan.rejected else "")
        + "."
    )
    return 0


def _report(plan: ImportPlan, args: argparse.Namespace) -> None:
    if plan.ignored_columns:
        _err().print(f"Columns not imported: {', '.join(plan.ignored_columns)}")
    if plan.personal_data_rows:
        what = "redacted" if args.redact_personal_data else "imported as written"
        rows = ", ".join(str(n) for n in plan.personal_data_rows[:20])
        more = "…" if len(plan.personal_data_rows) > 20 else ""
        _err().print(
            f"{len(plan.personal_data_rows):,} rows look like they hold personal data "
            f"(rows {rows}{more}); they will be {what}. "
            "--redact-personal-data takes names, addresses and contact details out."
        )
    report_rejected(plan.rejected, report=args.report)


def report_rejected(rejected: list[Rejected], *, report: str | None) -> None:
    """The rows refused, as a table (the first SHOWN_REJECTS), and all of them in --report."""
    if not rejected:
        return
    from rich.table import Table

    table = Table(title=f"{len(rejected):,} rows with problems", title_justify="left")
    table.add_column("row", justify="right")
    table.add_column("problem")
    for r in rejected[:SHOWN_REJECTS]:
        table.add_row(str(r.row), r.reason)
    _err().print(table)
    if len(rejected) > SHOWN_REJECTS:
        _err().print(f"… and {len(rejected) - SHOWN_REJECTS:,} more.")
    if report:
        rows = ([r.row, r.reason] for r in rejected)
        spreadsheets.write_csv(Path(report), ["row", "problem"], rows)
        _err().print(f"Every rejected row is listed in {report}.")
    elif len(rejected) > SHOWN_REJECTS:
        _err().print("Add --report FILE.csv for the full list.")


# -- export ------------------------------------------------------------------------------


async def export_file(settings: Settings, args: argparse.Namespace) -> int:
    out = Path(args.out or f"wardbot-export-{date.today():%Y%m%d}.{args.format}")
    async with services(settings) as svc:
        ward_slug = None
        if args.ward:
            match = svc.ctx.understanding.names.match(args.ward)
            if match.ward is None:
                near = ", ".join(w.name for w in match.suggestions[:3])
                _err().print(f"I don't know a ward called '{args.ward}'. Did you mean: {near}?")
                return 2
            ward_slug = match.ward.slug
        updates = await updates_for_export(
            svc.ctx, since=args.since, until=args.until, ward_slug=ward_slug
        )
    with _progress() as bar:
        task = bar.add_task(f"Writing {out.name}", total=len(updates))
        write = exports.write_xlsx if args.format == "xlsx" else exports.write_csv
        count = write(out, updates, funds=svc.ctx.plan.funds)
        bar.update(task, completed=count)
    print(f"Exported {count:,} updates to {out}.")
    return 0


# -- gdpr --------------------------------------------------------------------------------


async def _one_person(settings: Settings, ref: str) -> domain.Person | None:
    async with opened_database(settings.database_url) as db:
        try:
            return await gdpr.one_person(db, ref)
        except gdpr.NotOnePerson as exc:
            _err().print(str(exc))
            return None


async def gdpr_export(settings: Settings, args: argparse.Namespace) -> int:
    person = await _one_person(settings, args.person)
    if person is None:
        return 1
    async with opened_database(settings.database_url) as db:
        text = await gdpr.subject_access(db, person, format=args.format)
    if args.out:
        await asyncio.to_thread(Path(args.out).write_text, text, encoding="utf-8")
        _err().print(f"Everything held about {args.person} is in {args.out}.")
    else:
        sys.stdout.write(text)
    return 0


async def gdpr_erase(settings: Settings, args: argparse.Namespace) -> int:
    person = await _one_person(settings, args.person)
    if person is None:
        return 1
    label = gdpr.label(person, args.person)
    if not args.yes:
        if not sys.stdin.isatty():
            _err().print("Erasing cannot be undone: add --yes to confirm. Nothing was changed.")
            return 2
        answer = await asyncio.to_thread(
            input, f"Erase {label}? This cannot be undone. Type 'erase' to go ahead: "
        )
        if answer.strip().lower() != "erase":
            print("Nothing was changed.")
            return 1
    async with opened_database(settings.database_url) as db:
        erased = await gdpr.erase(db, person, ref=args.person, actor=_who())
    print(erased.summary())
    return 0


async def gdpr_purge(settings: Settings, args: argparse.Namespace) -> int:
    days = args.days or settings.retention_days
    async with opened_database(settings.database_url) as db:
        done = await purge_expired(db, retention_days=days, actor=_who())
    print(
        f"Removed what is older than {done.cutoff:%d %b %Y} ({days} days): {done.updates} "
        f"updates, {done.audit_entries} audit entries, {done.digest_runs} digest runs, "
        f"{done.events} delivery ids, {done.held_posts} expired held posts, "
        f"{done.charts} expired charts."
    )
    return 0


# -- db wait -----------------------------------------------------------------------------


async def db_wait(settings: Settings, args: argparse.Namespace) -> int:
    """Wait (bounded) for the database to accept connections: for container start-up."""
    db = open_database(settings.database_url)
    attempts = 0
    try:
        async for attempt in AsyncRetrying(
            stop=stop_after_delay(args.timeout), wait=wait_fixed(args.interval), reraise=False
        ):
            with attempt:
                attempts += 1
                if not await db.reachable():
                    _err().print(f"waiting for the database (attempt {attempts})")
                    raise ConnectionError("database not reachable")
    except RetryError:
        _err().print(f"The database was not reachable within {args.timeout:g} s; giving up.")
        return 1
    finally:
        await db.dispose()
    print("database is reachable")
    return 0
