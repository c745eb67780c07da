"""The shape of a ward-plan file, checked by pydantic."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
# The database's column widths (storage/models.py): a longer one is refused here, by name,
# not by the database halfway through a load.
KEY_LENGTH, NAME_LENGTH = 64, 200


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


class WardSpec(_Strict):
    slug: str = Field(max_length=KEY_LENGTH)
    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    aliases: tuple[str, ...] = ()
    source: str | None = None
    priorities_known: bool = True
    priorities: tuple[PrioritySpec, ...] = ()
    places: tuple[PlaceSpec, ...] = ()

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("use lower-case words joined by hyphens, e.g. rotherham-east")
        return value

    @field_validator("places", mode="before")
    @classmethod
    def _bare_place_names(cls, value: object) -> object:
        # A place may be written as a bare name or as {name, kind, source}.
        if isinstance(value, list):
            return [{"name": item} if isinstance(item, str) else item for item in value]
        return value

    @model_validator(mode="after")
    def _unique_priority_numbers(self) -> WardSpec:
        numbers = [p.number for p in self.priorities]
        if len(numbers) != len(set(numbers)):
            raise ValueError(f"ward {self.slug} numbers two priorities the same")
        return self


class WardPlan(_Strict):
    council: str = ""
    plan_year: int = Field(ge=2000, le=2100)
    board_aims: tuple[BoardAimSpec, ...] = Field(min_length=1)
    themes: tuple[ThemeSpec, ...] = Field(min_length=1)
    wards: tuple[WardSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> WardPlan:
        aims = {a.key for a in self.board_aims}
        for theme in self.themes:
            if theme.board_aim not in aims:
                raise ValueError(f"theme {theme.key} names an unknown Board aim {theme.board_aim}")
        themes = {t.key for t in self.themes}
        slugs: set[str] = set()
        for ward in self.wards:
            if ward.slug in slugs:
                raise ValueError(f"ward {ward.slug} appears twice")
            slugs.add(ward.slug)
            for priority in ward.priorities:
                unknown = [t for t in priority.themes if t not in themes]
                if unknown:
                    raise ValueError(
                        f"ward {ward.slug} priority {priority.number} names unknown theme(s) "
                        + ", ".join(unknown)
                    )
        return self

    def ward(self, slug: str) -> WardSpec:
        return next(w for w in self.wards if w.slug == slug)
