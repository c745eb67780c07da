"""The activity counts kept on write (storage/rollup.py) stay equal to counting afresh.

`wards` and `coverage` read the counts kept as updates are written, and so do a chat
digest and `review` (per month); after every kind of write a person or an admin can make
(log, change, undo, an edited or deleted source message, an import, a GDPR erasure, the
retention purge, a new plan), their answers must be what counting every update again
gives.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import distinct, func, select
from sqlalchemy.engine import Connection

from handlers.chat.context import Context
from handlers.chat.messages import Actor, Incoming
from handlers.commands.corrections import delete_from_source, edit_from_source
from handlers.domain import NewUpdate, WardTotals
from storage import models, reporting
from storage.bulk import insert_updates
from storage.db import MIGRATIONS, Database, upgrade
from storage.gdpr import erase_person, find_person, purge_expired
from storage.plan_store import load_plan
from storage.plans import BUNDLED_PLAN, read_plan
from storage.reporting import Ids, PeriodCounts, period_counts, themes_carried
from storage.review import priorities_tied, theme_examples, themes_raised
from storage.updates import (
    activity_by_aim,
    delete_update,
    theme_coverage,
    ward_activity,
    ward_totals,
    wards_summary,
)
from tests.support.activity import log_update
from tests.support.chat import ChatDriver

U, UT, T = models.Update, models.UpdateTheme, models.Theme


async def afresh(db: Database, since: date) -> tuple[dict[str, tuple[int, int, date]], ...]:
    """Wards, themes and aims counted from every update, as the queries did before."""
    live = U.deleted_at.is_(None)
    async with db.transaction() as session:
        wards = {
            slug: (n, int(people), last, int(volunteers))
            for slug, n, people, last, volunteers in await session.execute(
                select(
                    models.Ward.slug,
                    func.count(U.id),
                    func.coalesce(func.sum(U.people_reached), 0),
                    func.max(U.occurred_on),
                    func.coalesce(func.sum(U.volunteers), 0),
                )
                .join(U, U.ward_id == models.Ward.id)
                .where(live)
                .group_by(models.Ward.slug)
            )
        }
        themes = {
            key: (n, w, None)
            for key, n, w in await session.execute(
                select(UT.theme_key, func.count(distinct(U.id)), func.count(distinct(U.ward_id)))
                .join(U, U.id == UT.update_id)
                .where(live, U.occurred_on >= since)
                .group_by(UT.theme_key)
            )
        }
        aims = {
            key: (n, w, None)
            for key, n, w in await session.execute(
                select(T.board_aim_key, func.count(distinct(U.id)), func.count(distinct(U.ward_id)))
                .join(UT, UT.theme_key == T.key)
                .join(U, U.id == UT.update_id)
                .where(live, U.occurred_on >= since)
                .group_by(T.board_aim_key)
            )
        }
    return wards, themes, aims  # type: ignore[return-value]


async def kept(ctx: Context, since: date) -> tuple[dict[str, tuple[int, int, date]], ...]:
    """The same, as `wards` and `coverage` read them now."""
    wards = {
        a.ward_slug: (a.updates, a.people_reached, a.last_on, a.volunteers)
        for a in await ward_activity(ctx.db)
        if a.updates
    }
    by_id = {w.id: w.slug for w in ctx.plan.wards}
    totals = await ward_totals(ctx.db)  # what `wards` reads
    assert {
        by_id[i]: (t.updates, t.people_reached, t.last_on, t.volunteers) for i, t in totals.items()
    } == wards
    # what `wards` says of a plan too big to list: the sums, the busiest, the first quiet
    summary = await wards_summary(ctx.db, first=3)
    assert summary.active == len(wards)
    assert summary.totals == WardTotals(
        sum(n for n, *_ in wards.values()),
        sum(p for _, p, *_ in wards.values()),
        sum(v for *_, v in wards.values()),
        max((last for _, _, last, _ in wards.values()), default=None),
    )
    by_name = {w.id: n for n, w in enumerate(ctx.plan.wards)}  # the database's name order
    busiest = sorted(totals, key=lambda i: (-totals[i].updates, by_name[i]))[:3]
    assert summary.busiest == tuple((i, totals[i]) for i in busiest)
    assert summary.quiet == tuple(w.id for w in ctx.plan.wards if w.id not in totals)[:3]
    themes = {
        t.theme_key: (t.updates, t.wards_active, None)
        for t in await theme_coverage(ctx.db, year=ctx.plan.year, since=since)
        if t.updates
    }
    aims = {k: (n, w, None) for k, (n, w) in (await activity_by_aim(ctx.db, since=since)).items()}
    return wards, themes, aims  # type: ignore[return-value]


async def months_afresh(db: Database) -> dict[tuple[date, int, str], tuple[int, ...]]:
    """rollup_month's rows, counted in Python from every live update."""
    async with db.transaction() as session:
        updates = (
            await session.execute(
                select(
                    U.id, U.ward_id, U.occurred_on, U.people_reached, U.volunteers, U.priority_id
                ).where(U.deleted_at.is_(None))
            )
        ).all()
        themes: dict[int, list[str]] = defaultdict(list)
        for update, theme in await session.execute(select(UT.update_id, UT.theme_key)):
            themes[update].append(theme)
        aim_of = dict((await session.execute(select(T.key, T.board_aim_key))).all())
    out: dict[tuple[date, int, str], list[int]] = {}
    for update, ward, on, people, volunteers, priority in updates:
        keys = ["", *(f"t:{t}" for t in themes[update])]
        keys += [f"a:{a}" for a in {aim_of[t] for t in themes[update]}]
        keys += [] if themes[update] else ["n:"]
        keys += [] if priority is None else [f"p:{priority}"]
        for key in keys:
            sums = out.setdefault((on.replace(day=1), ward, key), [0, 0, 0, 0, 0])
            for i, value in enumerate(
                (1, people or 0, volunteers or 0, int(bool(people)), int(bool(volunteers)))
            ):
                sums[i] += value
    return {k: tuple(v) for k, v in out.items()}


