"""Text that is not a command: an activity update to log, a question to answer, or neither.

Officers write to the bot as they would to a colleague: "Litter pick on Doncaster Rd this
morning, 14 residents and 30 bags" is an update; "what's happening in Sitwell?" is a
question. A post that reads as neither but says something of a ward (a notice of a coffee
morning at a named hall, a request about a street) is not logged, and the reply says so with
a "Log it" button, so an update misread as a notice is never silently dropped. Anything
else (thanks, chatter) gets the brief help.
"""

from __future__ import annotations

import json
import re
from datetime import date

from handlers.chat import access
from handlers.chat.context import Context
from handlers.chat.messages import Action, Button, Card, Incoming, Reply, Visibility
from handlers.commands import log_update, queries
from handlers.commands.held import as_posted, dealt_with, held_key, hold, take_held
from handlers.commands.registry import Press
from handlers.reading.dates import SINCE
from handlers.reading.intent import Intent, read_intent, reads_as_update
from handlers.reading.understand import Reading
from handlers.reading.vocabulary import vocabulary
from storage.held import settle_held

# Words of a question that are not what it is about (vocabulary.yaml).
_ASKING = vocabulary().question_filler


async def answer(ctx: Context, incoming: Incoming, text: str) -> Reply | None:
    """The answer to a post that is not a command; None when it reads as neither an update
    nor a question wardbot can answer (the router then gives the brief help)."""
    reading = ctx.understanding.read(text, today=ctx.today())
    intent = read_intent(text, reading)
    if intent is Intent.QUESTION:
        return await _question(ctx, incoming, text)
    if intent is Intent.UPDATE:
        await access.check(ctx, incoming.acting, log_update.LOG)
        return await log_update.log_free_text(ctx, incoming, text)
    if intent is Intent.EITHER:
        await access.check(ctx, incoming.acting, log_update.LOG)
        return await ask_log_or_search(ctx, incoming, text, reading=reading)
    if reads_as_update(reading, text) and await access.allows(ctx, incoming.acting, log_update.LOG):
        return await offer_to_log(ctx, incoming, text, reading=reading)
    return None


# The two buttons of "log it or search?": the post is held until one is pressed.
LOG_IT = "either_log"
SEARCH_IT = "either_search"


async def ask_log_or_search(
    ctx: Context, incoming: Incoming, text: str, *, reading: Reading | None = None
) -> Reply:
    """A message that reads as an update and as a question: nothing is stored or searched
    until the officer presses "Log it" or "Search". The reply says what each button will
    do with this post, so the choice is an easy one."""
    value = json.dumps({"held": await hold(ctx, incoming, text)})
    return Reply(
        text=(
            "Nothing is stored yet: I couldn't tell whether this is an update to log or a "
            f'question to search. "Log it" saves it as an update{_where(reading)}; "Search" '
            "looks through past updates for it instead."
        ),
        card=Card(
            title="Log it or search? Nothing is stored yet",
            subtitle=_shortened(text),
            buttons=(
                Button(label="Log it", action=LOG_IT, value=value, style="primary"),
                Button(label="Search", action=SEARCH_IT, value=value),
            ),
        ),
        visibility=Visibility.ASKER,
    )


async def offer_to_log(ctx: Context, incoming: Incoming, text: str, *, reading: Reading) -> Reply:
    """A post that names a place, a theme or a date but tells nothing done ("coffee morning
    at St Mary's tues 10-12, all welcome"): nothing is stored, and one button logs it after
    all. Notices of what is coming are kept out of the counts unless the officer says so."""
    value = json.dumps({"held": await hold(ctx, incoming, text)})
    return Reply(
        text=(
            "Not logged: this reads as a notice or a request, not something done. If it is an "
            f'update, "Log it" saves it{_where(reading)}.'
        ),
        card=Card(
            title="Not logged. Log it as an update?",
            subtitle=_shortened(text),
            buttons=(Button(label="Log it", action=LOG_IT, value=value, style="primary"),),
        ),
        visibility=Visibility.ASKER,
    )


async def log_it(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """ "Log it": the held post is logged as if typed as an update (screened, ward read)."""
    held = await take_held(ctx, incoming, held_key(action.value))
    if held.taken_at is not None:
        return await dealt_with(ctx, held)
    reply = await log_update.log_free_text(ctx, as_posted(held, incoming), held.text)
    # Logged, or asked which ward or about personal data (each holds its own copy): done.
    await settle_held(ctx.db, key=held.key)
    return reply


async def search_it(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """ "Search": the held post is answered as a question, and forgotten."""
    held = await take_held(ctx, incoming, held_key(action.value))
    if held.taken_at is not None:
        return await dealt_with(ctx, held)
    await settle_held(ctx.db, key=held.key)
    found = await _question(ctx, incoming, held.text)
    return found or Reply(
        text="I couldn't tell what to search for. Try `find` and the words, e.g. `find fly tip`.",
        visibility=Visibility.ASKER,
    )


def _where(reading: Reading | None) -> str:
    if reading is None:
        return ""
    if reading.ward is not None:
        return f" for {reading.ward.name}"
    return " (I'll ask which ward)" if reading.candidates else ""


def _shortened(text: str, *, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


BUTTONS = (
    Press(LOG_IT, log_it, permission=log_update.LOG),
    Press(SEARCH_IT, search_it, permission=queries.FIND),
)


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
