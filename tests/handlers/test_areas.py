"""Neighbourhoods and other areas from the plan file: `show` and digests take them."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from handlers.chat.context import Context
from storage.digests import list_subscriptions
from storage.plan_store import load_plan
from storage.plans import BUNDLED_PLAN, PlanError, parse_plan
from tests.support.chat import ChatDriver

ADMIN = "UADMIN"
AREAS = {
    "neighbourhoods": [
        {
            "slug": "south-east",
            "name": "South East",
            "aliases": ["SE neighbourhood"],
            "wards": ["sitwell", "brinsworth"],
        }
    ],
    "areas": [
        {
            "slug": "valley-park-pcn",
            "name": "Valley Park PCN",
            "kind": "pcn",
            "places": ["Herringthorpe Valley Park"],
        }
    ],
}


def _plan(**extra: Any) -> str:
    data = yaml.safe_load(BUNDLED_PLAN.read_text(encoding="utf-8"))
    data.update(extra)
    return yaml.safe_dump(data, sort_keys=False)


@pytest.fixture
async def area_chat(ctx: Context) -> ChatDriver:
    await load_plan(ctx.db, parse_plan(_plan(**AREAS)), digest="areas", actor="test")
    await ctx.reload_plan()
    return ChatDriver(ctx)


async def test_show_takes_a_neighbourhood_or_an_area(area_chat: ChatDriver) -> None:
    chat = area_chat
    for text in (
        "log Sitwell: litter pick at Herringthorpe Valley Park, 12 volunteers",
        "log Brinsworth: coffee morning at the parish hall, 20 came",
        "log Wath: bulb planting by the church",
    ):
        assert (await chat.say(text)).ok
    hood = await chat.say("show south east")
    assert hood.ok and hood.text.startswith("South East (neighbourhood)")
    assert "Wards: Brinsworth, Sitwell" in hood.text or "Wards: Sitwell, Brinsworth" in hood.text
    assert "litter pick" in hood.text and "coffee morning" in hood.text
    assert "bulb planting" not in hood.text
    assert (await chat.say("show SE neighbourhood")).text.startswith("South East")

    pcn = await chat.say("show Valley Park PCN")
    assert pcn.text.startswith("Valley Park PCN (Primary Care Network)")
    assert "litter pick" in pcn.text and "coffee morning" not in pcn.text

    unknown = await chat.say("show Nowhere Special")
    assert (
        not unknown.ok and "Neighbourhoods and areas: South East, Valley Park PCN" in unknown.text
    )


async def test_digests_take_a_neighbourhood(area_chat: ChatDriver) -> None:
    chat = area_chat
    await chat.say("log Sitwell: litter pick at Herringthorpe Valley Park, 12 volunteers")
    await chat.say("log Wath: bulb planting by the church")
    preview = await chat.say("digest preview South East", user=ADMIN)
    assert preview.ok and "South East digest" in preview.text
    assert "1 update" in preview.text

    done = await chat.say("digest subscribe weekly South East", user=ADMIN, channel="CSE")
    assert done.ok and "South East" in done.text
    borough = await chat.say("digest subscribe weekly", user=ADMIN, channel="CSE")
    assert borough.ok  # the borough and the neighbourhood are two scopes of one channel
    scopes = sorted(s.scope for s in await list_subscriptions(chat.ctx.db))
    assert scopes == ["South East", "the whole borough"]
    gone = await chat.say("digest unsubscribe South East", user=ADMIN, channel="CSE")
    assert gone.ok and "South East" in gone.text
    assert [s.scope for s in await list_subscriptions(chat.ctx.db)] == ["the whole borough"]

    places_only = await chat.say("digest preview Valley Park PCN", user=ADMIN)
    assert not places_only.ok and "counts whole wards" in places_only.text


def test_an_area_naming_an_unknown_ward_is_refused_by_name() -> None:
    bad = {"neighbourhoods": [{"slug": "north", "name": "North", "wards": ["atlantis"]}]}
    with pytest.raises(PlanError, match="North names an unknown ward atlantis"):
        parse_plan(_plan(**bad))
