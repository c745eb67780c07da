"""Logging an activity update: `log ...`, a post that reads as one, and the answers to
the questions asked before storing it."""

from __future__ import annotations

import re
from dataclasses import replace

from handlers import domain
from handlers.chat.access import WRITERS, Permission
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Action, Incoming, Reply, Visibility
from handlers.chat.stages import stage
from handlers.commands.drafts import draft_from_reading, record, store
from handlers.commands.held import (
    CHOOSE_WARD,
    EXPIRED_DONT_LOG,
    LOG_IN_WARD,
    PD_CANCEL,
    PD_KEEP,
    PD_REDACT,
    as_posted,
    button_value,
    dealt_with,
    held_key,
    personal_data_warning,
    take_held,
    ward_form,
    which_ward,
)
from handlers.commands.places import learn_from_answer
from handlers.commands.registry import Command, Press, Text
from handlers.commands.replies import logged_reply
from handlers.reading import personal_data
from handlers.reading.intent import is_opener
from handlers.reading.understand import TAG, Reading
from storage.audit import record_audit
from storage.channels import linked_ward
from storage.held import settle_held

LOG = Permission("log", WRITERS)
# "Log this message" on a person's post, from any platform (handlers.commands.sources)
LOG_MESSAGE = "log_message"
MAX_TEXT = domain.MAX_TEXT
_WORD = re.compile(r"\w")


def check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise UserError("There's nothing to log. Try: `log Sitwell: litter pick, 23 volunteers`")
    if len(text) > MAX_TEXT:
        raise UserError(
            f"That update is {len(text):,} characters; the most I can keep is {MAX_TEXT:,}. "
            "Please shorten it or split it into two updates. Nothing was stored."
        )
    return text


def check_says_something(text: str, ward: domain.Ward | None) -> None:
    """An update is what happened: a ward's name alone, or theme tags alone, say nothing."""
    if _WORD.search(TAG.sub("", text)):
        return
    name = ward.name if ward is not None else "Sitwell"
    raise UserError(
        f"There's nothing to log{f' for {name}' if ward else ''}: say what happened, e.g. "
        f"`log {name}: litter pick at the park, 23 volunteers`. Nothing was stored."
    )


def parse_log(ctx: Context, text: str) -> Text:
    return Text(check_text(text))


async def log(ctx: Context, incoming: Incoming, args: Text) -> Reply:
    """`log [WARD[:]] TEXT [#theme ...]`"""
    return await _log(ctx, incoming, args.text, strict=True)


