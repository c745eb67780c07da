"""Digests to the terminal: a Sender that prints, so digests work with no chat account."""

from __future__ import annotations

import sys
import uuid
from typing import TextIO

from handlers.chat.messages import Reply


class ConsoleSender:
    platform = "console"

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out

    async def send(self, target: str, reply: Reply) -> str:
        out = self.out or sys.stdout
        lines = [f"=== to console:{target} ===", reply.text]
        image = reply.card.image if reply.card else None
        if image is not None and image.png:
            lines.append(f"[chart: {len(image.png):,} byte PNG, not shown here — {image.alt}]")
        print("\n".join(lines), file=out, flush=True)
        return f"console-{uuid.uuid4().hex[:12]}"
