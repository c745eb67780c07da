"""What the Board paper says, read from its content model and as HTML and Word: gaps by
priority, wards with no plan, aims counted once each, and a section added as one function."""

from __future__ import annotations

import io
from datetime import date

from handlers.chat.context import Context
from handlers.digests.paper.data import PaperData, gather_paper
from handlers.digests.paper.html import paper_html
from handlers.digests.paper.model import Paragraph, Section, Table, walk
from handlers.digests.paper.sections import SECTIONS, build_paper, key_messages
from handlers.digests.paper.word import paper_docx
from handlers.digests.periods import parse_period
from tests.support.activity import log_update

Q3 = parse_period("2026-Q3", today=date(2026, 11, 4))


def _text(section: Section) -> str:
    out = [section.title]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [" | ".join(row) for row in block.rows]
    return "\n".join(out + [_text(s) for s in section.subsections])


async def test_a_priority_is_active_only_when_an_update_was_matched_to_it(ctx: Context) -> None:
    # A litter pick carries "environment", as Sitwell's flooding priority does: not enough.
    await log_update(
        ctx.db, ward="sitwell", on=date(2026, 8, 3), text="Litter pick", themes=("environment",)
    )
    await log_update(
        ctx.db,
        ward="sitwell",
        on=date(2026, 8, 4),
        text="Youth club trip with the older residents' group",
        themes=("children_young_people", "older_people"),
        priority=2,
        people=30,
    )
    paper = build_paper(await gather_paper(ctx, period=Q3, ward_slug=None), draft=True)
    gaps = next(s for s in paper.sections if s.key == "gaps")
    text = _text(gaps)
    assert "Sitwell | 1. Keep working with partners to reduce flooding impacts" in text
    assert "Sitwell | 3. Improve the environment, housing land and key local sites" in text
    assert "Improve provision for young people" not in text  # matched: active
    assert "No ward plan is loaded for Anston and Woodsetts" in text  # named, not "no gaps"
    assert "Every priority" not in text
    sitwell = next(s for _, s in walk(paper.sections) if s.key == "ward-sitwell")
    assert (
        "Priority 1, Keep working with partners to reduce flooding impacts: no matched update (a gap)"
        in str(sitwell.blocks)
    )
    assert (
        "Priority 2, Improve provision for young people and older residents: 1 matched update"
        in str(sitwell.blocks)
    )


async def test_one_update_under_two_aims_is_counted_under_each_and_said_so(ctx: Context) -> None:
    await log_update(
        ctx.db,
        ward="sitwell",
        on=date(2026, 8, 4),
        text="Youth club trip with the older residents' group",
        themes=("children_young_people", "older_people"),
    )
    data = await gather_paper(ctx, period=Q3, ward_slug=None)
    counts = {a.aim.key: len(a.updates) for a in data.aims}
    assert counts["best_start"] == 1 and counts["live_well_longer"] == 1
    assert data.digest.headline.updates.value == 1
    html = paper_html(build_paper(data, draft=True))
    assert "One update may count under several Board aims" in html
    assert 3 <= len(key_messages(data)) <= 5


async def test_a_section_is_one_function_and_every_format_renders_it(ctx: Context) -> None:
    await log_update(
        ctx.db, ward="wath", on=date(2026, 7, 9), text="Food bank", themes=("cost_of_living",)
    )

    def outcome_measures(data: PaperData) -> Section:
        return Section(
            "measures",
            "Outcome measures",
            (Table("Measures", (), (), empty=f"No measures yet for {data.period.code}."),),
        )

    paper = build_paper(
        await gather_paper(ctx, period=Q3, ward_slug=None),
        draft=True,
        sections=(*SECTIONS, outcome_measures),
    )
    assert "Outcome measures" in paper_html(paper)
    assert "No measures yet for 2026-Q3." in paper_html(paper)
    import docx

    doc = docx.Document(io.BytesIO(paper_docx(paper)))
    assert "Outcome measures" in [p.text for p in doc.paragraphs]
