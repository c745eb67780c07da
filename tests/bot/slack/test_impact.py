"""Evidence of impact over Slack: measure readings, partners, money, case studies, review."""

from __future__ import annotations

from datetime import date
from typing import Any

from handlers import domain
from storage.measures import list_measures, save_measures
from storage.updates import list_updates
from tests.bot.slack.conftest import Stack
from tests.support.slack_api import APP_TEAM

TOOTH_DECAY = domain.NewMeasure(
    ward_slug="rotherham-east",
    name="Five-year-olds with tooth decay",
    unit="%",
    project="Oral health",
    baseline=32,
    baseline_on=date(2024, 3, 31),
    source="Public Health",
    target=25,
    target_on=date(2028, 3, 31),
)


async def test_an_officer_of_the_ward_records_a_reading_others_are_refused(stack: Stack) -> None:
    await save_measures(stack.ctx.db, [TOOTH_DECAY], actor="test")
    refused = (
        await stack.slack.command("measure Rotherham East: tooth decay 28 on 2026-09-30")
    ).json()
    assert refused["response_type"] == "ephemeral"
    assert "recorded by its officers" in refused["text"]
    [before] = await list_measures(stack.ctx.db)
    assert before.readings == 0

    linked = (await stack.slack.command("link Rotherham East", user="UADMIN")).json()
    assert "Rotherham East" in linked["text"]
    body = (await stack.slack.command("measure tooth decay 28% on 2026-09-30")).json()
    assert body["response_type"] == "in_channel"
    assert body["text"].startswith(
        "Recorded 28% for Five-year-olds with tooth decay (Rotherham East) on 30 Sep 2026"
    )
    assert "Improving" in body["text"]
    assert "Baseline" in str(body["blocks"]) and "32% (31 Mar 2024)" in str(body["blocks"])
    [after] = await list_measures(stack.ctx.db)
    assert (after.latest, after.latest_on) == (28, date(2026, 9, 30))

    unknown = (await stack.slack.command("measure bus shelters 3")).json()
    assert "I have no measure 'bus shelters' in Rotherham East" in unknown["text"]
    assert "'Five-year-olds with tooth decay'" in unknown["text"]
    no_value = (await stack.slack.command("measure tooth decay lots")).json()
    assert "What is the new value?" in no_value["text"]
    future = (await stack.slack.command("measure tooth decay 20 on 2099-01-01")).json()
    assert "as a date that has passed" in future["text"]
    [still] = await list_measures(stack.ctx.db)
    assert still.readings == 1

    shown = await answered(stack, "digest preview Rotherham East")
    assert (
        "Five-year-olds with tooth decay (Rotherham East): 32% (Mar 2024) → 28% (Sep 2026)" in shown
    )


async def answered(stack: Stack, text: str, *, user: str = "UADMIN") -> str:
    """The whole answer to a slow command: in the HTTP reply, or, past Slack's 3 s, on the
    response_url."""
    before = len(stack.api.calls_to("response_url"))
    body = (
        await stack.slack.command(text, user=user, response_url=stack.api.response_url("late"))
    ).json()
    if "Still working on that" not in body["text"]:
        return str(body)
    calls = await stack.api.wait_for("response_url", count=before + 1, within=60)
    return str(calls[-1].params)


def press(stack: Stack, button: dict[str, Any], *, user: str = "U1") -> dict[str, Any]:
    """A block_actions payload: `user` pressing `button` on a message in C1."""
    return {
        "type": "block_actions",
        "team": {"id": APP_TEAM},
        "user": {"id": user, "name": user.lower(), "team_id": APP_TEAM},
        "api_app_id": "A1",
        "trigger_id": "trigger-impact",
        "container": {"type": "message", "message_ts": "1710000900.1", "channel_id": "C1"},
        "channel": {"id": "C1"},
        "response_url": stack.api.response_url("impact"),
        "actions": [{**button, "block_id": "b1", "action_ts": "1710000901.1"}],
    }


