"""Sending to a channel nobody just wrote in (digests): the shell supplies a Sender per platform."""

from __future__ import annotations

from typing import Protocol

from handlers.messages import Reply


class DeliveryError(Exception):
    """A send that failed. `gone`: the bot can no longer post there (removed, uninstalled)."""

    def __init__(self, reason: str, *, gone: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.gone = gone


class Sender(Protocol):
    platform: str  # "slack", "teams", "console"

    async def send(self, target: str, reply: Reply) -> str:
        """Post `reply` (its card and any chart image) to a channel or conversation id.

        Returns the platform's id of the posted message. Retries transient failures
        itself; raises DeliveryError when it gives up.
        """
        ...
