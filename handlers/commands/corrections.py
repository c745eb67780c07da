"""Correcting a logged update: `undo`, `change`, and following its source message's
edits and deletion."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from handlers import domain
from handlers.chat.access import WRITERS, Permission, is_admin
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Action, Incoming, Reply, Visibility
from handlers.commands.drafts import Draft, draft_from_reading, store
from handlers.commands.forms import LOG_FORM, change_form, log_form, read_log_form
from handlers.commands.log_update import (
    LOG,
    check_says_something,
    check_text,
    named_ward,
    with_reason,
)
from handlers.commands.registry import Command, Press
from handlers.commands.replies import logged_reply
from handlers.reading.priority import choose_priority
from storage.updates import change_update, delete_update, get_update, update_by_source

UNDO = Permission("undo", WRITERS)
CHANGE = Permission("change", WRITERS)


@dataclass(frozen=True, slots=True)
class UpdateRef:
    """`undo ID`"""

    update_id: int


@dataclass(frozen=True, slots=True)
class ChangeArgs:
    """`change ID [ward WARD | priority N | #theme ...]`; `what` is "" to ask how."""

    update_id: int
    what: str  # "", "ward", "priority", "themes", or a word wardbot cannot change
    value: str = ""


def update_id(text: str) -> int:
    try:
        return int(text.strip().lstrip("#"))
    except ValueError:
        raise UserError("Which update? Give its number, e.g. `undo 12`.") from None


def parse_undo(ctx: Context, text: str) -> UpdateRef:
    return UpdateRef(update_id(text))


def parse_change(ctx: Context, text: str) -> ChangeArgs:
    head, _, rest = text.strip().partition(" ")
    number, rest = update_id(head), rest.strip()
    if rest.startswith("#"):
        return ChangeArgs(number, "themes", rest)
    what, _, value = rest.partition(" ")
    return ChangeArgs(number, what.lower(), value)


async def owned_update(ctx: Context, incoming: Incoming, update_id: int) -> domain.Update:
    # Ids are 32-bit integers in the database; a larger number names no update.
    update = await get_update(ctx.db, update_id=update_id) if 0 < update_id < 2**31 else None
    if update is None or update.deleted_at is not None:
        raise UserError(f"There's no update #{update_id} to change.")
    if update.author_key != incoming.actor.key and not await is_admin(ctx, incoming.actor):
        raise UserError(f"Only the person who logged #{update_id}, or an admin, can change it.")
    return update


async def undo(ctx: Context, incoming: Incoming, args: UpdateRef) -> Reply:
    update = await owned_update(ctx, incoming, args.update_id)
    await delete_update(ctx.db, update_id=update.id, actor=incoming.actor.key, reason="undo")
    return Reply(
        text=f"Undone: #{update.id} for {update.ward_name} is removed from the record.",
        visibility=Visibility.CHANNEL,
    )


async def change(ctx: Context, incoming: Incoming, args: ChangeArgs) -> Reply:
    """`change ID ward WARD` | `change ID priority N` | `change ID #theme ...`"""
    update = await owned_update(ctx, incoming, args.update_id)
    what, value = args.what, args.value
    if not what:
        return Reply(
            text=(
                f"Change #{update.id}: `change {update.id} ward WARD`, "
                f"`change {update.id} priority N` or `change {update.id} #theme`."
            ),
            card=change_form(ctx, update),
            visibility=Visibility.ASKER,
        )
    if what == "ward":
        match = ctx.understanding.names.match(value)
        if match.ward is None:
            names = ", ".join(w.name for w in match.suggestions)
            raise UserError(f"I don't know a ward called '{value}'. Did you mean: {names}?")
        priority = choose_priority(ctx.plan, match.ward.slug, update.themes, text=update.text)
        changed = await change_update(
            ctx.db,
            update_id=update.id,
            actor=incoming.actor.key,
            ward_slug=match.ward.slug,
            priority_id=priority.id if priority else None,
        )
    elif what == "priority":
        priority = _priority_by_number(ctx, update.ward_slug, value)
        changed = await change_update(
            ctx.db, update_id=update.id, actor=incoming.actor.key, priority_id=priority.id
        )
    elif what == "themes":
        themes, unknown = ctx.understanding.themes_from_tags(value)
        if unknown or not themes:
            raise UserError(f"I don't know the theme #{unknown[0] if unknown else value}.")
        priority = choose_priority(ctx.plan, update.ward_slug, tuple(themes), text=update.text)
        changed = await change_update(
            ctx.db,
            update_id=update.id,
            actor=incoming.actor.key,
            themes=themes,
            priority_id=priority.id if priority else None,
        )
    else:
        raise UserError(
            f"I can change the ward, priority or themes: `change {update.id} ward Sitwell`, "
            f"`change {update.id} priority 2`, `change {update.id} #environment`."
        )
    assert changed is not None
    reply = logged_reply(ctx, changed)
    return Reply(text="Changed. " + reply.text, card=reply.card, visibility=reply.visibility)


def _priority_by_number(ctx: Context, ward_slug: str, value: str) -> domain.Priority:
    priorities = ctx.plan.priorities_of(ward_slug)
    try:
        number = int(value.strip())
    except ValueError:
        number = -1
    for priority in priorities:
        if priority.number == number:
            return priority
    listed = "; ".join(f"{p.number}: {p.title}" for p in priorities) or "none are known yet"
    raise UserError(f"That ward's priorities are {listed}.")


LOG_WORD = re.compile(r"^\s*log\b:?\s*", re.I)


async def edit_from_source(ctx: Context, incoming: Incoming) -> domain.Update | None:
    """The source message of a logged update was edited: re-read it and keep the record true.

    Returns the changed update, or None when the message was never logged (or was deleted,
    or the new text cannot be kept). The change is audited by storage.
    """
    existing = await update_by_source(
        ctx.db, platform=incoming.platform, source_message_id=incoming.message_id
    )
    if existing is None or existing.deleted_at is not None:
        return None
    try:
        text = check_text(LOG_WORD.sub("", incoming.text, count=1))
        ward, text, named_reason = named_ward(ctx, text)
        check_says_something(text, ward)
    except UserError:
        return None  # emptied, far too long, or an unknown ward: keep what was recorded
    current = ctx.plan.ward(existing.ward_slug)
    reading = ctx.understanding.read(text, today=ctx.today(), linked=ward)
    if ward is not None:
        reading = with_reason(reading, named_reason)
    elif reading.ward is None and current is not None:
        reading = replace(reading, ward=current, ward_reason="kept from the original message")
    if reading.ward is None:
        return None
    draft = draft_from_reading(ctx, reading, text=text)
    themes = draft.themes or existing.themes
    priority = choose_priority(ctx.plan, draft.ward_slug, themes)
    return await change_update(
        ctx.db,
        update_id=existing.id,
        actor=incoming.actor.key,
        ward_slug=draft.ward_slug,
        priority_id=priority.id if priority else None,
        themes=themes,
        text=draft.text,
        fields={
            "occurred_on": reading.occurred_on or existing.occurred_on,
            "people_reached": draft.people_reached,
            "volunteers": draft.volunteers,
            "quantities": dict(draft.quantities or {}),
            "explanation": draft.explanation + " (after an edit)",
        },
    )


async def delete_from_source(ctx: Context, incoming: Incoming) -> domain.Update | None:
    """The source message of a logged update was deleted: mark the update deleted (audited)."""
    existing = await update_by_source(
        ctx.db, platform=incoming.platform, source_message_id=incoming.message_id
    )
    if existing is None or existing.deleted_at is not None:
        return None
    return await delete_update(
        ctx.db, update_id=existing.id, actor=incoming.actor.key, reason="source message deleted"
    )


async def submit_log_form(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """The "Log activity" form: a new update, or (`log_form:ID`) a change to update ID."""
    draft, errors = read_log_form(ctx, action.form)
    if draft is None:
        return Reply(
            text="Please check: " + " ".join(f"{k}: {v}" for k, v in errors.items()),
            card=log_form(ctx, values=action.form, errors=errors),
            visibility=Visibility.ASKER,
            ok=False,
        )
    if draft.priority_id is None:
        chosen = choose_priority(ctx.plan, draft.ward_slug, draft.themes, text=draft.text)
        draft = replace(draft, priority_id=chosen.id if chosen else None)
    _, _, change_id = action.name.partition(":")
    if not change_id:
        return await store(ctx, incoming, draft)
    existing = await owned_update(ctx, incoming, update_id(change_id))
    return logged_reply(ctx, await change_to_draft(ctx, incoming, existing, draft))


async def change_to_draft(
    ctx: Context, incoming: Incoming, update: domain.Update, draft: Draft
) -> domain.Update:
    """Update `update` to say what the draft says (the change form); audited by storage."""
    changed = await change_update(
        ctx.db,
        update_id=update.id,
        actor=incoming.actor.key,
        ward_slug=draft.ward_slug,
        priority_id=draft.priority_id,
        themes=draft.themes,
        text=draft.text,
        fields={
            "occurred_on": draft.occurred_on,
            "people_reached": draft.people_reached,
            "volunteers": draft.volunteers,
            "partners": list(draft.partners),
            "evidence_link": draft.evidence_link,
            "case_study": draft.case_study,
        },
    )
    assert changed is not None
    return changed


async def undo_pressed(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    return await undo(ctx, incoming, parse_undo(ctx, action.value))


async def change_pressed(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    return await change(ctx, incoming, parse_change(ctx, action.value))


COMMANDS = (
    Command("undo", undo, parse=parse_undo, permission=UNDO, usage="undo ID", example="undo 12"),
    Command(
        "change",
        change,
        parse=parse_change,
        permission=CHANGE,
        usage="change ID ward WARD|priority N|#theme",
        example="change 12 ward Sitwell",
    ),
)
BUTTONS = (
    Press("undo", undo_pressed, permission=UNDO),
    Press("change", change_pressed, permission=CHANGE),
    Press(LOG_FORM, submit_log_form, permission=LOG),
)
