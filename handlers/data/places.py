"""The council's places from its own files: a street and place list, or the ONS postcode
directory. Nothing here writes: each reader returns the rows to store and the rows refused
with their reasons, as `wardbot import` does; the CLI stores them in one transaction.

- A street and place list (`wardbot places load FILE.csv`): columns found by name, in any
  case: `name`, `ward` (the ward's name, a spelling of it, or its ONS code), optional
  `locality` and `kind`. Other columns (USRN, UPRN, eastings) are ignored and listed.
- The ONS postcode directory (`--postcodes`): `pcds` and the ward column (`osward` in the
  ONSPD, `ward` in the NSPL, or a `wdNNcd` column), found by name; only the postcodes of the
  plan's wards (by their `ons_code`) are kept, and terminated postcodes are left out.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from handlers import domain
from handlers.data import rows
from handlers.data.imports import FileRefused, Rejected, read_table
from handlers.data.rows import Cell, RowError
from handlers.reading.wardnames import WardNames
from storage.plan_store import PlanSnapshot

MAX_BYTES = 50 * 1024 * 1024  # a street list; the postcode directory is read as a stream
MAX_POSTCODE_BYTES = 4 * 1024 * 1024 * 1024
PLACE_COLUMNS = ("name", "ward", "locality", "kind")
PLACE_ALIASES = {
    "street": "name",
    "street_name": "name",
    "street_descriptor": "name",
    "place": "name",
    "ward_name": "ward",
    "electoral_ward": "ward",
    "town": "locality",
    "town_name": "locality",
    "type": "kind",
}
MAX_NAME = 300
KIND = re.compile(r"^[a-z][a-z_ ]{0,39}$")
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
# Where the ward code sits, by release: ONSPD osward, NSPL ward, the ward lookups' WDnnCD.
WARD_CODE_COLUMNS = ("osward", "ward", "wd")


def postcode_form(text: str) -> str | None:
    """`s651nh`, `S65  1NH` -> `S65 1NH`; None when it is not a postcode's shape."""
    squeezed = re.sub(r"\s+", "", text.upper())
    found = POSTCODE.match(squeezed[:-3] + " " + squeezed[-3:]) if len(squeezed) > 4 else None
    return f"{found.group(1)} {found.group(2)}" if found else None


@dataclass(frozen=True, slots=True)
class PlacesFile:
    rows: list[domain.KnownPlace]
    rejected: list[Rejected]
    total: int
    ignored_columns: tuple[str, ...] = ()
    left_out: dict[str, int] = field(default_factory=dict)  # not an error: why, how many
    in_two_wards: tuple[str, ...] = ()  # names that will be a question


