"""Good practice: `case N` tells an update's story (what was done, who for, the difference it
made, a quote); `share N` posts it to the channels of other wards whose plans carry one of
its themes (its own ward left out), once per channel."""

from __future__ import annotations

import re

from handlers import domain
from handlers.chat.access import WRITERS, Permission, Role, role_of
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import (
    Action,
    Card,
    Fact,
    FormField,
    Incoming,
    Reply,
    Section,
    Visibility,
)
from handlers.chat.ports import DeliveryError
from handlers.commands.corrections import owned_update
from handlers.commands.registry import Command, Press, Text, as_text
from handlers.commands.replies import CASE_BUTTON, people_counts, theme_labels
from handlers.digests.impact import story_text
from storage.cases import claim_share, get_case, save_case, share_settled, ward_channels
from storage.updates import get_update

CASE_FORM = "case_form"  # submitted as "case_form:N"
CASE = Permission("case", WRITERS)  # partners: their own updates only
SHARE = Permission("share", frozenset({Role.OFFICER, Role.ADMIN}))
FIELDS = (
    ("what", "What was done", "Lunch club twice a week in the church hall"),
    ("who_for", "Who it was for", "Older residents living alone"),
    ("difference", "What difference it made", "Regulars say they feel less lonely"),
    ("quote", "A quote (with permission)", "I look forward to Tuesdays now"),
)
MAX_FIELD = 1000
# `case 12 what: ...; who: ...; difference: ...; quote: ...`
_LABELS = {
    "what": "what",
    "who": "who_for",
    "who for": "who_for",
    "difference": "difference",
    "impact": "difference",
    "quote": "quote",
}
_PART = re.compile(r"(?i)\b(what|who for|who|difference|impact|quote)\s*:\s*")


async def case(ctx: Context, incoming: Incoming, args: Text) -> Reply:
    """`case N` (the story form) or `case N what: ...; who: ...; difference: ...; quote: ...`."""
    head, _, rest = args.text.strip().partition(" ")
    update = await _writable(ctx, incoming, head)
    if not rest.strip():
        return await case_form_reply(ctx, update)
    story = _story_from_text(rest)
    if not any((story.what, story.who_for, story.difference, story.quote)):
        raise UserError(
            f"Tell the story with labels, e.g. `case {update.id} what: lunch club; who: older "
            "residents; difference: less lonely; quote: I look forward to Tuesdays`, or type "
            f"`case {update.id}` for the form. Nothing was changed."
        )
    return await _save(ctx, incoming, update, story)


