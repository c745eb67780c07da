"""The terminal channel: type the chat grammar, read the replies as plain text."""

from __future__ import annotations

import asyncio
import getpass
import sys
import uuid
from typing import TextIO

from handlers.chat.context import Context
from handlers.chat.errors import DatabaseUnavailable
from handlers.chat.messages import Action, Actor, Button, Card, Incoming, Reply
from handlers.commands.router import handle

PROMPT = "wardbot> "


def render(reply: Reply) -> str:
    """A reply as a person reads it in a terminal."""
    lines = [reply.text]
    if reply.card is not None:
        # A text of several lines already says what the card's facts and sections say.
        lines += _card_lines(reply.card, details="\n" not in reply.text)
    return "\n".join(lines)


def _card_lines(card: Card, *, details: bool) -> list[str]:
    lines = [f"  {fact.label}: {fact.value}" for fact in card.facts] if details else []
    for section in card.sections if details else ():
        lines.append(f"  {section.title}")
        if section.text:
            lines.append(f"    {section.text}")
    for field in card.fields:
        mark = f" — {card.errors[field.name]}" if field.name in card.errors else ""
        lines.append(f"  [{field.label}{' *' if field.required else ''}]{mark}")
    if card.buttons:
        lines.append("  " + "  ".join(f"[{n}: {b.label}]" for n, b in enumerate(card.buttons, 1)))
        lines.append("  (type a button's number to press it)")
    if card.footer and details:
        lines.append(f"  {card.footer}")
    return lines


def local_actor() -> Actor:
    user = getpass.getuser()
    return Actor(platform="console", user_id=user, name=user)


async def chat(ctx: Context, *, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    actor = local_actor()
    buttons: tuple[Button, ...] = ()
    interactive = stdin.isatty()
    if interactive:
        print("wardbot — type `help` for what I can do, Ctrl-D to leave.", file=stdout)
    while True:
        if interactive:
            try:
                line = await asyncio.to_thread(input, PROMPT)
            except EOFError:
                print(file=stdout)
                return
        else:
            line = stdin.readline()
            if not line:
                return
        line = line.strip()
        if not line or line.startswith("#!"):
            continue
        pressed = _pressed(line, buttons)
        incoming = Incoming(
            actor=actor,
            channel_id="console",
            text="" if pressed else line,
            action=pressed,
            message_id=f"console-{uuid.uuid4()}",
        )
        try:
            reply = await handle(ctx, incoming)
        except DatabaseUnavailable:
            reply = Reply.refusal("The database can't be reached just now; nothing was stored.")
        buttons = reply.card.buttons if reply.card else ()
        print(render(reply), file=stdout, flush=True)


def _pressed(line: str, buttons: tuple[Button, ...]) -> Action | None:
    """A number typed after a reply with buttons presses that button, as a click would."""
    if line.isdigit() and 1 <= int(line) <= len(buttons):
        button = buttons[int(line) - 1]
        return Action(name=button.action, value=button.value)
    return None
