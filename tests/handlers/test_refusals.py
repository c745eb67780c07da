"""Refusals counted always, audited at most once a minute per origin."""

from __future__ import annotations

from handlers.chat.context import Context
from handlers.chat.messages import Actor
from handlers.chat.refusals import AuditWindow, organisation_allowed
from storage.audit import recent_audit
from tests.handlers.test_access import say


def test_one_entry_per_origin_a_minute_and_a_bounded_number_of_origins() -> None:
    window = AuditWindow(seconds=60, most=3)
    assert window.admit("slack:TX", now=0)
    assert not window.admit("slack:TX", now=59)
    assert window.admit("slack:TX", now=60)
    assert window.admit("slack:TY", now=61) and window.admit("slack:TZ", now=61)
    assert not window.admit("slack:TNEW", now=62)  # a flood of new origins: bounded
    assert window.admit("slack:TNEW", now=121)  # the old ones have run out by now


def test_teams_tenants_are_compared_in_any_case_and_slack_ids_exactly() -> None:
    assert organisation_allowed("teams", ["TENANT-GOOD"], ["tenant-good"])
    assert organisation_allowed("teams", [" tenant-good "], ["TENANT-GOOD"])
    assert not organisation_allowed("slack", ["t0council"], ["T0COUNCIL"])
    assert organisation_allowed("slack", ["", "T0COUNCIL"], ["T0COUNCIL"])
    assert organisation_allowed("slack", ["TANY"], [])  # no allow-list: any


async def test_a_person_asking_again_and_again_is_audited_once(ctx: Context) -> None:
    board = Actor(platform="slack", user_id="UB", name="Bo Board")
    await say(ctx, Actor(platform="slack", user_id="UADMIN"), "role slack:UB board")
    for n in range(5):
        reply = await say(ctx, board, f"log Sitwell: litter pick {n}")
        assert not reply.ok and "`log` is for" in reply.text
    assert len(await recent_audit(ctx.db, action="access.refused")) == 1
