"""A Board digest of a seeded October, checked number by number, and its chart."""

from __future__ import annotations

import io
from datetime import date

import pytest
from matplotlib.patches import Rectangle
from PIL import Image as PILImage

from handlers.chat.context import Context
from handlers.digests import build
from handlers.digests.build import Digest, build_digest, gather
from handlers.digests.chart import Bar, ChartData, Panel, figure, render_png
from handlers.digests.paper.data import gather_paper
from handlers.digests.paper.html import paper_html
from handlers.digests.paper.sections import build_paper
from handlers.digests.periods import Period
from handlers.digests.reply import digest_reply, digest_text
from tests.support.activity import October, seed_october

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def seeded(ctx: Context) -> October:
    return await seed_october(ctx.db)


@pytest.fixture
async def digest(ctx: Context, seeded: October) -> Digest:
    return build_digest(await gather(ctx, period=OCTOBER, ward_slug=None))


def test_headline_numbers_count_the_updates_they_name(digest: Digest, seeded: October) -> None:
    s = seeded
    h = digest.headline
    counted = sorted([s.litter, s.carers, s.food, s.patrol, s.walk, s.wath, s.boston, s.west])
    assert h.updates.value == 8 and list(h.updates.update_ids) == counted
    assert s.deleted not in h.updates.update_ids and s.november not in h.updates.update_ids
    assert (h.wards_active.value, h.wards_total) == (6, 25)
    assert h.people_reached.value == 40 + 120 + 300 + 25 + 60 + 80
    assert set(h.people_reached.update_ids) == {
        s.litter,
        s.carers,
        s.food,
        s.walk,
        s.wath,
        s.boston,
    }
    assert h.volunteers.value == 23 + 5 + 12
    assert set(h.volunteers.update_ids) == {s.litter, s.patrol, s.wath}
    # "Age UK Rotherham" and "age uk  rotherham" are one organisation.
    assert h.partners == (
        "Age UK Rotherham",
        "Friends of Herringthorpe Valley Park",
        "Mind",
        "Rotherham Foodbank",
    )
    assert set(h.partner_updates) == {s.litter, s.carers, s.food, s.walk}
    assert h.unthemed == (s.west,)
    assert (h.priorities_active, h.priorities_known) == (7, 27)


def test_each_board_aim_with_its_wards_and_most_notable_updates(
    digest: Digest, seeded: October
) -> None:
    s = seeded
    aims = {a.key: a for a in digest.aims}
    assert [a.key for a in digest.aims] == [
        "best_start",
        "mental_health_wellbeing",
        "live_well_longer",
        "healthy_safe_communities",
    ]
    assert aims["best_start"].updates == (s.carers,)
    assert aims["live_well_longer"].wards == ("Sitwell",)
    assert aims["mental_health_wellbeing"].updates == (s.walk,)
    safe = aims["healthy_safe_communities"]
    assert set(safe.updates) == {s.litter, s.food, s.patrol, s.walk, s.wath, s.boston}
    assert safe.wards[0] == "Rotherham East"  # two updates: the most active first
    assert set(safe.wards) == {"Rotherham East", "Sitwell", "Hoober", "Wath", "Boston Castle"}
    # Case studies first, then the most people reached.
    assert [u.id for u in safe.notable] == [s.walk, s.food, s.boston]
    assert safe.people_reached == 40 + 300 + 25 + 60 + 80


def test_gaps_are_the_ward_priorities_nothing_served(digest: Digest) -> None:
    gaps = {(g.ward_slug, g.number) for g in digest.gaps}
    # Sitwell's three priorities were all served (one by theme alone: #3 environment, housing).
    assert not {g for g in gaps if g[0] == "sitwell"}
    assert {n for w, n in gaps if w == "rotherham-east"} == {3, 4}
    assert {n for w, n in gaps if w == "hoober"} == {1, 2, 3}
    # A cost-of-living update in Boston Castle serves none of its five priorities.
    assert {n for w, n in gaps if w == "boston-castle"} == {1, 2, 3, 4, 5}
    assert len(digest.gaps) == 27 - 7
    assert len(digest.quiet_wards) == 19 and "Wath" not in digest.quiet_wards
    assert len(digest.plan_unknown) == 18


def test_rising_themes_and_good_practice(digest: Digest, seeded: October) -> None:
    assert [(r.theme_key, r.now, r.before) for r in digest.rising] == [("cost_of_living", 2, 1)]
    assert digest.rising[0].update_ids == tuple(sorted((seeded.food, seeded.boston)))
    assert digest.previous_period == Period(date(2026, 9, 1), date(2026, 9, 30))
    assert [u.id for u in digest.good_practice] == [seeded.carers, seeded.walk]


