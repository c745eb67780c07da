"""The domain: the plain dataclasses that reading, commands, digests and storage all speak.

Storage hands these out (no ORM row or session leaves storage) and takes them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime

MAX_TEXT = 4000  # the most characters an update's text may hold, however it comes in


@dataclass(frozen=True, slots=True)
class BoardAim:
    key: str
    title: str


@dataclass(frozen=True, slots=True)
class Theme:
    key: str
    label: str
    board_aim: str
    tags: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # the theme's own activities, services and problems
    audience: tuple[str, ...] = ()  # who the theme serves ("older people", "young people")
    context: tuple[str, ...] = ()  # venues, formats, organisers, pastimes: weak evidence


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class KnownPlace:
    """A place from the council's own files, or learned from answers: read like the plan's."""

    name: str
    ward_slug: str
    kind: str = ""
    locality: str = ""
    source: str = "council"  # council, postcode, learned


@dataclass(frozen=True, slots=True)
class Area:
    """A neighbourhood, Primary Care Network or GP practice: a named group of wards and
    places, asked about like a ward."""

    slug: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    wards: tuple[str, ...] = ()  # ward slugs
    places: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Priority:
    id: int
    ward_slug: str
    plan_year: int
    number: int
    title: str
    themes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ward:
    id: int
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    priorities_known: bool = False
    source: str = ""
    ons_code: str = ""  # the GSS code (E05...) the ONS postcode directory uses


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    platform: str
    user_id: str
    name: str
    organisation: str
    role: str | None


@dataclass(frozen=True, slots=True)
class Update:
    id: int
    ward_slug: str
    ward_name: str
    priority: Priority | None
    themes: tuple[str, ...]
    text: str
    author: str
    author_key: str
    platform: str
    channel_id: str
    source_message_id: str
    source_link: str
    occurred_on: date
    created_at: datetime
    edited_at: datetime | None = None
    deleted_at: datetime | None = None
    people_reached: int | None = None
    volunteers: int | None = None
    quantities: dict[str, float] = field(default_factory=dict)
    partners: tuple[str, ...] = ()
    evidence_link: str = ""
    case_study: bool = False
    explanation: str = ""
    place_name: str = ""  # the place the ward was read from, when one decided it
    place_kind: str = ""
    author_organisation: str = ""  # as it was when the update was posted
    internal: bool = False  # `#internal`: not for partners or shared channels

    def as_draft(self) -> Draft:
        """What this update says, as a draft: where a change to it starts."""
        said = {f.name: getattr(self, f.name) for f in fields(Draft) if f.name != "priority_id"}
        return Draft(**said, priority_id=self.priority.id if self.priority else None)

    def changed(self, draft: Draft, names: tuple[str, ...]) -> Draft:
        """This update with the named fields of `draft`; every other field as it is."""
        return replace(self.as_draft(), **{name: getattr(draft, name) for name in names})


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """One update as read (from a post, the form or a file row), before it is stored: what
    happened, in which ward, when, and how many. Every way in makes one of these."""

    ward_slug: str
    text: str
    occurred_on: date
    themes: tuple[str, ...] = ()
    priority_id: int | None = None
    people_reached: int | None = None
    volunteers: int | None = None
    quantities: dict[str, float] = field(default_factory=dict)
    partners: tuple[str, ...] = ()
    evidence_link: str = ""
    case_study: bool = False
    explanation: str = ""
    place_name: str = ""  # the place the ward was read from
    place_kind: str = ""
    internal: bool = False  # `#internal`: not for partners or shared channels


@dataclass(frozen=True, slots=True, kw_only=True)
class NewUpdate(Draft):
    """What a handler asks storage to record: the draft, and where it came from."""

    platform: str
    source_message_id: str
    author_key: str  # platform:user_id
    author_name: str = ""
    author_organisation: str = ""
    channel_id: str = ""
    source_link: str = ""

    @classmethod
    def of(
        cls,
        draft: Draft,
        *,
        platform: str,
        source_message_id: str,
        author_key: str,
        author_name: str = "",
        author_organisation: str = "",
        channel_id: str = "",
        source_link: str = "",
    ) -> NewUpdate:
        return cls(
            **{name: getattr(draft, name) for name in _DRAFT_FIELDS},
            platform=platform,
            source_message_id=source_message_id,
            author_key=author_key,
            author_name=author_name,
            author_organisation=author_organisation,
            channel_id=channel_id,
            source_link=source_link,
        )


# A draft's fields, found once: a NewUpdate is made from a draft for every update logged.
_DRAFT_FIELDS = tuple(f.name for f in fields(Draft))


@dataclass(frozen=True, slots=True)
class Stored:
    """The result of recording an update: `created` is False for a repeat of one already held."""

    update: Update
    created: bool


@dataclass(frozen=True, slots=True)
class WardActivity:
    ward_slug: str
    ward_name: str
    updates: int
    people_reached: int
    last_on: date | None
    volunteers: int = 0  # counted apart: a volunteer is never one of the people reached


@dataclass(frozen=True, slots=True)
class WardTotals:
    """A ward's live updates all told (the counts kept on write)."""

    updates: int
    people_reached: int
    volunteers: int
    last_on: date | None


