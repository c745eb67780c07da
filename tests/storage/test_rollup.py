"""The activity counts kept on write (storage/rollup.py) stay equal to counting afresh.

`wards` and `coverage` read the counts kept as updates are written; after every kind of
write a person or an admin can make (log, change, undo, an edited or deleted source
message, an import, a GDPR erasure, the retention purge, a new plan), their answers
must be what counting every update again gives.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import distinct, func, select

from handlers.chat.context import Context
from handlers.chat.messages import Actor, Incoming
from handlers.commands.corrections import delete_from_source, edit_from_source
from handlers.domain import NewUpdate
from storage import models
from storage.bulk import insert_updates
from storage.db import Database
from storage.gdpr import erase_person, find_person, purge_expired
from storage.plan_store import load_plan
from storage.plans import BUNDLED_PLAN, read_plan
from storage.reporting import themes_carried
from storage.updates import activity_by_aim, theme_coverage, ward_activity, ward_totals
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
    themes = {
        t.theme_key: (t.updates, t.wards_active, None)
        for t in await theme_coverage(ctx.db, year=ctx.plan.year, since=since)
        if t.updates
    }
    aims = {k: (n, w, None) for k, (n, w) in (await activity_by_aim(ctx.db, since=since)).items()}
    return wards, themes, aims  # type: ignore[return-value]


async def assert_counts_right(ctx: Context, *, expect_wards: int | None = None) -> None:
    for since in (date.today() - timedelta(days=365), date.today() - timedelta(days=3)):
        now = await kept(ctx, since)
        assert now == await afresh(ctx.db, since), since
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
