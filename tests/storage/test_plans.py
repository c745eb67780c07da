from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from handlers.domain import NewUpdate
from handlers.reading.understand import Understanding
from storage import plan_store, rollup
from storage.db import Database
from storage.plans import BUNDLED_PLAN, PlanError, parse_plan, read_plan
from storage.updates import get_update, record_update
from tests.support.plans import dump, seed_plan


def test_bundled_plan_has_all_25_wards_and_says_which_priorities_are_unknown() -> None:
    plan, _ = read_plan(BUNDLED_PLAN)
    assert len(plan.wards) == 25
    known = {w.slug for w in plan.wards if w.priorities}
    assert known == {
        "boston-castle",
        "dalton-thrybergh",
        "hoober",
        "rotherham-east",
        "rotherham-west",
        "sitwell",
        "swinton-rockingham",
    }
    assert all(not w.priorities_known for w in plan.wards if w.slug not in known)
    assert {a.key for a in plan.board_aims} == {
        "best_start",
        "mental_health_wellbeing",
        "live_well_longer",
        "healthy_safe_communities",
    }
    assert all(place.source for w in plan.wards for place in w.places)


def test_a_wrong_field_is_reported_with_its_line() -> None:
    text = dump(seed_plan())
    broken = text.replace("board_aim: best_start", "board_aim: best_start\n  colour: red", 1)
    with pytest.raises(PlanError) as caught:
        parse_plan(broken, name="council.yaml")
    message = str(caught.value)
    line = broken.splitlines().index("  colour: red") + 1
    assert f"council.yaml, line {line}, themes.0.colour" in message


def test_an_unknown_theme_in_a_priority_is_named() -> None:
    plan = seed_plan()
    plan["wards"][3]["priorities"][0]["themes"] = ["enviroment"]  # type: ignore[index]
    with pytest.raises(PlanError, match="ward-03 priority 1 names unknown theme"):
        parse_plan(dump(plan))


def test_a_slug_too_long_to_store_is_refused_by_name() -> None:
    plan = seed_plan()
    plan["wards"][2]["slug"] = "a" * 65  # type: ignore[index]
    with pytest.raises(PlanError, match=r"wards\.2\.slug: String should have at most 64"):
        parse_plan(dump(plan))


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(PlanError, match=r"p.yaml, line 3: not valid YAML"):
        parse_plan("council: x\nplan_year: 2024\nwards: - a\n", name="p.yaml")


async def test_a_bad_plan_file_changes_nothing(db: Database, tmp_path: Path) -> None:
    before = await plan_store.current_plan(db)
    bad = tmp_path / "bad.yaml"
    bad.write_text(dump(seed_plan()).replace("plan_year: 2024", "plan_year: nineteen"))
    with pytest.raises(PlanError, match="plan_year"):
        read_plan(bad)
    assert await plan_store.current_plan(db) == before


async def test_a_new_plan_year_keeps_earlier_updates_on_their_priorities(db: Database) -> None:
    old = await plan_store.current_plan(db)
    assert old is not None
    sitwell_1 = old.priorities_of("sitwell")[0]
    stored = await record_update(
        db,
        NewUpdate(
            ward_slug="sitwell",
            text="Flood wardens met",
            platform="console",
            source_message_id="x1",
            occurred_on=__import__("datetime").date(2025, 9, 1),
            author_key="console:jo",
            priority_id=sitwell_1.id,
            themes=("environment",),
        ),
    )
    new_plan = parse_plan((BUNDLED_PLAN).read_text().replace("plan_year: 2025", "plan_year: 2026"))
    renamed = copy.deepcopy(new_plan)
    summary = await plan_store.load_plan(db, renamed, digest="new", actor="test")
    assert summary.year == 2026 and not summary.unchanged

    current = await plan_store.current_plan(db)
    assert current is not None and current.year == 2026
    assert all(p.plan_year == 2026 for p in current.priorities)
    kept = await get_update(db, update_id=stored.update.id)
    assert kept is not None and kept.priority == sitwell_1


