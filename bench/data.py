"""Realistic activity history for benchmarks: the 25 wards, three years, chosen sizes.

    python -m bench.data --updates 100000 [--database-url URL]

Updates are spread unevenly over wards (some wards are far busier), over days
(fewer at weekends, a summer bump), over themes (the ward's own priorities
most often) and over ~200 officers and partners on Slack and Teams; texts carry
places from the ward's gazetteer and the numbers people type. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import yaml

from bench.bulk_history import insert_history
from bench.report import emit, machine
from bot.app import services
from bot.config import Settings
from handlers.domain import NewUpdate
from storage.db import Database
from storage.plan_store import PlanSnapshot
from storage.plans import BUNDLED_PLAN
from storage.updates import count_updates

SIZES = (10_000, 100_000, 300_000)

# What neighbourhood teams write, by theme; {place} and {n} are filled in.
ACTIVITIES: dict[str, tuple[str, ...]] = {
    "environment": (
        "Litter pick at {place}, {n} volunteers filled 30 bags",
        "Fly-tipping cleared from {place} after residents reported it",
        "Bulb planting with the friends group at {place}, {n} volunteers",
        "Street scene walkabout around {place} with Streetpride",
    ),
    "community_safety": (
        "Community speedwatch on the main road through {place}",
        "Joint patrol with SYP around {place} after reports of anti-social behaviour",
        "PACT meeting at {place}, {n} residents attended",
    ),
    "children_young_people": (
        "Holiday activities and food at {place}, {n} children attended",
        "Youth club session at {place}, {n} young people",
        "Stay and play for families at {place}, {n} families came",
    ),
    "health_wellbeing": (
        "Health walk from {place}, {n} people joined",
        "Chair-based exercise at {place}, {n} attended",
    ),
    "mental_health": ("Wellbeing cafe at {place}, {n} people came, signposting to Rotherham Mind",),
    "older_people": ("Tea dance for older residents at {place}, {n} attended",),
    "cost_of_living": (
        "Warm space open at {place}, {n} visitors, energy advice from the council team",
        "Food pantry at {place} served {n} households",
    ),
    "community_groups": (
        "Met the tenants and residents association at {place} about their funding bid",
        "Ward Housing Hub at {place}, {n} people attended",
    ),
    "culture_leisure_green_spaces": ("Family fun day at {place}, about {n} people came",),
    "loneliness_isolation": ("Coffee morning at {place}, {n} came, several living alone",),
    "employment_economy": ("Jobs fair at {place} with Rotherham Opportunities College",),
    "housing": ("Housing surgery at {place}, {n} tenants seen",),
    "planning": ("Consultation drop-in at {place} on the local plan",),
    "covid_recovery": ("Vaccination bus at {place}, {n} people vaccinated",),
}
NOTES = (
    "",
    "",
    " Good feedback from residents.",
    " Follow-up booked for next month.",
    " Thanks to the ward councillors for their support.",
)


def updates(
    plan: PlanSnapshot, *, count: int, seed: int = 7, today: date | None = None, years: int = 3
) -> Iterator[NewUpdate]:
    rng = random.Random(seed)
    today = today or date.today()
    days = 365 * years
    wards = list(plan.wards)
    ward_weights = [rng.paretovariate(1.5) for _ in wards]  # a few busy wards, a long tail
    cumulative = list(itertools.accumulate(ward_weights))  # picked by bisection: 9,000 wards
    themes = [t.key for t in plan.themes]
    people = [
        (rng.choice(("slack", "slack", "slack", "teams")), f"U{rng.randrange(10**6):06d}")
        for _ in range(200)
    ]
    for i in range(count):
        ward = rng.choices(wards, cum_weights=cumulative)[0]
        priorities = plan.priorities_of(ward.slug)
        if priorities and rng.random() < 0.7:
            priority = rng.choice(priorities)
            theme = rng.choice(priority.themes) if priority.themes else rng.choice(themes)
        else:
            priority, theme = None, rng.choice(themes)
        if priority is None:
            priority = next((p for p in priorities if theme in p.themes), None)
        extra = rng.choice(themes) if rng.random() < 0.25 else theme
        place = rng.choice(ward.places) if ward.places else ward.name
        n = int(rng.lognormvariate(2.8, 0.8)) + 1
        text = rng.choice(ACTIVITIES.get(theme, ACTIVITIES["community_groups"]))
        text = text.format(place=place, n=n) + rng.choice(NOTES)
        if rng.random() < 0.3:
            text += f" #{theme}"
        platform, user = rng.choice(people)
        yield NewUpdate(
            ward_slug=ward.slug,
            text=text,
            platform=platform,
            source_message_id=f"bench-{seed}-{i}",
            occurred_on=_day(rng, today, days),
            author_key=f"{platform}:{user}",
            author_name=f"Officer {user[-3:]}",
            channel_id=f"C{ward.id:03d}",
            priority_id=priority.id if priority else None,
            themes=tuple(dict.fromkeys((theme, extra))),
            people_reached=n if "{n}" in text or rng.random() < 0.5 else None,
            volunteers=rng.randrange(2, 40) if theme == "environment" else None,
            explanation=f"{ward.name}: bench data",
        )


# Parts of invented ward names: 30 x 30 x 10 = 9,000 different names.
_FIRST = (
    "Ash", "Beck", "Bram", "Brook", "Clay", "Crag", "Dale", "Elm", "Fern", "Ford",
    "Gate", "Glen", "Hazel", "Heath", "Holm", "Kirk", "Lark", "Lea", "Marsh", "Mill",
    "Moor", "Oak", "Pen", "Rook", "Rush", "Stan", "Thorn", "Wald", "Well", "Wyke",
)  # fmt: skip
_SECOND = (
    "bury", "by", "cliffe", "combe", "cote", "croft", "den", "don", "field", "ford",
    "gate", "ham", "hurst", "ington", "ley", "low", "mere", "minster", "more", "ness",
    "over", "stead", "stoke", "thorpe", "ton", "wick", "wood", "worth", "well", "yard",
)  # fmt: skip
_THIRD = ("North", "South", "East", "West", "Central", "Upper", "Lower", "Park", "Vale", "Hill")


def synthetic_plan(path: Path, *, wards: int) -> Path:
    """A plan the size of a national roll-out: the bundled plan's aims and themes, and
    `wards` invented wards, each with three priorities and two places of its own."""
    bundled = yaml.safe_load(BUNDLED_PLAN.read_text())
    themes = bundled["themes"]
    names = (f"{a}{b} {c}" for c in _THIRD for a in _FIRST for b in _SECOND)
    out = []
    for n, name in zip(range(wards), names, strict=False):
        slug = name.lower().replace(" ", "-")
        picked = [themes[(n + k * 5) % len(themes)] for k in range(3)]
        out.append(
            {
                "slug": slug,
                "name": name,
                "priorities": [
                    {"number": k + 1, "title": f"{t['label']} in {name}", "themes": [t["key"]]}
                    for k, t in enumerate(picked)
                ],
                "places": [f"{name} Park", f"{name} Community Centre"],
            }
        )
    if len(out) < wards:
        raise ValueError(f"at most {len(out)} invented wards")
    plan = {
        "council": f"Synthetic council of {wards:,} wards",
        "plan_year": bundled["plan_year"],
        "board_aims": bundled["board_aims"],
        "themes": themes,
        "wards": out,
    }
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    return path


def _day(rng: random.Random, today: date, days: int) -> date:
    while True:
        day = today - timedelta(days=rng.randrange(days))
        weekend = day.weekday() >= 5
        summer = day.month in (6, 7, 8)
        if rng.random() < (0.35 if weekend else 1.0) * (1.0 if summer else 0.8):
            return day


async def fill(db: Database, plan: PlanSnapshot, *, count: int, seed: int = 7) -> float:
    """Add `count` generated updates; the seconds it took."""
    started = time.perf_counter()
    await insert_history(db, updates(plan, count=count, seed=seed))
    return time.perf_counter() - started


async def _run(url: str, count: int, seed: int) -> dict[str, object]:
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    async with services(settings) as svc:
        seconds = await fill(svc.db, svc.ctx.plan, count=count, seed=seed)
        total = await count_updates(svc.db)
    return {
        "bench": "data",
        "database": url.split(":", 1)[0],
        "generated": count,
        "stored_total": total,
        "seconds": round(seconds, 2),
        "rows_per_s": round(count / seconds),
        "machine": machine(),
    }


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--updates", type=int, default=100_000)
    args.add_argument("--seed", type=int, default=7)
    args.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    opts = args.parse_args()
    url = opts.database_url or (
        f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='wardbot-bench-')) / 'bench.db'}"
    )
    result = asyncio.run(_run(url, opts.updates, opts.seed))
    emit(
        {**result, "url": url},
        [
            f"stored {result['generated']:,} updates in {result['seconds']} s "
            f"({result['rows_per_s']:,} rows/s); {result['stored_total']:,} in {url}"
        ],
    )


if __name__ == "__main__":
    main()
