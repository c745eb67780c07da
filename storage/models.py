"""Tables. One model per table; every query lives in the repository modules."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


class BoardAim(Base):
    __tablename__ = "board_aim"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Theme(Base):
    __tablename__ = "theme"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(Text)
    board_aim_key: Mapped[str] = mapped_column(ForeignKey("board_aim.key"))
    tags: Mapped[list[str]] = mapped_column(default=list)
    words: Mapped[list[str]] = mapped_column(default=list)  # what was done: strongest evidence
    audience: Mapped[list[str]] = mapped_column(default=list)  # who it was for
    context: Mapped[list[str]] = mapped_column(default=list)  # venue, format: weakest
    position: Mapped[int] = mapped_column(Integer, default=0)


class Ward(Base):
    __tablename__ = "ward"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    places: Mapped[list[str]] = mapped_column(default=list)
    source: Mapped[str | None] = mapped_column(Text)
    priorities_known: Mapped[bool] = mapped_column(Boolean, default=False)
    ons_code: Mapped[str] = mapped_column(String(16), default="")  # GSS code, E05...


class PlanYear(Base):
    __tablename__ = "plan_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    council: Mapped[str] = mapped_column(Text, default="")
    source_digest: Mapped[str] = mapped_column(String(64), default="")
    ward_slugs: Mapped[list[str]] = mapped_column(default=list)  # the wards this plan covers
    funds: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{name, short_forms}]
    # The council's own words for reading posts: {towns_roads_are_named_for: [...], ...}
    reading: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=dict)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Priority(Base):
    __tablename__ = "priority"
    __table_args__ = (UniqueConstraint("ward_id", "plan_year", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"))
    plan_year: Mapped[int] = mapped_column(ForeignKey("plan_year.year"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)


class PriorityTheme(Base):
    __tablename__ = "priority_theme"
    priority_id: Mapped[int] = mapped_column(
        ForeignKey("priority.id", ondelete="CASCADE"), primary_key=True
    )
    theme_key: Mapped[str] = mapped_column(ForeignKey("theme.key"), primary_key=True)


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# Live updates that name a partner or whose poster's organisation is known: the few rows a
# digest's partner count reads (storage/reporting.py). One text for the index and the
# query, so both planners see the query imply the index's condition (SQLite matches terms).
PARTNERED = (
    "deleted_at IS NULL AND (CAST(partners AS VARCHAR) NOT IN ('[]', 'null') OR organisation <> '')"
)


# Live updates that name a sum of money: the few rows a digest's money section reads
# (storage/money.py), word for word in the index and the query, as PARTNERED.
MONEYED = "deleted_at IS NULL AND CAST(quantities AS VARCHAR) LIKE '%money_gbp%'"


class Update(Base):
    __tablename__ = "ward_update"
    __table_args__ = (
        UniqueConstraint("platform", "source_message_id", name="uq_update_source"),
        # A ward's newest first, in the order `show` and `find` list them (id breaks ties),
        # so LIMIT stops the scan after a page instead of sorting the ward's whole history.
        Index("ix_update_ward_recent", "ward_id", "occurred_on", "id"),
        # A span of days with what a digest counts, so its counts read the index alone.
        Index(
            "ix_update_period",
            "occurred_on",
            "deleted_at",
            "ward_id",
            "priority_id",
            "people_reached",
            "volunteers",
            "case_study",
            "id",
        ),
        # Covers the per-ward counts of `wards`, so they read the index alone.
        Index("ix_update_ward_activity", "ward_id", "deleted_at", "occurred_on", "people_reached"),
        # A digest's partners: the period's partnered updates, not every update's JSON.
        Index(
            "ix_update_partnered",
            "occurred_on",
            "id",  # before the ward: newest first straight from the index
            "ward_id",
            postgresql_where=text(PARTNERED),
            sqlite_where=text(PARTNERED),
        ),
        # A digest's money: the period's updates naming a sum, not every update's JSON.
        Index(
            "ix_update_money",
            "occurred_on",
            "id",
            "ward_id",
            postgresql_where=text(MONEYED),
            sqlite_where=text(MONEYED),
        ),
        # A borough digest's notable picks, walked from the most notable (NOTABLE_ORDER,
        # backwards) until the period's few are found. people_reached itself last: an
        # index-only scan needs every column the query names, not only the expression.
        Index(
            "ix_update_notable",
            "case_study",
            text("coalesce(people_reached, 0)"),
            "occurred_on",
            "id",
            "ward_id",
            "people_reached",
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"))
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("priority.id"))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    platform: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[str] = mapped_column(String(200), default="")
    source_message_id: Mapped[str] = mapped_column(String(200))
    source_link: Mapped[str] = mapped_column(Text, default="")
    occurred_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    people_reached: Mapped[int | None] = mapped_column(Integer)
    volunteers: Mapped[int | None] = mapped_column(Integer)
    quantities: Mapped[dict[str, Any]] = mapped_column(default=dict)  # bags, money_gbp, ...
    partners: Mapped[list[str]] = mapped_column(default=list)
    evidence_link: Mapped[str] = mapped_column(Text, default="")
    case_study: Mapped[bool] = mapped_column(Boolean, default=False)
    explanation: Mapped[str] = mapped_column(Text, default="")  # why this ward and priority
    # The place the ward was read from ("Quarry Lane", street), when a place decided it.
    place_name: Mapped[str] = mapped_column(String(300), default="")
    place_kind: Mapped[str] = mapped_column(String(40), default="")
    # The author's organisation when they posted: the Board counts partner organisations
    # from these, and an erasure or a move later does not change what was counted.
    organisation: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # `#internal`: never shown to partners or in shared channels.
    internal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class UpdateTheme(Base):
    __tablename__ = "update_theme"
    __table_args__ = (Index("ix_update_theme_key", "theme_key", "update_id"),)
    update_id: Mapped[int] = mapped_column(
        ForeignKey("ward_update.id", ondelete="CASCADE"), primary_key=True
    )
    theme_key: Mapped[str] = mapped_column(ForeignKey("theme.key"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class HeldPost(Base):
    """A post waiting for its person's button (which ward? personal data?). The button carries
    only the key: Slack keeps 2,000 characters of a button's value, a post may have 4,000."""

    __tablename__ = "held_post"
    __table_args__ = (
        Index("ix_held_post_expires", "expires_at"),
        Index("ix_held_post_author", "author_id"),
    )
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    asker_key: Mapped[str] = mapped_column(String(200))
    channel_id: Mapped[str] = mapped_column(String(200), default="")
    source_message_id: Mapped[str] = mapped_column(String(200))
    source_link: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    taken_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ChartImage(Base):
    """A digest chart as Teams loads it, by URL (GET /charts/{id}.png): every replica serves it
    from here. The id is random and unguessable; the row goes when it expires."""

    __tablename__ = "chart_image"
    __table_args__ = (Index("ix_chart_image_expires", "expires_at"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    png: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ChannelLink(Base):
    __tablename__ = "channel_link"
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"))
    linked_by: Mapped[str] = mapped_column(String(200), default="")
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ProcessedEvent(Base):
    __tablename__ = "processed_event"
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class ConversationRef(Base):
    __tablename__ = "conversation_ref"
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(400), primary_key=True)
    reference: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_at", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class DigestSubscription(Base):
    __tablename__ = "digest_subscription"
    __table_args__ = (
        UniqueConstraint("platform", "target", "ward_id", name="uq_subscription"),
        # NULL (the borough) is distinct from NULL in a plain unique constraint: this one holds.
        Index(
            "uq_subscription_scope",
            "platform",
            "target",
            text("coalesce(ward_id, 0)"),
            "area_slug",
            unique=True,
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(400))  # channel or conversation id
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id"))  # None: the whole borough
    area_slug: Mapped[str] = mapped_column(String(64), default="")  # or a neighbourhood/area
    cron: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paused_reason: Mapped[str] = mapped_column(Text, default="")
    # "post" (zeros and all), "line" (one line) or "skip": what an empty period sends.
    when_empty: Mapped[str] = mapped_column(String(8), default="post", server_default="post")
    recipient: Mapped[str] = mapped_column(
        String(200), default="", server_default=""
    )  # a DM's person


class DigestRun(Base):
    __tablename__ = "digest_run"
    __table_args__ = (UniqueConstraint("subscription_id", "period_start", name="uq_digest_period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("digest_subscription.id", ondelete="CASCADE")
    )
    period_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    period_end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))  # claimed, sent, failed
    claimed_by: Mapped[str] = mapped_column(String(200), default="")
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lease_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str] = mapped_column(Text, default="")


