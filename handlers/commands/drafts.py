"""An update ready to store, from a message or a form, and storing it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.messages import Incoming, Reply
from handlers.chat.stages import stage
from handlers.commands.replies import logged_reply
from handlers.reading.priority import pick_priority
from handlers.reading.understand import Reading
from storage.updates import record_update


@dataclass(frozen=True, slots=True)
class Draft:
    """An update ready to store, from a message or a form."""

    ward_slug: str
    text: str
    themes: tuple[str, ...]
    priority_id: int | None
    occurred_on: date
    people_reached: int | None = None
    volunteers: int | None = None
    quantities: dict[str, float] = field(default_factory=dict)
    partners: tuple[str, ...] = ()
    evidence_link: str = ""
    case_study: bool = False
    explanation: str = ""


def draft_from_reading(ctx: Context, reading: Reading, *, text: str) -> Draft:
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
    return Draft(
        ward_slug=reading.ward.slug,
        text=text,
        themes=reading.themes,
        priority_id=choice.priority.id if choice.priority else None,
        occurred_on=reading.occurred_on or ctx.today(),
        people_reached=reading.people_reached,
        volunteers=reading.volunteers,
        quantities=reading.quantities,
        explanation="; ".join(reasons),
    )


async def store(ctx: Context, incoming: Incoming, draft: Draft) -> Reply:
    with stage("write"):
        stored = await record(ctx, incoming, draft)
    with stage("reply"):
        return logged_reply(ctx, stored.update, repeat=not stored.created)


async def record(ctx: Context, incoming: Incoming, draft: Draft) -> domain.Stored:
    stored = await record_update(
        ctx.db,
        domain.NewUpdate(
            ward_slug=draft.ward_slug,
            text=draft.text,
            platform=incoming.platform,
            source_message_id=incoming.message_id or f"{incoming.platform}-{uuid.uuid4()}",
            occurred_on=draft.occurred_on,
            author_key=incoming.actor.key,
            author_name=incoming.actor.name,
            author_organisation=incoming.actor.organisation,
            channel_id=incoming.channel_id,
            source_link=incoming.link,
            priority_id=draft.priority_id,
            themes=draft.themes,
            people_reached=draft.people_reached,
            volunteers=draft.volunteers,
            quantities=draft.quantities or {},
            partners=draft.partners,
            evidence_link=draft.evidence_link,
            case_study=draft.case_study,
            explanation=draft.explanation,
        ),
    )
    if stored.created:
        ctx.observer.update_logged(incoming.platform)
    return stored
