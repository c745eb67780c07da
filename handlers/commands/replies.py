"""How stored things read in a reply: shared by every command that shows updates."""

from __future__ import annotations

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.messages import Button, Card, Fact, Reply, Section, Visibility


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
        label = "Money" if name == "money_gbp" else name.replace("_", " ").capitalize()
        shown = f"£{value:,.2f}".replace(".00", "") if name == "money_gbp" else f"{value:g}"
        facts.append(Fact(label, shown))
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
    people = people_involved(update)
    if not people:
        return line
    detail = [f"{update.volunteers} volunteers"] if update.volunteers else []
    if update.volunteers and update.people_reached:
        detail.append(f"{update.people_reached} reached")
    return f"{line} — {people} people" + (f" ({', '.join(detail)})" if detail else "")


def people_involved(update: domain.Update) -> int:
    """Everyone an activity involved: the people it reached and the volunteers who ran it."""
    return (update.people_reached or 0) + (update.volunteers or 0)


def update_section(ctx: Context, update: domain.Update) -> Section:
    facts = []
    if update.priority:
        facts.append(Fact("Priority", f"{update.priority.number}: {update.priority.title}"))
    if update.themes:
        facts.append(Fact("Themes", theme_labels(ctx, update.themes)))
    if update.people_reached is not None:
        facts.append(Fact("People", str(update.people_reached)))
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
