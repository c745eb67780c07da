"""The terminal channel: type the chat grammar, read the replies as plain text."""

from __future__ import annotations

import asyncio
import getpass
import sys
import uuid
from typing import TextIO

from handlers.context import Context
from handlers.messages import Actor, Card, Incoming, Reply
from handlers.router import handle
from storage.db import DatabaseUnavailable

PROMPT = "wardbot> "


def render(reply: Reply) -> str:
    """A reply as a person reads it in a terminal."""
    lines = [reply.text]
    card = reply.card
    if card is not None and "\n" not in reply.text:
        lines += _card_lines(card)
    return "\n".join(lines)


def _card_lines(card: Card) -> list[str]:
    lines = [f"  {fact.label}: {fact.value}" for fact in card.facts]
    for section in card.sections:
        lines.append(f"  {section.title}")
        if section.text:
            lines.append(f"    {section.text}")
    for field in card.fields:
        mark = f" — {card.errors[field.name]}" if field.name in card.errors else ""
        lines.append(f"  [{field.label}{' *' if field.required else ''}]{mark}")
    if card.buttons:
        lines.append("  " + "  ".join(f"[{b.label}]" for b in card.buttons))
    if card.footer:
        lines.append(f"  {card.footer}")
    return lines


def local_actor() -> Actor:
    user = getpass.getuser()
    return Actor(platform="console", user_id=user, name=user)


async def chat(ctx: Context, *, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    actor = local_actor()
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
        incoming = Incoming(
            actor=actor, channel_id="console", text=line, message_id=f"console-{uuid.uuid4()}"
        )
        try:
            reply = await handle(ctx, incoming)
        except DatabaseUnavailable:
            reply = Reply.refusal("The database can't be reached just now; nothing was stored.")
        print(render(reply), file=stdout, flush=True)
