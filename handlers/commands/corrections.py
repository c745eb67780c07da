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
from handlers.commands.drafts import draft_from_reading, store
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
from handlers.reading.priority import choose_priority, pick_priority
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
    if THEME_CHANGE.match(rest):  # "#a #b" replaces, "+#a" adds, "-#a" removes
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
    why = _why_parts(update.explanation or "")
    who = incoming.actor.name or "the person who changed it"
    note = ""
    if what == "ward":
        match = ctx.understanding.names.match(value)
        if match.ward is None:
            names = ", ".join(w.name for w in match.suggestions)
            raise UserError(f"I don't know a ward called '{value}'. Did you mean: {names}?")
        choice = pick_priority(ctx.plan, match.ward.slug, update.themes, text=update.text)
        why["ward"] = f"{match.ward.name} — changed by {who}"
        _set_priority_why(why, choice.priority, choice.reason)
        changed = await change_update(
            ctx.db,
            update_id=update.id,
            actor=incoming.actor.key,
            ward_slug=match.ward.slug,
            priority_id=choice.priority.id if choice.priority else None,
            explanation=_why(why),
        )
    elif what == "priority":
        priority = _priority_by_number(ctx, update.ward_slug, value)
        _set_priority_why(why, priority, f"chosen by {who}")
        changed = await change_update(
            ctx.db,
            update_id=update.id,
            actor=incoming.actor.key,
            priority_id=priority.id,
            explanation=_why(why),
        )
    elif what == "themes":
        themes, note = _changed_themes(ctx, update, value)
        choice = pick_priority(ctx.plan, update.ward_slug, themes, text=update.text)
        _set_priority_why(why, choice.priority, choice.reason)
        if themes:
            theme = ctx.plan.theme(themes[0])
            why["theme"] = f"theme {theme.label if theme else themes[0]} — set by {who}"
        else:
            why.pop("theme", None)
        changed = await change_update(
            ctx.db,
            update_id=update.id,
            actor=incoming.actor.key,
            themes=themes,
            priority_id=choice.priority.id if choice.priority else None,
            explanation=_why(why),
        )
    else:
        raise UserError(
            f"I can change the ward, priority or themes: `change {update.id} ward Sitwell`, "
            f"`change {update.id} priority 2`, `change {update.id} #environment` (replaces the "
            f"themes), `+#environment` (adds one) or `-#environment` (removes one)."
        )
    assert changed is not None
    reply = logged_reply(ctx, changed)
    return Reply(
        text="Changed. " + (note + " " if note else "") + reply.text,
        card=reply.card,
        visibility=reply.visibility,
    )


# `#a #b` replaces the themes; `+#a` adds one and `-#a` removes one.
THEME_CHANGE = re.compile(r"^\s*(?:[+-]?#[A-Za-z][\w-]*\s*)+$")
_SIGNED_TAG = re.compile(r"([+-]?)#([A-Za-z][\w-]*)")


def _changed_themes(ctx: Context, update: domain.Update, rest: str) -> tuple[tuple[str, ...], str]:
    """The update's themes after `rest`, and what the reply should say was done."""
    signed: list[tuple[str, str]] = []
    for sign, tag in _SIGNED_TAG.findall(rest):
        known, unknown = ctx.understanding.themes_from_tags(f"#{tag}")
        if unknown or not known:
            listed = ", ".join(f"#{t.key}" for t in ctx.plan.themes)
            raise UserError(f"I don't know the theme #{tag}. Themes are: {listed}.")
        signed.append((sign, known[0]))
    themes: tuple[str, ...]
    if all(sign == "" for sign, _ in signed):
        themes = tuple(dict.fromkeys(key for _, key in signed))
        return themes, (
            f"The themes are replaced by {_tags(themes)} "
            f"(`+#theme` adds one, `-#theme` removes one)."
        )
    themes = tuple(update.themes)
    for sign, key in signed:
        if sign == "-":
            themes = tuple(t for t in themes if t != key)
        elif key not in themes:
            themes = (*themes, key)
    added = [k for s, k in signed if s == "+"]
    removed = [k for s, k in signed if s == "-"]
    said = []
    if added:
        said.append(f"added {_tags(added)}")
    if removed:
        said.append(f"removed {_tags(removed)}")
    return themes, f"Themes {' and '.join(said)}; now {_tags(themes) or 'none'}."


def _tags(keys: tuple[str, ...] | list[str]) -> str:
    return " ".join(f"#{k}" for k in keys)


# The "Why" line kept with an update: its parts, in this order, joined by "; ".
_WHY_ORDER = ("ward", "priority", "theme", "date")


def _why_parts(explanation: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for part in explanation.removesuffix(" (after an edit)").split("; "):
        if part.startswith("priority "):
            parts["priority"] = part
        elif part.startswith("theme "):
            parts["theme"] = part
        elif part.startswith("date — "):
            parts["date"] = part
        elif part and "ward" not in parts:
            parts["ward"] = part
    return parts


def _why(parts: dict[str, str]) -> str:
    return "; ".join(parts[k] for k in _WHY_ORDER if k in parts)


def _set_priority_why(parts: dict[str, str], priority: domain.Priority | None, reason: str) -> None:
    if priority is None:
        parts.pop("priority", None)
    else:
        parts["priority"] = f"priority {priority.number} '{priority.title}' — {reason}"


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
# What each way of changing an update says again; an update keeps every other field as it is
# (a message names no partners or evidence; the form asks no quantities, and is not a "why").
FROM_A_MESSAGE = (
    "ward_slug",
    "priority_id",
    "themes",
    "text",
    "occurred_on",
    "people_reached",
    "volunteers",
    "quantities",
    "explanation",
    "place_name",
    "place_kind",
)
FROM_THE_FORM = (
    "ward_slug",
    "priority_id",
    "themes",
    "text",
    "occurred_on",
    "people_reached",
    "volunteers",
    "partners",
    "evidence_link",
    "case_study",
)


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
    edited = replace(
        draft,
        themes=themes,
        priority_id=priority.id if priority else None,
        occurred_on=reading.occurred_on or existing.occurred_on,
        explanation=draft.explanation + " (after an edit)",
    )
    changed = existing.changed(edited, FROM_A_MESSAGE)
    return await change_update(ctx.db, update_id=existing.id, actor=incoming.actor.key, to=changed)


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
    ctx: Context, incoming: Incoming, update: domain.Update, draft: domain.Draft
) -> domain.Update:
    """Update `update` to say what the draft says (the change form); audited by storage."""
    to = update.changed(draft, FROM_THE_FORM)
    changed = await change_update(ctx.db, update_id=update.id, actor=incoming.actor.key, to=to)
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
