"""A digest as wardbot shows it: its text, its card with the chart, and the reply."""

from __future__ import annotations

from handlers import domain
from handlers.chat.messages import Card, Fact, Image, Reply, Section, Visibility
from handlers.digests.build import IDS_SHOWN, AimSummary, Digest, link_of
from handlers.digests.chart import render_png
from handlers.digests.impact import impact_lines, impact_sections


def ids_text(ids: tuple[int, ...], total: int | None = None, limit: int = IDS_SHOWN) -> str:
    """The first ids, and how many more `total` counts (the ids may be the first few only)."""
    if not ids:
        return "none"
    shown = ids[:limit]
    more = (len(ids) if total is None else total) - len(shown)
    return " ".join(f"#{i}" for i in shown) + (f" and {more} more" if more > 0 else "")


def notable_line(update: domain.Update) -> str:
    text = " ".join(update.text.split())
    if len(text) > 160:
        text = text[:159] + "…"
    bits = []
    if update.people_reached:
        bits.append(f"{update.people_reached:,} reached")
    if update.volunteers:
        bits.append(f"{update.volunteers:,} volunteers")
    if update.case_study:
        bits.append("case study")
    who = update.author + (f" with {', '.join(update.partners)}" if update.partners else "")
    line = f"#{update.id} {update.ward_name}, {update.occurred_on:%d %b} — {who}: {text}"
    if bits:
        line += f" ({', '.join(bits)})"
    link = link_of(update)
    return line + (f" {link}" if link else "")


def headline_facts(digest: Digest) -> tuple[Fact, ...]:
    h = digest.headline
    facts = [
        Fact("Period", f"{digest.period.label} (ward plans {digest.plan_year})"),
        Fact("Updates", f"{h.updates.value:,}"),
    ]
    if h.wards_total > 1:
        facts.append(Fact("Wards active", f"{h.wards_active.value} of {h.wards_total}"))
    facts += [
        Fact(
            "People reached",
            f"{h.people_reached.value:,} · "
            + ids_text(h.people_reached.update_ids, h.people_reached.count),
        ),
        Fact(
            "Volunteers",
            f"{h.volunteers.value:,} · {ids_text(h.volunteers.update_ids, h.volunteers.count)}",
        ),
        Fact(
            "Partner organisations",
            f"{len(h.partners)}"
            + (f": {', '.join(h.partners)} · {ids_text(h.partner_updates)}" if h.partners else ""),
        ),
    ]
    if h.priorities_known:
        facts.append(
            Fact("Ward priorities with activity", f"{h.priorities_active} of {h.priorities_known}")
        )
    return tuple(facts)


def aim_text(aim: AimSummary) -> str:
    if not aim.count:
        return "No activity logged against this aim in the period."
    wards = ", ".join(aim.wards)
    return (
        f"{aim.count} update(s) in {len(aim.wards)} ward(s): {wards}. "
        f"{aim.people_reached:,} people reached. Counts {ids_text(aim.updates, aim.count)}."
    )


def gaps_text(digest: Digest, limit: int = 15) -> str:
    lines = [f"{g.ward_name} — {g.number}. {g.title}" for g in digest.gaps[:limit]]
    if len(digest.gaps) > limit:
        lines.append(f"…and {len(digest.gaps) - limit} more (see the Board report).")
    if digest.quiet_wards and len(digest.quiet_wards) < digest.headline.wards_total:
        lines.append(f"No activity at all: {', '.join(digest.quiet_wards)}.")
    if digest.plan_unknown and digest.headline.wards_total > 1:
        lines.append(
            f"{len(digest.plan_unknown)} ward(s) have no priorities in the loaded plan, "
            "so their gaps cannot be shown."
        )
    return "\n".join(lines) or "Every ward priority in the plan had activity."


def rising_text(digest: Digest) -> str:
    if not digest.rising:
        return f"No theme rose against {digest.previous_period.label}."
    return "\n".join(
        f"{r.label}: {r.now} update(s), {r.before} in {digest.previous_period.label} "
        f"({ids_text(r.update_ids, r.now, 8)})"
        for r in digest.rising
    )


def digest_text(digest: Digest) -> str:
    """The whole digest as plain text: the terminal, and the notification fallback."""
    lines = [f"{digest.title} — {digest.scope}"]
    lines += [f"  {f.label}: {f.value}" for f in headline_facts(digest)]
    if digest.headline.unthemed:
        h = digest.headline
        lines.append(f"  Updates with no theme: {ids_text(h.unthemed, h.unthemed_count)}")
    for aim in digest.aims:
        lines += ["", aim.title, f"  {aim_text(aim)}"]
        lines += [f"  • {notable_line(u)}" for u in aim.notable]
    lines += ["", "Ward priorities with no activity (the gaps)"]
    lines += [f"  {line}" for line in gaps_text(digest).splitlines()]
    lines += ["", f"Themes rising against {digest.previous_period.label}"]
    lines += [f"  {line}" for line in rising_text(digest).splitlines()]
    lines += ["", "Good practice to share across wards (case studies)"]
    if digest.good_practice:
        lines += [f"  • {notable_line(u)}" for u in digest.good_practice]
    else:
        lines.append("  No case studies were logged in the period.")
    if digest.impact is not None:
        lines += impact_lines(digest.impact)
    return "\n".join(lines)


def _update_section(update: domain.Update) -> Section:
    line = notable_line(update)
    link = link_of(update)
    text = line.removesuffix(f" {link}") if link else line
    title, _, rest = text.partition(" — ")
    return Section(title=title, text=rest, link=link)


def digest_card(digest: Digest, png: bytes) -> Card:
    sections: list[Section] = []
    for aim in digest.aims:
        sections.append(Section(title=aim.title, text=aim_text(aim)))
        sections += [_update_section(u) for u in aim.notable]
    sections.append(Section(title="Ward priorities with no activity", text=gaps_text(digest)))
    sections.append(
        Section(
            title=f"Themes rising against {digest.previous_period.label}", text=rising_text(digest)
        )
    )
    if digest.good_practice:
        sections.append(
            Section(
                title="Good practice to share across wards",
                text=f"{len(digest.good_practice)} case stud(ies) this period:",
            )
        )
        sections += [_update_section(u) for u in digest.good_practice]
    if digest.impact is not None:
        sections += impact_sections(digest.impact)
    return Card(
        title=digest.title,
        subtitle=f"{digest.scope} · {digest.council} ward plans {digest.plan_year}",
        facts=headline_facts(digest),
        sections=tuple(sections),
        image=Image(
            alt=f"Chart, {digest.chart.title}: "
            + "; ".join(p.title.lower() for p in digest.chart.panels),
            png=png,
            data=tuple(
                Section(
                    title=panel.title,
                    facts=tuple(Fact(bar.label, str(bar.value)) for bar in panel.bars),
                )
                for panel in digest.chart.panels
            ),
        ),
        footer="Numbers count the updates listed (#id). Full tables: `wardbot report`.",
    )


def digest_reply(digest: Digest, *, visibility: Visibility = Visibility.CHANNEL) -> Reply:
    """The digest as a neutral reply. Renders the chart (CPU: call it off the event loop)."""
    png = render_png(digest.chart)
    return Reply(text=digest_text(digest), card=digest_card(digest, png), visibility=visibility)
