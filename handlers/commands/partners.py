"""Partners confirmed from chat: "Add Kimberworth Park Bowls Club as a partner?"."""

from __future__ import annotations

import json

from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Action, Incoming, Reply, Visibility
from handlers.commands.corrections import owned_update
from handlers.commands.log_update import LOG
from handlers.commands.registry import Press
from handlers.commands.replies import PARTNER_ADD
from storage.partners import add_update_partner, confirm_partner
from storage.text import clean_text


async def confirm(ctx: Context, incoming: Incoming, action: Action) -> Reply:
    """Remember the organisation, and name it as a partner of the update it came from."""
    try:
        data = json.loads(action.value)
        name = clean_text(str(data["name"])).strip()[:200]
        update_id = int(data["update"])
    except (ValueError, KeyError, TypeError):
        raise UserError("That button is no longer in use.") from None
    if not name:
        raise UserError("That button is no longer in use.")
    update = await owned_update(ctx, incoming, update_id)
    added = await confirm_partner(ctx.db, name=name, actor=incoming.acting.key)
    await add_update_partner(ctx.db, update_id=update.id, name=name, actor=incoming.acting.key)
    remembered = (
        "I'll recognise it in posts from now on" if added else "it was already on the partner list"
    )
    return Reply(
        text=f"Added {name} as a partner of #{update.id}; {remembered}.",
        visibility=Visibility.ASKER,
    )


BUTTONS = (Press(PARTNER_ADD, confirm, permission=LOG),)
