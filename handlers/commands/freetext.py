"""Text that is not a command: an activity update to log, a question to answer, or neither.

Officers write to the bot as they would to a colleague: "Litter pick on Doncaster Rd this
morning, 14 residents and 30 bags" is an update; "what's happening in Sitwell?" is a
question. Anything that reads as neither gets the brief help, as before.
"""

from __future__ import annotations

import re

from handlers.chat import access
from handlers.chat.context import Context
from handlers.chat.messages import Incoming, Reply, Visibility
from handlers.commands import help, log_update, queries
from handlers.reading.dates import SINCE
from handlers.reading.intent import Intent, read_intent
from handlers.reading.vocabulary import vocabulary

# Words of a question that are not what it is about.
_ASKING = vocabulary().question_filler


async def answer(ctx: Context, incoming: Incoming, text: str) -> Reply:
    reading = ctx.understanding.read(text, today=ctx.today())
    intent = read_intent(text, reading)
    if intent is Intent.QUESTION:
        return await _question(ctx, incoming, text)
    if intent is Intent.UPDATE:
        await access.check(ctx, incoming.actor, "log")
        return await log_update.log_free_text(ctx, incoming, text)
    if intent is Intent.EITHER:
        return either_reply(text)
    return help.brief_help(text.split()[0] if text.split() else text)


def either_reply(text: str) -> Reply:
    """A message that reads as an update and as a question: nothing is stored or searched
    until the officer says which."""
    return Reply(
        text=(
            "Is this an update to log, or a search? Nothing is stored yet. "
            f"Write `log {_shortened(text)}` to log it, or `find` and the words to search."
        ),
        visibility=Visibility.ASKER,
    )


def _shortened(text: str, *, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


async def _question(ctx: Context, incoming: Incoming, text: str) -> Reply:
    question = text.strip().rstrip("?").strip()
    since = SINCE.search(question)
    if since:
        question = question[: since.start()]
    reading = ctx.understanding.read(question, today=ctx.today())
    ward = reading.ward or ctx.understanding.names.exact(question)
    if ward is None and reading.candidates:
        options = " or ".join(f"`show {w.name}`" for w in reading.candidates[:3])
        return Reply.refusal(f"Which ward do you mean? {reading.ward_reason}. Try {options}.")
    place_spans = [(h.start, h.end) for h in ctx.understanding.place_hits(question)]
    about = [
        _search_form(word)
        for word in re.findall(r"[\w'&-]+", _outside(question, place_spans))
        if word.lower() not in _ASKING and not word.isdigit()
    ]
    tail = since.group(0) if since else ""
    if ward is not None and not about:
        return await queries.show(ctx, incoming, ward.name + tail)
    if about:
        where = f" in {ward.name}" if ward is not None else ""
        return await queries.find(ctx, incoming, " ".join(about) + where + tail)
    return help.brief_help(text.split()[0])


def _search_form(word: str) -> str:
    """A word as a search finds its other forms: "picks" -> "pick", "mornings" -> "morning"."""
    lowered = word.lower()
    if lowered.endswith("s") and not lowered.endswith("ss") and len(lowered) > 3:
        return lowered[:-1]
    return lowered


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text