@dataclass(frozen=True, slots=True)
class WardsSummary:
    """Every ward's live updates all told, and the few wards a national plan's `wards`
    names: the busiest, and the first of those with none."""

    active: int  # wards with a live update
    totals: WardTotals  # summed over every ward (last_on: the latest of any)
    busiest: tuple[tuple[int, WardTotals], ...]  # (ward id, totals), most updates first
    quiet: tuple[int, ...]  # ward ids with no live update, the first few by name


@dataclass(frozen=True, slots=True)
class ThemeCoverage:
    theme_key: str
    theme_label: str
    board_aim: str
    wards_with_priority: int
    updates: int
    wards_active: int


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, object]


@dataclass(frozen=True, slots=True)
class HeldPost:
    """A post kept until its person presses a button (which ward? personal data?)."""

    key: str
    author_key: str  # platform:user_id of who wrote it: the update will be theirs
    author_name: str
    author_organisation: str
    asker_key: str  # whose press takes it: the author, or who used "Log this message"
    channel_id: str
    source_message_id: str
    source_link: str
    text: str  # emptied once taken
    created_at: datetime
    expires_at: datetime
    taken_at: datetime | None = None


# ---- Evidence of impact: measures, partners, funds, case studies ------------------------


@dataclass(frozen=True, slots=True)
class NewMeasure:
    """An outcome measure as written in the plan or a measures file."""

    ward_slug: str
    name: str
    unit: str = ""
    priority_number: int | None = None
    project: str = ""
    baseline: float | None = None
    baseline_on: date | None = None
    source: str = ""
    target: float | None = None
    target_on: date | None = None


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure with its latest reading (on or before the day asked about)."""

    id: int
    ward_slug: str
    ward_name: str
    name: str
    unit: str
    priority_number: int | None
    project: str
    baseline: float | None
    baseline_on: date | None
    source: str
    target: float | None
    target_on: date | None
    latest: float | None = None
    latest_on: date | None = None
    readings: int = 0


@dataclass(frozen=True, slots=True)
class NewReading:
    ward_slug: str
    measure_name: str
    value: float
    read_on: date


@dataclass(frozen=True, slots=True)
class Partner:
    name: str
    short_forms: tuple[str, ...] = ()
    kind: str = ""
    source: str = "plan"  # plan, or confirmed by a poster


@dataclass(frozen=True, slots=True)
class Fund:
    name: str
    short_forms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadingWords:
    """A council's own words for reading posts, from its plan (`reading:`): general
    English stays in the package's vocabulary, so a second council changes no code."""

    # Towns whose name a long road carries ("Doncaster Road"): a hint, not a place.
    towns_roads_are_named_for: tuple[str, ...] = ()
    # Places that are also everyday words ("broom"): only taken with a capital letter.
    place_names_that_are_everyday_words: tuple[str, ...] = ()


NO_READING_WORDS = ReadingWords()  # a plan without `reading:`


@dataclass(frozen=True, slots=True)
class CaseStory:
    """A case study's story: what was done, who for, the difference it made, a quote."""

    what: str = ""
    who_for: str = ""
    difference: str = ""
    quote: str = ""


@dataclass(frozen=True, slots=True)
class CaseShared:
    """Good practice posted to another ward's channel."""

    update_id: int
    from_ward: str
    to_ward: str
    platform: str
    channel_id: str
    shared_at: datetime
    status: str = "sent"
