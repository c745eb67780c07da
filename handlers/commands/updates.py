"""Logging activity updates, and changing or undoing them."""

from __future__ import annotations

import functools
import json
import re
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from handlers import domain
from handlers.chat.access import is_admin
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Action, Actor, Button, Card, Fact, Incoming, Reply, Visibility
from handlers.chat.stages import stage
from handlers.commands.drafts import Draft
from handlers.commands.forms import change_form
from handlers.commands.replies import update_facts
from handlers.reading import personal_data
from handlers.reading.understand import TAG, Reading, marked_internal
from handlers.reading.words import expand, phrase_stems, stem, stems, tokens
from storage.audit import record_audit
from storage.channels import linked_ward
from storage.held import KEPT_FOR, held_post, hold_post, settle_held
from storage.updates import (
    change_update,
    delete_update,
    get_update,
    record_update,
    update_by_source,
)

MAX_TEXT = 4000
_WORD = re.compile(r"\w")
LOG_IN_WARD = "log_in_ward"  # a button that answers "which ward?"
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


async def log(ctx: Context, incoming: Incoming, args: str) -> Reply:
    """`log [WARD[:]] TEXT [#theme ...]`"""
    return await _log(ctx, incoming, check_text(args), strict=True)


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
        ward, text, named_reason = _named_ward(ctx, text, strict=strict)
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
        reading = _with_reason(reading, named_reason)
    if reading.ward is None:
        return await _which_ward(ctx, incoming, text, reading)
    with stage("priority"):
        draft = draft_from_reading(ctx, reading, text=text)
    return await store(ctx, incoming, draft)


def _named_ward(
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
        if strict and place is not None and place.ward is None and not place.candidates:
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


def _with_reason(reading: Reading, reason: str) -> Reading:
    return replace(reading, ward_reason=reason, candidates=())


async def _which_ward(ctx: Context, incoming: Incoming, text: str, reading: Reading) -> Reply:
    candidates = reading.candidates[:5]
    why = reading.ward_reason or "I couldn't tell which ward this is for"
    buttons: tuple[Button, ...] = ()
    if candidates:
        key = await hold(ctx, incoming, text)
        buttons = tuple(
            Button(
                label=w.name, action=LOG_IN_WARD, value=json.dumps({"held": key, "ward": w.slug})
            )
            for w in candidates
        )
    hint = "Choose the ward below, or " if buttons else ""
    return Reply(
        text=(
            f"Which ward is this for? {why}. {hint}start the update with the ward's name, "
            "e.g. `log Sitwell: ...`. Nothing was stored yet."
        ),
        card=Card(title="Which ward is this for?", subtitle=why, buttons=buttons),
        visibility=Visibility.ASKER,
        ok=False,
    )


# Words in priority titles that say nothing about which priority a post belongs to.
_PLAIN = frozenset(
    stem(w)
    for w in [
        "a",
        "an",
        "and",
        "as",
        "at",
        "back",
        "be",
        "bring",
        "by",
        "for",
        "from",
        "in",
        "including",
        "into",
        "its",
        "local",
        "make",
        "more",
        "of",
        "on",
        "or",
        "our",
        "over",
        "people",
        "residents",
        "the",
        "their",
        "to",
        "up",
        "ward",
        "wards",
        "with",
        "work",
        "working",
        "improve",
        "improving",
        "support",
        "tackle",
        "keep",
        "help",
        "reduce",
        "continue",
        "better",
        "key",
        "across",
        "wider",
        "day",
        "partners",
        "other",
        "all",
        "new",
    ]
)


@dataclass(frozen=True, slots=True)
class PriorityChoice:
    priority: domain.Priority | None
    reason: str = ""


def pick_priority(
    ctx: Context, ward_slug: str, themes: tuple[str, ...], *, text: str = ""
) -> PriorityChoice:
    """The ward's current priority that fits the update best, and why.

    Among the priorities carrying any of the post's themes, a title sharing words with
    the post counts most ("Eastwood Village action plan" -> "Oversee delivery of the
    Eastwood Village Action Plan"), then carrying the post's first theme, then carrying
    more of its themes; ties go to the plan's order.
    """
    priorities = ctx.plan.priorities_of(ward_slug)
    said = {s for s in stems(text) if s not in _PLAIN and not s.isdigit()}
    # A priority that carries none of the post's themes is only a candidate when none does.
    carrying = [p for p in priorities if any(t in p.themes for t in themes)]
    general, particular = _theme_stems(ctx, themes[0]) if themes else (frozenset(), frozenset())
    best: tuple[int, domain.Priority, list[str]] | None = None
    for priority in carrying or priorities:
        title = set(phrase_stems(priority.title)) - _PLAIN
        shared = [
            s for s in dict.fromkeys(phrase_stems(priority.title)) if s in said and s in title
        ]
        carried = [t for t in themes if t in priority.themes]
        score = 4 * len(shared) + (3 if themes and themes[0] in priority.themes else 0)
        score += len(carried)
        # "Improve the environment" fits a litter pick better than "reduce flooding": a title
        # naming the theme itself beats one naming a particular of it the post never mentions.
        score += 2 * len(title & general) - 2 * len((title & particular) - said)
        if score and (best is None or score > best[0]):
            best = (score, priority, shared)
    if best is None:
        return PriorityChoice(None)
    _, priority, shared = best
    if shared:
        words = _words_for(text, shared)
        return PriorityChoice(priority, f"its title shares {', '.join(repr(w) for w in words)}")
    carried = [t for t in themes if t in priority.themes]
    labels = [ctx.plan.theme(t).label if ctx.plan.theme(t) else t for t in carried]  # type: ignore[union-attr]
    return PriorityChoice(priority, f"it carries {' and '.join(labels[:2])}")


def _theme_stems(ctx: Context, key: str) -> tuple[frozenset[str], frozenset[str]]:
    """(stems of the theme's label, stems of its one-word vocabulary) for a theme."""
    theme = ctx.plan.theme(key)
    if theme is None:
        return frozenset(), frozenset()
    return _stems_of(theme)


@functools.lru_cache(maxsize=256)
def _stems_of(theme: domain.Theme) -> tuple[frozenset[str], frozenset[str]]:
    # Stemming a theme's whole vocabulary on every post was a tenth of the time to log one.
    general = frozenset(stems(theme.label)) - _PLAIN
    particular = frozenset(k[0] for k in map(stems, theme.words) if len(k) == 1) - general
    return general, particular


def _words_for(text: str, shared: list[str]) -> list[str]:
    """The post's own words for the shared stems, for the explanation."""
    words: dict[str, str] = {}
    for token in expand(tokens(text)):
        key = stem(token.text)
        if key in shared:
            words.setdefault(key, token.text)
    return [words.get(s, s) for s in shared][:3]


def choose_priority(
    ctx: Context, ward_slug: str, themes: tuple[str, ...], *, text: str = ""
) -> domain.Priority | None:
    """The ward's current priority that fits the update best (see `pick_priority`)."""
    return pick_priority(ctx, ward_slug, themes, text=text).priority


def draft_from_reading(ctx: Context, reading: Reading, *, text: str) -> Draft:
    assert reading.ward is not None
    choice = pick_priority(ctx, reading.ward.slug, reading.themes, text=text)
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
        internal=marked_internal(text),
    )


