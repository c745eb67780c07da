"""How stored things read in a reply: shared by every command that shows updates."""

from __future__ import annotations

import json

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.messages import Button, Card, Fact, Reply, Section, Visibility
from handlers.reading.money import money_of


def theme_labels(ctx: Context, keys: tuple[str, ...]) -> str:
    labels = []
    for key in keys:
        theme = ctx.plan.theme(key)
        labels.append(theme.label if theme else key)
    return ", ".join(labels)


def update_facts(ctx: Context, update: domain.Update) -> list[Fact]:
    facts = [Fact("Ward", update.ward_name)]
    if update.place_name:
        kind = f" ({update.place_kind.replace('_', ' ')})" if update.place_kind else ""
        facts.append(Fact("Place", update.place_name + kind))
    if update.priority:
        facts.append(Fact("Priority", f"{update.priority.number}: {update.priority.title}"))
    else:
        facts.append(Fact("Priority", "none matched in the current plan"))
    if update.themes:
        facts.append(Fact("Themes", theme_labels(ctx, update.themes)))
    if update.people_reached is not None:
        facts.append(Fact("People reached", str(update.people_reached)))
    if update.volunteers is not None:
        facts.append(Fact("Volunteers", str(update.volunteers)))
    for name, value in update.quantities.items():
        if name == "money_gbp":
            money = money_of(update.text, value, ctx.plan.funds)
            shown = f"£{value:,.2f}".replace(".00", "") + f" {money.kind}"
            facts.append(Fact("Money", shown + (f" ({money.fund})" if money.fund else "")))
            continue
        facts.append(Fact(name.replace("_", " ").capitalize(), f"{value:g}"))
    if update.partners:
        facts.append(Fact("Partners", ", ".join(update.partners)))
    facts.append(Fact("Date", update.occurred_on.strftime("%a %d %b %Y")))
    facts.append(Fact("By", update.author))
    if update.case_study:
        facts.append(Fact("Case study", "yes"))
    if update.evidence_link:
        facts.append(Fact("Evidence", update.evidence_link))
    return facts


def update_line(update: domain.Update) -> str:
    """One update as a line: date, ward, text, numbers."""
    line = f"#{update.id} {update.occurred_on:%d %b} {update.ward_name}: {_short(update.text)}"
    counts = people_counts(update)
    return f"{line} — {counts}" if counts else line


def people_counts(update: domain.Update) -> str:
    """People reached and volunteers, never added together: one definition everywhere (the
    people an activity reached; the volunteers who ran it)."""
    parts = []
    if update.people_reached:
        parts.append(f"{update.people_reached:,} reached")
    if update.volunteers:
        parts.append(f"{update.volunteers:,} volunteers")
    return ", ".join(parts)


def update_section(ctx: Context, update: domain.Update) -> Section:
    facts = []
    if update.priority:
        facts.append(Fact("Priority", f"{update.priority.number}: {update.priority.title}"))
    if update.themes:
        facts.append(Fact("Themes", theme_labels(ctx, update.themes)))
    if update.people_reached is not None:
        facts.append(Fact("People reached", str(update.people_reached)))
    if update.volunteers is not None:
        facts.append(Fact("Volunteers", str(update.volunteers)))
    facts.append(Fact("By", update.author))
    return Section(
        title=f"#{update.id} · {update.occurred_on:%d %b %Y} · {update.ward_name}",
        text=_short(update.text, 400),
        facts=tuple(facts),
        link=update.source_link,
    )


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


CASE_BUTTON = "case"  # make an update a case study: opens the story form
PARTNER_ADD = "partner_add"  # "Add Kimberworth Park Bowls Club as a partner?"


def logged_reply(
    ctx: Context, update: domain.Update, *, repeat: bool = False, offers: tuple[str, ...] = ()
) -> Reply:
    """What was recorded, with buttons to change or undo it, make it a case study, and add
    any organisation it names that wardbot does not know yet (`offers`) as a partner."""
    verb = "Already logged" if repeat else "Logged"
    title = f"{verb} for {update.ward_name} (#{update.id})"
    summary = [title]
    if update.priority:
        summary.append(f"priority {update.priority.number}: {update.priority.title}")
    if update.people_reached:
        summary.append(f"{update.people_reached} people reached")
    if update.volunteers:
        summary.append(f"{update.volunteers} volunteers")
    asked = "".join(f" Add {name} as a partner?" for name in offers)
    return Reply(
        text=" — ".join(summary) + f". Undo with `undo {update.id}`." + asked,
        card=Card(
            title=title,
            subtitle=update.text[:300],
            facts=tuple(update_facts(ctx, update)),
            buttons=(
                Button("Change", "change", str(update.id)),
                Button("Undo", "undo", str(update.id), style="danger"),
                Button("Case study", CASE_BUTTON, str(update.id)),
                *(partner_button(update.id, name) for name in offers),
            ),
            footer=f"Why: {update.explanation}" if update.explanation else "",
        ),
        visibility=Visibility.CHANNEL,
    )


def partner_button(update_id: int, name: str) -> Button:
    shown = name if len(name) <= 40 else name[:39] + "…"
    return Button(
        f"Add {shown} as a partner?",
        PARTNER_ADD,
        json.dumps({"update": update_id, "name": name[:200]}),
    )