async def open_form(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """The "Case study" button on a logged reply."""
    return await case_form_reply(ctx, await _writable(ctx, incoming, action.value))


async def submit_form(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    _, _, number = action.name.partition(":")
    update = await _writable(ctx, incoming, number)
    form = action.form
    story = domain.CaseStory(*(form.get(name, "").strip()[:MAX_FIELD] for name, _, _ in FIELDS))
    if not (story.what or story.difference):
        return Reply(
            text="Please say what was done or the difference it made. Nothing was saved.",
            card=_form(update, story, errors={"what": "Say what was done"}),
            visibility=Visibility.ASKER,
            ok=False,
        )
    return await _save(ctx, incoming, update, story)


async def case_form_reply(ctx: Context, update: domain.Update) -> Reply:
    story = await get_case(ctx.db, update_id=update.id) or domain.CaseStory()
    return Reply(
        text=f"Tell the story of #{update.id} as a case study.",
        card=_form(update, story),
        visibility=Visibility.ASKER,
    )


def _form(
    update: domain.Update, story: domain.CaseStory, errors: dict[str, str] | None = None
) -> Card:
    values = {
        "what": story.what,
        "who_for": story.who_for,
        "difference": story.difference,
        "quote": story.quote,
    }
    return Card(
        title=f"Case study: #{update.id} {update.ward_name}",
        subtitle=update.text[:300],
        fields=tuple(
            FormField(
                name,
                label,
                kind="long_text",
                value=values[name],
                placeholder=example,
                max_length=MAX_FIELD,
            )
            for name, label, example in FIELDS
        ),
        submit=f"{CASE_FORM}:{update.id}",
        errors=errors or {},
    )


def _story_from_text(text: str) -> domain.CaseStory:
    parts: dict[str, str] = {}
    matches = list(_PART.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[match.end() : end].strip().strip(";").strip().strip('"“”')
        parts[_LABELS[match.group(1).lower()]] = value[:MAX_FIELD]
    return domain.CaseStory(
        parts.get("what", ""),
        parts.get("who_for", ""),
        parts.get("difference", ""),
        parts.get("quote", ""),
    )


async def _save(
    ctx: Context, incoming: Incoming, update: domain.Update, story: domain.CaseStory
) -> Reply:
    await save_case(ctx.db, update_id=update.id, story=story, actor=incoming.acting.key)
    return Reply(
        text=f"#{update.id} is a case study: {story_text(story)} "
        f"Share it with other wards: `share {update.id}`.",
        card=Card(
            title=f"Case study saved: #{update.id} {update.ward_name}",
            sections=(Section(text=story_text(story)),),
            footer=f"Share it with other wards: share {update.id}",
        ),
        visibility=Visibility.CHANNEL,
    )


async def _writable(ctx: Context, incoming: Incoming, value: str) -> domain.Update:
    """An update the person may tell the story of: their own, or any if an officer or admin."""
    try:
        number = int(value.strip().lstrip("#"))
    except ValueError:
        raise UserError("Which update? Give its number, e.g. `case 12`.") from None
    role = await role_of(ctx, incoming.acting)
    if role in (Role.OFFICER, Role.ADMIN):
        found = await get_update(ctx.db, update_id=number) if 0 < number < 2**31 else None
        if found is None or found.deleted_at is not None:
            raise UserError(f"There's no update #{number}.")
        return found
    return await owned_update(ctx, incoming, number)


async def share(ctx: Context, incoming: Incoming, args: Text) -> Reply:
    """`share N`: post case study N to every channel linked to another ward whose plan carries
    one of its themes, once per channel."""
    try:
        number = int(args.text.strip().lstrip("#"))
    except ValueError:
        raise UserError("Which case study? Give its number, e.g. `share 12`.") from None
    update = await _writable(ctx, incoming, str(number))
    story = await get_case(ctx.db, update_id=update.id)
    if story is None:
        raise UserError(
            f"#{update.id} isn't a case study yet: tell its story first with `case {update.id}`. "
            "Nothing was shared."
        )
    if not update.themes:
        raise UserError(
            f"#{update.id} has no theme, so I can't tell which wards' plans it fits. Give it one "
            f"(`change {update.id} #theme`) and share again. Nothing was shared."
        )
    wards = {
        p.ward_slug
        for p in ctx.plan.priorities
        if p.ward_slug != update.ward_slug and set(p.themes) & set(update.themes)
    }
    by_id = {w.id: w for w in ctx.plan.wards if w.slug in wards}
    channels = await ward_channels(ctx.db, ward_ids=set(by_id))
    post = good_practice_reply(ctx, update, story)
    sent, before, failed = [], [], []
    for platform, channel_id, ward_id in channels:
        ward = by_id[ward_id]
        sender = ctx.senders.get(platform)
        if sender is None:
            failed.append(f"{ward.name} ({platform}: not connected here)")
            continue
        if not await claim_share(
            ctx.db,
            update_id=update.id,
            platform=platform,
            channel_id=channel_id,
            ward_id=ward_id,
            actor=incoming.acting.key,
        ):
            before.append(ward.name)
            continue
        try:
            await sender.send(channel_id, post)
        except DeliveryError as exc:
            await share_settled(
                ctx.db, update_id=update.id, platform=platform, channel_id=channel_id, sent=False
            )
            failed.append(f"{ward.name} ({exc.reason})")
            continue
        await share_settled(
            ctx.db, update_id=update.id, platform=platform, channel_id=channel_id, sent=True
        )
        sent.append(ward.name)
    linked = {by_id[w].slug for _, _, w in channels}
    unlinked = sorted(by_id[w].name for w in by_id if by_id[w].slug not in linked)
    lines = [
        f"Shared #{update.id} as good practice with {len(sent)} channel(s)"
        + (f": {', '.join(sent)}." if sent else ".")
    ]
    if before:
        lines.append(f"Already shared with: {', '.join(sorted(set(before)))}.")
    if failed:
        lines.append(f"Not sent: {', '.join(failed)}.")
    if unlinked:
        lines.append(f"Wards whose plans fit but have no linked channel: {', '.join(unlinked)}.")
    if not wards:
        lines.append("No other ward's plan carries its themes.")
    return Reply(text=" ".join(lines), visibility=Visibility.ASKER)


def good_practice_reply(ctx: Context, update: domain.Update, story: domain.CaseStory) -> Reply:
    title = f"Good practice from {update.ward_name}"
    facts = [Fact("Themes", theme_labels(ctx, update.themes))]
    counts = people_counts(update)
    if counts:
        facts.append(Fact("People", counts))
    if update.partners:
        facts.append(Fact("Partners", ", ".join(update.partners)))
    facts.append(Fact("When", f"{update.occurred_on:%d %b %Y}"))
    return Reply(
        text=f"{title} (#{update.id}): {story_text(story)}",
        card=Card(
            title=title,
            subtitle=update.text[:300],
            facts=tuple(facts),
            sections=tuple(
                Section(title=label, text=value)
                for label, value in (
                    ("What was done", story.what),
                    ("Who for", story.who_for),
                    ("Difference made", story.difference),
                    ("In their words", f"“{story.quote}”" if story.quote else ""),
                )
                if value
            ),
            footer=f"Shared from #{update.id}: your ward's plan carries the same theme.",
        ),
        visibility=Visibility.CHANNEL,
    )


COMMANDS = (
    Command(
        "case",
        case,
        parse=as_text,
        permission=CASE,
        usage="case ID [what: ...; who: ...; difference: ...; quote: ...]",
        example="case 12 what: lunch club; who: older residents; difference: less lonely",
    ),
    Command("share", share, parse=as_text, permission=SHARE, usage="share ID", example="share 12"),
)
BUTTONS = (
    Press(CASE_BUTTON, open_form, permission=CASE),
    Press(CASE_FORM, submit_form, permission=CASE),
)
