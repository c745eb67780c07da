"""What was read becomes a draft (handlers.domain.Draft), and a draft is stored."""

from __future__ import annotations

import uuid
from dataclasses import replace

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.messages import Incoming, Reply
from handlers.chat.stages import stage
from handlers.commands.replies import logged_reply
from handlers.reading.organisations import (
    partner_spans,
    partners_named,
    unknown_organisations,
)
from handlers.reading.priority import pick_priority
from handlers.reading.understand import Reading, marked_internal
from storage.partners import list_partners
from storage.updates import record_update


def draft_from_reading(ctx: Context, reading: Reading, *, text: str) -> domain.Draft:
    assert reading.ward is not None
    choice = pick_priority(ctx.plan, reading.ward.slug, reading.themes, text=text)
    reasons = [f"{reading.ward.name} — {reading.ward_reason}"]
    if choice.priority is not None:
        reasons.append(
            f"priority {choice.priority.number} '{choice.priority.title}' — {choice.reason}"
        )
    if reading.themes:
        theme = ctx.plan.theme(reading.themes[0])
        label = theme.label if theme else reading.themes[0]
        reasons.append(f"theme {label} — {reading.theme_reason}")
    if reading.date_reason:
        reasons.append(f"date — '{reading.date_reason}'")
    return domain.Draft(
        ward_slug=reading.ward.slug,
        text=text,
        themes=reading.themes,
        priority_id=choice.priority.id if choice.priority else None,
        occurred_on=reading.occurred_on or ctx.today(),
        people_reached=reading.people_reached,
        volunteers=reading.volunteers,
        quantities=reading.quantities,
        explanation="; ".join(reasons),
        place_name=reading.place_name,
        place_kind=reading.place_kind,
        internal=marked_internal(text),
    )


async def store(ctx: Context, incoming: Incoming, draft: domain.Draft) -> Reply:
    with stage("write"):
        known = await list_partners(ctx.db)  # kept briefly in memory: see storage/partners.py
        spans = partner_spans(draft.text, known)  # for the offers below too
        named = partners_named(draft.text, known, spans=spans)
        if named:
            draft = replace(draft, partners=tuple(dict.fromkeys((*draft.partners, *named))))
        stored = await record(ctx, incoming, draft)
    with stage("reply"):
        text = stored.update.text
        offers = (
            unknown_organisations(text, known, spans=spans if text == draft.text else None)
            if stored.created
            else ()
        )
        return logged_reply(ctx, stored.update, repeat=not stored.created, offers=offers)


async def record(ctx: Context, incoming: Incoming, draft: domain.Draft) -> domain.Stored:
    stored = await record_update(
        ctx.db,
        domain.NewUpdate.of(
            draft,
            platform=incoming.platform,
            source_message_id=incoming.message_id or f"{incoming.platform}-{uuid.uuid4()}",
            author_key=incoming.actor.key,
            author_name=incoming.actor.name,
            author_organisation=incoming.actor.organisation,
            channel_id=incoming.channel_id,
            source_link=incoming.link,
        ),
    )
    if stored.created:
        ctx.observer.update_logged(incoming.platform)
    return stored
