"""One way in: text or a button/form from any platform -> the handler that answers it."""

from __future__ import annotations

import logging
import uuid
from dataclasses import fields, replace
from typing import Any, TypeVar

from handlers.chat import access
from handlers.chat.access import EVERYONE, Permission
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Action, Actor, Incoming, Reply
from handlers.commands import (
    cases,
    channels,
    corrections,
    digest,
    freetext,
    help,
    home,
    log_update,
    measures,
    partners,
    places,
    queries,
    review,
    roles,
)
from handlers.commands.registry import Command, NoArgs, Registry, no_args
from storage.db import DatabaseUnavailable
from storage.text import clean_text

log = logging.getLogger(__name__)

NOT_SAVED = "I couldn't save that — nothing was stored, please send it again."
NOT_IN_USE = "That button is no longer in use."

# The modules whose COMMANDS and BUTTONS wardbot answers (see handlers/commands/registry.py).
MODULES = (
    log_update,
    queries,
    corrections,
    channels,
    roles,
    digest,
    home,
    places,
    freetext,
    measures,
    cases,
    review,
    partners,
)


async def help_command(ctx: Context, incoming: Incoming, args: NoArgs) -> Reply:
    return help.help_reply(ctx, REGISTRY)


REGISTRY = Registry.of(
    *MODULES,
    also=(
        Command(
            "help",
            help_command,
            parse=no_args,
            permission=Permission("help", EVERYONE),
            usage="help",
            example="help",
        ),
    ),
)


async def handle(ctx: Context, incoming: Incoming) -> Reply:
    """Answer one message or action. Every failure becomes a polite reply, except one:
    DatabaseUnavailable is raised, so the platform answers non-2xx and the message comes again
    (nothing was stored)."""
    incoming = cleaned(incoming)
    try:
        await ctx.keep_places_fresh()
        incoming = await _admitted(ctx, incoming)
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


async def _admitted(ctx: Context, incoming: Incoming) -> Incoming:
    """The message with its people's organisations, once whoever is acting is admitted."""
    acting = await access.check_origin(ctx, incoming.acting)
    if incoming.asked_by is None:
        return replace(incoming, actor=acting)
    return replace(incoming, asked_by=acting, actor=access.organisation_of(ctx, incoming.actor))


def not_saved() -> Reply:
    """What a person is told when the database could not be reached (DatabaseUnavailable)
    and their platform will not send the message again by itself."""
    return Reply.refusal(NOT_SAVED)


def cleaned(incoming: Incoming) -> Incoming:
    """The message with every text in it as wardbot keeps text (storage/text.py): posts,
    names, button values and form fields are cleaned here, once, for every platform."""
    action = incoming.action
    if action is not None:
        form = {clean_text(k): clean_text(v) for k, v in action.form.items()}
        action = _strings_cleaned(action)
        if form != action.form:
            action = replace(action, form=form)
    asked_by = _strings_cleaned(incoming.asked_by) if incoming.asked_by is not None else None
    actor = _strings_cleaned(incoming.actor)
    item = _strings_cleaned(incoming)
    if actor is item.actor and action is item.action and asked_by is item.asked_by:
        return item  # nothing to clean: most messages
    return replace(item, actor=actor, action=action, asked_by=asked_by)


_Item = TypeVar("_Item", Incoming, Actor, Action)


# Each message class's fields, found once, not on every message.
_FIELD_NAMES = {kind: tuple(f.name for f in fields(kind)) for kind in (Incoming, Actor, Action)}


def _strings_cleaned(item: _Item) -> _Item:
    changed: dict[str, Any] = {}
    for name in _FIELD_NAMES[type(item)]:
        value = getattr(item, name)
        if isinstance(value, str) and (kept := clean_text(value)) != value:
            changed[name] = kept
    return replace(item, **changed) if changed else item


async def _command(ctx: Context, incoming: Incoming) -> Reply:
    text = incoming.text.strip()
    if not text:
        return help.help_reply(ctx, REGISTRY)
    found = REGISTRY.command(text)
    if found is None:  # an update, a question, or neither
        answer = await freetext.answer(ctx, incoming, text)
        return answer or help.brief_help(text.split()[0], REGISTRY)
    command, args = found
    await access.check(ctx, incoming.acting, command.permission)
    return await command.run(ctx, incoming, args)


async def _act(ctx: Context, incoming: Incoming) -> Reply:
    action = incoming.action
    assert action is not None
    press = REGISTRY.press(action)
    if press is None:  # a button from an older wardbot, or forged
        raise UserError(NOT_IN_USE)
    await access.check(ctx, incoming.acting, press.permission)
    return await press.handler(ctx, incoming, action)
