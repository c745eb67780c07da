"""The council's own places, and places learned from people's answers.

A council's street list and postcode directory are loaded whole (`wardbot places load`):
each load replaces that council's rows of the same source in one transaction. Learned
places start as answers to "which ward?"; two people agreeing, or an admin confirming,
makes one a learned place. Everything is kept per council (the plan's council name).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select

from handlers import domain
from storage import models
from storage.audit import write_audit
from storage.db import Database

CHUNK = 1000  # rows a statement


@dataclass(frozen=True, slots=True)
class PlacesLoaded:
    loaded: int
    replaced: int  # rows of the same source held before


@dataclass(frozen=True, slots=True)
class Answer:
    phrase: str
    ward_slug: str
    author_key: str
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class Learned:
    phrase: str
    ward_slug: str
    how: str  # answers, confirmed
    by: str
    learned_at: datetime


@dataclass(frozen=True, slots=True)
class PlaceMemory:
    """What `places` lists: learned places and the answers still waiting for agreement."""

    learned: tuple[Learned, ...]
    pending: tuple[Answer, ...]


async def replace_places(
    db: Database,
    places: Sequence[domain.KnownPlace],
    *,
    council: str,
    source: str,
    actor: str,
    detail: dict[str, object] | None = None,
    progress: Callable[[int], None] | None = None,
) -> PlacesLoaded:
    """All of the council's places from one source, in one transaction: the old ones go."""
    async with db.transaction() as session:
        before = await session.scalar(
            select(func.count())
            .select_from(models.Place)
            .where(models.Place.council == council, models.Place.source == source)
        )
        await session.execute(
            delete(models.Place).where(
                models.Place.council == council, models.Place.source == source
            )
        )
        for start in range(0, len(places), CHUNK):
            chunk = places[start : start + CHUNK]
            await session.execute(
                insert(models.Place),
                [
                    {
                        "council": council,
                        "source": source,
                        "name": p.name,
                        "ward_slug": p.ward_slug,
                        "locality": p.locality,
                        "kind": p.kind,
                    }
                    for p in chunk
                ],
            )
            if progress is not None:
                progress(len(chunk))
        await write_audit(
            session,
            actor=actor,
            action=f"places.load.{source}",
            target=council[:200],
            detail={"rows": len(places), "replaced": before or 0, **(detail or {})},
        )
    return PlacesLoaded(len(places), before or 0)


async def known_places(db: Database, *, council: str) -> list[domain.KnownPlace]:
    """Every place the council loaded, and every learned one: read once into memory."""
    async with db.transaction() as session:
        rows = (
            await session.execute(
                select(
                    models.Place.name,
                    models.Place.ward_slug,
                    models.Place.kind,
                    models.Place.locality,
                    models.Place.source,
                ).where(models.Place.council == council)
            )
        ).all()
        learned = (
            await session.execute(
                select(models.LearnedPlace.phrase, models.LearnedPlace.ward_slug).where(
                    models.LearnedPlace.council == council
                )
            )
        ).all()
    found = [domain.KnownPlace(n, w, k, loc, src) for n, w, k, loc, src in rows]
    found += [domain.KnownPlace(p, w, "learned", "", "learned") for p, w in learned]
    return found


async def exported_places(db: Database, *, council: str) -> list[tuple[domain.KnownPlace, str]]:
    """Every place the council loaded or taught, with when a learned one was learned (and
    how): the rows `wardbot places export` writes. Answers and who gave them stay out."""
    async with db.transaction() as session:
        rows = (
            await session.scalars(
                select(models.Place)
                .where(models.Place.council == council, models.Place.source != "plan")
                .order_by(models.Place.source, models.Place.name, models.Place.id)
            )
        ).all()
        learned = (
            await session.scalars(
                select(models.LearnedPlace)
                .where(models.LearnedPlace.council == council)
                .order_by(models.LearnedPlace.phrase)
            )
        ).all()
    found = [
        (domain.KnownPlace(r.name, r.ward_slug, r.kind, r.locality, r.source), "") for r in rows
    ]
    found += [
        (
            domain.KnownPlace(r.phrase, r.ward_slug, "", "", "learned"),
            f"{r.how} {_utc(r.learned_at):%Y-%m-%d}",
        )
        for r in learned
    ]
    return found


async def places_stamp(db: Database, *, council: str) -> tuple[object, ...]:
    """Changes when places are loaded, learned, confirmed or forgotten (here or elsewhere)."""
    async with db.transaction() as session:
        places = (
            await session.execute(
                select(func.count(), func.max(models.Place.id)).where(
                    models.Place.council == council
                )
            )
        ).one()
        learned = (
            await session.execute(
                select(
                    func.count(),
                    func.max(models.LearnedPlace.id),
                    func.max(models.LearnedPlace.learned_at),
                ).where(models.LearnedPlace.council == council)
            )
        ).one()
    return (places[0], places[1] or 0, learned[0], learned[1] or 0, learned[2])


