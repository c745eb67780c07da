"""A month of ward activity, stored through the storage functions as the bot stores it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from handlers import domain
from storage.db import Database
from storage.plan_store import current_plan
from storage.updates import delete_update, record_update

_ids = itertools.count(1)


async def log_update(
    db: Database,
    *,
    ward: str,
    on: date,
    text: str,
    themes: tuple[str, ...] = (),
    priority: int | None = None,
    people: int | None = None,
    volunteers: int | None = None,
    partners: tuple[str, ...] = (),
    case_study: bool = False,
    link: str = "",
    evidence: str = "",
    author: str = "Jo Officer",
) -> domain.Update:
    plan = await current_plan(db)
    assert plan is not None
    priority_id = None
    if priority is not None:
        priority_id = next(p.id for p in plan.priorities_of(ward) if p.number == priority)
    stored = await record_update(
        db,
        domain.NewUpdate(
            ward_slug=ward,
            text=text,
            platform="slack",
            source_message_id=f"seed-{next(_ids)}",
            occurred_on=on,
            author_key=f"slack:U{author.split()[0].upper()}",
            author_name=author,
            source_link=link,
            priority_id=priority_id,
            themes=themes,
            people_reached=people,
            volunteers=volunteers,
            partners=partners,
            evidence_link=evidence,
            case_study=case_study,
        ),
    )
    return stored.update


@dataclass(frozen=True)
class October:
    """The ids of what was seeded, by what each one is for."""

    litter: int
    carers: int
    food: int
    patrol: int
    walk: int
    wath: int
    boston: int
    west: int
    deleted: int
    november: int


async def seed_october(db: Database) -> October:
    """October 2026 in the bundled Rotherham plan, with September before it."""
    litter = await log_update(
        db,
        ward="sitwell",
        on=date(2026, 10, 3),
        text="Litter pick at Herringthorpe Valley Park",
        themes=("environment",),
        priority=1,
        people=40,
        volunteers=23,
        partners=("Friends of Herringthorpe Valley Park",),
        link="https://council.slack.com/archives/C1/p1",
    )
    carers = await log_update(
        db,
        ward="sitwell",
        on=date(2026, 10, 10),
        text="Intergenerational reading club: pupils read with care-home residents",
        themes=("children_young_people", "older_people"),
        priority=2,
        people=120,
        partners=("Age UK Rotherham",),
        case_study=True,
        link="https://council.slack.com/archives/C1/p2",
        author="Sam Partner",
    )
    food = await log_update(
        db,
        ward="rotherham-east",
        on=date(2026, 10, 5),
        text="Cost-of-living advice at Eastwood food bank",
        themes=("cost_of_living",),
        priority=2,
        people=300,
        partners=("Rotherham Foodbank", "age uk  rotherham"),
        link="https://council.slack.com/archives/C2/p3",
    )
    patrol = await log_update(
        db,
        ward="rotherham-east",
        on=date(2026, 10, 20),
        text="Joint patrol with South Yorkshire Police on Eastwood",
        themes=("community_safety",),
        priority=1,
        volunteers=5,
    )
    walk = await log_update(
        db,
        ward="hoober",
        on=date(2026, 10, 12),
        text="Walk and talk group for isolated residents",
        themes=("mental_health", "loneliness_isolation"),
        priority=4,
        people=25,
        partners=("Mind",),
        case_study=True,
        evidence="https://evidence.example/hoober-walks",
        author="Ali Councillor",
    )
    wath = await log_update(
        db,
        ward="wath",
        on=date(2026, 10, 15),
        text="Community clean-up on Wath high street",
        themes=("environment",),
        people=60,
        volunteers=12,
    )
    boston = await log_update(
        db,
        ward="boston-castle",
        on=date(2026, 10, 28),
        text="Warm space opened at the library",
        themes=("cost_of_living",),
        people=80,
    )
    west = await log_update(
        db, ward="rotherham-west", on=date(2026, 10, 31), text="Met the residents' association"
    )
    deleted = await log_update(
        db,
        ward="sitwell",
        on=date(2026, 10, 15),
        text="Posted twice by mistake",
        themes=("environment",),
        people=999,
    )
    await delete_update(db, update_id=deleted.id, actor="slack:UJO", reason="duplicate")
    november = await log_update(
        db,
        ward="sitwell",
        on=date(2026, 11, 1),
        text="Bonfire safety talk",
        themes=("community_safety",),
        people=500,
    )
    # September: one cost-of-living update, three environment ones.
    await log_update(
        db,
        ward="rotherham-east",
        on=date(2026, 9, 20),
        text="Food bank",
        themes=("cost_of_living",),
    )
    for day in (10, 11, 12):
        await log_update(
            db, ward="sitwell", on=date(2026, 9, day), text="Litter", themes=("environment",)
        )
    return October(
        litter=litter.id,
        carers=carers.id,
        food=food.id,
        patrol=patrol.id,
        walk=walk.id,
        wath=wath.id,
        boston=boston.id,
        west=west.id,
        deleted=deleted.id,
        november=november.id,
    )
