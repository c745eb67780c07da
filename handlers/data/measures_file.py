"""Outcome measures from a spreadsheet: read and validate every row; nothing here writes.

Columns by name: ward, priority (number, optional), project (optional), name, unit,
baseline, baseline_date, target, target_date, source, and value, value_date for a reading.
A row with a name and its baseline or target (re)defines a measure; a row with only a
value adds a reading to the measure of that name and ward (in the file or already held).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from handlers import domain
from handlers.chat.context import Context
from handlers.data import rows
from handlers.data.imports import DATE_FORMATS, MAX_BYTES, FileRefused, Rejected, read_table
from handlers.data.rows import Cell, RowError
from storage.measures import name_key

COLUMNS = (
    "ward",
    "priority",
    "project",
    "name",
    "unit",
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "source",
    "value",
    "value_date",
)
DEFINING = ("unit", "baseline", "baseline_date", "target", "target_date", "source", "project")
MAX_ROWS = 100_000
MAX_VALUE = 1e12


@dataclass(frozen=True, slots=True)
class MeasuresFile:
    measures: list[domain.NewMeasure]
    readings: list[domain.NewReading]
    rejected: list[Rejected]
    total: int
    ignored_columns: tuple[str, ...] = ()


def read_measures(
    ctx: Context,
    path: Path,
    *,
    held: set[tuple[str, str]],
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> MeasuresFile:
    """Every row checked; `held` is the (ward slug, name key) of measures already stored."""
    header, rows = read_table(path, max_bytes=max_bytes)
    clean = [h.strip().lower().replace(" ", "_") for h in header]
    index = {name: clean.index(name) for name in COLUMNS if name in clean}
    missing = [c for c in ("ward", "name") if c not in index]
    if missing:
        raise FileRefused(
            f"The file has no {' or '.join(missing)} column. Its columns are: "
            f"{', '.join(h or '(blank)' for h in header)}. Columns I read: {', '.join(COLUMNS)}."
        )
    ignored = tuple(h for h, c in zip(header, clean, strict=True) if c not in COLUMNS and h.strip())
    measures: dict[tuple[str, str], domain.NewMeasure] = {}
    readings: list[domain.NewReading] = []
    rejected: list[Rejected] = []
    total = 0
    for number, values in rows:
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        total += 1
        if total > max_rows:
            raise FileRefused(f"{path.name} has more than {max_rows:,} rows; please split it.")
        try:
            measure, reading = _row(ctx, values, index)
            key = (measure.ward_slug, name_key(measure.name))
            defines = any(_given(values, index, c) for c in DEFINING)
            if not defines and reading is None:
                raise RowError("nothing to record: give a baseline and target, or a value")
            if defines:
                measures[key] = measure
            elif key not in measures and key not in held:
                raise RowError(
                    f"no measure called '{measure.name[:60]}' in {_ward_name(ctx, key[0])}: "
                    "define it (with its baseline and target) before its readings"
                )
            if reading is not None:
                readings.append(reading)
        except RowError as exc:
            rejected.append(Rejected(number, str(exc)))
    return MeasuresFile(list(measures.values()), readings, rejected, total, ignored)


def _ward_name(ctx: Context, slug: str) -> str:
    ward = ctx.plan.ward(slug)
    return ward.name if ward else slug


def _given(values: list[Cell], index: dict[str, int], name: str) -> bool:
    return rows.text(values, index, name) != ""


def _row(
    ctx: Context, values: list[Cell], index: dict[str, int]
) -> tuple[domain.NewMeasure, domain.NewReading | None]:
    ward = rows.ward_named(ctx.understanding.names, rows.text(values, index, "ward"))
    name = rows.text(values, index, "name")
    if not name:
        raise RowError("no measure name")
    if len(name) > 200:
        raise RowError("the name is longer than 200 characters")
    priority = _priority(ctx, ward, rows.text(values, index, "priority"))
    unit = rows.text(values, index, "unit")
    if len(unit) > 40:
        raise RowError("the unit is longer than 40 characters")
    measure = domain.NewMeasure(
        ward_slug=ward.slug,
        name=name,
        unit=unit,
        priority_number=priority,
        project=rows.text(values, index, "project")[:200],
        baseline=_number(values, index, "baseline"),
        baseline_on=_date(ctx, values, index, "baseline_date", past=True),
        source=rows.text(values, index, "source")[:500],
        target=_number(values, index, "target"),
        target_on=_date(ctx, values, index, "target_date", past=False),
    )
    value = _number(values, index, "value")
    day = _date(ctx, values, index, "value_date", past=True)
    if value is None and day is not None:
        raise RowError("a value_date without a value")
    if value is not None and day is None:
        raise RowError("a value needs its value_date (the day it was measured)")
    reading = (
        domain.NewReading(ward.slug, name, value, day)
        if value is not None and day is not None
        else None
    )
    return measure, reading


def _priority(ctx: Context, ward: domain.Ward, raw: str) -> int | None:
    if not raw:
        return None
    try:
        number = int(float(raw))
    except ValueError:
        raise RowError(f"priority should be the priority's number, not '{raw[:20]}'") from None
    if number not in {p.number for p in ctx.plan.priorities_of(ward.slug)}:
        raise RowError(f"{ward.name} has no priority {number} in the current plan")
    return number


def _number(values: list[Cell], index: dict[str, int], name: str) -> float | None:
    value = rows.cell(values, index, name)
    if value is None or (isinstance(value, str) and not value):
        return None
    raw = str(value).replace(",", "").replace("£", "").removesuffix("%").strip()
    try:
        number = float(raw)
    except ValueError:
        raise RowError(f"{name} should be a number, not '{str(value)[:20]}'") from None
    if not math.isfinite(number) or abs(number) > MAX_VALUE:
        raise RowError(f"{name} is not a number I can keep ('{str(value)[:20]}')")
    return number


def _date(
    ctx: Context, values: list[Cell], index: dict[str, int], name: str, *, past: bool
) -> date | None:
    value = rows.cell(values, index, name)
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        raw = "" if value is None else str(value).strip()
        if not raw:
            return None
        for fmt in DATE_FORMATS:
            try:
                day = datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise RowError(f"{name} '{raw[:30]}' isn't a date I can read (use 2025-06-30)")
    if past and day > ctx.today():
        raise RowError(f"the {name} {day:%d %b %Y} is in the future")
    if day.year < 1990 or day.year > 2100:
        raise RowError(f"the {name} {day:%d %b %Y} is out of range")
    return day
