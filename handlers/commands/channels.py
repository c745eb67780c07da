"""Tying a channel to a ward."""

from __future__ import annotations

from handlers.chat.access import ADMINS, Permission
from handlers.chat.context import Context
from handlers.chat.messages import Incoming, Reply
from handlers.commands.queries import WardArg, parse_ward
from handlers.commands.registry import Command, NoArgs, no_args
from storage.channels import link_channel, unlink_channel


async def link(ctx: Context, incoming: Incoming, args: WardArg) -> Reply:
    ward = args.ward
    await link_channel(
        ctx.db,
        platform=incoming.platform,
        channel_id=incoming.channel_id,
        ward_slug=ward.slug,
        actor=incoming.actor.key,
    )
    return Reply(text=f"This channel is now linked to {ward.name}: updates here count for it.")


async def unlink(ctx: Context, incoming: Incoming, args: NoArgs) -> Reply:
    removed = await unlink_channel(
        ctx.db, platform=incoming.platform, channel_id=incoming.channel_id, actor=incoming.actor.key
    )
    if not removed:
        return Reply.refusal("This channel isn't linked to a ward.")
    return Reply(text="This channel is no longer linked to a ward.")


COMMANDS = (
    Command(
        "link",
        link,
        parse=parse_ward,
        permission=Permission("link", ADMINS),
        usage="link WARD (admins)",
        example="link Wath",
    ),
    Command(
        "unlink",
        unlink,
        parse=no_args,
        permission=Permission("unlink", ADMINS),
        usage="unlink (admins)",
        example="unlink",
    ),
)
