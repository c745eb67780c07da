"""Recording updates under concurrency: group commit, repeats, erasure, and what is kept in memory."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from handlers import domain
from storage.audit import recent_audit
from storage.db import Database, open_database
from storage.gdpr import erase_person, find_person
from storage.people import person_role, set_role
from storage.plan_store import current_plan
from storage.updates import count_updates, get_update, record_update, update_by_source


def new(n: int, **changes: object) -> domain.NewUpdate:
    fields: dict[str, object] = {
        "ward_slug": ["sitwell", "wath", "keppel"][n % 3],
        "text": f"litter pick no. {n}, {n + 2} volunteers",
        "platform": "slack",
        "source_message_id": f"C1:{n}",
        "occurred_on": date(2025, 10, 1 + n % 28),
        "author_key": f"slack:U{n % 4}",
        "author_name": f"Officer {n % 4}",
        "author_organisation": "RMBC" if n % 2 else "",
        "themes": ("environment", "community_safety", "environment")[: 1 + n % 3],
        "volunteers": n + 2,
        "quantities": {"bags": n},
        "partners": ("Rotherfed",) if n % 2 else (),
    }
    fields.update(changes)
    return domain.NewUpdate(**fields)  # type: ignore[arg-type]


async def test_concurrent_updates_are_each_stored_once_and_read_back_as_acknowledged(
    db: Database,
) -> None:
    plan = await current_plan(db)
    assert plan is not None
    priority = plan.priorities_of("sitwell")[0]
    wanted = [new(n, priority_id=priority.id if n % 3 == 0 else None) for n in range(40)]
    stored = await asyncio.gather(*(record_update(db, u) for u in wanted))
    assert all(s.created for s in stored)
    assert len({s.update.id for s in stored}) == 40
    assert await count_updates(db) == 40
    for s in stored:  # the record built from the insert is what the database holds
        assert await get_update(db, update_id=s.update.id) == s.update
    assert stored[0].update.priority == priority
    assert stored[1].update.themes == ("environment", "community_safety")


async def test_batches_following_one_another_share_one_connection(db: Database) -> None:
    # Taking a connection from the pool pings it (three round trips on PostgreSQL): a run of
    # batches takes one, not one a batch.
    await asyncio.gather(*(record_update(db, new(n)) for n in range(10)))  # wards read, people
    taken = []
    event.listen(db.engine.sync_engine.pool, "checkout", lambda *_: taken.append(1))
    for wave in range(1, 6):
        stored = await asyncio.gather(*(record_update(db, new(wave * 10 + n)) for n in range(10)))
        assert all(s.created for s in stored)
    assert len(taken) <= 2  # one a batch would be 5 (a busy machine may let one run end)
    assert await count_updates(db) == 60


async def test_a_value_too_long_for_its_column_is_refused_not_cut_short(db: Database) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite holds text to no length")
    good, long = new(1), new(2, place_name="x" * 301)  # place_name holds 300
    results = await asyncio.gather(
        record_update(db, good), record_update(db, long), return_exceptions=True
    )
    assert isinstance(results[1], Exception)
    assert await count_updates(db) == 1
    assert await update_by_source(db, platform="slack", source_message_id="C1:2") is None


def _utc(moment: datetime) -> datetime:
    """SQLite gives the time back without its zone (UTC as written); PostgreSQL with it."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


async def test_each_update_written_together_leaves_its_own_audit_entry(db: Database) -> None:
    # 12 at once share transactions: the entries are written in one statement per batch.
    stored = await asyncio.gather(*(record_update(db, new(n)) for n in range(12)))
    entries = await recent_audit(db, action="update.create")
    assert sorted(e.target for e in entries) == sorted(str(s.update.id) for s in stored)
    for s in stored:
        entry = next(e for e in entries if e.target == str(s.update.id))
        assert entry.actor == s.update.author_key
        assert entry.detail == {"ward": s.update.ward_slug, "platform": "slack"}
        assert _utc(entry.at) == _utc(s.update.created_at)
    # ids in the order the updates were written: the audit trail reads in that order too
    assert [int(e.target) for e in sorted(entries, key=lambda e: e.id)] == sorted(
        s.update.id for s in stored
    )


