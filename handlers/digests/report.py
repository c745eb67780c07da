"""The Board report: the digest at length, as one HTML file that prints to PDF for Board papers.

One self-contained page (the chart embedded as base64 PNG, no scripts, no outside links
other than the updates' own sources).
"""

from __future__ import annotations

import base64
from datetime import datetime
from html import escape

from handlers import domain
from handlers.digests.build import Digest, link_of
from handlers.digests.reply import aim_text, headline_facts

CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #1d70b8;
     padding-bottom: .2rem; margin-top: 2rem; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #b1b4b6; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f2f1; } td.n { text-align: right; white-space: nowrap; }
tr { page-break-inside: avoid; } .muted { color: #505a5f; } img { max-width: 100%; }
a { color: #1d70b8; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""


def _ref(update_id: int) -> str:
    return f'<a href="#u{update_id}">#{update_id}</a>'


def _refs(ids: tuple[int, ...]) -> str:
    return " ".join(_ref(i) for i in ids) or "—"


def _update_row(update: domain.Update) -> str:
    link = link_of(update)
    source = f'<a href="{escape(link)}">source</a>' if link else "—"
    themes = ", ".join(update.themes) or "—"
    priority = f"{update.priority.number}. {update.priority.title}" if update.priority else "—"
    return (
        f'<tr id="u{update.id}"><td>#{update.id}</td><td>{update.occurred_on:%d %b %Y}</td>'
        f"<td>{escape(update.ward_name)}</td><td>{escape(update.text)}</td>"
        f"<td>{escape(priority)}</td><td>{escape(themes)}</td>"
        f'<td class="n">{update.people_reached or ""}</td><td class="n">{update.volunteers or ""}</td>'
        f"<td>{escape(', '.join(update.partners))}</td><td>{escape(update.author)}</td>"
        f"<td>{'yes' if update.case_study else ''}</td><td>{source}</td></tr>"
    )


def _notable(update: domain.Update) -> str:
    link = link_of(update)
    source = f' · <a href="{escape(link)}">source</a>' if link else ""
    numbers = []
    if update.people_reached:
        numbers.append(f"{update.people_reached:,} reached")
    if update.volunteers:
        numbers.append(f"{update.volunteers:,} volunteers")
    if update.case_study:
        numbers.append("case study")
    who = update.author + (f" with {', '.join(update.partners)}" if update.partners else "")
    return (
        f"<li>{_ref(update.id)} <strong>{escape(update.ward_name)}</strong>, "
        f"{update.occurred_on:%d %b} — {escape(who)}: {escape(update.text)}"
        f"{' (' + ', '.join(numbers) + ')' if numbers else ''}{source}</li>"
    )


def report_html(digest: Digest, *, png: bytes, generated: datetime) -> str:
    """The report lists every update it counts: build it from `gather(..., every_update=True)`."""
    h = digest.headline
    if h.updates.count and not digest.updates:
        raise ValueError("a Board report needs every update: gather with every_update=True")
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(digest.title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(digest.title)}</h1>",
        f'<p class="muted">{escape(digest.council)} · ward plans {digest.plan_year} · '
        f"{escape(digest.scope)} · generated {generated:%d %b %Y %H:%M}</p>",
        "<h2>Headline</h2><table>",
    ]
    for fact in headline_facts(digest):
        out.append(f"<tr><th>{escape(fact.label)}</th><td>{escape(fact.value)}</td></tr>")
    out.append("</table>")
    out.append(
        f'<p class="muted">Updates counted: {_refs(h.updates.update_ids)}. '
        f"People reached counts {_refs(h.people_reached.update_ids)}; volunteers "
        f"{_refs(h.volunteers.update_ids)}; partners {_refs(h.partner_updates)}."
        + (f" No theme: {_refs(h.unthemed)}." if h.unthemed else "")
        + "</p>"
    )
    out.append(
        f'<h2>Activity by Board aim and ward</h2><img alt="{escape(digest.chart.title)}" '
        f'src="data:image/png;base64,{base64.b64encode(png).decode()}">'
    )
    out.append(
        "<h2>The Board's aims</h2><table><tr><th>Board aim</th><th>Updates</th><th>Wards</th>"
        "<th>People reached</th><th>Counts</th></tr>"
    )
    for aim in digest.aims:
        out.append(
            f"<tr><td>{escape(aim.title)}</td><td class='n'>{aim.count}</td>"
            f"<td>{escape(', '.join(aim.wards)) or '—'}</td>"
            f"<td class='n'>{aim.people_reached:,}</td><td>{_refs(aim.updates)}</td></tr>"
        )
    out.append("</table>")
    for aim in digest.aims:
        out.append(f"<h3>{escape(aim.title)}</h3><p>{escape(aim_text(aim))}</p>")
        if aim.notable:
            out.append("<ul>" + "".join(_notable(u) for u in aim.notable) + "</ul>")
    out.append("<h2>Ward priorities with no activity (the gaps)</h2>")
    if digest.gaps:
        out.append("<table><tr><th>Ward</th><th>Priority</th></tr>")
        out += [
            f"<tr><td>{escape(g.ward_name)}</td><td>{g.number}. {escape(g.title)}</td></tr>"
            for g in digest.gaps
        ]
        out.append("</table>")
    else:
        out.append("<p>Every ward priority in the plan had activity.</p>")
    if digest.quiet_wards and len(digest.quiet_wards) < h.wards_total:
        out.append(f"<p>No activity at all: {escape(', '.join(digest.quiet_wards))}.</p>")
    if digest.plan_unknown and h.wards_total > 1:
        out.append(
            f'<p class="muted">Priorities not in the loaded plan (gaps not shown): '
            f"{escape(', '.join(digest.plan_unknown))}.</p>"
        )
    out.append(f"<h2>Themes rising against {escape(digest.previous_period.label)}</h2>")
    if digest.rising:
        out.append(
            "<table><tr><th>Theme</th><th>This period</th><th>Before</th><th>Counts</th></tr>"
        )
        out += [
            f"<tr><td>{escape(r.label)}</td><td class='n'>{r.now}</td><td class='n'>{r.before}</td>"
            f"<td>{_refs(r.update_ids)}</td></tr>"
            for r in digest.rising
        ]
        out.append("</table>")
    else:
        out.append("<p>No theme rose.</p>")
    out.append("<h2>Good practice to share across wards</h2>")
    if digest.good_practice:
        out.append("<ul>" + "".join(_notable(u) for u in digest.good_practice) + "</ul>")
    else:
        out.append("<p>No case studies were logged in the period.</p>")
    out.append(
        f"<h2>Every update counted ({len(digest.updates)})</h2><table><tr><th>Id</th><th>Date</th>"
        "<th>Ward</th><th>What happened</th><th>Priority</th><th>Themes</th><th>Reached</th>"
        "<th>Volunteers</th><th>Partners</th><th>By</th><th>Case study</th><th>Source</th></tr>"
    )
    out += [_update_row(u) for u in sorted(digest.updates, key=lambda u: (u.occurred_on, u.id))]
    out.append("</table></body></html>")
    return "\n".join(out)
