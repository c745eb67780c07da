"""Outcome measures at scale in a digest: 1,000 measures and 20,000 readings.

    python -m bench.measures [--measures 1000] [--readings 20000] [--updates 30000]
                             [--database-url URL | --postgres]

Measures are spread over every ward, each tied to one of its priorities or a named
project, with readings on different days; a history of updates is generated alongside.
Timed, as a chat digest builds them: the measures section alone (read and laid out), and
the whole borough digest for last quarter with them (read, build, text). Target: the
digest with 1,000 measures under 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.data import fill
from bench.report import emit, machine, percentiles
from bot.app import services
from bot.config import Settings
from handlers import domain
from handlers.digests.build import build_digest, gather
from handlers.digests.impact import gather_impact
from handlers.digests.measures import gather_measures, measures_lines
from handlers.digests.periods import parse_period
from handlers.digests.reply import digest_text
from storage.measures import add_readings, measure_ids, name_key, save_measures
from tests.support.throwaway_pg import ThrowawayPostgres

PROJECTS = ("Oral health", "Eastwood Village", "Lunch club", "Speedwatch", "Food bank")


async def seed(ctx: Any, *, measures: int, readings: int, rng: random.Random) -> None:
    plan = ctx.plan
    today = ctx.today()
    made = []
    for i in range(measures):
        ward = plan.wards[i % len(plan.wards)]
        priorities = plan.priorities_of(ward.slug)
        baseline = rng.uniform(10, 60)
        made.append(
            domain.NewMeasure(
                ward_slug=ward.slug,
                name=f"Measure {i}",
                unit="%",
                priority_number=priorities[i % len(priorities)].number if priorities else None,
                project=PROJECTS[i % len(PROJECTS)] if i % 3 == 0 else "",
                baseline=baseline,
                baseline_on=today - timedelta(days=900),
                source="Public Health",
                target=baseline * rng.choice((0.7, 1.3)),
                target_on=today + timedelta(days=600),
            )
        )
    await save_measures(ctx.db, made, actor="bench")
    ids = await measure_ids(ctx.db)
    keys = [ids[(m.ward_slug, name_key(m.name))] for m in made]
    rows = []
    per = readings // measures
    for measure_id in keys:
        for r in range(per):
            rows.append((measure_id, rng.uniform(10, 60), today - timedelta(days=30 * (r + 1))))
    for start in range(0, len(rows), 5000):
        await add_readings(ctx.db, rows[start : start + 5000], actor="bench")


async def run(url: str, *, measures: int, readings: int, updates: int) -> dict[str, Any]:
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    async with services(settings) as svc:
        ctx = svc.ctx
        await fill(svc.db, ctx.plan, count=updates, seed=11)
        await seed(ctx, measures=measures, readings=readings, rng=random.Random(3))
        today = ctx.today()
        quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        before = (quarter_start - timedelta(days=1)).replace(day=1)
        before = before.replace(month=(before.month - 1) // 3 * 3 + 1)
        period = parse_period(f"{before}..{quarter_start - timedelta(days=1)}", today=today)
        section, impact, whole = [], [], []
        for _ in range(8):
            started = time.perf_counter()
            found = await gather_measures(ctx, period=period, wards=ctx.plan.wards, every_ward=True)
            measures_lines(found)
            section.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            await gather_impact(
                ctx, period=period, wards=ctx.plan.wards, every_ward=True, case_ids=()
            )
            impact.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            digest = build_digest(await gather(ctx, period=period, ward_slug=None))
            text = digest_text(digest)
            whole.append((time.perf_counter() - started) * 1000)
        assert len(found.lines) == measures and "Outcome measures" in text
    return {
        "bench": "measures",
        "database": url.split(":", 1)[0],
        "measures": measures,
        "readings": readings,
        "updates": updates,
        "period": period.label,
        "measures_section_ms": percentiles(section[1:]),  # the first warms the caches
        "impact_sections_ms": percentiles(impact[1:]),  # measures, money, good practice
        "digest_with_measures_ms": percentiles(whole[1:]),
    }


def summary(result: dict[str, Any]) -> list[str]:
    s, d = result["measures_section_ms"], result["digest_with_measures_ms"]
    i = result["impact_sections_ms"]
    return [
        f"{result['measures']:,} measures, {result['readings']:,} readings, "
        f"{result['updates']:,} updates on {result['database']} ({result['period']}):",
        f"  measures section      p50 {s['p50']:>7.1f}  max {s['max']:>7.1f} ms",
        f"  impact sections       p50 {i['p50']:>7.1f}  max {i['max']:>7.1f} ms "
        "(measures, money, good practice)",
        f"  borough digest (all)  p50 {d['p50']:>7.1f}  max {d['max']:>7.1f} ms (target < 300)",
    ]


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--measures", type=int, default=1000)
    args.add_argument("--readings", type=int, default=20000)
    args.add_argument("--updates", type=int, default=30000)
    args.add_argument("--database-url", help="an empty database; default: a new SQLite file")
    args.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL server")
    opts = args.parse_args()
    url = opts.database_url or (
        f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='wardbot-bench-')) / 'bench.db'}"
    )
    pg = ThrowawayPostgres().init() if opts.postgres else None
    try:
        if pg is not None:
            pg.start()
            url = pg.url
        result = asyncio.run(
            run(url, measures=opts.measures, readings=opts.readings, updates=opts.updates)
        )
    finally:
        if pg is not None:
            pg.close()
    emit({**result, "machine": machine()}, summary(result))


if __name__ == "__main__":
    main()
