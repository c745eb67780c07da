"""Refusals, audited: every one counted, at most one audit entry per origin a minute.

A request from outside (another Slack workspace, another Teams tenant) or beyond someone's
role is refused politely; the audit log says so. A flood of such requests must not fill
the log, so each origin (an organisation, or a person and what they asked) is written once
a window, and the windows kept are bounded. Counted per process, like the metrics.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from storage.audit import record_audit
from storage.db import Database, DatabaseUnavailable

log = logging.getLogger(__name__)

ORIGIN_REFUSED = "organisation not allowed"


def organisation_id(platform: str, value: str) -> str:
    """An organisation's id as compared: Teams tenant ids are GUIDs, written in either case;
    Slack's workspace and enterprise ids are upper case and compared exactly."""
    value = value.strip()
    return value.lower() if platform == "teams" else value


def organisation_allowed(platform: str, ids: Iterable[str], allowed: Iterable[str]) -> bool:
    """Does any of `ids` name an organisation on the allow-list? An empty list allows all."""
    wanted = {organisation_id(platform, a) for a in allowed if a.strip()}
    if not wanted:
        return True
    return any(organisation_id(platform, i) in wanted for i in ids if i)


@dataclass
class AuditWindow:
    """Which origins had a refusal audited lately: one entry per origin per `seconds`, and
    at most `most` origins a window however many the requests name."""

    seconds: float = 60.0
    most: int = 1000
    _last: dict[str, float] = field(default_factory=dict)

    def admit(self, origin: str, *, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        last = self._last.get(origin)
        if last is not None and now - last < self.seconds:
            return False
        if len(self._last) >= self.most:
            self._last = {k: t for k, t in self._last.items() if now - t < self.seconds}
            if len(self._last) >= self.most:
                return False
        self._last[origin] = now
        return True


async def audit_refusal(
    db: Database,
    window: AuditWindow,
    *,
    origin: str,
    actor: str,
    target: str,
    detail: dict[str, Any],
) -> bool:
    """Write the refusal to the audit log unless its origin's was written within the window.

    An outage does not turn a refusal into an error: the person is still refused, and the
    log says the entry could not be written. True when an entry was written.
    """
    if not window.admit(origin):
        return False
    try:
        await record_audit(db, actor=actor, action="access.refused", target=target, detail=detail)
    except DatabaseUnavailable as exc:
        log.warning("a refusal (%s) could not be audited: %s", origin, exc)
        return False
    return True
