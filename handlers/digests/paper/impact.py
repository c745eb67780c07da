"""The Board paper's evidence-of-impact section: outcome measures (baseline -> latest ->
target beside the activity against the same priority or project), money raised, granted
and spent (by fund, ward and Board aim), and the good practice shared between wards.
Its data is the digest's `impact` (handlers/digests/impact.py)."""

from __future__ import annotations

from handlers.digests.impact import Impact, story_text
from handlers.digests.measures import number
from handlers.digests.money import MoneyLine, pounds
from handlers.digests.paper.data import PaperData
from handlers.digests.paper.model import Column, Paragraph, Section, Table, Tone

REFS = 8


def _refs(ids: tuple[int, ...]) -> str:
    shown = " ".join(f"#{i}" for i in ids[:REFS])
    return shown + (f" and {len(ids) - REFS} more" if len(ids) > REFS else "") or "none"


def _measures(impact: Impact) -> Section:
    rows = []
    for line in impact.measures.lines:
        m = line.measure

        def at(value: float | None, day: object, unit: str = m.unit) -> str:
            return number(value, unit) + (f" ({day:%b %Y})" if day else "")

        track = {True: "on track", False: "off track", None: "—"}[line.on_track]
        rows.append(
            (
                m.name,
                m.ward_name,
                at(m.baseline, m.baseline_on),
                at(m.latest, m.latest_on) if m.latest is not None else "no reading yet",
                at(m.target, m.target_on),
                f"{line.direction}, {track}",
                f"{line.against or '—'}: {len(line.activity)} update(s) {_refs(line.activity)}",
                m.source or "—",
            )
        )
    return Section(
        "impact-measures",
        "Outcome measures",
        (
            Paragraph(
                "Each measure as its baseline, its latest reading on or before the end of the "
                "period, and its target, beside the activity logged against the same priority "
                "or project in the period."
            ),
            Table(
                caption="Outcome measures: baseline → latest → target",
                columns=(
                    Column("Measure", width=2),
                    Column("Ward"),
                    Column("Baseline"),
                    Column("Latest"),
                    Column("Target"),
                    Column("Direction"),
                    Column("Activity against it", width=2),
                    Column("Source"),
                ),
                rows=tuple(rows),
                empty="No outcome measures are recorded for these wards.",
            ),
        ),
    )


def _money_rows(items: tuple[MoneyLine, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (i.label, pounds(i.raised), pounds(i.granted), pounds(i.spent), _refs(i.update_ids))
        for i in items
    )


def _money(impact: Impact) -> Section:
    money = impact.money
    columns = (
        Column("", width=2),
        Column("Raised", numeric=True),
        Column("Granted", numeric=True),
        Column("Spent", numeric=True),
        Column("Updates", width=2),
    )
    tables = tuple(
        Table(
            caption=f"Money by {title}",
            columns=(Column(title.capitalize(), width=2), *columns[1:]),
            rows=_money_rows(items),
            empty="No money was logged in the period.",
        )
        for title, items in (
            ("fund", (money.total, *money.by_fund)),
            ("ward", money.by_ward),
            ("Board aim", money.by_aim),
        )
    )
    return Section(
        "impact-money",
        "Money raised, granted and spent",
        (
            Paragraph(
                "Sums in £ named in updates, read as raised, granted or spent from the words "
                "beside them, with the fund where one is named. An update serving two Board "
                "aims counts under each.",
                tone=Tone.NOTE,
            ),
            *tables,
        ),
    )


def _shared(impact: Impact) -> Section:
    rows = []
    for s in impact.practice.shared:
        story = impact.practice.stories.get(s.update_id)
        rows.append(
            (
                f"#{s.update_id}" + (f": {story_text(story)}" if story else ""),
                s.from_ward,
                f"{s.to_ward} ({s.platform})",
                f"{s.shared_at:%d %b %Y}",
            )
        )
    return Section(
        "impact-good-practice",
        "Good practice shared with other wards",
        (
            Table(
                caption="Case studies shared with wards whose plans carry their themes",
                columns=(
                    Column("Case study", width=3),
                    Column("From"),
                    Column("Shared with"),
                    Column("On"),
                ),
                rows=tuple(rows),
                empty="No good practice was shared between wards in the period.",
            ),
        ),
    )


def impact(data: PaperData) -> Section | None:
    found = data.digest.impact
    if found is None:
        return None
    return Section(
        "impact",
        "Evidence of impact",
        (),
        subsections=(_measures(found), _money(found), _shared(found)),
    )
