"""Money in a digest or report: raised, granted and spent, by fund, ward and Board aim."""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers import domain
from handlers.chat.context import Context
from handlers.digests.periods import Period
from handlers.reading.money import GRANTED, KINDS, RAISED, SPENT, money_of
from storage.money import money_rows

NO_FUND = "no fund named"


@dataclass(slots=True)
class Totals:
    raised: float = 0.0
    granted: float = 0.0
    spent: float = 0.0
    update_ids: list[int] = field(default_factory=list)

    def add(self, kind: str, amount: float, update_id: int) -> None:
        if kind == RAISED:
            self.raised += amount
        elif kind == GRANTED:
            self.granted += amount
        elif kind == SPENT:
            self.spent += amount
        self.update_ids.append(update_id)

    @property
    def total(self) -> float:
        return self.raised + self.granted + self.spent


@dataclass(frozen=True, slots=True)
class MoneyLine:
    label: str
    raised: float
    granted: float
    spent: float
    update_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class MoneySection:
    total: MoneyLine
    by_fund: tuple[MoneyLine, ...]
    by_ward: tuple[MoneyLine, ...]
    by_aim: tuple[MoneyLine, ...]  # an update serving two aims counts under each


def _line(label: str, totals: Totals) -> MoneyLine:
    return MoneyLine(
        label, totals.raised, totals.granted, totals.spent, tuple(sorted(totals.update_ids))
    )


async def gather_money(
    ctx: Context, *, period: Period, wards: tuple[domain.Ward, ...], every_ward: bool
) -> MoneySection:
    rows = await money_rows(
        ctx.db,
        since=period.start,
        until=period.end,
        ward_ids=None if every_ward else {w.id for w in wards},
    )
    names = {w.id: w.name for w in wards}
    aims = {a.key: a.title for a in ctx.plan.board_aims}
    total = Totals()
    funds: dict[str, Totals] = {}
    by_ward: dict[str, Totals] = {}
    by_aim: dict[str, Totals] = {}
    for row in rows:
        if row.ward_id not in names:
            continue
        money = money_of(row.text, row.amount, ctx.plan.funds)
        total.add(money.kind, money.amount, row.update_id)
        funds.setdefault(money.fund or NO_FUND, Totals()).add(
            money.kind, money.amount, row.update_id
        )
        by_ward.setdefault(names[row.ward_id], Totals()).add(
            money.kind, money.amount, row.update_id
        )
        served = dict.fromkeys(
            t.board_aim for key in row.themes if (t := ctx.plan.theme(key)) is not None
        )
        for aim in served or ("",):
            label = aims.get(aim, "No Board aim (no theme)")
            by_aim.setdefault(label, Totals()).add(money.kind, money.amount, row.update_id)
    ordered = [a.title for a in ctx.plan.board_aims]

    def biggest(items: dict[str, Totals]) -> tuple[MoneyLine, ...]:
        return tuple(
            _line(k, v) for k, v in sorted(items.items(), key=lambda kv: (-kv[1].total, kv[0]))
        )

    return MoneySection(
        total=_line("All", total),
        by_fund=biggest(funds),
        by_ward=biggest(by_ward),
        by_aim=tuple(
            _line(k, by_aim[k])
            for k in sorted(by_aim, key=lambda k: ordered.index(k) if k in ordered else 99)
        ),
    )


def pounds(value: float) -> str:
    return f"£{value:,.2f}".replace(".00", "")


def money_text(line: MoneyLine) -> str:
    parts = [f"{pounds(getattr(line, kind))} {kind}" for kind in KINDS if getattr(line, kind)]
    ids = " ".join(f"#{i}" for i in line.update_ids[:8])
    more = len(line.update_ids) - 8
    return f"{', '.join(parts) or '£0'} ({ids}" + (f" and {more} more" if more > 0 else "") + ")"


def money_lines(section: MoneySection, *, limit: int | None = 8) -> list[str]:
    if not section.total.update_ids:
        return ["No money raised, granted or spent was logged in the period."]
    lines = [f"In all: {money_text(section.total)}"]
    for title, items in (
        ("By fund", section.by_fund),
        ("By ward", section.by_ward),
        ("By Board aim", section.by_aim),
    ):
        lines.append(f"{title}:")
        shown = items if limit is None else items[:limit]
        lines += [f"  {i.label}: {money_text(i)}" for i in shown]
        if limit is not None and len(items) > limit:
            lines.append(f"  …and {len(items) - limit} more")
    return lines