async def test_a_plan_load_leaves_the_counts_it_rebuilt_vacuumed(db: Database) -> None:
    """PostgreSQL: a plan load rewrites the counts whole (rollup.rebuild); left to
    autovacuum (late, or off) their dead rows made `coverage` 7 times slower at 3,000,000."""
    if db.is_sqlite:
        pytest.skip("PostgreSQL's dead rows")
    for n, theme in enumerate(("environment", "housing", "environment")):
        await record_update(
            db,
            NewUpdate(
                ward_slug="sitwell",
                text=f"Update {n}",
                platform="console",
                source_message_id=f"v{n}",
                occurred_on=date(2025, 9, 1 + n),
                author_key="console:jo",
                themes=(theme,),
            ),
        )
    new_plan = parse_plan(BUNDLED_PLAN.read_text().replace("plan_year: 2025", "plan_year: 2026"))
    await plan_store.load_plan(db, new_plan, digest="new", actor="test")
    async with db.engine.begin() as connection:
        await connection.execute(text("CREATE EXTENSION IF NOT EXISTS pgstattuple"))
        for table in rollup.TABLES:
            found = await connection.execute(
                text(f"SELECT tuple_count, dead_tuple_count FROM pgstattuple('{table}')")
            )
            live, dead = found.one()
            assert live > 0 and dead == 0, (table, live, dead)


async def test_loading_the_same_file_twice_changes_nothing(db: Database) -> None:
    plan, digest = read_plan(BUNDLED_PLAN)
    summary = await plan_store.load_plan(db, plan, digest=digest, actor="test")
    assert summary.unchanged


async def test_a_second_councils_own_words_change_reading_with_no_code_change(
    db: Database,
) -> None:
    plan = seed_plan(year=2030)
    plan["council"] = "Kendal Town Council"
    wards: list[dict[str, object]] = plan["wards"]  # type: ignore[assignment]
    wards[0]["places"] = ["Kendal Road", "Doncaster Road"]
    wards[1]["places"] = ["Heron"]
    plan["reading"] = {
        "towns_roads_are_named_for": ["Kendal"],
        "place_names_that_are_everyday_words": ["Heron"],
    }
    await plan_store.load_plan(db, parse_plan(dump(plan)), digest="kendal", actor="test")
    current = await plan_store.current_plan(db)
    assert current is not None and current.council == "Kendal Town Council"
    reading = Understanding(current)
    today = date(2030, 6, 1)

    # Its own town's road runs through many wards: a question, not a guess ...
    kendal_road = reading.read("speeding on Kendal Road again", today=today)
    assert kendal_road.ward is None and "many places" in kendal_road.ward_reason
    # ... while Rotherham's towns are nothing special here: Doncaster Road is one ward's.
    doncaster_road = reading.read("speeding on Doncaster Road again", today=today)
    assert doncaster_road.ward is not None and doncaster_road.ward.slug == "ward-00"
    # Its everyday word is a place only with a capital letter.
    assert reading.read("litter pick at Heron", today=today).ward.slug == "ward-01"  # type: ignore[union-attr]
    assert reading.read("saw a heron by the pond", today=today).ward is None


def test_a_plan_without_its_own_words_reads_with_none() -> None:
    plan = parse_plan(dump(seed_plan()))
    assert plan.reading.towns_roads_are_named_for == ()
    assert plan.reading.place_names_that_are_everyday_words == ()


def test_a_blank_word_in_the_plans_reading_words_is_named_with_its_line() -> None:
    plan = seed_plan()
    plan["reading"] = {"towns_roads_are_named_for": ["Kendal", ""]}
    text = dump(plan)
    with pytest.raises(PlanError) as caught:
        parse_plan(text, name="council.yaml")
    line = text.splitlines().index("  - ''") + 1
    assert f"council.yaml, line {line}, reading.towns_roads_are_named_for.1" in str(caught.value)


async def test_a_failed_vacuum_is_logged_not_raised(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """The vacuum follows work already committed: if it fails, the load still succeeded."""
    if db.is_sqlite:
        pytest.skip("SQLite is not vacuumed")
    await db.vacuum("no_such_table")
    assert "VACUUM of no_such_table failed" in caplog.text
