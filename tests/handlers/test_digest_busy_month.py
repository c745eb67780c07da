"""A busy month: a chat digest names the first dozen updates behind each number and says
how many more; the Board report lists every one. Both say the same thing."""

from __future__ import annotations

import re
from datetime import date

import pytest

from handlers.chat.context import Context
from handlers.digests.build import IDS_SHOWN, build_digest, gather
from handlers.digests.paper.data import gather_paper
from handlers.digests.paper.html import paper_html
from handlers.digests.paper.sections import build_paper
from handlers.digests.periods import Period
from handlers.digests.reply import digest_text
from tests.support.activity import log_update

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
BUSY = 20


@pytest.fixture
async def litter_picks(ctx: Context) -> list[int]:
    ids = []
    for day in range(1, BUSY + 1):
        stored = await log_update(
            ctx.db,
            ward="sitwell",
            on=date(2026, 10, day),
            text=f"Litter pick number {day} at Herringthorpe Valley Park",
            themes=("environment",),
            people=day,
            volunteers=2,
            partners=("Friends of Herringthorpe Valley Park",) if day % 2 else (),
            case_study=day in (3, 17),
        )
        ids.append(stored.id)
    return sorted(ids)


async def test_the_chat_digest_names_the_first_dozen_and_counts_the_rest(
    ctx: Context, litter_picks: list[int]
) -> None:
    digest = build_digest(await gather(ctx, period=OCTOBER, ward_slug=None))
    h = digest.headline
    assert h.updates.value == BUSY and h.updates.count == BUSY
    assert h.updates.update_ids == tuple(litter_picks[:IDS_SHOWN])
    assert h.people_reached.value == sum(range(1, BUSY + 1))
    text = digest_text(digest)
    first = " ".join(f"#{i}" for i in litter_picks[:IDS_SHOWN])
    assert (
        f"People reached: {sum(range(1, BUSY + 1))} · {first} and {BUSY - IDS_SHOWN} more" in text
    )
    assert f"Volunteers: {2 * BUSY} · {first} and {BUSY - IDS_SHOWN} more" in text
    partnered = litter_picks[::2]  # the odd days, logged first of each pair
    assert f"Friends of Herringthorpe Valley Park · {' '.join(f'#{i}' for i in partnered)}" in text
    assert f"{BUSY} update(s) in 1 ward(s): Sitwell." in text
    # Case studies first, then the most people reached.
    safe = next(a for a in digest.aims if a.count)
    assert [u.text for u in safe.notable] == [
        "Litter pick number 17 at Herringthorpe Valley Park",
        "Litter pick number 3 at Herringthorpe Valley Park",
        "Litter pick number 20 at Herringthorpe Valley Park",
    ]
    assert [u.people_reached for u in digest.good_practice] == [17, 3]
    assert digest.updates == ()  # the chat digest reads no update it does not show


async def test_the_board_report_lists_every_update_behind_every_number(
    ctx: Context, litter_picks: list[int]
) -> None:
    full = build_digest(await gather(ctx, period=OCTOBER, ward_slug=None, every_update=True))
    brief = build_digest(await gather(ctx, period=OCTOBER, ward_slug=None))
    assert digest_text(full) == digest_text(brief)  # the same digest, however it was read
    assert full.headline.updates.update_ids == tuple(litter_picks)
    html = paper_html(
        build_paper(await gather_paper(ctx, period=OCTOBER, ward_slug=None), draft=True)
    )
    assert html.count('<tr id="u') == BUSY
    rows = {int(i) for i in re.findall(r'<tr id="u(\d+)"', html)}
    assert rows == set(litter_picks)  # every update counted has its row in the appendix
    linked = {int(i) for i in re.findall(r'href="#u(\d+)"', html)}
    assert linked and linked <= rows  # the notable updates link to their rows