def parse_place_mapping(text: str) -> dict[str, str]:
    """`name=Street Name,ward=Ward` -> {"name": "Street Name", "ward": "Ward"}."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        ours, eq, theirs = part.partition("=")
        ours = ours.strip().lower()
        if not eq or not theirs.strip():
            raise FileRefused(
                f"Column mapping '{part}' should look like ours=theirs, e.g. name=Street Name."
            )
        if ours not in PLACE_COLUMNS:
            raise FileRefused(
                f"'{ours}' isn't a column I know. Columns: {', '.join(PLACE_COLUMNS)}."
            )
        mapping[ours] = theirs.strip()
    return mapping


def _clean(header: list[str]) -> list[str]:
    return [h.strip().lower().replace(" ", "_").replace("-", "_") for h in header]


def _place_columns(
    header: list[str], mapping: dict[str, str]
) -> tuple[dict[str, int], tuple[str, ...]]:
    clean = _clean(header)
    index: dict[str, int] = {}
    for ours, theirs in mapping.items():
        wanted = _clean([theirs])[0]
        if wanted not in clean:
            raise FileRefused(
                f"The mapping names a column '{theirs}' that isn't in the file. "
                f"Columns are: {', '.join(header)}."
            )
        index[ours] = clean.index(wanted)
    for i, name in enumerate(clean):
        ours = PLACE_ALIASES.get(name, name)
        if ours in PLACE_COLUMNS and ours not in index and i not in index.values():
            index[ours] = i
    missing = [c for c in ("name", "ward") if c not in index]
    if missing:
        raise FileRefused(
            f"The file has no {' or '.join(missing)} column. Its columns are: "
            f"{', '.join(h or '(blank)' for h in header)}. Name them name and ward "
            "(locality and kind are optional), or map them, e.g. --map 'name=Street Name'."
        )
    used = set(index.values())
    return index, tuple(h for i, h in enumerate(header) if i not in used and h.strip())


def _cell(values: list[Cell], index: dict[str, int], name: str) -> str:
    return " ".join(rows.text(values, index, name).split())  # "Quarry  Lane" is Quarry Lane


def read_places(
    plan: PlanSnapshot,
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    on_row: Callable[[], None] | None = None,
) -> PlacesFile:
    """Every row of a street and place list, checked."""
    header, rows = read_table(path, max_bytes=MAX_BYTES)
    index, ignored = _place_columns(header, mapping or {})
    names = WardNames(plan.wards)
    by_code = plan.ward_by_ons_code()
    good: list[domain.KnownPlace] = []
    rejected: list[Rejected] = []
    first_seen: dict[tuple[str, str, str], int] = {}
    wards_of: dict[str, set[str]] = {}
    total = 0
    for number, values in rows:
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        total += 1
        if on_row is not None:
            on_row()
        try:
            place = _place_row(list(values), index, names=names, by_code=by_code)
        except RowError as exc:
            rejected.append(Rejected(number, str(exc)))
            continue
        same = (place.name.lower(), place.ward_slug, place.locality.lower())
        if same in first_seen:
            rejected.append(Rejected(number, f"a duplicate of row {first_seen[same]}"))
            continue
        first_seen[same] = number
        wards_of.setdefault(place.name.lower(), set()).add(place.ward_slug)
        good.append(place)
    shared = {n for n, wards in wards_of.items() if len(wards) > 1}
    in_two = tuple(dict.fromkeys(p.name for p in good if p.name.lower() in shared))
    return PlacesFile(good, rejected, total, ignored, in_two_wards=in_two)


def _place_row(
    values: list[Cell],
    index: dict[str, int],
    *,
    names: WardNames,
    by_code: dict[str, domain.Ward],
) -> domain.KnownPlace:
    name = _cell(values, index, "name")
    if not name:
        raise RowError("no name")
    if len(name) > MAX_NAME:
        raise RowError(f"the name is {len(name):,} characters; the most is {MAX_NAME}")
    if not re.search(r"\w", name):
        raise RowError(f"'{name[:40]}' isn't a place name")
    ward_text = _cell(values, index, "ward")
    ward = by_code.get(ward_text.upper()) or rows.ward_named(names, ward_text)
    kind = _cell(values, index, "kind").lower()
    if kind and not KIND.match(kind):
        raise RowError(f"the kind '{kind[:40]}' should be a word such as street, park, school")
    locality = _cell(values, index, "locality")[:200]
    return domain.KnownPlace(
        name=name, ward_slug=ward.slug, kind=kind.replace(" ", "_"), locality=locality
    )


# -- the ONS postcode directory -----------------------------------------------------------


def _postcode_columns(header: list[str]) -> tuple[int, int, int | None]:
    clean = _clean(header)
    if "pcds" not in clean:
        raise FileRefused(
            "The file has no pcds column (the postcode as people write it, 'S60 9ZA'). "
            f"Its columns start: {', '.join(header[:8])}. Is it the ONS postcode directory?"
        )
    ward = next(
        (
            i
            for i, name in enumerate(clean)
            if name in WARD_CODE_COLUMNS[:2] or re.fullmatch(r"wd\d\dcd", name)
        ),
        None,
    )
    if ward is None:
        raise FileRefused(
            "The file has no ward code column (osward in the ONSPD, ward in the NSPL, or "
            f"WDnnCD). Its columns start: {', '.join(header[:10])}."
        )
    doterm = clean.index("doterm") if "doterm" in clean else None
    return clean.index("pcds"), ward, doterm


def _check_postcode_file(path: Path) -> None:
    if not path.is_file():
        raise FileRefused(f"There's no file at {path}.")
    if path.stat().st_size > MAX_POSTCODE_BYTES:
        raise FileRefused(f"{path.name} is larger than the whole postcode directory.")
    if path.suffix.lower() not in (".csv", ".txt"):
        raise FileRefused(f"The postcode directory is read as .csv, not {path.suffix or 'this'}.")


def _numbered(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Rows with the file's line number each starts on (a quoted cell may span lines)."""
    start = 2
    for values in reader:
        yield start, values
        start = reader.line_num + 1  # type: ignore[attr-defined]


def read_postcodes(
    plan: PlanSnapshot, path: Path, *, on_row: Callable[[], None] | None = None
) -> PlacesFile:
    """The plan's wards' live postcodes from an ONS postcode directory file."""
    by_code = plan.ward_by_ons_code()
    if not by_code:
        raise FileRefused(
            "The ward plan gives no ward its ONS code (ons_code: E05..., under each ward), "
            "so I can't tell which postcodes are this council's. Add them and load the plan."
        )
    _check_postcode_file(path)
    # Read as a stream: the whole directory is 2.7 million rows.
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise FileRefused(f"{path.name} is empty.")
        return _postcode_rows(by_code, header, _numbered(reader), on_row=on_row)


def _postcode_rows(
    by_code: dict[str, domain.Ward],
    header: list[str],
    rows: Iterator[tuple[int, list[str]]],
    *,
    on_row: Callable[[], None] | None,
) -> PlacesFile:
    pcds, ward_column, doterm = _postcode_columns(header)
    good: list[domain.KnownPlace] = []
    rejected: list[Rejected] = []
    left_out = {"in other councils' wards": 0, "terminated": 0}
    seen: dict[str, int] = {}
    total = 0
    for number, values in rows:
        if not any(v.strip() for v in values):
            continue
        total += 1
        if on_row is not None:
            on_row()
        code = values[ward_column].strip().upper() if ward_column < len(values) else ""
        ward = by_code.get(code)
        if ward is None:
            left_out["in other councils' wards"] += 1
            continue
        if doterm is not None and doterm < len(values) and values[doterm].strip():
            left_out["terminated"] += 1
            continue
        raw = values[pcds] if pcds < len(values) else ""
        postcode = postcode_form(raw)
        if postcode is None:
            rejected.append(Rejected(number, f"'{raw[:20]}' isn't a postcode"))
            continue
        if postcode in seen:
            rejected.append(Rejected(number, f"a duplicate of row {seen[postcode]}"))
            continue
        seen[postcode] = number
        good.append(domain.KnownPlace(postcode, ward.slug, "postcode", "", "postcode"))
    return PlacesFile(good, rejected, total, left_out={k: v for k, v in left_out.items() if v})
