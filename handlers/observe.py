"""What handlers tell the shell about as it happens (for metrics), without importing it."""

from __future__ import annotations

from typing import Protocol


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
