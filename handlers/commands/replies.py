"""How stored things read in a reply: shared by every command that shows updates."""

from __future__ import annotations

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.messages import Fact, Section
from handlers.reading.money import money_of


def theme_labels(ctx: Context, keys: tuple[str, ...]) -> str:
    labels = []
    for key in keys:
        theme = ctx.plan.theme(key)
        labels.append(theme.label if theme else key)
    return ", ".join(labels)


def update_facts(ctx: Context, update: domain.Update) -> list[Fact]:
    facts = [Fact("Ward", update.ward_name)]
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
