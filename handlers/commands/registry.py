"""Every chat command and every button or form wardbot answers, each declared in one place.

A command, in its own module (say handlers/commands/places.py):

    @dataclass(frozen=True, slots=True)
    class PlacesArgs:
        ward: domain.Ward

    def parse_places(ctx: Context, text: str) -> PlacesArgs:  # raise UserError on bad input
        return PlacesArgs(resolve_ward(ctx, text))

    async def places(ctx: Context, incoming: Incoming, args: PlacesArgs) -> Reply: ...

    PLACES = Permission("places", EVERYONE)  # handlers.chat.access: EVERYONE, WRITERS, STAFF, ADMINS
    COMMANDS = (Command("places", places, parse=parse_places, permission=PLACES,
                        usage="places WARD", example="places Sitwell"),)

(`parse=no_args` or `parse=as_text` when a command takes nothing, or its words as they are.)
A button or form: render `Button("More", "places_more", value)` (or `Card(submit=...)`) and
declare `BUTTONS = (Press("places_more", more, permission=PLACES),)` with
`async def more(ctx: Context, incoming: Incoming, action: Action) -> Reply`; a pressed
"places_more:12" finds "places_more". A new module goes into `MODULES` in
handlers/commands/router.py. The router looks the command up, checks its permission once,
parses, and calls it; `help` lists it. Add the command's word, and who may use it, to the
table in tests/handlers/test_access.py (a test checks that table covers every command).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Generic, TypeVar

from handlers.chat.access import Permission
from handlers.chat.context import Context
from handlers.chat.messages import Action, Incoming, Reply

A = TypeVar("A")


@dataclass(frozen=True, slots=True)
class NoArgs:
    """A command that takes nothing (any words after it are ignored, as they always were)."""


def no_args(ctx: Context, text: str) -> NoArgs:
    return NoArgs()


@dataclass(frozen=True, slots=True)
class Text:
    """A command that takes its words as they are (`log TEXT`)."""

    text: str


def as_text(ctx: Context, text: str) -> Text:
    return Text(text)


@dataclass(frozen=True, slots=True)
class Command(Generic[A]):
    """`name ARGS`: the name is one word, or two for a group (`digest subscribe`)."""

    name: str
    handler: Callable[[Context, Incoming, A], Awaitable[Reply]]
    parse: Callable[[Context, str], A]
    permission: Permission
    usage: str  # the help line: `show WARD [THEME] [since DATE]`
    example: str  # ... and what to type: `show Rotherham East since 2026-10-01`

    async def run(self, ctx: Context, incoming: Incoming, text: str) -> Reply:
        return await self.handler(ctx, incoming, self.parse(ctx, text))


@dataclass(frozen=True, slots=True)
class Press:
    """A button or a submitted form, by its action name (before any `:`)."""

    name: str
    handler: Callable[[Context, Incoming, Action], Awaitable[Reply]]
    permission: Permission


class Registry:
    """The commands and buttons of some modules, each module's `COMMANDS` and `BUTTONS`."""

    def __init__(self, commands: Iterable[Command[Any]], presses: Iterable[Press]) -> None:
        self.commands: dict[str, Command[Any]] = {}
        self.presses: dict[str, Press] = {}
        for command in commands:
            assert command.name == command.name.lower() and command.name not in self.commands
            self.commands[command.name] = command
        for press in presses:
            assert ":" not in press.name and press.name not in self.presses, press.name
            self.presses[press.name] = press

    @classmethod
    def of(cls, *modules: ModuleType, also: Iterable[Command[Any]] = ()) -> Registry:
        return cls(
            [*(c for m in modules for c in getattr(m, "COMMANDS", ())), *also],
            [p for m in modules for p in getattr(m, "BUTTONS", ())],
        )

    def command(self, text: str) -> tuple[Command[Any], str] | None:
        """The command a message starts with, and the rest of it; None for other text."""
        word, _, rest = text.strip().partition(" ")
        word, rest = word.lower().rstrip(":"), rest.strip()
        sub, _, after = rest.partition(" ")
        if sub and (group := self.commands.get(f"{word} {sub.lower()}")):
            return group, after.strip()
        found = self.commands.get(word)
        return (found, rest) if found else None

    def press(self, action: Action) -> Press | None:
        return self.presses.get(action.name.partition(":")[0])

    def words(self) -> list[str]:
        """The first word of every command, in the order they were declared."""
        return list(dict.fromkeys(name.split()[0] for name in self.commands))
