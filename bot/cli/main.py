"""The `wardbot` command line."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from bot.app import create_web_app, services
from bot.cli import digests as digest_cli
from bot.cli.data import add_commands as add_data_commands
from bot.cli.places import add_commands as add_places_commands
from bot.config import Settings, problems
from bot.logs import setup_logging
from bot.scheduler import DigestScheduler
from handlers.chat import stages
from storage.db import database_problem, opened_database, upgrade
from storage.plan_store import PlanSnapshot, current_plan, load_plan
from storage.plans import PlanError, read_plan

log = logging.getLogger("wardbot")

Runner = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]


async def serve(settings: Settings, args: argparse.Namespace) -> int:
    async with services(settings) as svc:
        app = create_web_app(svc)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        log.info("wardbot listening on http://%s:%d", settings.host, settings.port)
        digests = DigestScheduler(
            ctx=svc.ctx,
            senders=svc.senders,
            policy=svc.digest_policy,
            retention_days=settings.retention_days,
        )
        digests.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        timings = _stage_timings(settings.stage_timings, loop)
        freeze_startup_heap()
        await stop.wait()
        log.info("wardbot stopping")
        await digests.stop()
        await runner.cleanup()
        if timings is not None:
            timings.cancel()
            _write_stage_timings(settings.stage_timings)
    return 0


def freeze_startup_heap() -> None:
    """Take what start-up built out of the garbage collector's view.

    Modules, the plan, the gazetteer and SQLAlchemy's tables live as long as the process,
    yet every full collection walked them all: ~150,000 objects, a 200-280 ms pause every
    few seconds under load that stalled every request in flight (bench.ingest's `gc2`
    stage). Frozen, a full collection walks only what requests leave behind.
    """
    gc.collect()
    gc.freeze()


def _stage_timings(path: Path | None, loop: asyncio.AbstractEventLoop) -> asyncio.Task[None] | None:
    """STAGE_TIMINGS: keep per-stage timings, written to the file on SIGUSR1 (and at stop)."""
    if path is None:
        return None
    stages.enable()
    loop.add_signal_handler(signal.SIGUSR1, _write_stage_timings, path)
    log.info("stage timings are on: SIGUSR1 appends them to %s", path)
    return asyncio.create_task(stages.watch_loop())


def _write_stage_timings(path: Path | None) -> None:
    if path is not None:
        with path.open("a") as out:
            out.write(json.dumps(stages.report()) + "\n")


async def chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.console.inbound import chat as console_chat

    async with services(settings) as svc:
        await console_chat(svc.ctx)
    return 0


async def db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    async with opened_database(settings.database_url) as db:
        await upgrade(db)
    print("database is up to date")
    return 0


async def plan_show(settings: Settings, args: argparse.Namespace) -> int:
    async with services(settings) as svc:
        plan = await current_plan(svc.db)
    assert plan is not None
    print(describe_plan(plan))
    return 0


def describe_plan(plan: PlanSnapshot) -> str:
    lines = [f"{plan.council} — ward plans {plan.year}", "", "Board aims and themes:"]
    for aim in plan.board_aims:
        lines.append(f"  {aim.title}")
        lines += [f"    #{t.key}: {t.label}" for t in plan.themes if t.board_aim == aim.key]
    known = [w for w in plan.wards if plan.priorities_of(w.slug)]
    lines += ["", f"Wards ({len(plan.wards)}; priorities known for {len(known)}):"]
    for ward in plan.wards:
        lines.append(f"  {ward.name} [{ward.slug}] — {len(ward.places)} places")
        priorities = plan.priorities_of(ward.slug)
        if not priorities:
            lines.append("    priorities not yet known")
        for p in priorities:
            lines.append(f"    {p.number}. {p.title} ({', '.join(p.themes)})")
    return "\n".join(lines)


async def plan_load(settings: Settings, args: argparse.Namespace) -> int:
    try:
        plan, digest = read_plan(Path(args.file))
    except PlanError as exc:
        print(f"The plan was not loaded:\n{exc}", file=sys.stderr)
        return 2
    async with opened_database(settings.database_url) as db:
        await upgrade(db)
        summary = await load_plan(db, plan, digest=digest, actor="cli")
    if summary.unchanged:
        print(f"Plan {summary.year} from {args.file} is already loaded; nothing changed.")
    else:
        print(
            f"Loaded plan {summary.year}: {summary.wards} wards, "
            f"{summary.priorities} priorities, {summary.themes} themes."
        )
    return 0


async def slack_manifest(settings: Settings, args: argparse.Namespace) -> int:
    from bot.slack.manifest import manifest_yaml

    socket_mode = args.socket_mode or bool(settings.slack_app_token)
    print(
        manifest_yaml(public_url=args.url or settings.public_url, socket_mode=socket_mode), end=""
    )
    return 0


async def teams_package(settings: Settings, args: argparse.Namespace) -> int:
    from bot.teams.manifest import PackageDetails, PackageError, build_package

    bot_id = args.bot_id or settings.microsoft_app_id
    if not bot_id:
        print("Set MICROSOFT_APP_ID (the Azure Bot's app id) or pass --bot-id.", file=sys.stderr)
        return 2
    details = PackageDetails(
        bot_id=bot_id,
        app_id=args.app_id or "",
        version=args.version,
        developer=args.developer,
        website=args.website,
        privacy_url=args.privacy_url or "",
        terms_url=args.terms_url or "",
    )
    try:
        made = build_package(Path(args.out), details)
    except PackageError as exc:
        print(f"No package was written: {exc}", file=sys.stderr)
        return 2
    print(
        f"Wrote {args.out}: Teams app {made['id']} for bot {bot_id} (manifest {made['manifestVersion']})."
    )
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="wardbot", description="Ward activity for neighbourhood teams."
    )
    sub = top.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "serve", help="run the HTTP server (Slack, Teams), scheduler and migrations"
    ).set_defaults(run=serve)
    sub.add_parser("chat", help="talk to wardbot in this terminal").set_defaults(run=chat)
    db = sub.add_parser("db", help="database tasks").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="apply migrations").set_defaults(run=db_upgrade)
    add_data_commands(sub, db)
    plan = sub.add_parser("plan", help="the ward plan").add_subparsers(
        dest="plan_command", required=True
    )
    plan.add_parser("show", help="print the loaded ward plan").set_defaults(run=plan_show)
    load = plan.add_parser("load", help="validate and load a ward-plan YAML file")
    load.add_argument("file")
    load.set_defaults(run=plan_load)
    manifest = sub.add_parser("slack-manifest", help="print the Slack app manifest (YAML)")
    manifest.add_argument("--url", help="the public https URL Slack reaches (default PUBLIC_URL)")
    manifest.add_argument("--socket-mode", action="store_true", help="no request URLs")
    manifest.set_defaults(run=slack_manifest)
    package = sub.add_parser("teams-package", help="build the Teams app package (zip) to sideload")
    package.add_argument("--out", default="wardbot-teams.zip")
    package.add_argument("--bot-id", help="the Azure Bot's app id (default: MICROSOFT_APP_ID)")
    package.add_argument("--app-id", help="the Teams app id (default: derived from the bot id)")
    package.add_argument("--version", default="1.0.0", help="raise it for each new upload")
    package.add_argument("--developer", default="wardbot", help="your council's name")
    package.add_argument("--website", default="https://example.org/wardbot")
    package.add_argument("--privacy-url")
    package.add_argument("--terms-url")
    package.set_defaults(run=teams_package)
    digest_cli.add_commands(sub)
    add_places_commands(sub)
    return top


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
        problem = database_problem(exc, settings.database_url)
        if problem is None:
            raise
        print(problem, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
