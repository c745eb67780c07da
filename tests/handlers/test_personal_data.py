"""The personal-data warning at `log` time, and how well it does on the labelled sample."""

from __future__ import annotations

import json

from bench.personal_data import measure
from handlers.chat.context import Context
from handlers.reading.personal_data import screen
from storage.audit import recent_audit
from storage.held import held_post
from storage.updates import count_updates, list_updates
from tests.support.chat import ChatDriver

POST = (
    "log Sitwell: welfare visit to Mrs Jean Holloway at 14 Elm Road, lives alone, "
    "has dementia, call her daughter on 07700 900123"
)


async def test_a_post_with_personal_data_is_held_back_until_chosen(
    chat: ChatDriver, ctx: Context
) -> None:
    warned = await chat.say(POST, message_id="slack-msg-1")
    assert not warned.ok
    assert "looks like it holds personal data" in warned.text
    assert "Nothing is logged yet" in warned.text
    assert warned.card is not None
    assert [b.label for b in warned.card.buttons] == [
        "Redact and log",
        "Log as written",
        "Don't log",
    ]
    assert "welfare visit to [name] at [address]" in warned.text
    assert await count_updates(ctx.db) == 0

    redact = warned.card.buttons[0]
    logged = await chat.press(redact.action, redact.value)
    assert logged.ok and "Logged for Sitwell" in logged.text, logged.text
    again = await chat.press(redact.action, redact.value)  # a second press logs nothing new
    assert "Already logged" in again.text
    [update] = await list_updates(ctx.db)
    assert update.text == (
        "welfare visit to [name] at [address], lives alone, has dementia, "
        "call her daughter on [phone]"
    )
    assert update.source_message_id == "slack-msg-1"
    entries = await recent_audit(ctx.db, action="personal_data")  # one for each press
    assert {(e.action, e.actor) for e in entries} == {("personal_data.redacted", "slack:U1")}
    assert "Holloway" not in str([e.detail for e in entries])


async def test_log_as_written_is_audited(chat: ChatDriver, ctx: Context) -> None:
    warned = await chat.say(POST)
    assert warned.card is not None
    keep = warned.card.buttons[1]
    kept = await chat.press(keep.action, keep.value)
    assert kept.ok
    [update] = await list_updates(ctx.db)
    assert "Mrs Jean Holloway" in update.text
    [entry] = await recent_audit(ctx.db, action="personal_data")
    assert entry.action == "personal_data.kept"
    assert entry.detail["kinds"] == ["phone", "address", "name"]


async def test_dont_log_forgets_the_post_at_once(chat: ChatDriver, ctx: Context) -> None:
    warned = await chat.say(POST)
    assert warned.card is not None
    keep, cancel = warned.card.buttons[1], warned.card.buttons[2]
    dropped = await chat.press(cancel.action, cancel.value)
    assert "Not logged, and the post is forgotten" in dropped.text
    later = await chat.press(keep.action, keep.value)  # changing one's mind is too late
    assert "dealt with already" in later.text
    assert await count_updates(ctx.db) == 0
    held = await held_post(ctx.db, key=json.loads(cancel.value)["held"])
    assert held is not None and held.text == ""  # nothing of the post is kept


async def test_ordinary_posts_log_at_once(chat: ChatDriver, ctx: Context) -> None:
    reply = await chat.say(
        "log Dinnington litter pickers met at Church Ln, 6 volunteers. to join call 01709 822453"
    )
    assert reply.ok and "Logged for" in reply.text


def test_redaction_takes_out_what_identifies() -> None:
    found = screen("Boston Castle - Mr Patel at 23 Clifton Lane, email a.patel@example.org")
    assert found.flagged
    assert found.redacted() == "Boston Castle - [name] at [address], email [email]"
    plain = screen("Sitwell: dementia cafe at the library, 11 attendees")
    assert not plain.flagged and plain.redacted() == plain.text


def test_detection_and_false_alarms_on_the_labelled_sample() -> None:
    result = measure()
    assert result.positives >= 60 and result.negatives >= 200
    assert result.detection_rate >= 0.9, result.missed
    assert result.false_alarm_rate <= 0.03, result.alarmed


def test_health_words_count_wherever_a_rule_needs_them() -> None:
    """The health words are looked for only when a rule depends on them: each rule still
    sees them."""
    named = screen("Wath: visited Mr Patel, who has dementia")
    assert named.flagged and named.reasons == ("a name with health or personal circumstances",)
    his = screen("Wath: no. 12 is struggling since his stroke")
    assert his.flagged and his.reasons == ("a home address with health details",)
    assert not screen("Wath: no. 12 is struggling since his move").flagged
    assert not screen("Wath: litter pick no. 5, stroke of luck with the weather").flagged
    at = screen("Wath: resident at 4 Clifton Lane has dementia")
    assert at.reasons == ("a home address with health details",)