async def store(ctx: Context, incoming: Incoming, draft: Draft) -> Reply:
    with stage("write"):
        stored = await _record(ctx, incoming, draft)
    with stage("reply"):
        return logged_reply(ctx, stored.update, repeat=not stored.created)


async def _record(ctx: Context, incoming: Incoming, draft: Draft) -> domain.Stored:
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
            internal=draft.internal,
        ),
    )
    if stored.created:
        ctx.observer.update_logged(incoming.platform)
    return stored


def logged_reply(ctx: Context, update: domain.Update, *, repeat: bool = False) -> Reply:
    verb = "Already logged" if repeat else "Logged"
    title = f"{verb} for {update.ward_name} (#{update.id})"
    summary = [title]
    if update.priority:
        summary.append(f"priority {update.priority.number}: {update.priority.title}")
    if update.people_reached:
        summary.append(f"{update.people_reached} people reached")
    if update.volunteers:
        summary.append(f"{update.volunteers} volunteers")
    return Reply(
        text=" — ".join(summary) + f". Undo with `undo {update.id}`.",
        card=Card(
            title=title,
            subtitle=update.text[:300],
            facts=tuple(update_facts(ctx, update)),
            buttons=(
                Button("Change", "change", str(update.id)),
                Button("Undo", "undo", str(update.id), style="danger"),
            ),
            footer=f"Why: {update.explanation}" if update.explanation else "",
        ),
        visibility=Visibility.CHANNEL,
    )


async def owned_update(ctx: Context, incoming: Incoming, value: str) -> domain.Update:
    try:
        update_id = int(value.strip().lstrip("#"))
    except ValueError:
        raise UserError("Which update? Give its number, e.g. `undo 12`.") from None
    # Ids are 32-bit integers in the database; a larger number names no update.
    update = await get_update(ctx.db, update_id=update_id) if 0 < update_id < 2**31 else None
    if update is None or update.deleted_at is not None:
        raise UserError(f"There's no update #{update_id} to change.")
    if update.author_key != incoming.actor.key and not await is_admin(ctx, incoming.actor):
        raise UserError(f"Only the person who logged #{update_id}, or an admin, can change it.")
    return update