async def months_kept(db: Database) -> dict[tuple[date, int, str], tuple[int, ...]]:
    m = models.RollupMonth
    async with db.transaction() as session:
        rows = (
            await session.execute(
                select(
                    m.month,
                    m.ward_id,
                    m.key,
                    m.updates,
                    m.people,
                    m.volunteers,
                    m.with_people,
                    m.with_volunteers,
                )
            )
        ).all()
    for row in rows:  # a (month, ward, key) whose updates all went keeps a row of zeros
        assert row.updates or not any(row[4:]), row
    return {(month, w, k): tuple(sums) for month, w, k, *sums in rows if sums[0]}


def first_ids(counts: PeriodCounts, cap: int) -> PeriodCounts:
    """Every id behind each count (the Board report's) cut to a chat digest's first few."""

    def cut(ids: Ids) -> Ids:
        return Ids(ids.count, ids.ids[:cap])

    return replace(
        counts,
        updates=cut(counts.updates),
        people_ids=cut(counts.people_ids),
        volunteer_ids=cut(counts.volunteer_ids),
        unthemed=cut(counts.unthemed),
        by_theme={t: cut(ids) for t, ids in counts.by_theme.items()},
        aims={a: replace(c, updates=cut(c.updates)) for a, c in counts.aims.items()},
    )


