"""Historic activity from a spreadsheet: read, map columns, validate every row.

Nothing here writes: `read_import` returns the rows ready to store and the rows refused
with their reasons; the caller stores all (or, with --partial, the good ones) in one go.
Each row's source id is a hash of its date, ward and text, so a re-run adds nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from handlers import domain
from handlers.chat.context import Context
from handlers.data import rows
from handlers.data.rows import Cell, RowError
from handlers.reading import personal_data
from handlers.reading.priority import choose_priority

PLATFORM = "import"
MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
MAX_NUMBER = 1_000_000
REQUIRED = ("date", "ward", "text")
OPTIONAL = (
    "themes",
    "priority",
    "people_reached",
    "volunteers",
    "partners",
    "evidence_link",
    "case_study",
    "author",
    "organisation",
)
ALIASES = {
    "occurred_on": "date",
    "when": "date",
    "activity": "text",
    "description": "text",
    "update": "text",
    "theme": "themes",
    "tags": "themes",
    "people": "people_reached",
    "attendees": "people_reached",
    "reached": "people_reached",
    "evidence": "evidence_link",
    "link": "evidence_link",
    "by": "author",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y")
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


class FileRefused(Exception):
    """The whole file is unusable (columns, size, format): nothing is imported."""


@dataclass(frozen=True, slots=True)
class Rejected:
    row: int  # the spreadsheet's row number, header = 1
    reason: str


@dataclass(frozen=True, slots=True)
class ImportPlan:
    rows: list[domain.NewUpdate]
    row_numbers: list[int]
    rejected: list[Rejected]
    total: int
    ignored_columns: tuple[str, ...] = ()
    personal_data_rows: list[int] = field(default_factory=list)


def parse_mapping(text: str) -> dict[str, str]:
    """`text=Activity,date=When` -> {"text": "Activity", "date": "When"}."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        ours, eq, theirs = part.partition("=")
        ours = ours.strip().lower()
        if not eq or not theirs.strip():
            raise FileRefused(
                f"Column mapping '{part}' should look like ours=theirs, e.g. text=Activity."
            )
        if ours not in (*REQUIRED, *OPTIONAL):
            raise FileRefused(
                f"'{ours}' isn't a column I know. Columns: {', '.join((*REQUIRED, *OPTIONAL))}."
            )
        mapping[ours] = theirs.strip()
    return mapping