async def log_message(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """ "Log this message" on a post (handlers.commands.sources): the post is the update."""
    return await log(ctx, incoming, parse_log(ctx, incoming.text))


async def log_free_text(ctx: Context, incoming: Incoming, text: str) -> Reply:
    """A post that reads as an activity update, typed without `log`."""
    return await _log(ctx, incoming, check_text(text), strict=False)


async def _log(ctx: Context, incoming: Incoming, text: str, *, strict: bool) -> Reply:
    with stage("screen"):
        screening = personal_data.screen(text)
    if screening.flagged:  # nothing is stored until the person chooses
        ctx.observer.personal_data_warned()
        return await personal_data_warning(ctx, incoming, screening)
    return await log_screened(ctx, incoming, text, strict=strict)


async def log_screened(
    ctx: Context, incoming: Incoming, text: str, *, strict: bool = True
) -> Reply:
    with stage("ward"):
        ward, text, named_reason = named_ward(ctx, text, strict=strict)
        check_says_something(text, ward)
        _, unknown_tags = ctx.understanding.themes_from_tags(text)
    if unknown_tags:
        known = ", ".join(f"#{t.key}" for t in ctx.plan.themes)
        raise UserError(
            f"I don't know the theme #{unknown_tags[0]}. Themes are: {known}. Nothing was stored."
        )
    linked = None
    if ward is None:
        slug = await linked_ward(ctx.db, platform=incoming.platform, channel_id=incoming.channel_id)
        linked = ctx.plan.ward(slug) if slug else None
    with stage("read"):
        reading = ctx.understanding.read(text, today=ctx.today(), linked=ward or linked)
    if ward is not None:
        reading = with_reason(reading, named_reason)
    if reading.ward is None:
        return await which_ward(ctx, incoming, text, reading)
    with stage("priority"):
        draft = draft_from_reading(ctx, reading, text=text)
    return await store(ctx, incoming, draft)


def named_ward(
    ctx: Context, text: str, *, strict: bool = True
) -> tuple[domain.Ward | None, str, str]:
    """A ward named at the start (`Sitwell: ...`, `Sitwell ...`), and the text without it.

    With `log`, a heading that is neither a ward nor a place is refused with the nearest
    names; in free text ("Update: litter pick ...") it is just part of the post.
    """
    head, colon, rest = text.partition(":")
    if colon and len(head) <= 60 and "\n" not in head:
        match = ctx.understanding.names.match(head)
        if match.ward is not None:
            return match.ward, rest.strip(), f"named as '{head.strip()}'"
        place = ctx.understanding.read(head, today=ctx.today()) if rest.strip() else None
        if (
            strict
            and place is not None
            and place.ward is None
            and not place.candidates
            and not _just_a_heading(ctx, head, rest)
        ):
            names = ", ".join(w.name for w in match.suggestions)
            raise UserError(
                f"I don't know a ward called '{head.strip()}'. Did you mean: {names}? "
                "Type `wards` for the full list. Nothing was stored."
            )
    words = text.split()
    found = ctx.understanding.names.prefix(words)
    if found is not None:  # the rest may be empty: refused by check_says_something
        ward, size = found
        return ward, " ".join(words[size:]).lstrip(":- "), f"named as '{' '.join(words[:size])}'"
    return None, text, ""


def _just_a_heading(ctx: Context, head: str, rest: str) -> bool:
    """ "Update to Cabinet: Brinsworth T&V project ...": a heading, not a misspelt ward,
    when it is an opener or the rest names a ward or a place on its own."""
    if is_opener(head):
        return True
    after = ctx.understanding.read(rest, today=ctx.today())
    return after.ward is not None or bool(after.candidates)


def with_reason(reading: Reading, reason: str) -> Reading:
    return replace(reading, ward_reason=reason, candidates=())


async def personal_data_choice(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """The answer to the personal-data warning: redact, keep as written, or drop."""
    if action.name == PD_CANCEL:
        return await _forget(ctx, incoming, action)
    held = await take_held(ctx, incoming, held_key(action.value))
    if held.taken_at is not None:
        return await dealt_with(ctx, held)
    text, source, posted = held.text, held.source_message_id, as_posted(held, incoming)
    screening = personal_data.screen(text)
    redact = action.name == PD_REDACT
    await record_audit(
        ctx.db,
        actor=incoming.actor.key,
        action="personal_data.redacted" if redact else "personal_data.kept",
        target=source,
        detail={"kinds": list(screening.kinds)},  # never the text itself
    )
    chosen = screening.redacted() if redact else text
    reply = await log_screened(ctx, posted, chosen)
    # Logged, or asked which ward (that question holds its own copy): this one is done.
    await settle_held(ctx.db, key=held.key)
    return reply


async def _forget(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """Don't log: the held post is forgotten now, not at the purge; a later press is told so."""
    held = await take_held(ctx, incoming, held_key(action.value, expired=EXPIRED_DONT_LOG))
    if held.taken_at is not None:
        return await dealt_with(ctx, held)
    await settle_held(ctx.db, key=held.key)
    return Reply(text="Not logged, and the post is forgotten.", visibility=Visibility.ASKER)


async def choose_ward(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """ "Another ward...": the form with every ward, for the post the button holds."""
    held = await take_held(ctx, incoming, held_key(action.value))
    if held.taken_at is not None:
        return await dealt_with(ctx, held)
    return ward_form(ctx, held.key)


async def log_in_ward(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """The answer to "which ward is this for?": log the post in the ward chosen, by its
    button, or in the "Another ward..." form (named `log_in_ward:HELD-KEY`)."""
    _, form, key = action.name.partition(":")
    value = {"held": key, "ward": action.form.get("ward")} if form else button_value(action.value)
    held = await take_held(ctx, incoming, key if form else held_key(action.value))
    if held.taken_at is not None:
        return await dealt_with(ctx, held)
    text, posted = held.text, as_posted(held, incoming)
    slug = value.get("ward")
    ward = ctx.plan.ward(slug) if isinstance(slug, str) else None
    if ward is None and form:
        raise UserError("Please choose one of the wards. Nothing was stored yet.")
    if ward is None:
        raise UserError("That ward is no longer in the plan; please log the update again.")
    reading = ctx.understanding.read(text, today=ctx.today(), linked=ward)
    reading = replace(reading, ward_reason="chosen by the person who logged it")
    stored = await record(ctx, posted, draft_from_reading(ctx, reading, text=text))
    await settle_held(ctx.db, key=held.key)
    reply = logged_reply(ctx, stored.update, repeat=not stored.created)
    if not stored.created:
        return reply
    learned = await learn_from_answer(ctx, text=text, ward=ward, who=incoming.actor)
    return replace(reply, text=f"{reply.text} {learned}") if learned else reply


COMMANDS = (
    Command(
        "log",
        log,
        parse=parse_log,
        permission=LOG,
        usage="log [WARD:] TEXT [#theme] [#internal]",
        example="log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers",
    ),
)
BUTTONS = (
    Press(LOG_MESSAGE, log_message, permission=LOG),
    Press(LOG_IN_WARD, log_in_ward, permission=LOG),
    Press(CHOOSE_WARD, choose_ward, permission=LOG),
    Press(PD_REDACT, personal_data_choice, permission=LOG),
    Press(PD_KEEP, personal_data_choice, permission=LOG),
    Press(PD_CANCEL, personal_data_choice, permission=LOG),
)
