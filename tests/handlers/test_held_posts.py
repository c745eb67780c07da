"""Posts waiting for a button (which ward? personal data?): kept whole, taken once, by their
person only, and forgotten after a week."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from handlers.chat.context import Context
from handlers.chat.messages import Reply
from storage import held
from storage.gdpr import purge_expired
from storage.updates import count_updates, list_updates
from tests.support.chat import ChatDriver

NO_WARD = "log litter pick in Wickersley today, 9 volunteers"
PERSONAL = "log Wath: coffee morning, ask Mrs Jean Holloway at 14 Elm Road, call 07700 900123"


def button(reply: Reply, label: str) -> tuple[str, str]:
    assert reply.card is not None, reply.text
    found = next(b for b in reply.card.buttons if b.label == label)
    return found.action, found.value


async def test_a_button_carries_a_short_key_whatever_the_posts_length(
    chat: ChatDriver, ctx: Context
) -> None:
    post = NO_WARD + "." + " Gloves, grabbers and bags were shared out at the start." * 70
    assert 3900 < len(post) < 4000
    asked = await chat.say(post)
    assert asked.card is not None and len(asked.card.buttons) == 3  # two wards, "Another ward…"
    assert all(len(b.value) < 100 for b in asked.card.buttons)
    logged = await chat.press(*button(asked, "Wickersley North"))
    assert logged.ok, logged.text
    [update] = await list_updates(ctx.db)
    assert update.text == post.removeprefix("log ")


async def test_a_second_press_says_it_was_dealt_with_and_stores_nothing(
    chat: ChatDriver, ctx: Context
) -> None:
    asked = await chat.say(NO_WARD)
    first = await chat.press(*button(asked, "Wickersley North"))
    assert first.ok and "Logged for Wickersley North" in first.text
    again = await chat.press(*button(asked, "Thurcroft and Wickersley South"))
    assert "Already logged for Wickersley North" in again.text
    assert await count_updates(ctx.db) == 1
    # Undone since: a press still stores nothing, and says so.
    [update] = await list_updates(ctx.db)
    await chat.say(f"undo {update.id}")
    third = await chat.press(*button(asked, "Wickersley North"))
    assert "dealt with already" in third.text and "Nothing more was stored" in third.text
    assert await count_updates(ctx.db) == 0


async def test_redact_then_which_ward_logs_the_redacted_text_once(
    chat: ChatDriver, ctx: Context
) -> None:
    warned = await chat.say(
        "log litter pick in Wickersley today with Mrs Jean Holloway of 14 Elm Road, "
        "call her on 07700 900123"
    )
    redact = button(warned, "Redact and log")
    asked = await chat.press(*redact)
    assert "Which ward" in asked.text
    logged = await chat.press(*button(asked, "Wickersley North"))
    assert logged.ok, logged.text
    [update] = await list_updates(ctx.db)
    assert "Holloway" not in update.text and "[phone]" in update.text
    again = await chat.press(*redact)  # the warning's buttons were dealt with too
    assert "Already logged for Wickersley North" in again.text
    assert await count_updates(ctx.db) == 1


async def test_only_the_person_who_posted_may_press(chat: ChatDriver, ctx: Context) -> None:
    warned = await chat.say(PERSONAL)
    refused = await chat.press(*button(warned, "Log as written"), user="U2")
    assert not refused.ok and "Only the person who posted this update" in refused.text
    asked = await chat.say(NO_WARD)
    refused = await chat.press(*button(asked, "Wickersley North"), user="UADMIN")
    assert not refused.ok and "Only the person who posted this update" in refused.text
    assert await count_updates(ctx.db) == 0
    assert (await chat.press(*button(warned, "Log as written"))).ok


async def test_an_expired_post_is_refused_politely(
    chat: ChatDriver, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(held, "KEPT_FOR", timedelta(0))  # expired as soon as it is asked
    asked = await chat.say(NO_WARD)
    warned = await chat.say(PERSONAL)
    for reply in (
        await chat.press(*button(asked, "Wickersley North")),
        await chat.press(*button(warned, "Log as written")),
    ):
        assert not reply.ok
        assert "I no longer have that post" in reply.text and "7 days" in reply.text
    assert await count_updates(ctx.db) == 0


async def test_the_daily_purge_forgets_held_posts_after_a_week(
    chat: ChatDriver, ctx: Context
) -> None:
    asked = await chat.say(NO_WARD)
    warned = await chat.say(PERSONAL)
    logged = await chat.press(*button(warned, "Log as written"))
    assert logged.ok
    soon = await purge_expired(ctx.db, retention_days=2190, now=datetime.now(UTC))
    assert soon.held_posts == 0
    later = await purge_expired(
        ctx.db, retention_days=2190, now=datetime.now(UTC) + timedelta(days=7, minutes=1)
    )
    assert later.held_posts == 2  # the one waiting, and the one taken
    gone = await chat.press(*button(asked, "Wickersley North"))
    assert not gone.ok and "I no longer have that post" in gone.text
    assert await count_updates(ctx.db) == 1


# Buttons made before posts were held carried the post itself, which a Teams client can
# rewrite: now only a held post's key is taken.
OLD_BUTTONS = [
    ("log_in_ward", json.dumps({"ward": "wath", "text": "gala planning meeting, 40 attended"})),
    ("pd_keep", json.dumps({"text": PERSONAL.removeprefix("log "), "m": "old-message"})),
    ("pd_redact", json.dumps({"text": PERSONAL.removeprefix("log ")})),
]


@pytest.mark.parametrize(("action", "value"), OLD_BUTTONS, ids=["ward", "keep", "redact"])
async def test_buttons_from_before_posts_were_held_have_expired(
    chat: ChatDriver, ctx: Context, action: str, value: str
) -> None:
    reply = await chat.press(action, value)
    assert not reply.ok
    assert reply.text.startswith("That button has expired"), reply.text
    assert await count_updates(ctx.db, include_deleted=True) == 0


async def test_an_old_dont_log_button_has_expired(chat: ChatDriver) -> None:
    reply = await chat.press("pd_cancel", "")  # it carried nothing
    assert not reply.ok and reply.text == "That button has expired. Nothing was logged."


@pytest.mark.parametrize(
    "value",
    [
        '{"held": "nope", "ward": "wath"}',
        '{"held": 7, "ward": "wath"}',
        '{"held": "' + "x" * 500 + '"}',
        '{"ward": "wath", "text": "gala plan',  # cut short, as Slack did to a long post
        "[]",
    ],
)
async def test_forged_or_damaged_buttons_store_nothing(
    chat: ChatDriver, ctx: Context, value: str
) -> None:
    for action in ("log_in_ward", "pd_keep"):
        reply = await chat.press(action, value)
        assert not reply.ok and ("expired" in reply.text or "no longer have" in reply.text)
    assert await count_updates(ctx.db) == 0
