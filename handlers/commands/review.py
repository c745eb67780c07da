"""`review WARD`: what residents and officers raised in the last 12 months that the ward's
plan does not carry, its priorities with no activity, its measures off track."""

from __future__ import annotations

from handlers.chat.access import STAFF, Permission
from handlers.chat.context import Context
from handlers.chat.messages import Card, Incoming, Reply, Section, Visibility
from handlers.commands.queries import WardArg, parse_ward
from handlers.commands.registry import Command
from handlers.commands.replies import update_line
from handlers.digests.measures import measure_text
from handlers.digests.review import review_lines, review_ward


async def review(ctx: Context, incoming: Incoming, args: WardArg) -> Reply:
    ward = args.ward
    found = await review_ward(ctx, ward, today=ctx.today())
    raised = "\n".join(
        f"{t.label}: {t.updates} update(s)\n" + "\n".join(f"  {update_line(u)}" for u in t.examples)
        for t in found.not_in_plan
    )
    quiet = "\n".join(f"{p.number}. {p.title}" for p in found.quiet_priorities)
    off = "\n".join(measure_text(m) for m in found.off_track)
    if not found.priorities_known:
        quiet = "This ward's priorities are not in the loaded plan."
    return Reply(
        text="\n".join(review_lines(found)),
        card=Card(
            title=f"{ward.name}: review of the ward plan",
            subtitle=f"{found.since:%d %b %Y} – {found.until:%d %b %Y}",
            sections=(
                Section(
                    title="Raised here, not in the ward plan",
                    text=raised or "Nothing: every theme raised is carried by a priority.",
                ),
                Section(
                    title="Priorities with no activity",
                    text=quiet or "None: every priority had activity.",
                ),
                Section(title="Outcome measures off track", text=off or "None."),
            ),
            footer="For the yearly refresh of the ward plan.",
        ),
        visibility=Visibility.ASKER,
    )


COMMANDS = (
    Command(
        "review",
        review,
        parse=parse_ward,
        permission=Permission("review", STAFF),
        usage="review WARD",
        example="review Sitwell",
    ),
)
