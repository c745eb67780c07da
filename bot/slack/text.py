"""Slack's message markup in and out: read it as plain text, write user text so it stays text."""

from __future__ import annotations

import re

# <https://x|label>, <@U123>, <#C123|name>, <!channel>, <!subteam^S1|@team>, <!date^..|fallback>
_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def _plain(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith("@"):
        return label if label and label.startswith("@") else f"@{label or target[1:]}"
    if target.startswith("#"):
        return f"#{label}" if label else target
    if target.startswith("!"):
        if label:
            return label
        return "@" + target[1:].split("^", 1)[0]
    if label and label != target:
        return f"{label} ({target})"
    return target.removeprefix("mailto:")


def to_plain(text: str) -> str:
    """Slack's wire text as the person typed it: links, mentions and entities unwrapped."""
    text = _MARKUP.sub(_plain, text or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Text that Slack shows as typed: no mention, link or broadcast can be injected."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when something was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe(text: str, limit: int) -> str:
    """User or handler text, escaped, within `limit` characters without splitting an entity."""
    out = escape(text)
    cut = min(len(text), limit)
    while len(out) > limit and cut > 1:
        out = escape(clip(text, cut))
        cut = min(cut - 1, cut * limit // max(len(out), 1))
    return out if len(out) <= limit else ""


def strip_mention(text: str, user_id: str) -> str:
    """A message addressed to the bot, without the bot's own mention."""
    if user_id:
        text = re.sub(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>:?", "", text)
    return text.strip()
