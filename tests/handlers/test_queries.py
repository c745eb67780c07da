from __future__ import annotations

import re
from datetime import timedelta

import pytest

from handlers.chat.context import Context
from handlers.commands import queries
from storage.plan_store import load_plan
from storage.plans import parse_plan
from storage.updates import list_updates
from tests.support.chat import ChatDriver
from tests.support.plans import AIMS, SEED_COUNTS, dump, seed_plan


async def test_show_lists_priorities_and_recent_activity(chat: ChatDriver) -> None:
    await chat.say("log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers")
    await chat.say("log Hoober: speedwatch with PCSOs")
    reply = await chat.say("show sitwell")
    assert reply.ok
    assert "Keep working with partners to reduce flooding impacts" in reply.text
    # Volunteers are not people reached (one definition everywhere).
    assert "Herringthorpe Valley Park, 23 volunteers — 23 volunteers" in reply.text
    assert "23 reached" not in reply.text and "23 people" not in reply.text
    assert "speedwatch" not in reply.text


async def test_show_by_theme_and_since(chat: ChatDriver) -> None:
    await chat.say("log Rotherham East: food bank on 2 September, 40 families #cost_of_living")
    await chat.say("log Rotherham East: ASB walkabout yesterday #community_safety")
    themed = await chat.say("show Rotherham East #community_safety")
    assert "ASB walkabout" in themed.text and "food bank on" not in themed.text
    recent = await chat.say("show Rotherham East since 2026-10-01")
    assert "ASB walkabout" in recent.text and "food bank on" not in recent.text
    bad = await chat.say("show Rotherham East since whenever")
    assert not bad.ok and "can't read 'whenever'" in bad.text


async def test_find_words_in_a_ward(chat: ChatDriver) -> None:
    await chat.say("log Hoober: coffee morning at West Melton, 15 came")
    await chat.say("log Wath: coffee morning at Wath library")
    await chat.say("log Hoober: litter pick")
    everywhere = await chat.say("find coffee morning")
    assert everywhere.text.count(": coffee morning at") == 2
    in_hoober = await chat.say("find coffee in Hoober")
    assert "West Melton" in in_hoober.text and "Wath library" not in in_hoober.text
    nothing = await chat.say("find 100%_sure")
    assert "No updates mention" in nothing.text


async def test_wards_counts_activity(chat: ChatDriver) -> None:
    await chat.say("log Wales: bulb planting, 12 volunteers")
    await chat.say("log Wales: coffee morning, 20 people")
    reply = await chat.say("wards")
    assert "Wales: 2 update(s), 20 people reached, 12 volunteers" in reply.text
    assert "Wath: 0 update(s)" in reply.text
    assert reply.text.count(" update(s)") == 25


async def test_wards_names_a_part_of_the_name(chat: ChatDriver) -> None:
    await chat.say("log Rawmarsh East: litter pick, 6 volunteers")
    reply = await chat.say("wards rawmarsh")
    assert reply.text.splitlines()[1:] == [
        "  Rawmarsh East: 1 update(s), 0 people reached, 6 volunteers",
        "  Rawmarsh West: 0 update(s), 0 people reached, 0 volunteers",
    ]
    assert reply.card is not None and reply.card.title == "2 wards named 'rawmarsh'"
    assert "No ward's name contains 'Atlantis'" in (await chat.say("wards Atlantis")).text


async def test_wards_of_a_plan_too_big_to_list_are_summed_up(
    chat: ChatDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national plan's 9,000 wards: totals, the busiest, the first with none, and how to
    look a ward up; `wards NAME` lists at most WARDS_LISTED of those named."""
    monkeypatch.setattr(queries, "WARDS_LISTED", 3)
    monkeypatch.setattr(queries, "WARDS_NAMED", 2)
    await chat.say("log Wales: bulb planting, 12 volunteers")
    await chat.say("log Wales: coffee morning, 20 people")
    await chat.say("log Wath: coffee morning, 5 people")
    await chat.say("log Hoober: coffee morning, 7 people")
    reply = await chat.say("wards")
    lines = reply.text.splitlines()
    assert lines[0] == (
        "25 wards: 3 with updates logged (4 updates, 32 people reached, 12 volunteers), "
        "22 with none yet."
    )
    assert lines[1:4] == [
        "Busiest (updates logged, people reached, volunteers):",
        "  Wales: 2 updates, 20 people reached, 12 volunteers",
        "  Hoober: 1 updates, 7 people reached, 0 volunteers",  # a tie: by name
    ]
    assert lines[4] == "No updates yet: Anston and Woodsetts, Aston and Todwick and 20 more."
    assert "`wards NAME`" in lines[5]
    named = await chat.say("wards ton")  # eight wards: the first three by name
    assert named.text.splitlines()[1:] == [
        "  Anston and Woodsetts: 0 update(s), 0 people reached, 0 volunteers",
        "  Aston and Todwick: 0 update(s), 0 people reached, 0 volunteers",
        "  Aughton and Swallownest: 0 update(s), 0 people reached, 0 volunteers",
        "…and 5 more: type more of the name to narrow them.",
    ]
    wales = await chat.say("wards wales")
    assert "Wales: 2 update(s), 20 people reached, 12 volunteers" in wales.text


async def test_priorities_says_when_unknown(chat: ChatDriver) -> None:
    known = await chat.say("priorities Hoober")
    assert "Improve road safety" in known.text
    unknown = await chat.say("priorities Wath")
    assert "not in the loaded plan" in unknown.text


async def test_coverage_reproduces_the_seed_table(chat: ChatDriver, ctx: Context) -> None:
    plan = parse_plan(dump(seed_plan(year=2026)))
    await load_plan(ctx.db, plan, digest="seed", actor="test")
    await ctx.reload_plan()
    await chat.say("log Ward 00: youth club #children_young_people")
    await chat.say("log Ward 01: youth club #children_young_people #environment")
    reply = await chat.say("coverage")
    assert reply.ok
    for theme, count in SEED_COUNTS.items():
        label = theme.replace("_", " ").title()
        assert re.search(rf"{label}: {count} wards ·", reply.text), (theme, reply.text)
    assert "Children Young People: 17 wards · 2 updates in 2 wards" in reply.text
    wider = len(AIMS["healthy_safe_communities"])
    assert wider == 10
    aim_lines = re.findall(r"^  (\d+) wards' priorities", reply.text, re.M)
    assert aim_lines == ["17", "13", "2", "25"]


async def test_coverage_counts_the_last_twelve_months_of_activity(
    chat: ChatDriver, ctx: Context
) -> None:
    await chat.say("log Sitwell: youth club #children_young_people")
    old = await chat.say("log Sitwell: youth club on 3 March 2024 #children_young_people")
    [held] = [u for u in await list_updates(ctx.db) if u.occurred_on.year == 2024]
    assert old.ok and held.occurred_on.isoformat() == "2024-03-03"
    reply = await chat.say("coverage")
    since = ctx.today() - timedelta(days=365)
    assert f"beside updates since {since.day} {since:%B %Y}" in reply.text
    label = ctx.plan.theme("children_young_people").label  # type: ignore[union-attr]
    assert f"{label}: " in reply.text and re.search(
        rf"{re.escape(label)}: \d+ wards · 1 updates in 1 wards", reply.text
    ), reply.text  # today's update counted, the one from March 2024 not
