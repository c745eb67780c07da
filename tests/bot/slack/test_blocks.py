"""Reply -> Block Kit stays inside Slack's limits and shows user text as text."""

from __future__ import annotations

import pytest

from bot.slack import render as blocks
from bot.slack.text import strip_mention, to_plain
from handlers.chat.messages import Button, Card, Fact, FormField, Reply, Section


def test_long_lists_are_trimmed_to_fifty_blocks_and_say_so() -> None:
    card = Card(
        title="x" * 400,
        facts=tuple(Fact(f"f{i}", "v" * 5000) for i in range(35)),
        sections=tuple(Section(title=f"s{i}", text="t" * 9000) for i in range(120)),
        buttons=(Button("Change", "change", "1"), Button("Undo", "undo", "1")),
        footer="f" * 5000,
    )
    rendered = blocks.message(Reply(text="y" * 50_000, card=card))
    out = rendered["blocks"]
    assert len(out) == 50
    assert len(out[0]["text"]["text"]) <= 150
    assert out[-1]["type"] == "context" and out[-2]["type"] == "actions"
    assert "more not shown" in out[-3]["elements"][0]["text"]
    for block in out:
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
    assert len(rendered["text"]) <= 3000


def test_several_buttons_for_one_action_get_distinct_ids() -> None:
    made = blocks.buttons(tuple(Button(w, "log_in_ward", w) for w in ("a", "b", "c")))
    ids = [b["action_id"] for b in made]
    assert len(set(ids)) == 3
    assert {blocks.action_name(i) for i in ids} == {"log_in_ward"}


def test_a_value_slack_hands_back_is_never_cut() -> None:
    # A cut value would come back from a press meaning something else: fail loudly instead.
    fits = blocks.buttons((Button("Log", "log_held", "k" * 2000),))
    assert fits[0]["value"] == "k" * 2000
    with pytest.raises(ValueError, match="2001 characters"):
        blocks.buttons((Button("Log", "log_held", "k" * 2001),))


def test_text_is_escaped_and_entities_are_not_split() -> None:
    rendered = blocks.message(Reply(text="<!here> & <@U1> " + "<" * 10_000))
    assert "<!here>" not in rendered["text"] and "<@U1>" not in rendered["text"]
    assert rendered["text"].startswith("&lt;!here&gt; &amp; &lt;@U1&gt;")
    short = blocks.mrkdwn("<" * 10, 13)["text"]
    assert short in ("&lt;&lt;&lt;…", "&lt;&lt;…") and len(short) <= 13


def test_slack_markup_reads_as_typed() -> None:
    assert to_plain("Dalton &amp; Thrybergh &lt;3") == "Dalton & Thrybergh <3"
    assert to_plain("see <https://x.org/a|the report> and <https://x.org>") == (
        "see the report (https://x.org/a) and https://x.org"
    )
    assert (
        to_plain("<!channel> <!subteam^S1|@wardens> <#C1|wath-ward>")
        == "@channel @wardens #wath-ward"
    )
    assert strip_mention("<@UBOT> log Wath: x", "UBOT") == "log Wath: x"


def test_a_form_with_nothing_to_choose_still_renders() -> None:
    card = Card(
        title="Log activity for a very long ward name indeed",
        fields=(
            FormField("priority", "Ward priority", kind="choice"),
            FormField("text", "What", required=True),
        ),
        submit="log_form",
    )
    view = blocks.form_modal(card, metadata={"channel": "C1"})
    assert len(view["title"]["text"]) <= 24
    assert [b["type"] for b in view["blocks"]] == ["context", "input"]
