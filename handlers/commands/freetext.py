"""Text that is not a command: an activity update to log, a question to answer, or neither.

Officers write to the bot as they would to a colleague: "Litter pick on Doncaster Rd this
morning, 14 residents and 30 bags" is an update; "what's happening in Sitwell?" is a
question. Anything that reads as neither gets the brief help, as before.
"""

from __future__ import annotations

import re
from datetime import date

from handlers.chat import access
from handlers.chat.context import Context
from handlers.chat.messages import Incoming, Reply
from handlers.commands import log_update, queries
from handlers.reading.dates import SINCE
from handlers.reading.understand import Reading

QUESTION_START = re.compile(
    r"^\s*(?:what(?:'?s| is| are| has| have)?|whats|how(?:'?s| many| much| is| are)?|any|anything|"
    r"who|when|where|which|is\s+there|are\s+there|has|have|did|does|do|can\s+you|could\s+you|"
    r"show\s+me|tell\s+me|list|give\s+me)\b",
    re.I,
)
# Words of a question that are not what it is about.
_ASKING = frozenset(
    [
        "what",
        "whats",
        "what's",
        "how",
        "hows",
        "how's",
        "many",
        "much",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "did",
        "does",
        "do",
        "any",
        "anything",
        "who",
        "when",
        "where",
        "which",
        "there",
        "can",
        "could",
        "you",
        "me",
        "tell",
        "show",
        "list",
        "give",
        "happening",
        "happened",
        "going",
        "on",
        "been",
        "the",
        "a",
        "an",
        "in",
        "at",
        "of",
        "for",
        "about",
        "with",
        "this",
        "that",
        "these",
        "those",
        "recently",
        "lately",
        "latest",
        "new",
        "news",
        "update",
        "updates",
        "going",
        "please",
        "ward",
        "wards",
        "please",
        "done",
    ]
)


def is_question(text: str) -> bool:
    return text.rstrip().endswith("?") or bool(QUESTION_START.match(text))


def reads_as_update(reading: Reading, text: str) -> bool:
    """Something was done: a count, a theme or a date, in more than a couple of words."""
    said = reading.people_reached or reading.volunteers or reading.quantities
    return len(text.split()) >= 3 and bool(said or reading.themes or reading.date_reason)


async def answer(ctx: Context, incoming: Incoming, text: str) -> Reply | None:
    """The answer to a post that is not a command; None when it reads as neither an update
    nor a question wardbot can answer (the router then gives the brief help)."""
    if is_question(text):
        return await _question(ctx, incoming, text)
    reading = ctx.understanding.read(text, today=ctx.today())
    if reads_as_update(reading, text):
        await access.check(ctx, incoming.acting, log_update.LOG)
        return await log_update.log_free_text(ctx, incoming, text)
    return None


async def _question(ctx: Context, incoming: Incoming, text: str) -> Reply | None:
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
    if ward is not None and not about:
        return await queries.show(ctx, incoming, queries.ShowArgs(ward, since=_since(ctx, since)))
    if about:
        words = queries.search_words(" ".join(about))
        return await queries.find(
            ctx, incoming, queries.FindArgs(words, ward, since=_since(ctx, since))
        )
    return None


def _since(ctx: Context, found: re.Match[str] | None) -> date | None:
    return queries.split_since(ctx, found.group(0))[1] if found else None


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
