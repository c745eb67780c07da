"""A quarter of varied ward activity as an import spreadsheet (`wardbot import FILE.csv`):
every Board aim, most wards (a few quiet ones), priorities matched and not, partners, case
studies, long texts, and a smaller quarter before and a year before to compare with."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import yaml

from storage.plans import BUNDLED_PLAN

QUIET_WARDS = ("Hoober", "Keppel", "Wales")  # nothing logged: named in text, not drawn
ACTIVITIES = {
    "children_young_people": "holiday activities and food session for young people at the {place}",
    "mental_health": "walk and talk mental health peer support group at the {place}",
    "health_wellbeing": "health check drop-in with the health trainers at the {place}",
    "older_people": "falls prevention and chair exercise class for older people at the {place}",
    "employment_economy": "jobs fair and CV clinic with local employers at the {place}",
    "community_safety": "joint speedwatch and anti-social behaviour patrol near the {place}",
    "environment": "community litter pick and fly-tipping clear-up around the {place}",
    "housing": "tenants' and residents' association meeting on damp and repairs at the {place}",
    "planning": "consultation drop-in on the local plan site allocations at the {place}",
    "culture_leisure_green_spaces": "bulb planting and park open day at the {place}",
    "community_groups": "small grants clinic for voluntary and community groups at the {place}",
    "cost_of_living": "warm space and cost of living advice session at the {place}",
    "covid_recovery": "vaccination outreach and recovery café at the {place}",
    "loneliness_isolation": "coffee morning for isolated residents at the {place}",
    "transport_road_safety": "school gate road safety and parking campaign near the {place}",
}
PLACES = ("library", "community centre", "church hall", "primary school", "park", "leisure centre")
PARTNERS = (
    "South Yorkshire Police",
    "Voluntary Action Rotherham",
    "Rotherham Federation",
    "NHS Rotherham Place",
    "Age UK Rotherham",
    "South Yorkshire Fire and Rescue",
    "Rotherham United Community Trust",
)
FIELDS = (
    "date",
    "ward",
    "text",
    "themes",
    "priority",
    "people_reached",
    "volunteers",
    "partners",
    "case_study",
    "author",
)


def _plan() -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load(Path(BUNDLED_PLAN).read_text(encoding="utf-8"))
    return loaded


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def rows(*, start: date, end: date, count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    plan = _plan()
    wards = [w for w in plan["wards"] if w["name"] not in QUIET_WARDS]  # type: ignore[attr-defined,index]
    themes = list(ACTIVITIES)
    days = _days(start, end)
    out = []
    for n in range(count):
        ward = wards[n % len(wards)] if n < len(wards) else rng.choice(wards)
        priorities = ward.get("priorities") or []
        priority = rng.choice(priorities) if priorities and rng.random() < 0.55 else None
        # A matched update carries one of its priority's themes; the rest cycle the themes.
        theme = rng.choice(priority["themes"]) if priority else themes[n % len(themes)]
        chosen = [theme]
        if rng.random() < 0.3:
            chosen.append(rng.choice(themes))  # one update, two aims: counted under both
        text = ACTIVITIES[theme].format(place=rng.choice(PLACES))
        text = text[0].upper() + text[1:]
        if rng.random() < 0.15:
            text += (
                ". Residents raised parking on the estate, the state of the play area and "
                "the bus service to the hospital; follow-up agreed with the ward councillors "
                "and the neighbourhood team for next month"
            )
        partners = rng.sample(PARTNERS, rng.choice((0, 0, 1, 1, 2)))
        out.append(
            {
                "date": rng.choice(days).isoformat(),
                "ward": str(ward["name"]),
                "text": f"{text}.",
                "themes": " ".join(f"#{t}" for t in dict.fromkeys(chosen)),
                "priority": str(priority["number"]) if priority else "",
                "people_reached": str(rng.choice((0, 8, 12, 20, 35, 60, 150))) or "",
                "volunteers": str(rng.choice((0, 0, 2, 4, 9))),
                "partners": "; ".join(partners),
                "case_study": "yes" if rng.random() < 0.04 else "",
                "author": rng.choice(("Jo Officer", "Sam Councillor", "Priya Partner")),
            }
        )
    return out


def write_quarter(path: Path, *, updates: int = 342) -> Path:
    """Q3 2026 with `updates` updates, Q2 2026 with fewer, Q3 2025 fewer still."""
    everything = (
        rows(start=date(2026, 7, 1), end=date(2026, 9, 30), count=updates, seed=3)
        + rows(start=date(2026, 4, 1), end=date(2026, 6, 30), count=updates * 2 // 3, seed=2)
        + rows(start=date(2025, 7, 1), end=date(2025, 9, 30), count=updates // 3, seed=1)
    )
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(everything)
    return path
