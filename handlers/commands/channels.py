"""Tying a channel to a ward."""

from __future__ import annotations

from handlers.chat.access import is_admin
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Incoming, Reply
from handlers.commands.queries import resolve_ward
from storage.channels import link_channel, unlink_channel


async def link(ctx: Context, incoming: Incoming, args: str) -> Reply:
    if not await is_admin(ctx, incoming.actor):
        raise UserError("Only an admin can link a channel to a ward.")
    ward = resolve_ward(ctx, args)
    await link_channel(
        ctx.db,
        platform=incoming.platform,
        channel_id=incoming.channel_id,
        ward_slug=ward.slug,
        actor=incoming.actor.key,
    )
    return Reply(text=f"This channel is now linked to {ward.name}: updates here count for it.")


async def unlink(ctx: Context, incoming: Incoming, args: str) -> Reply:
    if not await is_admin(ctx, incoming.actor):
        raise UserError("Only an admin can unlink a channel.")
    removed = await unlink_channel(
        ctx.db, platform=incoming.platform, channel_id=incoming.channel_id, actor=incoming.actor.key
    )
    if not removed:
        return Reply.refusal("This channel isn't linked to a ward.")
    return Reply(text="This channel is no longer linked to a ward.")
