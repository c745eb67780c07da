"""Setting the database and the ward plan up: `db upgrade`, `plan show` and `plan load`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import services
from bot.config import Settings
from storage.db import opened_database, upgrade
from storage.plan_store import PlanSnapshot, current_plan, load_plan
from storage.plans import PlanError, read_plan


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
