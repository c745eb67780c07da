"""`wardbot import`, `export`, `gdpr ...` and `db wait`: data in and out, for the council's IT."""

from __future__ import annotations

import argparse
import asyncio
import functools
import getpass
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenacity import AsyncRetrying, RetryError, stop_after_delay, wait_fixed

from bot.app import services
from bot.config import Settings
from handlers.data import exports, spreadsheets
from handlers.data.exports import updates_for_export
from handlers.data.imports import FileRefused, ImportPlan, Rejected, parse_mapping, read_import
from storage.bulk import held_sources, insert_updates
from storage.db import open_database, opened_database
from storage.gdpr import PersonData, erase_person, find_person, person_data, purge_expired

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


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' isn't a date like 2025-06-30") from None


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
        count = (exports.write_xlsx if args.format == "xlsx" else exports.write_csv)(out, updates)
        bar.update(task, completed=count)
    print(f"Exported {count:,} updates to {out}.")
    return 0


# -- gdpr --------------------------------------------------------------------------------


async def _one_person(settings: Settings, ref: str) -> Any:
    async with opened_database(settings.database_url) as db:
        found = await find_person(db, ref=ref)
    if not found:
        _err().print(f"No one matching '{ref}' is known to wardbot. Nothing was changed.")
        return None
    if len(found) > 1:
        keys = ", ".join(f"{p.platform}:{p.user_id}" for p in found)
        _err().print(f"More than one person matches '{ref}': {keys}. Name one by platform:user-id.")
        return None
    return found[0]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def subject_access_json(data: PersonData) -> str:
    body = {
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "person": asdict(data.person),
        "updates": [asdict(u) for u in data.updates],
        "audit": [asdict(a) for a in data.audit],
        "channel_links": data.channel_links,
        "digest_subscriptions": data.subscriptions,
        "held_posts": data.held_posts,
        "place_answers": data.place_answers,
    }
    return json.dumps(body, indent=2, default=_jsonable, ensure_ascii=False)


def subject_access_csv(data: PersonData) -> str:
    """One row per thing held: kind, id, date, ward, text, detail (JSON)."""
    header = ["kind", "id", "date", "ward", "text", "detail"]
    return spreadsheets.csv_text(header, _subject_access_rows(data))


def _subject_access_rows(data: PersonData) -> Iterator[list[Any]]:
    p = data.person
    yield [
        "person",
        p.id,
        "",
        "",
        p.name,
        json.dumps(
            {
                "platform": p.platform,
                "user_id": p.user_id,
                "organisation": p.organisation,
                "role": p.role,
            }
        ),
    ]
    for u in data.updates:
        detail = {
            "people_reached": u.people_reached,
            "volunteers": u.volunteers,
            "themes": list(u.themes),
            "deleted": bool(u.deleted_at),
            "link": u.source_link,
        }
        yield ["update", u.id, u.occurred_on.isoformat(), u.ward_name, u.text, json.dumps(detail)]
    for a in data.audit:
        yield [
            "audit",
            a.id,
            _jsonable(a.at),
            "",
            a.action,
            json.dumps({"actor": a.actor, "target": a.target, **a.detail}, default=_jsonable),
        ]
    for link in data.channel_links:
        yield _record_row("channel_link", link, when="linked_at", shown="channel_id")
    for sub in data.subscriptions:
        yield _record_row("digest_subscription", sub, when="created_at", shown="target")
    for held in data.held_posts:
        yield _record_row("held_post", held, when="created_at", shown="text")
    for answer in data.place_answers:
        yield _record_row("place_answer", answer, when="answered_at", shown="phrase")


def _record_row(kind: str, record: dict[str, Any], *, when: str, shown: str) -> list[Any]:
    """A row of the subject-access CSV: the shown field in its column, the rest as JSON."""
    detail = {k: v for k, v in record.items() if k != shown}
    return [
        kind,
        "",
        _jsonable(record[when]),
        "",
        record[shown],
        json.dumps(detail, default=_jsonable),
    ]


async def gdpr_export(settings: Settings, args: argparse.Namespace) -> int:
    person = await _one_person(settings, args.person)
    if person is None:
        return 1
    async with opened_database(settings.database_url) as db:
        data = await person_data(db, person=person)
    text = subject_access_json(data) if args.format == "json" else subject_access_csv(data)
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
    label = f"{person.name} ({person.platform}:{person.user_id})" if person.name else args.person
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
        done = await erase_person(db, person=person, actor=_who())
    print(
        f"Erased {label}: now {done.pseudonym}. {done.updates_anonymised} updates kept without "
        f"their author ({done.texts_changed} texts had the name taken out); "
        f"{done.audit_entries} audit entries pseudonymised; {done.held_posts} posts held for a "
        "button deleted. Digests already sent are unchanged."
    )
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


def add_commands(sub: Any, db: Any) -> None:
    """Wire these commands into the `wardbot` parser (sub: top-level, db: `db` subcommands)."""
    wait = db.add_parser("wait", help="wait for the database to accept connections")
    wait.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    wait.add_argument("--interval", type=float, default=1.0, help="seconds between tries")
    wait.set_defaults(run=db_wait)

    imp = sub.add_parser("import", help="import historic activity from a CSV or XLSX file")
    imp.add_argument("file")
    imp.add_argument("--map", help="column mapping, e.g. 'text=Activity,date=When'")
    imp.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    imp.add_argument(
        "--partial", action="store_true", help="import the good rows even if some are bad"
    )
    imp.add_argument(
        "--redact-personal-data",
        action="store_true",
        help="take names, addresses and contact details out of texts that hold them",
    )
    imp.add_argument("--max-rows", type=int, default=100_000)
    imp.add_argument("--report", help="write every rejected row and its reason to this CSV")
    imp.set_defaults(run=import_file)

    exp = sub.add_parser("export", help="export activity to CSV or XLSX")
    exp.add_argument("--since", type=_date)
    exp.add_argument("--until", type=_date)
    exp.add_argument("--ward")
    exp.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    exp.add_argument("--out", help="file to write (default wardbot-export-DATE.FORMAT)")
    exp.set_defaults(run=export_file)

    gdpr = sub.add_parser("gdpr", help="subject access, erasure and retention").add_subparsers(
        dest="gdpr_command", required=True
    )
    sar = gdpr.add_parser("export", help="everything held about a person")
    sar.add_argument("--person", required=True, help="platform:user-id or their name")
    sar.add_argument("--format", choices=("json", "csv"), default="json")
    sar.add_argument("--out")
    sar.set_defaults(run=gdpr_export)
    erase = gdpr.add_parser("erase", help="erase (anonymise) a person")
    erase.add_argument("--person", required=True, help="platform:user-id or their name")
    erase.add_argument("--yes", action="store_true", help="confirm without asking")
    erase.set_defaults(run=gdpr_erase)
    purge = gdpr.add_parser("purge", help="delete what is older than the retention period")
    purge.add_argument("--days", type=int, help="override RETENTION_DAYS")
    purge.set_defaults(run=gdpr_purge)
