"""A person's data rights: everything held about them (subject access), and erasure.

The CLI (`wardbot gdpr ...`) asks and prints; what is found, written and erased is decided here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from handlers import domain
from handlers.data import spreadsheets
from storage.db import Database
from storage.gdpr import Erasure, PersonData, erase_person, find_person, person_data

FORMATS = ("json", "csv")


class NotOnePerson(LookupError):
    """No one, or more than one person, matches what was given; the message says which."""


async def one_person(db: Database, ref: str) -> domain.Person:
    """The one person `ref` names (platform:user-id, or a name)."""
    found = await find_person(db, ref=ref)
    if not found:
        raise NotOnePerson(f"No one matching '{ref}' is known to wardbot. Nothing was changed.")
    if len(found) > 1:
        keys = ", ".join(f"{p.platform}:{p.user_id}" for p in found)
        raise NotOnePerson(
            f"More than one person matches '{ref}': {keys}. Name one by platform:user-id."
        )
    return found[0]


def label(person: domain.Person, ref: str) -> str:
    return f"{person.name} ({person.platform}:{person.user_id})" if person.name else ref


async def subject_access(db: Database, person: domain.Person, *, format: str = "json") -> str:
    """Everything held about a person, as JSON or as CSV (one row per thing held)."""
    data = await person_data(db, person=person)
    return subject_access_json(data) if format == "json" else subject_access_csv(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def subject_access_json(data: PersonData) -> str:
    body = {
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "person": asdict(data.person),
        "updates": [asdict(u) for u in data.updates],
        "audit": [asdict(a) for a in data.audit],
        "channel_links": data.channel_links,
        "digest_subscriptions": data.subscriptions,
        "held_posts": data.held_posts,
        "place_answers": data.place_answers,
    }
    return json.dumps(body, indent=2, default=_jsonable, ensure_ascii=False)


def subject_access_csv(data: PersonData) -> str:
    """One row per thing held: kind, id, date, ward, text, detail (JSON)."""
    header = ["kind", "id", "date", "ward", "text", "detail"]
    return spreadsheets.csv_text(header, _subject_access_rows(data))


def _subject_access_rows(data: PersonData) -> Iterator[list[Any]]:
    p = data.person
    yield [
        "person",
        p.id,
        "",
        "",
        p.name,
        json.dumps(
            {
                "platform": p.platform,
                "user_id": p.user_id,
                "organisation": p.organisation,
                "role": p.role,
            }
        ),
    ]
    for u in data.updates:
        detail = {
            "people_reached": u.people_reached,
            "volunteers": u.volunteers,
            "themes": list(u.themes),
            "deleted": bool(u.deleted_at),
            "link": u.source_link,
        }
        yield ["update", u.id, u.occurred_on.isoformat(), u.ward_name, u.text, json.dumps(detail)]
    for a in data.audit:
        yield [
            "audit",
            a.id,
            _jsonable(a.at),
            "",
            a.action,
            json.dumps({"actor": a.actor, "target": a.target, **a.detail}, default=_jsonable),
        ]
    for link in data.channel_links:
        yield _record_row("channel_link", link, when="linked_at", shown="channel_id")
    for sub in data.subscriptions:
        yield _record_row("digest_subscription", sub, when="created_at", shown="target")
    for held in data.held_posts:
        yield _record_row("held_post", held, when="created_at", shown="text")
    for answer in data.place_answers:
        yield _record_row("place_answer", answer, when="answered_at", shown="phrase")


def _record_row(kind: str, record: dict[str, Any], *, when: str, shown: str) -> list[Any]:
    """A row of the subject-access CSV: the shown field in its column, the rest as JSON."""
    detail = {k: v for k, v in record.items() if k != shown}
    return [
        kind,
        "",
        _jsonable(record[when]),
        "",
        record[shown],
        json.dumps(detail, default=_jsonable),
    ]


@dataclass(frozen=True, slots=True)
class Erased:
    label: str
    done: Erasure

    def summary(self) -> str:
        done = self.done
        return (
            f"Erased {self.label}: now {done.pseudonym}. {done.updates_anonymised} updates kept "
            f"without their author ({done.texts_changed} texts had the name taken out); "
            f"{done.audit_entries} audit entries pseudonymised; {done.held_posts} posts held "
            "for a button deleted. Digests already sent are unchanged."
        )


async def erase(db: Database, person: domain.Person, *, ref: str, actor: str) -> Erased:
    """Anonymise a person everywhere wardbot holds them (audited by storage)."""
    return Erased(label(person, ref), await erase_person(db, person=person, actor=actor))