def read_table(
    path: Path, *, max_bytes: int = MAX_BYTES
) -> tuple[list[str], Iterator[tuple[int, list[Cell]]]]:
    """The header and the data rows (with their row numbers) of a CSV or XLSX file."""
    if not path.is_file():
        raise FileRefused(f"There's no file at {path}.")
    size = path.stat().st_size
    if size > max_bytes:
        raise FileRefused(
            f"{path.name} is {size / 1e6:.0f} MB; the most I import at once is "
            f"{max_bytes / 1e6:.0f} MB. Please split it."
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() not in (".csv", ".txt"):
        raise FileRefused(f"I can import .csv or .xlsx files, not {path.suffix or 'this file'}.")
    # surrogateescape keeps bad bytes visible, so each row can be refused on its own.
    text = path.read_bytes().decode("utf-8-sig", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused(f"{path.name} is empty.") from None

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        start = 2
        for values in reader:
            yield start, list(values)
            start = reader.line_num + 1

    return list(header), rows()


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[tuple[int, list[Cell]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(f"{path.name} isn't a readable .xlsx workbook ({exc}).") from None
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header = ["" if h is None else str(h) for h in next(values)]
    except StopIteration:
        raise FileRefused(f"{path.name} is empty.") from None

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, row in enumerate(values, start=2):
            yield number, list(row)
        book.close()

    return header, rows()


def _columns(header: list[str], mapping: dict[str, str]) -> tuple[dict[str, int], tuple[str, ...]]:
    clean = [h.strip().lower().replace(" ", "_") for h in header]
    index: dict[str, int] = {}
    for ours, theirs in mapping.items():
        wanted = theirs.strip().lower().replace(" ", "_")
        if wanted not in clean:
            raise FileRefused(
                f"The mapping names a column '{theirs}' that isn't in the file. Columns are: {', '.join(header)}."
            )
        index[ours] = clean.index(wanted)
    for i, name in enumerate(clean):
        ours = ALIASES.get(name, name)
        if ours in (*REQUIRED, *OPTIONAL) and ours not in index:
            index[ours] = i
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise FileRefused(
            f"The file has no {' or '.join(missing)} column. Its columns are: "
            f"{', '.join(h or '(blank)' for h in header)}. Name them date, ward and text, "
            "or map them, e.g. --map 'text=Activity,date=When'."
        )
    used = set(index.values())
    ignored = tuple(h for i, h in enumerate(header) if i not in used and h.strip())
    return index, ignored


def source_id(day: date, ward_slug: str, text: str) -> str:
    """Stable per row's content: the same row imported twice is the same update."""
    content = f"{day.isoformat()}|{ward_slug}|{' '.join(text.split()).lower()}"
    return "row-" + hashlib.sha256(content.encode()).hexdigest()[:32]


def read_import(
    ctx: Context,
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    actor: str = "import",
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
    redact: bool = False,
    on_row: Callable[[], None] | None = None,
) -> ImportPlan:
    header, rows = read_table(path, max_bytes=max_bytes)
    index, ignored = _columns(header, mapping or {})
    good: list[domain.NewUpdate] = []
    numbers: list[int] = []
    rejected: list[Rejected] = []
    flagged: list[int] = []
    first_seen: dict[str, int] = {}
    total = 0
    for number, values in rows:
        if all(v is None or str(v).strip() == "" for v in values):
            continue  # blank lines are not rows
        total += 1
        if on_row is not None:
            on_row()
        if total > max_rows:
            raise FileRefused(
                f"{path.name} has more than {max_rows:,} rows; please split it "
                "(or raise the limit with --max-rows)."
            )
        try:
            row = _row(ctx, values, index, actor=actor)
        except RowError as exc:
            rejected.append(Rejected(number, str(exc)))
            continue
        screening = personal_data.screen(row.text)
        if screening.flagged:
            flagged.append(number)
            if redact:
                row = replace(row, text=screening.redacted())
        earlier = first_seen.get(row.source_message_id)
        if earlier is not None:
            rejected.append(Rejected(number, f"a duplicate of row {earlier}"))
            continue
        first_seen[row.source_message_id] = number
        good.append(row)
        numbers.append(number)
    return ImportPlan(good, numbers, rejected, total, ignored, flagged)


def _row(
    ctx: Context, values: list[Cell], index: dict[str, int], *, actor: str
) -> domain.NewUpdate:
    day = _date(ctx, rows.cell(values, index, "date"))
    ward = rows.ward_named(ctx.understanding.names, rows.text(values, index, "ward"))
    text = rows.text(values, index, "text")
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # our export's guard against spreadsheet formulas, taken off again
    if not text:
        raise RowError("no text")
    if len(text) > domain.MAX_TEXT:
        raise RowError(f"the text is {len(text):,} characters; the most is {domain.MAX_TEXT:,}")
    reading = ctx.understanding.read(text, today=ctx.today(), linked=ward)
    themes = _themes(ctx, rows.text(values, index, "themes")) or reading.themes
    priority = _priority(ctx, ward.slug, rows.text(values, index, "priority"), themes)
    people = _number(rows.cell(values, index, "people_reached"), "people_reached")
    volunteers = _number(rows.cell(values, index, "volunteers"), "volunteers")
    link = rows.text(values, index, "evidence_link")
    if link and not re.match(r"https?://\S+$", link):
        raise RowError(f"the evidence link '{link[:60]}' isn't a web address")
    author = rows.text(values, index, "author")
    case = rows.text(values, index, "case_study").lower()
    if case not in YES | NO:
        raise RowError(f"case_study should be yes or no, not '{case[:20]}'")
    partners = tuple(
        p.strip() for p in re.split(r"[;,]", rows.text(values, index, "partners")) if p.strip()
    )
    return domain.NewUpdate(
        ward_slug=ward.slug,
        text=text,
        platform=PLATFORM,
        source_message_id=source_id(day, ward.slug, text),
        occurred_on=day,
        author_key=f"{PLATFORM}:{_slug(author)}" if author else f"{PLATFORM}:{actor}",
        author_name=author or "Imported",
        author_organisation=rows.text(values, index, "organisation"),
        priority_id=priority.id if priority else None,
        themes=tuple(themes),
        people_reached=people if people is not None else reading.people_reached,
        volunteers=volunteers if volunteers is not None else reading.volunteers,
        quantities=reading.quantities or {},
        partners=partners,
        evidence_link=link,
        case_study=case in YES,
        explanation="imported",
    )


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100] or "unknown"


def _date(ctx: Context, value: Cell) -> date:
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        raw = "" if value is None else str(value).strip()
        if not raw:
            raise RowError("no date")
        for fmt in DATE_FORMATS:
            try:
                day = datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise RowError(f"'{raw[:30]}' isn't a date I can read (use 2025-06-30 or 30/06/2025)")
    if day > ctx.today():
        raise RowError(f"the date {day:%d %b %Y} is in the future")
    if day.year < 2000:
        raise RowError(f"the date {day:%d %b %Y} is before 2000")
    return day


def _themes(ctx: Context, raw: str) -> list[str]:
    if not raw:
        return []
    tags = " ".join("#" + t for t in re.split(r"[\s,;#]+", raw) if t)
    known, unknown = ctx.understanding.themes_from_tags(tags)
    if unknown:
        raise RowError(f"unknown theme '{unknown[0]}'")
    return list(dict.fromkeys(known))


def _priority(
    ctx: Context, ward_slug: str, raw: str, themes: list[str] | tuple[str, ...]
) -> domain.Priority | None:
    if not raw:
        return choose_priority(ctx.plan, ward_slug, tuple(themes))
    try:
        number = int(float(raw))
    except ValueError:
        number = -1
    for p in ctx.plan.priorities_of(ward_slug):
        if p.number == number:
            return p
    raise RowError(f"the ward has no priority '{raw[:20]}' in the current plan")


def _number(value: Cell, name: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        raise RowError(f"{name} should be a number, not '{str(value)[:20]}'") from None
    if number < 0 or number > MAX_NUMBER or number != int(number):
        raise RowError(f"{name} should be a whole number from 0 to {MAX_NUMBER:,}")
    return int(number)