async def assert_digest_counts_right(ctx: Context) -> None:
    """A chat digest's counts and picks (kept per month, picked from indexes) are those the
    Board report reads from the updates, for whole months, part-months and both, for the
    borough and for a few wards; and `review`'s themes raised and their newest updates."""
    assert await months_kept(ctx.db) == await months_afresh(ctx.db)
    today = date.today()
    month = today.replace(day=1)
    quarter = ((month - timedelta(days=85)).replace(day=1), month - timedelta(days=1))
    wards = {w.slug: w.id for w in ctx.plan.wards}
    theme_aims = {t.key: t.board_aim for t in ctx.plan.themes}
    for since, until in (
        (month, (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)),
        quarter,
        (today - timedelta(days=40), today),
        (today - timedelta(days=500), today + timedelta(days=1)),
        (today - timedelta(days=3), today),
    ):
        for ward_ids in (None, {wards["wath"], wards["keppel"]}):
            asked = {
                "since": since,
                "until": until,
                "ward_ids": ward_ids,
                "theme_aims": theme_aims,
                "notable": 2,
                "case_studies": 2,
            }
            report = await period_counts(ctx.db, ids=None, **asked)  # type: ignore[arg-type]
            # picks both ways; from indexes, the notable ones read two at a time, from the
            # period's entries, from a walk of every update in notable order (long enough,
            # and too short: then from the period's)
            for above, candidates, over, share in (
                (reporting.PICK_FROM_INDEXES_ABOVE, 200, 3, 0.5),
                (0, 1, 3, 0),
                (0, 1, 10**6, 10**9),
                (0, 1, 0, 10**9),
            ):
                with pytest.MonkeyPatch.context() as patch:
                    patch.setattr(reporting, "PICK_FROM_INDEXES_ABOVE", above)
                    patch.setattr(reporting, "NOTABLE_CANDIDATES", candidates)
                    patch.setattr(reporting, "PICK_FROM_INDEXES_SHARE", 0 if above == 0 else 0.25)
                    patch.setattr(reporting, "NOTABLE_WALK_OVER", over)
                    patch.setattr(reporting, "NOTABLE_WALK_SHARE", share)
                    digest = await period_counts(ctx.db, ids=2, **asked)  # type: ignore[arg-type]
                assert digest == first_ids(report, 2), (since, until, ward_ids, above, over)
        for slug in ("wath", "keppel", "sitwell"):
            async with ctx.db.transaction() as session:
                raised = dict(
                    (
                        await session.execute(
                            select(UT.theme_key, func.count())
                            .join(U, U.id == UT.update_id)
                            .where(
                                U.ward_id == wards[slug],
                                U.deleted_at.is_(None),
                                U.occurred_on.between(since, until),
                            )
                            .group_by(UT.theme_key)
                        )
                    ).all()
                )
            assert raised == await themes_raised(
                ctx.db, ward_id=wards[slug], since=since, until=until
            )
            async with ctx.db.transaction() as session:
                newest = {
                    theme: list(
                        await session.scalars(
                            select(U.id)
                            .join(UT, UT.update_id == U.id)
                            .where(
                                UT.theme_key == theme,
                                U.ward_id == wards[slug],
                                U.deleted_at.is_(None),
                                U.occurred_on.between(since, until),
                            )
                            .order_by(U.occurred_on.desc(), U.id.desc())
                            .limit(2)
                        )
                    )
                    for theme in sorted({*raised, "no_such_theme"})
                }
            assert newest == await theme_examples(
                ctx.db,
                ward_id=wards[slug],
                since=since,
                until=until,
                themes={*raised, "no_such_theme"},
                each=2,
            )
            async with ctx.db.transaction() as session:
                tied = set(
                    await session.scalars(
                        select(U.priority_id).where(
                            U.ward_id == wards[slug],
                            U.deleted_at.is_(None),
                            U.occurred_on.between(since, until),
                            U.priority_id.is_not(None),
                        )
                    )
                )
            every_priority = {p.id for p in ctx.plan.priorities_of(slug)} | tied
            assert tied == await priorities_tied(
                ctx.db, ward_id=wards[slug], priority_ids=every_priority, since=since, until=until
            )


async def assert_counts_right(ctx: Context, *, expect_wards: int | None = None) -> None:
    for since in (date.today() - timedelta(days=365), date.today() - timedelta(days=3)):
        now = await kept(ctx, since)
        assert now == await afresh(ctx.db, since), since
    await assert_digest_counts_right(ctx)
    if expect_wards is not None:
        assert len(now[0]) == expect_wards
    # a borough digest's "last period" counts, read from the counts kept per day
    span = {"since": date.today() - timedelta(days=500), "until": date.today() - timedelta(days=2)}
    themes = [t.key for t in ctx.plan.themes]
    every = {w.id for w in ctx.plan.wards}
    assert await themes_carried(ctx.db, ward_ids=None, themes=themes, **span) == (
        await themes_carried(ctx.db, ward_ids=every, themes=themes, **span)
    )


def update_id(text: str) -> str:
    found = re.search(r"#(\d+)", text)
    assert found, text
    return found.group(1)


