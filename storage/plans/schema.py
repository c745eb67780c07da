"""The shape of a ward-plan file, checked by pydantic."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
# The database's column widths (storage/models.py): a longer one is refused here, by name,
# not by the database halfway through a load.
KEY_LENGTH, NAME_LENGTH = 64, 200


Word = Annotated[str, Field(min_length=1, max_length=NAME_LENGTH)]


class Problem(NamedTuple):
    where: tuple[int | str, ...]  # the field's path, as pydantic gives it: ("wards", 3, "slug")
    message: str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BoardAimSpec(_Strict):
    key: str = Field(max_length=KEY_LENGTH)
    title: str = Field(min_length=1)

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not KEY.match(value):
            raise ValueError("use lower-case letters, digits and underscores")
        return value


class ThemeSpec(_Strict):
    key: str = Field(max_length=KEY_LENGTH)
    label: str = Field(min_length=1)
    board_aim: str
    tags: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    context: tuple[str, ...] = ()

    _key = field_validator("key")(BoardAimSpec._key.__func__)  # type: ignore[attr-defined]


class PlaceSpec(_Strict):
    name: str = Field(min_length=1)
    kind: str = ""
    source: str | None = None


class PrioritySpec(_Strict):
    number: int = Field(ge=0)
    title: str = Field(min_length=1)
    themes: tuple[str, ...] = ()


class MeasureSpec(_Strict):
    """An outcome measure in the plan: of a priority (by number) or a named project."""

    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    unit: str = Field(default="", max_length=40)
    priority: int | None = Field(default=None, ge=0)
    project: str = ""
    baseline: float | None = None
    baseline_date: date | None = None
    source: str = ""
    target: float | None = None
    target_date: date | None = None


class PartnerSpec(_Strict):
    """An organisation recognised in posts by its name or a short form ("SYP")."""

    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    short_forms: tuple[str, ...] = ()
    kind: str = Field(default="", max_length=40)


class FundSpec(_Strict):
    """Where money comes from ("Community Leadership Fund", short form "CLF")."""

    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    short_forms: tuple[str, ...] = ()


class ReadingSpec(_Strict):
    """The council's own words for reading posts (see domain.ReadingWords)."""

    towns_roads_are_named_for: tuple[Word, ...] = ()
    place_names_that_are_everyday_words: tuple[Word, ...] = ()


ONS_WARD = re.compile(r"^[EWSN]\d{8}$")


class WardSpec(_Strict):
    slug: str = Field(max_length=KEY_LENGTH)
    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    aliases: tuple[str, ...] = ()
    # The ward's GSS code (E05...): how the ONS postcode directory names it.
    ons_code: str = ""
    source: str | None = None
    priorities_known: bool = True
    priorities: tuple[PrioritySpec, ...] = ()
    places: tuple[PlaceSpec, ...] = ()
    measures: tuple[MeasureSpec, ...] = ()

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("use lower-case words joined by hyphens, e.g. rotherham-east")
        return value

    @field_validator("ons_code")
    @classmethod
    def _ons_code(cls, value: str) -> str:
        value = value.strip().upper()
        if value and not ONS_WARD.match(value):
            raise ValueError("an ONS ward code looks like E05012996")
        return value

    @field_validator("places", mode="before")
    @classmethod
    def _bare_place_names(cls, value: object) -> object:
        # A place may be written as a bare name or as {name, kind, source}.
        if isinstance(value, list):
            return [{"name": item} if isinstance(item, str) else item for item in value]
        return value


AREA_KINDS = ("neighbourhood", "pcn", "gp_practice", "area")


class AreaSpec(_Strict):
    """A named group of wards and places: a neighbourhood, a Primary Care Network, a GP
    practice's patch. `show NAME` and digests accept it as they accept a ward."""

    slug: str = Field(max_length=KEY_LENGTH)
    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    kind: str = "area"
    aliases: tuple[str, ...] = ()
    wards: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    _slug = field_validator("slug")(WardSpec._slug.__func__)  # type: ignore[attr-defined]

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in AREA_KINDS:
            raise ValueError(f"kind is one of {', '.join(AREA_KINDS)}")
        return value


