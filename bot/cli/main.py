"""The `wardbot` command line: the parser, and each command's code loaded when it runs.

Only the standard library is imported here, so `wardbot --help` (and a typo) answers at
once: the platform SDKs, SQLAlchemy, Alembic and matplotlib cost ~1.5 s of CPU to
import, and are imported by the commands that use them (tests/bot/test_start_up.py).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sys
from collections.abc import Callable, Coroutine
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config import Settings

Runner = Callable[["Settings", argparse.Namespace], Coroutine[Any, Any, int]]


def later(module: str, name: str) -> Runner:
    """The runner `name` in `module`, imported only when its command runs."""

    async def run(settings: Settings, args: argparse.Namespace) -> int:
        runner: Runner = getattr(importlib.import_module(module), name)
        return await runner(settings, args)

    return run


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' isn't a date like 2025-06-30") from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="wardbot", description="Ward activity for neighbourhood teams."
    )
    sub = top.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "serve", help="run the HTTP server (Slack, Teams), scheduler and migrations"
    ).set_defaults(run=later("bot.cli.serve", "serve"))
    sub.add_parser("chat", help="talk to wardbot in this terminal").set_defaults(
        run=later("bot.cli.serve", "chat")
    )
    db = sub.add_parser("db", help="database tasks").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="apply migrations").set_defaults(
        run=later("bot.cli.setup", "db_upgrade")
    )
    wait = db.add_parser("wait", help="wait for the database to accept connections")
    wait.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    wait.add_argument("--interval", type=float, default=1.0, help="seconds between tries")
    wait.set_defaults(run=later("bot.cli.data", "db_wait"))
    _data_commands(sub)
    plan = sub.add_parser("plan", help="the ward plan").add_subparsers(
        dest="plan_command", required=True
    )
    plan.add_parser("show", help="print the loaded ward plan").set_defaults(
        run=later("bot.cli.setup", "plan_show")
    )
    load = plan.add_parser("load", help="validate and load a ward-plan YAML file")
    load.add_argument("file")
    load.set_defaults(run=later("bot.cli.setup", "plan_load"))
    review = plan.add_parser(
        "review", help="themes raised but not in the plan, quiet priorities, measures off track"
    )
    review.add_argument("--ward", help="one ward (default: every ward)")
    review.set_defaults(run=later("bot.cli.measures", "plan_review"))
    manifest = sub.add_parser("slack-manifest", help="print the Slack app manifest (YAML)")
    manifest.add_argument("--url", help="the public https URL Slack reaches (default PUBLIC_URL)")
    manifest.add_argument("--socket-mode", action="store_true", help="no request URLs")
    manifest.set_defaults(run=later("bot.cli.platforms", "slack_manifest"))
    package = sub.add_parser("teams-package", help="build the Teams app package (zip) to sideload")
    package.add_argument("--out", default="wardbot-teams.zip")
    package.add_argument("--bot-id", help="the Azure Bot's app id (default: MICROSOFT_APP_ID)")
    package.add_argument("--app-id", help="the Teams app id (default: derived from the bot id)")
    package.add_argument("--version", default="1.0.0", help="raise it for each new upload")
    package.add_argument("--developer", default="wardbot", help="your council's name")
    package.add_argument("--website", default="https://example.org/wardbot")
    package.add_argument("--privacy-url")
    package.add_argument("--terms-url")
    package.set_defaults(run=later("bot.cli.platforms", "teams_package"))
    _digest_commands(sub)
    _places_commands(sub)
    _measures_commands(sub)
    return top


def _measures_commands(sub: Any) -> None:
    """`measures import FILE`: outcome measures and their readings (docs/impact.md)."""
    measures = sub.add_parser("measures", help="outcome measures").add_subparsers(
        dest="measures_command", required=True
    )
    imp = measures.add_parser("import", help="measures and readings from a CSV or XLSX file")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    imp.add_argument("--partial", action="store_true", help="import the good rows only")
    imp.add_argument("--report", help="write every rejected row and its reason to this CSV")
    imp.set_defaults(run=later("bot.cli.measures", "measures_import"))


def _data_commands(sub: Any) -> None:
    """`import`, `export` and `gdpr ...`: data in and out, for the council's IT."""
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
    imp.set_defaults(run=later("bot.cli.data", "import_file"))

    exp = sub.add_parser("export", help="export activity to CSV or XLSX")
    exp.add_argument("--since", type=_date)
    exp.add_argument("--until", type=_date)
    exp.add_argument("--ward")
    exp.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    exp.add_argument("--out", help="file to write (default wardbot-export-DATE.FORMAT)")
    exp.set_defaults(run=later("bot.cli.data", "export_file"))

    gdpr = sub.add_parser("gdpr", help="subject access, erasure and retention").add_subparsers(
        dest="gdpr_command", required=True
    )
    sar = gdpr.add_parser("export", help="everything held about a person")
    sar.add_argument("--person", required=True, help="platform:user-id or their name")
    sar.add_argument("--format", choices=("json", "csv"), default="json")
    sar.add_argument("--out")
    sar.set_defaults(run=later("bot.cli.data", "gdpr_export"))
    erase = gdpr.add_parser("erase", help="erase (anonymise) a person")
    erase.add_argument("--person", required=True, help="platform:user-id or their name")
    erase.add_argument("--yes", action="store_true", help="confirm without asking")
    erase.set_defaults(run=later("bot.cli.data", "gdpr_erase"))
    purge = gdpr.add_parser("purge", help="delete what is older than the retention period")
    purge.add_argument("--days", type=int, help="override RETENTION_DAYS")
    purge.set_defaults(run=later("bot.cli.data", "gdpr_purge"))