async def test_the_counts_stay_right_through_every_kind_of_write(ctx: Context) -> None:
    chat = ChatDriver(ctx)
    posts = [
        ("UJO", "log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers, 40 people"),
        ("UJO", "log Wath: coffee morning for isolated older residents, 31 came"),
        ("U2", "log Keppel: youth club session, 28 young people #children_young_people"),
        ("U2", "log Sitwell: speedwatch on Moorgate Road 5 days ago, 4 volunteers"),
        ("U3", "log Hoober: food bank and warm space, 60 households, on 2026-01-15"),
    ]
    ids = []
    for user, text in posts:
        reply = await chat.say(text, user=user, message_id=f"C1:{len(ids)}")
        assert reply.ok and "Logged" in reply.text, reply.text
        ids.append(update_id(reply.text))
    await assert_counts_right(ctx, expect_wards=4)

    # change: ward, themes, priority
    assert (await chat.say(f"change {ids[0]} ward Wath", user="UJO")).ok
    await assert_counts_right(ctx, expect_wards=4)
    assert (await chat.say(f"change {ids[1]} #community_safety #older_people", user="UJO")).ok
    await assert_counts_right(ctx)
    assert (await chat.say(f"change {ids[3]} priority 1", user="U2")).ok
    await assert_counts_right(ctx)

    # undo: the update leaves every count, and a ward's latest day goes back
    assert (await chat.say(f"undo {ids[3]}", user="U2")).ok
    await assert_counts_right(ctx, expect_wards=3)
    wards_reply = await chat.say("wards")
    assert "Sitwell: 0 update(s)" in wards_reply.text
    # volunteers from the counts kept (Sitwell's 23 moved to Wath with its update)
    assert "Wath: 2 update(s), 71 people reached, 23 volunteers" in wards_reply.text

    # the source message edited (another ward, another day), then deleted
    actor = Actor(platform="slack", user_id="U2", name="Two")
    edited = Incoming(
        actor=actor,
        channel_id="C1",
        text="log Dinnington: youth club session 3 days ago, 12 young people",
        message_id="C1:2",
    )
    assert await edit_from_source(ctx, edited) is not None
    await assert_counts_right(ctx)
    assert await delete_from_source(ctx, replace(edited, text="")) is not None
    await assert_counts_right(ctx)

    # an import, one row older than the 12 months coverage counts
    rows = [
        NewUpdate(
            ward_slug=slug,
            text=f"imported {n}",
            platform="import",
            source_message_id=f"csv-{n}",
            occurred_on=day,
            author_key="import:UJO",
            author_name="Jo Officer",
            themes=themes,
            people_reached=people,
            volunteers=people and people // 2,
        )
        for n, (slug, day, themes, people) in enumerate(
            [
                ("wath", date.today() - timedelta(days=400), ("environment",), 10),
                ("keppel", date.today() - timedelta(days=1), ("environment", "housing"), None),
                ("keppel", date.today(), ("older_people", "loneliness_isolation"), 7),
            ]
        )
    ]
    assert (await insert_updates(ctx.db, rows, actor="cli:test")).inserted == 3
    await assert_counts_right(ctx)

    # GDPR erasure changes who, never what was counted
    [jo] = await find_person(ctx.db, ref="slack:UJO")
    await erase_person(ctx.db, person=jo, actor="cli:dpo")
    await assert_counts_right(ctx)

    # the retention purge removes the oldest
    purged = await purge_expired(ctx.db, retention_days=399, now=datetime.now(UTC))
    assert purged.updates == 1
    await assert_counts_right(ctx)

    # a new plan year that moves a theme to another Board aim
    plan, _ = read_plan(BUNDLED_PLAN)
    themes = tuple(
        t.model_copy(update={"board_aim": "live_well_longer"}) if t.key == "environment" else t
        for t in plan.themes
    )
    await load_plan(
        ctx.db, plan.model_copy(update={"themes": themes}), digest="moved", actor="cli:test"
    )
    await ctx.reload_plan()
    await assert_counts_right(ctx)
    aims = await activity_by_aim(ctx.db, since=date.today() - timedelta(days=365))
    assert "healthy_safe_communities" not in aims or aims["healthy_safe_communities"][0] < sum(
        n for n, _ in aims.values()
    )


async def test_the_month_counts_are_filled_from_the_updates_already_held(ctx: Context) -> None:
    """Migration 0018 fills rollup_month with what counting afresh gives: every key (no
    theme, a priority, an aim of two themes), a deleted update left out."""
    today = date.today()
    await log_update(ctx.db, ward="wath", on=today, text="Warm space", themes=("older_people",))
    await log_update(
        ctx.db,
        ward="sitwell",
        on=today - timedelta(days=40),
        text="Coffee and litter",
        themes=("loneliness_isolation", "older_people", "environment"),
        priority=1,
        people=12,
        volunteers=3,
    )
    await log_update(ctx.db, ward="sitwell", on=today, text="A chat", people=0, volunteers=2)
    gone = await log_update(ctx.db, ward="sitwell", on=today, text="Oops", priority=1)
    await delete_update(ctx.db, update_id=gone.id, actor="test", reason="duplicate")
    expected = await months_afresh(ctx.db)
    assert await months_kept(ctx.db) == expected
    assert {k[:2] for _, _, k in expected} == {"", "t:", "a:", "n:", "p:"}

    def downgrade(connection: Connection) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "0017")

    async with ctx.db.engine.begin() as conn:
        await conn.run_sync(downgrade)
    await upgrade(ctx.db)
    assert await months_kept(ctx.db) == expected