async def undo(ctx: Context, incoming: Incoming, args: str) -> Reply:
    update = await owned_update(ctx, incoming, args)
    await delete_update(ctx.db, update_id=update.id, actor=incoming.actor.key, reason="undo")
    return Reply(
        text=f"Undone: #{update.id} for {update.ward_name} is removed from the record.",
        visibility=Visibility.CHANNEL,
    )


async def change(ctx: Context, incoming: Incoming, args: str) -> Reply:
    """`change ID ward WARD` | `change ID priority N` | `change ID #theme ...`"""
    head, _, rest = args.strip().partition(" ")
    update = await owned_update(ctx, incoming, head)
    rest = rest.strip()
    if not rest:
        return Reply(
            text=(
                f"Change #{update.id}: `change {update.id} ward WARD`, "
                f"`change {update.id} priority N` or `change {update.id} #theme`."
            ),
            card=change_form(ctx, update),
            visibility=Visibility.ASKER,
        )
    what, _, value = rest.partition(" ")
    what = what.lower()
    if what == "ward":
        match = ctx.understanding.names.match(value)
        if match.ward is None:
            names = ", ".join(w.name for w in match.suggestions)
            raise UserError(f"I don't know a ward called '{value}'. Did you mean: {names}?")
        priority = choose_priority(ctx, match.ward.slug, update.themes, text=update.text)
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
    elif rest.startswith("#"):
        themes, unknown = ctx.understanding.themes_from_tags(rest)
        if unknown or not themes:
            raise UserError(f"I don't know the theme #{unknown[0] if unknown else rest}.")
        priority = choose_priority(ctx, update.ward_slug, tuple(themes), text=update.text)
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
        ward, text, named_reason = _named_ward(ctx, text)
        check_says_something(text, ward)
    except UserError:
        return None  # emptied, far too long, or an unknown ward: keep what was recorded
    current = ctx.plan.ward(existing.ward_slug)
    reading = ctx.understanding.read(text, today=ctx.today(), linked=ward)
    if ward is not None:
        reading = _with_reason(reading, named_reason)
    elif reading.ward is None and current is not None:
        reading = replace(reading, ward=current, ward_reason="kept from the original message")
    if reading.ward is None:
        return None
    draft = draft_from_reading(ctx, reading, text=text)
    themes = draft.themes or existing.themes
    priority = choose_priority(ctx, draft.ward_slug, themes)
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


async def personal_data_choice(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """The answer to the personal-data warning: redact, keep as written, or drop."""
    if action.name == PD_CANCEL:
        return await _forget(ctx, incoming, action)
    held = await take_held(ctx, incoming, _held_key(action.value))
    if held.taken_at is not None:
        return await _dealt_with(ctx, held)
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
    held = await take_held(ctx, incoming, _held_key(action.value, expired=EXPIRED_DONT_LOG))
    if held.taken_at is not None:
        return await _dealt_with(ctx, held)
    await settle_held(ctx.db, key=held.key)
    return Reply(text="Not logged, and the post is forgotten.", visibility=Visibility.ASKER)


async def log_in_ward(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """The answer to "which ward is this for?": log the post in the ward chosen."""
    value = _button_value(action.value)
    held = await take_held(ctx, incoming, _held_key(action.value))
    if held.taken_at is not None:
        return await _dealt_with(ctx, held)
    text, posted = held.text, as_posted(held, incoming)
    slug = value.get("ward")
    ward = ctx.plan.ward(slug) if isinstance(slug, str) else None
    if ward is None:
        raise UserError("That ward is no longer in the plan; please log the update again.")
    reading = ctx.understanding.read(text, today=ctx.today(), linked=ward)
    reading = replace(reading, ward_reason="chosen by the person who logged it")
    stored = await _record(ctx, posted, draft_from_reading(ctx, reading, text=text))
    await settle_held(ctx.db, key=held.key)
    return logged_reply(ctx, stored.update, repeat=not stored.created)


def _button_value(value: str) -> dict[str, Any]:
    try:
        found = json.loads(value)
    except ValueError:
        raise UserError(EXPIRED_BUTTON) from None
    if not isinstance(found, dict):
        raise UserError(EXPIRED_BUTTON)  # a forged or damaged button
    return found


def _held_key(value: str, *, expired: str = EXPIRED_BUTTON) -> str:
    """The held post a button names. A button carries that key and never the post itself
    (Teams card data comes from the client); any other value is refused as expired."""
    try:
        key = _button_value(value).get("held")
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

    Its `taken_at` is set when it was dealt with already (see `_dealt_with`).
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


async def _dealt_with(ctx: Context, held: domain.HeldPost) -> Reply:
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