async def test_the_same_message_sent_again_at_once_is_stored_once(db: Database) -> None:
    stored = await asyncio.gather(*(record_update(db, new(7)) for _ in range(6)))
    assert sum(s.created for s in stored) == 1
    assert len({s.update.id for s in stored}) == 1
    assert {s.update.text for s in stored} == {new(7).text}
    assert await count_updates(db) == 1


async def test_one_bad_update_fails_alone_in_its_batch(db: Database) -> None:
    good = [record_update(db, new(n)) for n in range(5)]
    bad = record_update(db, new(99, priority_id=2**30))  # no such priority
    *stored, failed = await asyncio.gather(*good, bad, return_exceptions=True)
    assert isinstance(failed, Exception)
    assert all(isinstance(s, domain.Stored) and s.created for s in stored)
    assert await count_updates(db) == 5
    assert await update_by_source(db, platform="slack", source_message_id="C1:99") is None


async def test_after_erasure_the_same_person_logging_again_is_a_new_person(
    db: Database, database_url: str
) -> None:
    first = (await record_update(db, new(0))).update
    assert first.author == "Officer 0"
    # Erased by another process (the `wardbot gdpr erase` command): this one still
    # remembers the person it wrote.
    other = open_database(database_url)
    try:
        [person] = await find_person(other, ref="slack:U0")
        await erase_person(other, person=person, actor="cli:dpo")
    finally:
        await other.dispose()
    again = (await record_update(db, new(4))).update
    assert again.author == "Officer 0"
    assert await get_update(db, update_id=again.id) == again
    erased = await get_update(db, update_id=first.id)
    assert erased is not None and erased.author == "(erased)"
    [fresh] = await find_person(db, ref="slack:U0")
    assert fresh.id != person.id


async def test_a_role_set_in_this_process_is_seen_at_once(db: Database, database_url: str) -> None:
    assert await person_role(db, key="slack:UB") is None
    other = open_database(database_url)
    try:
        await set_role(other, key="slack:UB", role="board", actor="test")
    finally:
        await other.dispose()
    assert await person_role(db, key="slack:UB") == "board"


@pytest.mark.parametrize("name", ["", "Jo Renamed"])
async def test_a_new_name_is_written_and_no_name_keeps_the_old(db: Database, name: str) -> None:
    await record_update(db, new(0))
    later = (await record_update(db, new(4, author_name=name))).update
    assert later.author == (name or "Officer 0")
    assert await get_update(db, update_id=later.id) == later


async def test_a_draft_stored_is_read_back_as_the_same_draft(db: Database) -> None:
    """One update type: every field of a draft, each set to something, reaches storage and
    comes back; a field added to the draft and not kept fails here."""
    plan = await current_plan(db)
    assert plan is not None
    priority = plan.priorities_of("sitwell")[0]
    draft = domain.Draft(
        ward_slug="sitwell",
        text="litter pick at the park with Rotherfed, 23 volunteers, 40 bags #internal",
        occurred_on=date(2025, 10, 3),
        themes=("environment", "community_safety"),
        priority_id=priority.id,
        people_reached=120,
        volunteers=23,
        quantities={"bags": 40.0},
        partners=("Rotherfed", "South Yorkshire Police"),
        evidence_link="https://example.org/photos",
        case_study=True,
        explanation="named as 'Sitwell'",
        place_name="Herringthorpe Valley Park",
        place_kind="park",
        internal=True,
    )
    defaults = domain.Draft(ward_slug="", text="", occurred_on=date(2000, 1, 1))
    assert all(getattr(draft, f) != getattr(defaults, f) for f in draft.__dataclass_fields__)
    stored = await record_update(
        db,
        domain.NewUpdate.of(
            draft, platform="slack", source_message_id="C1:1", author_key="slack:U1"
        ),
    )
    assert stored.created
    assert stored.update.as_draft() == draft
    again = await get_update(db, update_id=stored.update.id)
    assert again is not None and again.as_draft() == draft
