"""Activity out to a spreadsheet (CSV or XLSX), in the columns `wardbot import` reads back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from handlers import domain
from handlers.chat.context import Context
from handlers.data import spreadsheets
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
)


def row_of(update: domain.Update) -> list[object]:
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
    ]


async def updates_for_export(
    ctx: Context, *, since: date | None, until: date | None, ward_slug: str | None
) -> list[domain.Update]:
    found = await list_updates(ctx.db, ward_slug=ward_slug, since=since, until=until, limit=None)
    return sorted(found, key=lambda u: (u.occurred_on, u.id))


def write_csv(path: Path, updates: Iterable[domain.Update]) -> int:
    return spreadsheets.write_csv(path, COLUMNS, map(row_of, updates))


def write_xlsx(path: Path, updates: Iterable[domain.Update]) -> int:
    return spreadsheets.write_xlsx(path, COLUMNS, map(row_of, updates), sheet="Activity")
