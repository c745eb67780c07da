"""Talk to the handlers as a platform would, for tests that need no platform."""

from __future__ import annotations

import itertools

from handlers.chat.context import Context
from handlers.chat.messages import Action, Actor, Incoming, Reply
from handlers.commands.router import handle

_ids = itertools.count(1)


class ChatDriver:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @staticmethod
    def actor(user: str = "U1", *, platform: str = "slack", name: str = "Jo Officer") -> Actor:
        return Actor(platform=platform, user_id=user, name=name)

    async def say(
        self, text: str, *, user: str = "U1", channel: str = "C1", message_id: str | None = None
    ) -> Reply:
        return await handle(
            self.ctx,
            Incoming(
                actor=self.actor(user),
                channel_id=channel,
                text=text,
                message_id=message_id or f"m{next(_ids)}",
            ),
        )

    async def press(
        self,
        name: str,
        value: str = "",
        *,
        form: dict[str, str] | None = None,
        user: str = "U1",
        message_id: str | None = None,
    ) -> Reply:
        return await handle(
            self.ctx,
            Incoming(
                actor=self.actor(user),
                channel_id="C1",
                action=Action(name=name, value=value, form=form or {}),
                message_id=message_id or f"a{next(_ids)}",
            ),
        )
