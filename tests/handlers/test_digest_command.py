"""The `digest` chat command: admins subscribe channels; bad input changes nothing."""

from __future__ import annotations

from handlers.chat.messages import Visibility
from storage.audit import recent_audit
from storage.digests import list_subscriptions
from tests.support.chat import ChatDriver

ADMIN = "UADMIN"


async def test_an_admin_subscribes_a_channel(chat: ChatDriver) -> None:
    reply = await chat.say("digest subscribe weekly", user=ADMIN, channel="CBOARD")
    assert reply.ok
    assert "the whole borough, weekly, Mondays at 09:00 (Europe/London)" in reply.text
    assert "Next: Mon " in reply.text and "at 09:00" in reply.text
    ward = await chat.say("digest subscribe 0 8 * * fri Rotherham east", user=ADMIN, channel="CRE")
    assert ward.ok and "Rotherham East" in ward.text and "`0 8 * * fri`" in ward.text
    [board, east] = await list_subscriptions(chat.ctx.db)
    assert (board.platform, board.target, board.ward_slug, board.cron) == (
        "slack",
        "CBOARD",
        None,
        "0 9 * * mon",
    )
    assert (east.target, east.ward_slug, east.created_by) == (
        "CRE",
        "rotherham-east",
        "slack:UADMIN",
    )
    assert len(await recent_audit(chat.ctx.db, action="digest.subscribe")) == 2


async def test_subscribing_again_changes_the_schedule_not_the_count(chat: ChatDriver) -> None:
    await chat.say("digest subscribe weekly", user=ADMIN, channel="CBOARD")
    same = await chat.say("digest subscribe weekly", user=ADMIN, channel="CBOARD")
    assert "already gets" in same.text
    changed = await chat.say("digest subscribe monthly", user=ADMIN, channel="CBOARD")
    assert changed.text.startswith("Changed:")
    [only] = await list_subscriptions(chat.ctx.db)
    assert only.cron == "0 9 1 * *"


async def test_bad_input_gets_a_clear_reply_and_stores_nothing(chat: ChatDriver) -> None:
    cases = {
        ("digest subscribe weekly", "U1"): "`digest subscribe` is for admin users",
        ("digest subscribe 0 9 * * funday", ADMIN): "Invalid weekday name",
        ("digest subscribe 0 9 31 2 *", ADMIN): "never comes round",
        ("digest subscribe */10 * * * *", ADMIN): "at most daily",
        ("digest subscribe 0 9 * Sitwell", ADMIN): "five parts",
        (
            "digest subscribe monthly Nowhereville",
            ADMIN,
        ): "I don't know a ward called 'Nowhereville'",
        ("digest unsubscribe", "U1"): "`digest unsubscribe` is for admin users",
    }
    for (text, user), says in cases.items():
        reply = await chat.say(text, user=user)
        assert not reply.ok, text
        assert says in reply.text, (text, reply.text)
        assert reply.visibility is Visibility.ASKER
        assert "Traceback" not in reply.text
    assert await list_subscriptions(chat.ctx.db) == []
    assert await recent_audit(chat.ctx.db, action="digest.") == []


async def test_list_and_unsubscribe(chat: ChatDriver) -> None:
    await chat.say("digest subscribe weekly", user=ADMIN, channel="C1")
    await chat.say("digest subscribe monthly Sitwell", user=ADMIN, channel="C1")
    await chat.say("digest subscribe monthly Wath", user=ADMIN, channel="C2")
    mine = await chat.say("digest list", user="U1", channel="C1")
    assert mine.visibility is Visibility.ASKER
    assert "the whole borough" in mine.text and "Sitwell" in mine.text and "Wath" not in mine.text
    every = await chat.say("digest list", user=ADMIN, channel="C9")
    assert "Wath" in every.text and "slack C2" in every.text
    one = await chat.say("digest unsubscribe Sitwell", user=ADMIN, channel="C1")
    assert one.ok and "Sitwell" in one.text
    assert [s.scope for s in await list_subscriptions(chat.ctx.db, target="C1")] == [
        "the whole borough"
    ]
    rest = await chat.say("digest unsubscribe", user=ADMIN, channel="C1")
    assert rest.ok and await list_subscriptions(chat.ctx.db, target="C1") == []
    none = await chat.say("digest unsubscribe", user=ADMIN, channel="C1")
    assert not none.ok and "no such digest subscription" in none.text


async def test_preview_goes_to_the_asker_only(chat: ChatDriver) -> None:
    await chat.say("log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers")
    reply = await chat.say("digest preview", user="U2")
    assert reply.ok and reply.visibility is Visibility.ASKER
    assert reply.text.startswith("Preview, only you can see this")
    assert "Volunteers: 23" in reply.text
    assert reply.card is not None and reply.card.image is not None
    assert reply.card.image.png[:4] == b"\x89PNG"
    ward = await chat.say("digest preview Wath", user="U2")
    assert "Wath digest" in ward.text and "Updates: 0" in ward.text


async def test_digest_alone_explains_itself(chat: ChatDriver) -> None:
    reply = await chat.say("digest")
    assert "digest subscribe" in reply.text and reply.ok
    odd = await chat.say("digest sometimes")
    assert not odd.ok and "digest subscribe" in odd.text