class RollupWard(Base):
    """Per ward and key ("", "t:THEME", "a:AIM"): live updates, people, volunteers, latest
    day (storage/rollup.py keeps it as updates are written). Indexed by key and latest day:
    `wards` reads one key's rows and `coverage` counts the wards active since a day."""

    __tablename__ = "rollup_ward"
    __table_args__ = (Index("ix_rollup_ward_key", "key", "last_on"),)
    ward_id: Mapped[int] = mapped_column(
        ForeignKey("ward.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    updates: Mapped[int] = mapped_column(Integer, default=0)
    people: Mapped[int] = mapped_column(BigInteger, default=0)
    volunteers: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    last_on: Mapped[date | None] = mapped_column(Date)


class RollupDay(Base):
    """Per day and key ("t:THEME", "a:AIM"): live updates that happened that day."""

    __tablename__ = "rollup_day"
    occurred_on: Mapped[date] = mapped_column(Date, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    updates: Mapped[int] = mapped_column(Integer, default=0)


class RollupMonth(Base):
    """Per month (its first day), ward and key: live updates, people reached, volunteers,
    and how many of the updates give a number of people or of volunteers. Keys: "" (every
    update), "t:THEME", "a:AIM" (once per Board aim), "n:" (updates with no theme) and
    "p:ID" (updates tied to that priority). A period's whole months are read from here,
    only its part-months' days from the updates (storage/rollup.py)."""

    __tablename__ = "rollup_month"
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    ward_id: Mapped[int] = mapped_column(
        ForeignKey("ward.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    updates: Mapped[int] = mapped_column(Integer, default=0)
    people: Mapped[int] = mapped_column(BigInteger, default=0)
    volunteers: Mapped[int] = mapped_column(BigInteger, default=0)
    with_people: Mapped[int] = mapped_column(Integer, default=0)
    with_volunteers: Mapped[int] = mapped_column(Integer, default=0)


class Measure(Base):
    """An outcome measure of a ward priority (by number, so it outlives a plan reload) or of a
    named project: where it started, where it should get to."""

    __tablename__ = "measure"
    __table_args__ = (UniqueConstraint("ward_id", "name_key", name="uq_measure_ward_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"))
    priority_number: Mapped[int | None] = mapped_column(Integer)
    project: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # the name folded: matched forgivingly
    unit: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    baseline_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text, default="")
    target: Mapped[float | None] = mapped_column(Float)
    target_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MeasureReading(Base):
    """One value of a measure on a day; a second reading for the same day replaces the first."""

    __tablename__ = "measure_reading"
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True
    )
    read_on: Mapped[date] = mapped_column(Date, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Partner(Base):
    """An organisation wardbot recognises in posts: from the plan, or confirmed by a poster."""

    __tablename__ = "partner"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    short_forms: Mapped[list[str]] = mapped_column(default=list)
    kind: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(16), default="plan")  # plan or confirmed
    added_by: Mapped[str] = mapped_column(String(200), default="")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CaseStudy(Base):
    """An update's story, told as the Board reads good practice."""

    __tablename__ = "case_study"
    update_id: Mapped[int] = mapped_column(
        ForeignKey("ward_update.id", ondelete="CASCADE"), primary_key=True
    )
    what: Mapped[str] = mapped_column(Text, default="")
    who_for: Mapped[str] = mapped_column(Text, default="")
    difference: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    written_by: Mapped[str] = mapped_column(String(200), default="")
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CaseShare(Base):
    """A case study posted as good practice to another ward's channel: once per channel (the
    key is claimed before sending, so two presses or two replicas post it once)."""

    __tablename__ = "case_share"
    __table_args__ = (Index("ix_case_share_at", "shared_at"),)
    update_id: Mapped[int] = mapped_column(
        ForeignKey("case_study.update_id", ondelete="CASCADE"), primary_key=True
    )
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"))
    shared_by: Mapped[str] = mapped_column(String(200), default="")
    shared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="claimed")  # claimed, sent, failed


class Place(Base):
    """A place from the council's own files (`wardbot places load`): a street, estate, park,
    school... (source "council") or a postcode (source "postcode"). A name in two wards has
    two rows, and is a question when a post names it."""

    __tablename__ = "place"
    __table_args__ = (Index("ix_place_council_source", "council", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    council: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16))  # council, postcode
    name: Mapped[str] = mapped_column(String(300))
    ward_slug: Mapped[str] = mapped_column(String(64))
    locality: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(40), default="")


class PlaceAnswer(Base):
    """Someone answered "which ward?" for a post that a phrase made a question."""

    __tablename__ = "place_answer"
    __table_args__ = (Index("ix_place_answer_phrase", "council", "phrase_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    council: Mapped[str] = mapped_column(String(200), default="")
    phrase: Mapped[str] = mapped_column(String(300))
    phrase_key: Mapped[str] = mapped_column(String(300))
    ward_slug: Mapped[str] = mapped_column(String(64))
    author_key: Mapped[str] = mapped_column(String(200))  # platform:user-id
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LearnedPlace(Base):
    """A phrase taught by answers (two people agreeing) or confirmed by an admin: read like
    a place from the council's file."""

    __tablename__ = "learned_place"
    __table_args__ = (UniqueConstraint("council", "phrase_key", name="uq_learned_place"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    council: Mapped[str] = mapped_column(String(200), default="")
    phrase: Mapped[str] = mapped_column(String(300))
    phrase_key: Mapped[str] = mapped_column(String(300))
    ward_slug: Mapped[str] = mapped_column(String(64))
    how: Mapped[str] = mapped_column(String(16))  # answers, confirmed
    by: Mapped[str] = mapped_column(String(400), default="")  # who taught it (keys)
    learned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Area(Base):
    """A neighbourhood or another geography (a Primary Care Network, a GP practice) from the
    plan file: a named group of wards and places."""

    __tablename__ = "area"
    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="neighbourhood")
    aliases: Mapped[list[str]] = mapped_column(default=list)
    wards: Mapped[list[str]] = mapped_column(default=list)  # ward slugs
    places: Mapped[list[str]] = mapped_column(default=list)


# What a bulk load of history writes: the tables whose planner statistics it makes stale.
HISTORY_TABLES = (
    Update.__tablename__,
    UpdateTheme.__tablename__,
    Person.__tablename__,
    RollupWard.__tablename__,
    RollupDay.__tablename__,
    RollupMonth.__tablename__,
)
