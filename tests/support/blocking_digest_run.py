"""`wardbot digest run` whose console sender announces a send and then never finishes.

Run as a script in a real process, so a test can SIGKILL it while it holds a claim.
"""

from __future__ import annotations

import asyncio
import sys

from bot import app, cli
from handlers.chat.messages import Reply


class BlockingSender:
    platform = "console"

    async def send(self, target: str, reply: Reply) -> str:
        print(f"SENDING {target}", flush=True)
        await asyncio.Event().wait()
        return "never"


if __name__ == "__main__":
    app.SENDER_FACTORIES["console"] = lambda svc: BlockingSender()
    sys.exit(cli.main(["digest", "run", *sys.argv[1:]]))
