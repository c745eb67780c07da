"""A Sender that records what it is given, for tests: errbot's test backend, for digests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from handlers.chat.messages import Reply
from handlers.chat.ports import DeliveryError


@dataclass
class Sent:
    target: str
    reply: Reply


@dataclass
class RecordingSender:
    platform: str = "slack"
    gone: set[str] = field(default_factory=set)  # targets the bot was removed from
    fail_next: dict[str, int] = field(default_factory=dict)  # target -> transient failures left
    delay: float = 0.0  # seconds each send takes
    sent: list[Sent] = field(default_factory=list)

    async def send(self, target: str, reply: Reply) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if target in self.gone:
            raise DeliveryError("channel_not_found", gone=True)
        if self.fail_next.get(target, 0) > 0:
            self.fail_next[target] -= 1
            raise DeliveryError("ratelimited: gave up after retries")
        self.sent.append(Sent(target, reply))
        return f"{self.platform}-{len(self.sent)}"

    def targets(self) -> list[str]:
        return [s.target for s in self.sent]