def _digest_commands(sub: Any) -> None:
    """`digest ...` and `report`: digests from the command line."""
    digest = sub.add_parser("digest", help="Board digests").add_subparsers(
        dest="digest_command", required=True
    )
    shown = digest.add_parser("preview", help="print a digest (default: the period so far)")
    shown.add_argument("--subscription", type=int, help="a subscription's scope and period")
    shown.add_argument("--period", help="2026-10, 2026-W41, 2026-10-01..2026-10-31, last-month")
    shown.add_argument(
        "--ward", help="one ward, neighbourhood or area instead of the whole borough"
    )
    shown.add_argument("--chart", metavar="FILE.png", help="also write the chart")
    shown.set_defaults(run=later("bot.cli.digests", "preview"))
    due = digest.add_parser("run", help="send every due digest not yet sent, then exit")
    due.add_argument("--at", help="act as if it were this time (ISO); default now")
    due.set_defaults(run=later("bot.cli.digests", "run"))
    digest.add_parser("list", help="every subscription").set_defaults(
        run=later("bot.cli.digests", "list_command")
    )
    board = sub.add_parser("report", help="write the Board paper (HTML, Word or PDF)")
    board.add_argument(
        "--period", default=None, help="2026-Q3, 2026-27, 2026-10, last-quarter (the default)"
    )
    board.add_argument(
        "--ward", help="one ward, neighbourhood or area instead of the whole borough"
    )
    board.add_argument("--format", choices=("html", "docx", "pdf"), help="default: from --out")
    board.add_argument("--template", metavar="FILE.docx", help="the council's Word template")
    review = board.add_mutually_exclusive_group()
    review.add_argument("--draft", action="store_true", help="mark the paper as a draft")
    review.add_argument(
        "--sign-off", metavar="NAME", help="record that NAME approved these figures (audited)"
    )
    board.add_argument("--out", metavar="FILE.html|.docx|.pdf")
    board.set_defaults(run=later("bot.cli.digests", "report"))


def _places_commands(sub: Any) -> None:
    """`places load|export`: the council's own streets, places and postcodes."""
    places = sub.add_parser("places", help="the council's own streets, places and postcodes")
    commands = places.add_subparsers(dest="places_command", required=True)
    load = commands.add_parser(
        "load",
        help="load a street and place list (name, ward, locality, kind), or with --postcodes "
        "the ONS postcode directory; loading again replaces",
    )
    load.add_argument("file")
    load.add_argument(
        "--postcodes",
        action="store_true",
        help="the file is the ONS postcode directory (pcds and the ward code column)",
    )
    load.add_argument("--map", help="column mapping, e.g. 'name=Street Name,ward=Ward'")
    load.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    load.add_argument(
        "--partial", action="store_true", help="load the good rows even if some are bad"
    )
    load.add_argument("--report", help="write every rejected row and its reason to this CSV")
    load.set_defaults(run=later("bot.cli.places", "places_load"))
    export = commands.add_parser(
        "export", help="write every loaded and learned place to a CSV (loadable again)"
    )
    export.add_argument("--out", default="wardbot-places.csv")
    export.add_argument("--source", choices=("council", "postcode", "learned"))
    export.set_defaults(run=later("bot.cli.places", "places_export"))


def main(argv: list[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()  # now, not at exit: a reader gone away is met below
        return code
    except BrokenPipeError:
        # The reader went away (`wardbot plan show | head`): nothing more to say, and
        # nothing left to flush at exit either.
        quiet = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            os.dup2(quiet, stream.fileno())
        return 1


def _main(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    # A command was given and parsed: now what every command needs.
    from pydantic import ValidationError

    from bot.config import Settings, problems
    from bot.logs import setup_logging
    from storage.plans import PlanError

    setup_logging()
    try:
        settings = Settings()
    except ValidationError as exc:
        for line in problems(exc):
            print(f"wardbot cannot start: {line}", file=sys.stderr)
        return 2
    run: Runner = args.run
    try:
        return asyncio.run(run(settings, args))
    except PlanError as exc:
        print(f"The ward plan could not be read:\n{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:
        from storage.db import database_problem

        problem = database_problem(exc, settings.database_url)
        if problem is None:
            raise
        print(problem, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
