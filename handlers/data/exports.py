"""Activity out to a spreadsheet (CSV or XLSX), in the columns `wardbot import` reads back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from handlers import domain
from handlers.chat.context import Context
from handlers.data import spreadsheets
from handlers.reading.money import money_of
from storage.updates import list_updates

COLUMNS = (
    "id",
    "date",
    "ward",
    "priority",
    "themes",
    "text",
    "people_reached",
    "volunteers",
    "partners",
    "evidence_link",
    "case_study",
    "author",
    "organisation",
    "platform",
    "logged_at",
    "place",
    "place_kind",
    # Money named in the update: the sum, raised / granted / spent, and its fund.
    "money_gbp",
    "money_kind",
    "money_fund",
)


def row_of(update: domain.Update, funds: Sequence[domain.Fund] = ()) -> list[object]:
    amount = update.quantities.get("money_gbp")
    money = money_of(update.text, amount, funds) if amount is not None else None
    return [
        update.id,
        update.occurred_on.isoformat(),
        update.ward_name,
        update.priority.number if update.priority else "",
        " ".join(update.themes),
        update.text,
        "" if update.people_reached is None else update.people_reached,
        "" if update.volunteers is None else update.volunteers,
        "; ".join(update.partners),
        update.evidence_link,
        "yes" if update.case_study else "no",
        update.author,
        update.author_organisation,
        update.platform,
        update.created_at.isoformat(timespec="seconds"),
        update.place_name,
        update.place_kind,
        "" if money is None else money.amount,
        "" if money is None else money.kind,
        "" if money is None else money.fund,
    ]


async def updates_for_export(
    ctx: Context, *, since: date | None, until: date | None, ward_slug: str | None
) -> list[domain.Update]:
    found = await list_updates(ctx.db, ward_slug=ward_slug, since=since, until=until, limit=None)
    return sorted(found, key=lambda u: (u.occurred_on, u.id))


def write_csv(
    path: Path, updates: Iterable[domain.Update], *, funds: Sequence[domain.Fund] = ()
) -> int:
    return spreadsheets.write_csv(path, COLUMNS, (row_of(u, funds) for u in updates))


def write_xlsx(
    path: Path, updates: Iterable[domain.Update], *, funds: Sequence[domain.Fund] = ()
) -> int:
    rows = (row_of(u, funds) for u in updates)
    return spreadsheets.write_xlsx(path, COLUMNS, rows, sheet="Activity")
