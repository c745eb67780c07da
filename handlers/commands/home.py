"""A person's own page (Slack's App Home): their recent updates, their wards, ways in."""

from __future__ import annotations

from datetime import timedelta

from handlers.chat.access import check_origin
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import (
    Action,
    Actor,
    Button,
    Card,
    Choice,
    Fact,
    FormField,
    Incoming,
    Reply,
    Section,
    Visibility,
)
from handlers.commands.forms import log_form
from handlers.commands.log_update import LOG
from handlers.commands.queries import FIND, FindArgs, find, search_words
from handlers.commands.registry import Press
from handlers.commands.replies import update_line
from storage.updates import list_updates, ward_activity

OPEN_LOG_FORM = "open_log_form"
OPEN_SEARCH = "open_search_form"
SEARCH = "search"
RECENT = 5
WINDOW_DAYS = 30


async def home(ctx: Context, actor: Actor) -> Card:
    try:
        await check_origin(ctx, actor)
    except UserError as refused:  # a stranger in a shared channel: nothing of wardbot's
        return Card(title="wardbot", subtitle=str(refused))
    mine = await list_updates(ctx.db, author_key=actor.key, limit=50)
    wards = list(dict.fromkeys(u.ward_slug for u in mine))[:10]
    since = ctx.today() - timedelta(days=WINDOW_DAYS)
    activity = await ward_activity(ctx.db, wards=wards, since=since) if wards else []
    recent = tuple(Section(text=update_line(u), link=u.source_link) for u in mine[:RECENT])
    return Card(
        title="Your ward activity",
        subtitle=(
            f"You have logged {len(mine)}{'+' if len(mine) == 50 else ''} update(s)."
            if mine
            else "Nothing logged by you yet: try the button below, or `/ward log ...`."
        ),
        facts=tuple(
            Fact(a.ward_name, f"{a.updates} update(s), {a.people_reached} people reached")
            for a in activity
        ),
        sections=(Section(title="Your recent updates"), *recent) if recent else (),
        buttons=(
            Button("Log activity", OPEN_LOG_FORM, style="primary"),
            Button("Search updates", OPEN_SEARCH),
        ),
        footer=f"Your wards' activity over the last {WINDOW_DAYS} days." if activity else "",
    )


def search_form(ctx: Context, *, values: dict[str, str] | None = None) -> Card:
    values = values or {}
    return Card(
        title="Search updates",
        fields=(
            FormField(
                "words",
                "Words to look for",
                required=True,
                value=values.get("words", ""),
                placeholder="litter pick",
                max_length=200,
            ),
            FormField(
                "ward",
                "In ward",
                kind="choice",
                value=values.get("ward", ""),
                choices=tuple(Choice(w.slug, w.name) for w in ctx.plan.wards),
            ),
        ),
        submit=SEARCH,
    )


async def open_search_form(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    return Reply(text="Search updates", card=search_form(ctx), visibility=Visibility.ASKER)


async def open_log_form(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """The "Log activity" button; its value, when there is one, is the ward to start with."""
    return Reply(
        text="Log activity",
        card=log_form(ctx, ward_slug=action.value or None),
        visibility=Visibility.ASKER,
    )


async def search(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    form = action.form
    ward = ctx.plan.ward((form.get("ward") or "").strip())
    try:
        words = search_words(form.get("words") or "")
        return await find(ctx, incoming, FindArgs(words, ward))
    except UserError as exc:
        card = search_form(ctx, values=form)
        return Reply(
            text=str(exc),
            card=Card(
                title=card.title, fields=card.fields, submit=card.submit, errors={"words": str(exc)}
            ),
            visibility=Visibility.ASKER,
            ok=False,
        )


BUTTONS = (
    Press(OPEN_LOG_FORM, open_log_form, permission=LOG),
    Press(OPEN_SEARCH, open_search_form, permission=FIND),
    Press(SEARCH, search, permission=FIND),
)
