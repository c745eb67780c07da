"""Activity against a named project: the updates of that ward in the span that name it,
in any case, and a project whose name holds a LIKE wildcard (% or _) matched literally."""

from __future__ import annotations

from datetime import date

from handlers import domain
from storage.db import Database
from storage.measures import project_activity
from storage.plan_store import current_plan
from storage.updates import record_update


async def test_a_project_is_found_by_name_in_its_ward_and_span_only(db: Database) -> None:
    plan = await current_plan(db)
    assert plan is not None
    wards = {w.slug: w.id for w in plan.wards}
    posts = [
        ("sitwell", "ORAL HEALTH session at the school, 30 children", date(2025, 10, 3)),
        ("sitwell", "Brushing club (oral health) for 12 families", date(2025, 10, 9)),
        ("sitwell", "Oral  health with two spaces is another phrase", date(2025, 10, 9)),
        ("wath", "Oral health session in Wath", date(2025, 10, 4)),  # another ward
        ("sitwell", "Oral health stall at the gala", date(2025, 12, 4)),  # after the span
        ("sitwell", "The 100% Club met: 8 walkers", date(2025, 10, 5)),
        ("sitwell", "The 100 percent Club met: 6 walkers", date(2025, 10, 6)),  # not 100%
        ("sitwell", "Walk_it group: 9 walkers", date(2025, 10, 7)),
        ("sitwell", "Walk-it group: 4 walkers", date(2025, 10, 8)),  # "_" is not any letter
    ]
    ids = []
    for n, (ward, text, day) in enumerate(posts):
        stored = await record_update(
            db,
            domain.NewUpdate(
                ward_slug=ward,
                text=text,
                platform="slack",
                source_message_id=f"C1:{n}",
                occurred_on=day,
                author_key="slack:U1",
                author_name="Officer 1",
            ),
        )
        ids.append(stored.update.id)
    found = await project_activity(
        db,
        since=date(2025, 10, 1),
        until=date(2025, 10, 31),
        projects=[
            (wards["sitwell"], "Oral health"),
            (wards["sitwell"], "100% Club"),
            (wards["sitwell"], "Walk_it"),
            (wards["keppel"], "Oral health"),
        ],
    )
    assert found == {
        (wards["sitwell"], "Oral health"): (ids[0], ids[1]),
        (wards["sitwell"], "100% Club"): (ids[5],),
        (wards["sitwell"], "Walk_it"): (ids[7],),
    }
