"""Replies as Teams messages: long answers split within Teams' size limits, nothing lost."""

from __future__ import annotations

import json

from bot.teams.render import MAX_MESSAGE_BYTES, MAX_TEXT_CHARS, reply_messages, split_text
from handlers.chat.messages import Button, Card, Fact, Image, Reply, Section


def test_long_plain_text_is_split_at_line_ends_and_loses_nothing() -> None:
    lines = [f"#{i} Sitwell: litter pick number {i} with {i} volunteers" for i in range(2000)]
    pieces = split_text("\n".join(lines))
    assert len(pieces) > 1
    assert all(len(piece) <= MAX_TEXT_CHARS for piece in pieces)
    assert [line for piece in pieces for line in piece.split("\n\n")] == lines
    one_long_line = "x" * (MAX_TEXT_CHARS * 2 + 5)
    assert "".join(split_text(one_long_line)) == one_long_line


def test_a_card_too_big_for_one_message_becomes_several() -> None:
    sections = tuple(
        Section(title=f"#{i} · 12 Oct 2025 · Sitwell", text="word " * 80, facts=(Fact("By", "Jo"),))
        for i in range(300)
    )
    reply = Reply(
        text="Sitwell: 300 updates",
        card=Card(title="Sitwell", sections=sections, buttons=(Button("Undo", "undo", "1"),)),
    )
    messages = reply_messages(reply)
    assert len(messages) > 1
    cards = [m["attachments"][0]["content"] for m in messages]
    for card in cards:
        assert len(json.dumps(card).encode()) <= MAX_MESSAGE_BYTES
        assert card["version"] == "1.5"
    titles = [
        item["text"]
        for card in cards
        for block in card["body"]
        if block["type"] == "Container"
        for item in block["items"][:1]
    ]
    assert titles == [s.title for s in sections]  # every section, once, in order
    assert "actions" in cards[-1] and all("actions" not in c for c in cards[:-1])
    assert cards[1]["body"][0]["text"] == "Sitwell (continued)"


def test_a_reply_without_a_card_is_text_and_a_refusal_card_keeps_its_advice() -> None:
    assert reply_messages(Reply(text="Undone: #3")) == [
        {"text": "Undone: #3", "textFormat": "markdown"}
    ]
    refusal = Reply(
        text="Which ward is this for? Start the update with the ward's name.",
        card=Card(
            title="Which ward is this for?", buttons=(Button("Sitwell", "log_in_ward", "{}"),)
        ),
        ok=False,
    )
    [message] = reply_messages(refusal)
    body = message["attachments"][0]["content"]["body"]
    assert any("Start the update with the ward's name" in b.get("text", "") for b in body)


def _whole_size(message: dict[str, object]) -> int:
    return len(json.dumps(message, ensure_ascii=False).encode())


def test_every_message_of_a_digest_with_a_chart_fits_one_budget_for_the_whole_message() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 640  # a chart's size: ~160 KB
    sections = tuple(
        Section(title=f"#{i} · Sitwell", text="word " * 80, facts=(Fact("By", "Jo"),))
        for i in range(120)
    )
    figures = (Section(title="Updates by Board aim", facts=(Fact("Start well", "12"),)),)
    reply = Reply(
        text="Weekly digest\n" + "a line of the digest's text\n" * 800,  # the card's fallback
        card=Card(
            title="Weekly digest",
            sections=sections,
            image=Image(alt="Chart of activity", png=png, data=figures),
        ),
    )
    messages = reply_messages(reply)
    for message in messages:
        assert _whole_size(message) <= MAX_MESSAGE_BYTES
        assert "data:" not in json.dumps(message)
        assert [a["contentType"] for a in message.get("attachments", [])] in (
            [],
            ["application/vnd.microsoft.card.adaptive"],
        )
    shown = json.dumps(messages)
    assert "Start well" in shown and "wardbot digest preview --chart" in shown


def test_a_section_too_big_for_any_card_goes_as_text_within_the_budget() -> None:
    huge = Section(title="Sitwell", facts=tuple(Fact(f"#{i}", "x" * 4000) for i in range(12)))
    text = "Sitwell\n" + "\n".join(f"#{i} " + "x" * 4000 for i in range(12))
    messages = reply_messages(Reply(text=text, card=Card(title="Sitwell", sections=(huge,))))
    assert all(_whole_size(m) <= MAX_MESSAGE_BYTES for m in messages)
    assert "".join(m.get("text", "") for m in messages).count("x" * 4000) == 12
