"""Period counts: the same answers however many themes the plan has."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, text

from handlers.chat.context import Context
from handlers.domain import NewUpdate
from storage.db import Database
from storage.money import money_rows
from storage.reporting import period_counts, themes_carried
from storage.updates import delete_update, record_update
from tests.support.activity import log_update


async def test_counts_hold_when_the_themes_need_more_than_one_mask(ctx: Context) -> None:
    wards = {w.slug: w.id for w in ctx.plan.wards}
    on = date(2026, 10, 5)
    await log_update(ctx.db, ward="sitwell", on=on, text="Litter pick", themes=("environment",))
    await log_update(
        ctx.db, ward="wath", on=on, text="Warm space", themes=("cost_of_living", "older_people")
    )
    await log_update(ctx.db, ward="wath", on=on, text="A chat about nothing in particular")
    plan = {t.key: t.board_aim for t in ctx.plan.themes}
    # Forty made-up themes sort first, pushing the plan's into a second mask column.
    padded = {**{f"aaa_{i:02d}": "made_up" for i in range(40)}, **plan}

    def ask(theme_aims: dict[str, str]):  # type: ignore[no-untyped-def]
        return period_counts(
            ctx.db,
            since=date(2026, 10, 1),
            until=date(2026, 10, 31),
            ward_ids=set(wards.values()),
            theme_aims=theme_aims,
            ids=12,
            notable=3,
            case_studies=5,
        )

    plain, wide = await ask(plan), await ask(padded)
    assert wide.by_theme == plain.by_theme
    assert set(plain.by_theme) == {"environment", "cost_of_living", "older_people"}
    assert wide.aims == plain.aims and "made_up" not in wide.aims
    assert wide.unthemed == plain.unthemed and plain.unthemed.count == 1
    assert wide.ward_themes == plain.ward_themes
    assert (wards["wath"], "older_people") in plain.ward_themes
    carried = await themes_carried(
        ctx.db,
        since=date(2026, 10, 1),
        until=date(2026, 10, 31),
        ward_ids=set(wards.values()),
        themes=list(padded),
    )
    assert carried == {"environment": 1, "cost_of_living": 1, "older_people": 1}


async def test_postgresql_sessions_do_not_compile_statements(db: Database) -> None:
    """A quarter's digest counts cost PostgreSQL ~290 ms more with JIT compiling them
    (bench.queries, 300,000 updates): every pooled connection runs with it off."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's own setting")
    async with db.transaction() as session:
        assert await session.scalar(text("SHOW jit")) == "off"


async def test_partners_are_read_from_the_partnered_updates_alone(ctx: Context) -> None:
    """A digest's partner organisations come from the period's updates that name one, not
    from every update's JSON (a quarter at 3,000,000 updates read 277,680 rows for it): the
    live ones in the span, newest first, and the statement answered by the partial index."""
    on = date(2026, 10, 5)
    first = await log_update(ctx.db, ward="wath", on=on, text="Pantry", partners=("Age UK",))
    await log_update(ctx.db, ward="wath", on=on, text="Litter pick")  # names no partner
    later = await log_update(
        ctx.db, ward="sitwell", on=date(2026, 10, 9), text="Walk", partners=("Ramblers", "YMCA")
    )
    gone = await log_update(ctx.db, ward="wath", on=on, text="Oops", partners=("Age UK",))
    await delete_update(ctx.db, update_id=gone.id, actor="test", reason="duplicate")
    await log_update(ctx.db, ward="wath", on=date(2026, 11, 2), text="Next month", partners=("X",))
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = ctx.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        counts = await period_counts(
            ctx.db,
            since=date(2026, 10, 1),
            until=date(2026, 10, 31),
            ward_ids=None,
            theme_aims={t.key: t.board_aim for t in ctx.plan.themes},
            ids=12,
            notable=3,
            case_studies=5,
        )
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert counts.partners == ((later.id, ("Ramblers", "YMCA")), (first.id, ("Age UK",)))
    if not ctx.db.is_sqlite:
        return
    partnered = next(s for s in statements if "ward_update.partners" in s and "SELECT" in s)
    async with ctx.db.transaction() as session:
        plan = await session.execute(text("EXPLAIN QUERY PLAN " + partnered.replace("?", "NULL")))
        assert any("ix_update_partnered" in str(row) for row in plan)


async def test_money_is_read_from_the_updates_naming_a_sum_alone(ctx: Context) -> None:
    """A digest's money comes from the period's updates that name a sum, not from every
    update's JSON (a quarter at 3,000,000 updates read 277,680 rows for it): the live ones
    in the span, and the statement answered by the partial index."""
    on = date(2026, 10, 5)

    async def logged(text: str, quantities: dict[str, float], *, day: date = on) -> int:
        stored = await record_update(
            ctx.db,
            NewUpdate(
                ward_slug="wath",
                text=text,
                platform="slack",
                source_message_id=f"money-{text}",
                occurred_on=day,
                author_key="slack:UJO",
                author_name="Jo Officer",
                quantities=quantities,
            ),
        )
        return stored.update.id

    raised = await logged("Raised £250 at the fair", {"money_gbp": 250})
    await logged("Litter pick, 12 bags", {"bags": 12})
    gone = await logged("Raised £40", {"money_gbp": 40})
    await delete_update(ctx.db, update_id=gone, actor="test", reason="duplicate")
    await logged("Raised £9 next month", {"money_gbp": 9}, day=date(2026, 11, 2))
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = ctx.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        rows = await money_rows(
            ctx.db, since=date(2026, 10, 1), until=date(2026, 10, 31), ward_ids=None
        )
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert [(r.update_id, r.amount) for r in rows] == [(raised, 250.0)]
    if not ctx.db.is_sqlite:
        return
    money = next(s for s in statements if "quantities" in s and "SELECT" in s)
    async with ctx.db.transaction() as session:
        plan = await session.execute(text("EXPLAIN QUERY PLAN " + money.replace("?", "NULL")))
        assert any("ix_update_money" in str(row) for row in plan)
