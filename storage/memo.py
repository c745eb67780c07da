"""What storage keeps in memory to spare the database a query on every message.

Only facts that are cheap to be briefly wrong about, or that are checked again when used:
a ward's id and name by slug, a priority by id (both change only when a plan is loaded),
the name last written for a person, and people's roles. Each entry lives for `seconds`;
another replica's change is seen at the latest when the entry expires.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from handlers import domain

K = TypeVar("K")
V = TypeVar("V")

# Every role change in this process (set_role, erasure) bumps this: cached roles of every
# Database object are then out of date at once.
_role_generation = 0


def roles_changed() -> None:
    global _role_generation
    _role_generation += 1


def role_generation() -> int:
    return _role_generation


class Kept(Generic[K, V]):
    """A small dict whose entries expire after `seconds`; emptied when it grows past `most`."""

    def __init__(self, seconds: float, *, most: int = 10_000) -> None:
        self.seconds = seconds
        self.most = most
        self._items: dict[K, tuple[float, V]] = {}

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is None:
            return None
        if time.monotonic() - found[0] > self.seconds:
            del self._items[key]
            return None
        return found[1]

    def put(self, key: K, value: V) -> None:
        if len(self._items) >= self.most:
            self._items.clear()
        self._items[key] = (time.monotonic(), value)

    def drop(self, key: K) -> None:
        self._items.pop(key, None)

    def clear(self) -> None:
        self._items.clear()


@dataclass(frozen=True, slots=True)
class WardRef:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Author:
    """A person as last written by this process: the insert checks the id is still theirs."""

    name: str
    organisation: str


ROLE_SECONDS = 30.0  # how long another replica's role change may take to be seen here
PLAN_SECONDS = 60.0  # a plan loaded by another process: ward names and priority titles


@dataclass(slots=True)
class Memo:
    wards: Kept[str, WardRef] = field(default_factory=lambda: Kept(PLAN_SECONDS))
    priorities: Kept[int, domain.Priority] = field(default_factory=lambda: Kept(PLAN_SECONDS))
    authors: Kept[str, Author] = field(default_factory=lambda: Kept(3600.0))
    roles: Kept[str, tuple[int, str | None]] = field(default_factory=lambda: Kept(ROLE_SECONDS))

    def plan_changed(self) -> None:
        self.wards.clear()
        self.priorities.clear()
