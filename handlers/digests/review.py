"""A ward's review for the yearly refresh of its plan: over the last 12 months, the themes
raised there that its plan does not carry (counts and examples), its priorities with no
activity, and its outcome measures off track."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from handlers import domain
from handlers.chat.context import Context
from handlers.digests.measures import MeasureLine, gather_measures, measure_text
from handlers.digests.periods import Period
from storage.review import priorities_tied, theme_examples, themes_raised
from storage.updates import updates_by_id

WINDOW = timedelta(days=365)
EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class RaisedTheme:
    key: str
    label: str
    updates: int
    examples: tuple[domain.Update, ...]


@dataclass(frozen=True, slots=True)
class WardReview:
    ward: domain.Ward
    since: date
    until: date
    priorities_known: bool
    not_in_plan: tuple[RaisedTheme, ...]  # most raised first
    quiet_priorities: tuple[domain.Priority, ...]
    off_track: tuple[MeasureLine, ...]
    no_reading: tuple[MeasureLine, ...]


async def review_ward(ctx: Context, ward: domain.Ward, *, today: date) -> WardReview:
    since, until = today - WINDOW, today
    raised = await themes_raised(ctx.db, ward_id=ward.id, since=since, until=until)
    priorities = ctx.plan.priorities_of(ward.slug)
    carried = {t for p in priorities for t in p.themes}
    missing = sorted((key for key in raised if key not in carried), key=lambda k: (-raised[k], k))
    examples = await theme_examples(
        ctx.db, ward_id=ward.id, since=since, until=until, themes=missing, each=EXAMPLES
    )
    shown = {
        u.id: u
        for u in await updates_by_id(ctx.db, ids=[i for ids in examples.values() for i in ids])
    }
    not_in_plan = tuple(
        RaisedTheme(
            key,
            (ctx.plan.theme(key).label if ctx.plan.theme(key) else key),  # type: ignore[union-attr]
            raised[key],
            tuple(shown[i] for i in examples.get(key, []) if i in shown),
        )
        for key in missing
    )
    tied = await priorities_tied(
        ctx.db, ward_id=ward.id, priority_ids={p.id for p in priorities}, since=since, until=until
    )
    quiet = tuple(
        p for p in priorities if p.id not in tied and not any(raised.get(t) for t in p.themes)
    )
    measures = await gather_measures(
        ctx, period=Period(since, until), wards=(ward,), every_ward=False
    )
    return WardReview(
        ward=ward,
        since=since,
        until=until,
        priorities_known=bool(priorities),
        not_in_plan=not_in_plan,
        quiet_priorities=quiet,
        off_track=measures.off_track,
        no_reading=tuple(m for m in measures.lines if m.measure.latest is None),
    )


def example_line(update: domain.Update) -> str:
    text = " ".join(update.text.split())
    text = text if len(text) <= 140 else text[:139] + "…"
    return f"#{update.id} {update.occurred_on:%d %b} {update.ward_name}: {text}"


def review_lines(review: WardReview) -> list[str]:
    lines = [
        f"{review.ward.name}: review of the ward plan, {review.since:%d %b %Y} – "
        f"{review.until:%d %b %Y}",
        "",
        "Raised here, not in the ward plan:",
    ]
    if review.not_in_plan:
        for theme in review.not_in_plan:
            lines.append(f"  {theme.label}: {theme.updates} update(s)")
            lines += [f"    {example_line(u)}" for u in theme.examples]
    else:
        lines.append("  Nothing: every theme raised is carried by a priority.")
    lines += ["", "Priorities with no activity:"]
    if not review.priorities_known:
        lines.append("  This ward's priorities are not in the loaded plan.")
    elif review.quiet_priorities:
        lines += [f"  {p.number}. {p.title}" for p in review.quiet_priorities]
    else:
        lines.append("  None: every priority had activity.")
    lines += ["", "Outcome measures off track:"]
    if review.off_track:
        lines += [f"  {measure_text(m)}" for m in review.off_track]
    else:
        lines.append("  None.")
    if review.no_reading:
        lines.append("  No reading yet: " + ", ".join(m.measure.name for m in review.no_reading))
    return lines
