"""Questions asked before an update is stored (which ward? personal data?), and the post
held meanwhile for the buttons that answer them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import (
    Actor,
    Button,
    Card,
    Choice,
    Fact,
    FormField,
    Incoming,
    Reply,
    Visibility,
)
from handlers.commands.replies import logged_reply
from handlers.reading import personal_data
from handlers.reading.understand import Reading
from storage.held import KEPT_FOR, held_post, hold_post
from storage.updates import update_by_source

LOG_IN_WARD = "log_in_ward"  # a button that answers "which ward?"
# "Another ward...": a form with every ward, for when the ward is none of those offered, or
# the post named no place wardbot knows. It submits as "log_in_ward:HELD-KEY".
CHOOSE_WARD = "choose_ward"
PD_REDACT, PD_KEEP, PD_CANCEL = "pd_redact", "pd_keep", "pd_cancel"  # personal-data choices
EXPIRED_BUTTON = "That button has expired; please log the update again."
EXPIRED_DONT_LOG = "That button has expired. Nothing was logged."
HELD_GONE = (
    f"I no longer have that post: I keep a post waiting for your choice for {KEPT_FOR.days} "
    "days. Nothing was stored; please log the update again."
)
NOT_YOURS = (
    "Only the person who posted this update can choose what happens to it. Nothing was stored."
)


async def which_ward(ctx: Context, incoming: Incoming, text: str, reading: Reading) -> Reply:
    candidates = reading.candidates[:5]
    why = reading.ward_reason or "I couldn't tell which ward this is for"
    key = await hold(ctx, incoming, text)
    other = Button(
        label="Another ward…" if candidates else "Choose the ward…",
        action=CHOOSE_WARD,
        value=json.dumps({"held": key}),
    )
    buttons = (
        *(
            Button(w.name, LOG_IN_WARD, json.dumps({"held": key, "ward": w.slug}))
            for w in candidates
        ),
        other,
    )
    hint = "Choose the ward below, or "
    return Reply(
        text=(
            f"Which ward is this for? {why}. {hint}start the update with the ward's name, "
            "e.g. `log Sitwell: ...`. Nothing was stored yet."
        ),
        card=Card(title="Which ward is this for?", subtitle=why, buttons=buttons),
        visibility=Visibility.ASKER,
        ok=False,
    )


async def personal_data_warning(
    ctx: Context, incoming: Incoming, screening: personal_data.Screening
) -> Reply:
    kinds = ", ".join(screening.kinds)
    why = screening.reasons[0]
    value = json.dumps({"held": await hold(ctx, incoming, screening.text)})
    return Reply(
        text=(
            f"This looks like it holds personal data about someone ({why}). Nothing is logged "
            f"yet. I can log it with the {kinds} taken out:\n> {screening.redacted()}\n"
            "Choose Redact and log, Log as written, or Don't log. Until you choose, I keep "
            f"the post for up to {KEPT_FOR.days} days; Don't log forgets it at once."
        ),
        card=Card(
            title="Personal data? Nothing is logged yet",
            subtitle=f"This looks like it holds {why}.",
            facts=(personal_fact(screening),),
            buttons=(
                Button("Redact and log", PD_REDACT, value, style="primary"),
                Button("Log as written", PD_KEEP, value),
                Button("Don't log", PD_CANCEL, value, style="danger"),
            ),
            footer="Ward updates are shared with partners and the Board: keep residents' "
            "details in the case system, not here.",
        ),
        visibility=Visibility.ASKER,
        ok=False,
    )


def personal_fact(screening: personal_data.Screening) -> Fact:
    return Fact("Redacted, it would read", screening.redacted()[:500])


def ward_form(ctx: Context, key: str) -> Reply:
    """Every ward to choose from, for a held post (see CHOOSE_WARD)."""
    return Reply(
        text="Which ward is this for?",
        card=Card(
            title="Which ward is this for?",
            fields=(
                FormField(
                    "ward",
                    "Ward",
                    kind="choice",
                    required=True,
                    choices=tuple(Choice(w.slug, w.name) for w in ctx.plan.wards),
                ),
            ),
            submit=f"{LOG_IN_WARD}:{key}",
        ),
        visibility=Visibility.ASKER,
    )


def button_value(value: str) -> dict[str, Any]:
    try:
        found = json.loads(value)
    except ValueError:
        raise UserError(EXPIRED_BUTTON) from None
    if not isinstance(found, dict):
        raise UserError(EXPIRED_BUTTON)  # a forged or damaged button
    return found


def held_key(value: str, *, expired: str = EXPIRED_BUTTON) -> str:
    """The held post a button names. A button carries that key and never the post itself
    (Teams card data comes from the client); any other value is refused as expired."""
    try:
        key = button_value(value).get("held")
    except UserError:
        key = None
    if not isinstance(key, str) or not key:
        raise UserError(expired)
    return key


# ---- posts held for a button ----------------------------------------------------------------


async def hold(ctx: Context, incoming: Incoming, text: str) -> str:
    """Keep the post for the buttons of a question; returns the key the buttons carry."""
    return await hold_post(
        ctx.db,
        text=text,
        author_key=incoming.actor.key,
        author_name=incoming.actor.name,
        author_organisation=incoming.actor.organisation,
        asker_key=incoming.asker_key,
        channel_id=incoming.channel_id,
        source_message_id=incoming.message_id,
        source_link=incoming.link,
    )


async def take_held(ctx: Context, incoming: Incoming, key: object) -> domain.HeldPost:
    """The held post a button names, when this person may press it; else a polite refusal.

    Its `taken_at` is set when it was dealt with already (see `dealt_with`).
    """
    found = await held_post(ctx.db, key=key) if isinstance(key, str) else None
    if found is None or (found.taken_at is None and found.expires_at <= datetime.now(UTC)):
        raise UserError(HELD_GONE)
    if found.asker_key != incoming.actor.key:
        raise UserError(NOT_YOURS)
    return found


def as_posted(held: domain.HeldPost, incoming: Incoming) -> Incoming:
    """The held post as it came in: its author, channel and message (not the button press)."""
    actor = incoming.actor
    if held.author_key != actor.key:  # "Log this message" on someone else's post
        platform, _, user_id = held.author_key.partition(":")
        actor = Actor(
            platform=platform,
            user_id=user_id,
            name=held.author_name,
            organisation=held.author_organisation,
        )
    return Incoming(
        actor=actor,
        channel_id=held.channel_id,
        message_id=held.source_message_id,
        link=held.source_link,
        received_at=incoming.received_at,
        asked_by=incoming.actor if incoming.actor.key != actor.key else None,
    )


async def dealt_with(ctx: Context, held: domain.HeldPost) -> Reply:
    """A second press: say what became of the post; store nothing."""
    platform = held.author_key.partition(":")[0]
    update = await update_by_source(
        ctx.db, platform=platform, source_message_id=held.source_message_id
    )
    if update is None or update.deleted_at is not None:
        return Reply(
            text="That post was dealt with already. Nothing more was stored.",
            visibility=Visibility.ASKER,
        )
    return replace(logged_reply(ctx, update, repeat=True), visibility=Visibility.ASKER)