async def record_answer(
    db: Database,
    *,
    council: str,
    phrase: str,
    phrase_key: str,
    ward_slug: str,
    author_key: str,
    agreeing: int = 2,
) -> Learned | None:
    """Remember who answered which ward for a phrase; learn it when `agreeing` different
    people have given the same ward (and nobody a different one since it was last learned).
    Returns the learned place when this answer made it one."""
    now = datetime.now(UTC)
    async with db.transaction() as session:
        known = await session.scalar(
            select(models.LearnedPlace).where(
                models.LearnedPlace.council == council,
                models.LearnedPlace.phrase_key == phrase_key,
            )
        )
        if known is not None:
            return None  # already learned (or confirmed): the answer changes nothing
        session.add(
            models.PlaceAnswer(
                council=council,
                phrase=phrase,
                phrase_key=phrase_key,
                ward_slug=ward_slug,
                author_key=author_key,
                answered_at=now,
            )
        )
        await session.flush()
        answers = (
            await session.execute(
                select(models.PlaceAnswer.ward_slug, models.PlaceAnswer.author_key).where(
                    models.PlaceAnswer.council == council,
                    models.PlaceAnswer.phrase_key == phrase_key,
                )
            )
        ).all()
        people = {a for w, a in answers if w == ward_slug}
        disagree = any(w != ward_slug for w, _ in answers)
        if len(people) < agreeing or disagree:
            await write_audit(
                session,
                actor=author_key,
                action="places.answer",
                target=phrase[:200],
                detail={"ward": ward_slug, "agreeing": len(people)},
            )
            return None
        learned = models.LearnedPlace(
            council=council,
            phrase=phrase,
            phrase_key=phrase_key,
            ward_slug=ward_slug,
            how="answers",
            by=", ".join(sorted(people))[:400],
            learned_at=now,
        )
        session.add(learned)
        await write_audit(
            session,
            actor=author_key,
            action="places.learned",
            target=phrase[:200],
            detail={"ward": ward_slug, "by": sorted(people)},
        )
    return _learned(learned)


async def confirm_place(
    db: Database, *, council: str, phrase: str, phrase_key: str, ward_slug: str, actor: str
) -> Learned:
    """An admin's word: the phrase is this ward's, whatever answers said."""
    now = datetime.now(UTC)
    async with db.transaction() as session:
        row = await session.scalar(
            select(models.LearnedPlace).where(
                models.LearnedPlace.council == council,
                models.LearnedPlace.phrase_key == phrase_key,
            )
        )
        before = row.ward_slug if row is not None else None
        if row is None:
            row = models.LearnedPlace(council=council, phrase_key=phrase_key)
            session.add(row)
        row.phrase, row.ward_slug, row.how, row.by, row.learned_at = (
            phrase,
            ward_slug,
            "confirmed",
            actor,
            now,
        )
        await write_audit(
            session,
            actor=actor,
            action="places.confirm",
            target=phrase[:200],
            detail={"from": before, "to": ward_slug},
        )
    return _learned(row)


async def forget_place(db: Database, *, council: str, phrase_key: str, actor: str) -> int:
    """Forget a learned place and the answers about it; returns how many rows went."""
    async with db.transaction() as session:
        learned = (
            await session.execute(
                delete(models.LearnedPlace)
                .where(
                    models.LearnedPlace.council == council,
                    models.LearnedPlace.phrase_key == phrase_key,
                )
                .returning(models.LearnedPlace.phrase, models.LearnedPlace.ward_slug)
            )
        ).all()
        answers = (
            await session.execute(
                delete(models.PlaceAnswer)
                .where(
                    models.PlaceAnswer.council == council,
                    models.PlaceAnswer.phrase_key == phrase_key,
                )
                .returning(models.PlaceAnswer.id)
            )
        ).all()
        if learned or answers:
            await write_audit(
                session,
                actor=actor,
                action="places.forget",
                target=phrase_key[:200],
                detail={
                    "ward": learned[0][1] if learned else None,
                    "answers": len(answers),
                },
            )
    return len(learned) + len(answers)


async def place_memory(db: Database, *, council: str) -> PlaceMemory:
    async with db.transaction() as session:
        learned = (
            await session.scalars(
                select(models.LearnedPlace)
                .where(models.LearnedPlace.council == council)
                .order_by(models.LearnedPlace.phrase)
            )
        ).all()
        taught = {row.phrase_key for row in learned}
        answers = (
            await session.scalars(
                select(models.PlaceAnswer)
                .where(models.PlaceAnswer.council == council)
                .order_by(models.PlaceAnswer.phrase_key, models.PlaceAnswer.answered_at)
            )
        ).all()
    return PlaceMemory(
        learned=tuple(_learned(r) for r in learned),
        pending=tuple(
            Answer(a.phrase, a.ward_slug, a.author_key, _utc(a.answered_at))
            for a in answers
            if a.phrase_key not in taught
        ),
    )


def _learned(row: models.LearnedPlace) -> Learned:
    return Learned(row.phrase, row.ward_slug, row.how, row.by, _utc(row.learned_at))


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)