class WardPlan(_Strict):
    council: str = ""
    plan_year: int = Field(ge=2000, le=2100)
    board_aims: tuple[BoardAimSpec, ...] = Field(min_length=1)
    themes: tuple[ThemeSpec, ...] = Field(min_length=1)
    wards: tuple[WardSpec, ...] = Field(min_length=1)
    # One list for every part of wardbot that names organisations (recognised in posts,
    # and a poster's own organisation).
    partners: tuple[PartnerSpec, ...] = ()
    funds: tuple[FundSpec, ...] = ()
    reading: ReadingSpec = ReadingSpec()
    # Neighbourhoods (kind neighbourhood) and other areas (PCNs, GP practices).
    neighbourhoods: tuple[AreaSpec, ...] = ()
    areas: tuple[AreaSpec, ...] = ()

    @field_validator("neighbourhoods", mode="before")
    @classmethod
    def _neighbourhood_kind(cls, value: object) -> object:
        if isinstance(value, list):
            return [
                {"kind": "neighbourhood", **item} if isinstance(item, dict) else item
                for item in value
            ]
        return value

    def all_areas(self) -> tuple[AreaSpec, ...]:
        return self.neighbourhoods + self.areas

    def problems(self) -> list[Problem]:
        """What each part refers to that the plan does not have, each where it is written:
        checked after the fields, so that an error names its own line and field."""
        found: list[Problem] = []
        aims = {a.key for a in self.board_aims}
        for i, theme in enumerate(self.themes):
            if theme.board_aim not in aims:
                found.append(
                    Problem(
                        ("themes", i, "board_aim"),
                        f"theme {theme.key} names an unknown Board aim {theme.board_aim}",
                    )
                )
        themes = {t.key for t in self.themes}
        slugs: set[str] = set()
        for w, ward in enumerate(self.wards):
            if ward.slug in slugs:
                found.append(Problem(("wards", w, "slug"), f"ward {ward.slug} appears twice"))
            slugs.add(ward.slug)
            numbers: set[int] = {p.number for p in ward.priorities}
            for m, measure in enumerate(ward.measures):
                if measure.priority is not None and measure.priority not in numbers:
                    found.append(
                        Problem(
                            ("wards", w, "measures", m, "priority"),
                            f"measure {measure.name!r} names priority {measure.priority}, "
                            f"which ward {ward.slug} does not have",
                        )
                    )
            numbers = set()
            for n, priority in enumerate(ward.priorities):
                where = ("wards", w, "priorities", n)
                if priority.number in numbers:
                    found.append(
                        Problem(
                            (*where, "number"),
                            f"ward {ward.slug} numbers two priorities {priority.number}",
                        )
                    )
                numbers.add(priority.number)
                for t, theme_key in enumerate(priority.themes):
                    if theme_key not in themes:
                        found.append(
                            Problem(
                                (*where, "themes", t),
                                f"ward {ward.slug} priority {priority.number} names unknown "
                                f"theme {theme_key} (themes are: {', '.join(sorted(themes))})",
                            )
                        )
        codes: dict[str, str] = {}
        for w, ward in enumerate(self.wards):
            if ward.ons_code and ward.ons_code in codes:
                found.append(
                    Problem(
                        ("wards", w, "ons_code"),
                        f"wards {codes[ward.ons_code]} and {ward.slug} share the ONS code "
                        f"{ward.ons_code}",
                    )
                )
            codes.setdefault(ward.ons_code, ward.slug)
        area_slugs = set(slugs)
        for group in ("neighbourhoods", "areas"):
            for a, area in enumerate(getattr(self, group)):
                if area.slug in area_slugs:
                    found.append(
                        Problem((group, a, "slug"), f"{area.slug} is already a ward or area")
                    )
                area_slugs.add(area.slug)
                for i, slug in enumerate(area.wards):
                    if slug not in slugs:
                        found.append(
                            Problem(
                                (group, a, "wards", i), f"{area.name} names an unknown ward {slug}"
                            )
                        )
                if not area.wards and not area.places:
                    found.append(
                        Problem((group, a, "wards"), f"{area.name} names no wards or places")
                    )
        return found

    def ward(self, slug: str) -> WardSpec:
        return next(w for w in self.wards if w.slug == slug)
