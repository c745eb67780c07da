"""The ports handlers talk to the shell through: an Observer (metrics) and a Sender (digests)."""

from __future__ import annotations

from typing import Protocol

from handlers.chat.messages import Reply


class Observer(Protocol):
    def update_logged(self, platform: str) -> None: ...

    def digest_sent(self, ok: bool) -> None: ...

    def refused(self, command: str) -> None: ...

    def personal_data_warned(self) -> None: ...


class NoObserver:
    """The default: nobody is counting (tests, the terminal)."""

    def update_logged(self, platform: str) -> None:
        pass

    def digest_sent(self, ok: bool) -> None:
        pass

    def refused(self, command: str) -> None:
        pass

    def personal_data_warned(self) -> None:
        pass


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