def test_the_reply_links_every_claim_back(digest: Digest, seeded: October) -> None:
    reply = digest_reply(digest)
    assert reply.card is not None and reply.card.image is not None
    assert reply.card.image.png.startswith(PNG_SIGNATURE)
    facts = {f.label: f.value for f in reply.card.facts}
    assert facts["Period"] == "October 2026 (ward plans 2025)"
    assert facts["Wards active"] == "6 of 25"
    assert facts["People reached"].startswith("625 · ")
    assert f"#{seeded.food}" in facts["People reached"]
    text = digest_text(digest)
    assert text.startswith("Borough digest: October 2026")
    assert "https://council.slack.com/archives/C1/p2" in text  # a notable update's source
    assert "https://evidence.example/hoober-walks" in text  # no permalink: its evidence
    assert "Ali Councillor with Mind" in text  # who, with whom, where
    assert "Boston Castle — 5. " in text  # a gap, named
    assert f"#{seeded.deleted}" not in text and "999" not in text
    linked = [s for s in reply.card.sections if s.link]
    assert {s.link for s in linked} >= {
        "https://council.slack.com/archives/C1/p2",
        "https://council.slack.com/archives/C2/p3",
        "https://evidence.example/hoober-walks",
    }


async def test_a_ward_digest_covers_that_ward_only(ctx: Context, seeded: October) -> None:
    ward = build_digest(await gather(ctx, period=OCTOBER, ward_slug="rotherham-east"))
    assert ward.scope == "Rotherham East"
    assert set(ward.headline.updates.update_ids) == {seeded.food, seeded.patrol}
    assert ward.headline.wards_total == 1
    assert {(g.ward_slug, g.number) for g in ward.gaps} == {
        ("rotherham-east", 3),
        ("rotherham-east", 4),
    }
    assert [p.title for p in ward.chart.panels] == ["Updates by Board aim", "Updates by theme"]


def test_the_chart_has_the_expected_bars(digest: Digest) -> None:
    by_aim, by_ward = digest.chart.panels
    assert [b.value for b in by_aim.bars] == [1, 1, 1, 6]
    assert by_ward.bars[:2] == (Bar("Rotherham East", 2), Bar("Sitwell", 2))
    assert [b.value for b in by_ward.bars] == [2, 2, 1, 1, 1, 1]
    # The 19 quiet wards are named in the text, not drawn as empty bars.
    assert by_ward.title == "Updates by ward (19 with none not shown)"
    assert sum(b.value for b in by_ward.bars) == 8
    fig = figure(digest.chart)
    drawn = [[p.get_width() for p in ax.patches if isinstance(p, Rectangle)] for ax in fig.axes]
    assert drawn[0] == [1, 1, 1, 6]
    assert drawn[1] == [b.value for b in by_ward.bars]


async def test_a_plan_of_many_wards_charts_the_busiest_and_says_so(
    ctx: Context, seeded: October, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "WARDS_CHARTED", 5)
    chart = build_digest(await gather(ctx, period=OCTOBER, ward_slug=None)).chart
    by_ward = chart.panels[1]
    assert by_ward.title == "Updates by ward: the 5 busiest of 6"  # the six with updates
    assert [b.value for b in by_ward.bars] == [2, 2, 1, 1, 1]
    assert by_ward.bars[:2] == (Bar("Rotherham East", 2), Bar("Sitwell", 2))
    assert [len(ax.patches) for ax in figure(chart).axes] == [4, 5]


def test_the_chart_is_a_png_readable_on_a_phone() -> None:
    data = ChartData(
        "Borough: October 2026",
        (
            Panel("Updates by Board aim", (Bar("Best start", 3), Bar("Live well", 5))),
            Panel("Updates by ward", (Bar("Sitwell", 4), Bar("Wath", 4))),
        ),
    )
    png = render_png(data)
    assert png.startswith(PNG_SIGNATURE)
    with PILImage.open(io.BytesIO(png)) as image:
        image.verify()
    with PILImage.open(io.BytesIO(png)) as image:
        width, height = image.size
        assert image.format == "PNG"
    assert 800 <= width <= 1300  # a phone screen's width, no tiny thumbnails
    assert height >= 400
    changed = ChartData(
        data.title, (data.panels[0], Panel("Updates by ward", (Bar("Sitwell", 9),)))
    )
    assert render_png(changed) != png
    assert render_png(data) == png  # the same data draws the same picture


async def test_the_board_report_is_one_printable_page(ctx: Context, seeded: October) -> None:
    paper = build_paper(await gather_paper(ctx, period=OCTOBER, ward_slug=None), draft=True)
    html = paper_html(paper)
    assert html.startswith("<!doctype html>")
    assert "data:image/png;base64,iVBORw0KGgo" in html  # the charts, embedded
    assert "@page { size: A4" in html and "@media print" in html
    assert f'id="u{seeded.walk}"' in html and f'href="#u{seeded.walk}"' in html
    assert 'href="https://council.slack.com/archives/C2/p3"' in html  # the source post
    assert "<script" not in html
    assert html.count('<tr id="u') == 8


def test_a_long_chart_title_is_wrapped_not_cut() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    title = "Rotherham Metropolitan Borough Council: Mon 30 Nov – Wed 02 Dec 2026"
    fig = figure(ChartData(title, (Panel("Updates by Board aim", (Bar("Aim", 3),)),)))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    shown = fig.get_suptitle()
    assert shown.replace("\n", " ") == title  # every word, on two lines
    box = fig._suptitle.get_window_extent(canvas.get_renderer())  # type: ignore[union-attr]
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width
