"""One way in: text or a button/form from any platform -> the handler that answers it."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import fields, replace
from typing import Any, TypeVar

from handlers.chat import access
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Action, Actor, Incoming, Reply, Visibility
from handlers.commands import (
    channels,
    corrections,
    freetext,
    held,
    help,
    home,
    log_update,
    queries,
    roles,
)
from handlers.commands import digest as subscriptions
from handlers.commands.drafts import store
from handlers.commands.forms import LOG_FORM, log_form, read_log_form
from handlers.commands.replies import logged_reply
from handlers.reading.priority import choose_priority
from storage.db import DatabaseUnavailable
from storage.text import clean_text
from storage.updates import change_update

log = logging.getLogger(__name__)

Command = Callable[[Context, Incoming, str], Awaitable[Reply]]

NOT_SAVED = "I couldn't save that — nothing was stored, please send it again."
# "Log this message" on a person's post, from any platform (handlers.commands.sources)
LOG_MESSAGE = "log_message"

COMMANDS: dict[str, Command] = {
    "log": log_update.log,
    "show": queries.show,
    "find": queries.find,
    "wards": queries.wards,
    "priorities": queries.priorities,
    "coverage": queries.coverage,
    "undo": corrections.undo,
    "change": corrections.change,
    "link": channels.link,
    "unlink": channels.unlink,
    "help": help.help_command,
    "role": roles.role,
    "audit": roles.audit,
    "digest": subscriptions.digest,
}

# Buttons and forms -> the command whose permission they need (not listed: admins only).
ACTION_PERMISSIONS = {
    "undo": "undo",
    "change": "change",
    "open_log_form": "log",
    LOG_MESSAGE: "log",
    held.LOG_IN_WARD: "log",
    LOG_FORM: "log",
    held.PD_REDACT: "log",
    held.PD_KEEP: "log",
    held.PD_CANCEL: "log",
    home.OPEN_SEARCH: "find",
    home.SEARCH: "find",
}


async def handle(ctx: Context, incoming: Incoming) -> Reply:
    """Answer one message or action. Every failure becomes a polite reply, except one:
    DatabaseUnavailable is raised, so the platform answers non-2xx and the message comes again
    (nothing was stored)."""
    incoming = cleaned(incoming)
    try:
        await access.check_origin(ctx, incoming.acting)
        if incoming.action is not None:
            return await _act(ctx, incoming)
        return await _command(ctx, incoming)
    except UserError as exc:
        return Reply.refusal(str(exc))
    except DatabaseUnavailable:
        raise
    except Exception:
        error_id = uuid.uuid4().hex[:8]
        log.exception("unexpected error %s handling a %s message", error_id, incoming.platform)
        return Reply.refusal(
            f"Sorry, something went wrong on my side (error {error_id}). "
            "The team has the details; please try again in a minute."
        )


def not_saved() -> Reply:
    """What a person is told when the database could not be reached (DatabaseUnavailable)
    and their platform will not send the message again by itself."""
    return Reply.refusal(NOT_SAVED)


def cleaned(incoming: Incoming) -> Incoming:
    """The message with every text in it as wardbot keeps text (storage/text.py): posts,
    names, button values and form fields are cleaned here, once, for every platform."""
    action = incoming.action
    if action is not None:
        action = replace(
            _strings_cleaned(action),
            form={clean_text(k): clean_text(v) for k, v in action.form.items()},
        )
    asked_by = _strings_cleaned(incoming.asked_by) if incoming.asked_by is not None else None
    return replace(
        _strings_cleaned(incoming),
        actor=_strings_cleaned(incoming.actor),
        action=action,
        asked_by=asked_by,
    )


_Item = TypeVar("_Item", Incoming, Actor, Action)


def _strings_cleaned(item: _Item) -> _Item:
    changed: dict[str, Any] = {}
    for part in fields(item):
        value = getattr(item, part.name)
        if isinstance(value, str) and (kept := clean_text(value)) != value:
            changed[part.name] = kept
    return replace(item, **changed) if changed else item


async def _command(ctx: Context, incoming: Incoming) -> Reply:
    text = incoming.text.strip()
    if not text:
        return await help.help_command(ctx, incoming, "")
    word, _, args = text.partition(" ")
    command = COMMANDS.get(word.lower().rstrip(":"))
    if command is None:
        return await freetext.answer(ctx, incoming, text)  # an update, a question, or help
    await access.check(ctx, incoming.acting, access.permission_key(word, args))
    return await command(ctx, incoming, args.strip())


async def _act(ctx: Context, incoming: Incoming) -> Reply:
    action = incoming.action
    assert action is not None
    key = action.name.partition(":")[0]
    if key not in ACTION_PERMISSIONS:  # every button wardbot makes is listed there
        raise UserError("That button is no longer in use.")
    await access.check(ctx, incoming.acting, ACTION_PERMISSIONS[key])
    if action.name in (held.PD_REDACT, held.PD_KEEP, held.PD_CANCEL):
        return await log_update.personal_data_choice(ctx, incoming, action)
    if action.name == "undo":
        return await corrections.undo(ctx, incoming, action.value)
    if action.name == "change":
        return await corrections.change(ctx, incoming, action.value)
    if action.name == LOG_MESSAGE:
        return await log_update.log(ctx, incoming, incoming.text)
    if action.name == "open_log_form":
        return Reply(
            text="Log activity",
            card=log_form(ctx, ward_slug=action.value or None),
            visibility=Visibility.ASKER,
        )
    if action.name == home.OPEN_SEARCH:
        return home.search_form_reply(ctx)
    if action.name == home.SEARCH:
        return await home.search(ctx, incoming)
    if action.name == held.LOG_IN_WARD:
        return await log_update.log_in_ward(ctx, incoming, action)
    if action.name == LOG_FORM or action.name.startswith(LOG_FORM + ":"):
        return await _submit_log_form(ctx, incoming)
    raise UserError("That button is no longer in use.")


async def _submit_log_form(ctx: Context, incoming: Incoming) -> Reply:
    assert incoming.action is not None
    draft, errors = read_log_form(ctx, incoming.action.form)
    if draft is None:
        return Reply(
            text="Please check: " + " ".join(f"{k}: {v}" for k, v in errors.items()),
            card=log_form(ctx, values=incoming.action.form, errors=errors),
            visibility=Visibility.ASKER,
            ok=False,
        )
    if draft.priority_id is None:
        chosen = choose_priority(ctx.plan, draft.ward_slug, draft.themes, text=draft.text)
        draft = replace(draft, priority_id=chosen.id if chosen else None)
    _, _, change_id = incoming.action.name.partition(":")
    if not change_id:
        return await store(ctx, incoming, draft)
    existing = await corrections.owned_update(ctx, incoming, change_id)
    changed = await change_update(
        ctx.db,
        update_id=existing.id,
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
    return logged_reply(ctx, changed)