def buttons(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        e["text"]["text"]: e
        for b in body["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "button"
    }


async def test_partners_named_in_posts_are_counted_and_a_new_one_is_offered_then_remembered(
    stack: Stack,
) -> None:
    body = (
        await stack.slack.command(
            "log Keppel: coffee morning with Age UK and SYP at Kimberworth Park Bowls Club, "
            "20 came, raised £150 for the club"
        )
    ).json()
    assert "Add Kimberworth Park Bowls Club as a partner?" in body["text"]
    [update] = await list_updates(stack.ctx.db, ward_slug="keppel")
    assert update.partners == ("Age UK Rotherham", "South Yorkshire Police")
    offer = buttons(body)["Add Kimberworth Park Bowls Club as a partner?"]
    assert (await stack.slack.interaction(press(stack, offer))).status == 200
    [answer] = await stack.api.wait_for("response_url", within=30)
    assert "Added Kimberworth Park Bowls Club as a partner of #" in str(answer.params["text"])
    [update] = await list_updates(stack.ctx.db, ward_slug="keppel")
    assert "Kimberworth Park Bowls Club" in update.partners

    again = (
        await stack.slack.command(
            "log Keppel: bowls taster day at Kimberworth Park Bowls Club with the CLF paying "
            "£500 for new mats"
        )
    ).json()
    assert "as a partner?" not in again["text"]
    assert "£500 granted (Community Leadership Fund)" in str(again["blocks"])

    text = await answered(stack, "digest preview Keppel")
    assert (
        "Partner organisations: 3: Age UK Rotherham, Kimberworth Park Bowls Club, "
        "South Yorkshire Police" in text
    )
    assert "In all: £150 raised, £500 granted" in text
    assert "Community Leadership Fund: £500 granted" in text
    assert "Keppel: £150 raised, £500 granted" in text


async def test_a_case_study_told_and_shared_once_with_wards_whose_plans_carry_its_theme(
    stack: Stack,
) -> None:
    for channel, ward in (("C1", "Boston Castle"), ("C2", "Hoober"), ("C3", "Sitwell")):
        linked = await stack.slack.command(f"link {ward}", user="UADMIN", channel=channel)
        assert ward in linked.json()["text"]
    body = (
        await stack.slack.command(
            "log lunch club for isolated older residents at the church hall, 25 came"
        )
    ).json()
    [update] = await list_updates(stack.ctx.db, ward_slug="boston-castle")
    assert "Case study" in buttons(body)
    form = buttons(body)["Case study"]
    assert (await stack.slack.interaction(press(stack, form))).status == 200
    await stack.api.wait_for("views.open", within=30)

    told = (
        await stack.slack.command(
            f"case {update.id} what: a weekly lunch club; who: older residents living alone; "
            "difference: regulars say they feel less lonely; quote: I look forward to Tuesdays"
        )
    ).json()
    assert told["text"].startswith(f"#{update.id} is a case study: What was done: a weekly lunch")
    shared = (await stack.slack.command(f"share {update.id}")).json()
    assert (
        f"Shared #{update.id} as good practice with 2 channel(s): Hoober, Sitwell."
        in shared["text"]
    )
    posts = stack.api.calls_to("chat.postMessage")
    assert sorted(p.params["channel"] for p in posts) == ["C2", "C3"]
    assert all("Good practice from Boston Castle" in str(p.params) for p in posts)
    assert "I look forward to Tuesdays" in str(posts[0].params)
    again = (await stack.slack.command(f"share {update.id}")).json()
    assert (
        "with 0 channel(s)" in again["text"]
        and "Already shared with: Hoober, Sitwell" in again["text"]
    )
    assert len(stack.api.calls_to("chat.postMessage")) == 2

    shown = await answered(stack, "digest preview")
    assert f"#{update.id} from Boston Castle, shared with Hoober, Sitwell" in shown


async def test_review_shows_what_the_plan_does_not_carry_to_the_asker(stack: Stack) -> None:
    await stack.slack.command("log Sitwell: speedwatch on Greystones Road, 4 volunteers")
    body = (await stack.slack.command("review Sitwell")).json()
    assert body["response_type"] == "ephemeral"
    assert (
        "Raised here, not in the ward plan:\n  Transport and road safety: 1 update(s)"
        in body["text"]
    )
    assert "speedwatch on Greystones Road" in str(body["blocks"])
    assert "Priorities with no activity" in str(body["blocks"])
    unknown = (await stack.slack.command("review Atlantis")).json()
    assert "I don't know a ward called 'Atlantis'" in unknown["text"]
    board = (await stack.slack.command("review Sitwell", user="U2")).json()
    assert "Raised here" in board["text"]  # officers and the Board may both ask
