"""Who a digest goes to, and what an empty period sends.

`digest subscribe weekly Sitwell to @Jo Bloggs skip-empty`: the words after `to` name a
person, whose direct messages get the digest; `skip-empty` (send nothing when nothing was
logged), `one-line` (one line saying so) or `post-empty` (the digest with its zeros) say
what an empty period sends.

Slack posts to a person by their user id (the shell opens the direct message). Teams can
only post where the bot has a conversation reference, so a Teams person must have chatted
with wardbot 1:1 (or installed it personally) first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from handlers.chat.context import Context
from handlers.chat.errors import UserError
from storage.conversations import list_conversations
from storage.people import find_people, get_person


class WhenEmpty(StrEnum):
    POST = "post"  # the digest, zeros and all
    LINE = "line"  # one line: nothing was logged
    SKIP = "skip"  # nothing at all


_WHEN_EMPTY = {
    "skip-empty": WhenEmpty.SKIP,
    "skip-if-empty": WhenEmpty.SKIP,
    "one-line": WhenEmpty.LINE,
    "one-line-if-empty": WhenEmpty.LINE,
    "post-empty": WhenEmpty.POST,
    "always": WhenEmpty.POST,
}
_OPTION = re.compile(
    r"[,;]?\s*\b(skip[- ]if[- ]empty|skip[- ]empty|one[- ]line(?:[- ]if[- ]empty)?|post[- ]empty|always)\s*$",
    re.I,
)
_TO = re.compile(r"\bto\s+(@?\S.*)$", re.I)
_SLACK_ID = re.compile(r"^@?([UW][A-Z0-9]{6,})$")


@dataclass(frozen=True, slots=True)
class Recipient:
    target: str  # what the platform's sender posts to
    name: str  # the person, as the confirmation names them


def split_options(args: str) -> tuple[str, str, WhenEmpty | None]:
    """(schedule and ward words, the person's words or "", what an empty period sends)."""
    rest, when_empty = args.strip(), None
    if match := _OPTION.search(rest):
        when_empty = _WHEN_EMPTY[re.sub(r"[\s-]+", "-", match.group(1).lower())]
        rest = rest[: match.start()].strip()
    person = ""
    if match := _TO.search(rest):
        person = match.group(1).strip().rstrip(",;")
        rest = rest[: match.start()].strip()
    return rest, person, when_empty


def _teams_personal_chat(references: list[tuple[str, dict[str, object]]], user_id: str) -> str:
    for conversation_id, reference in references:
        conversation = reference.get("conversation")
        user = reference.get("user")
        if (
            isinstance(conversation, dict)
            and conversation.get("conversationType") == "personal"
            and isinstance(user, dict)
            and user.get("id") == user_id
        ):
            return conversation_id
    return ""


async def resolve_recipient(ctx: Context, *, platform: str, words: str) -> Recipient:
    """The person `words` names, on this platform, as somewhere a digest can be posted."""
    typed = words.strip()
    name = typed.lstrip("@").strip()
    if not name:
        raise UserError("Say who should get the digest: `to @person`. Nothing was changed.")
    user_id = ""
    if platform == "slack" and (match := _SLACK_ID.match(typed)):
        user_id = match.group(1)
        known = await get_person(ctx.db, key=f"slack:{user_id}")
        name = known.name if known and known.name else user_id
    else:
        people = await find_people(ctx.db, name=name, platform=platform)
        if not people:
            raise UserError(
                f"I don't know {name} on {platform} yet: they need to have used wardbot "
                "(any message to it will do). Nothing was changed."
            )
        if len(people) > 1:
            raise UserError(
                f"More than one person on {platform} is called {name}; @mention them instead. "
                "Nothing was changed."
            )
        user_id, name = people[0].user_id, people[0].name
    if platform != "teams":
        return Recipient(target=user_id, name=name)
    kept = await list_conversations(ctx.db, platform="teams")
    chat = _teams_personal_chat([(c.conversation_id, c.reference) for c in kept], user_id)
    if not chat:
        raise UserError(
            f"Teams only lets wardbot message {name} once they have chatted with it 1:1: ask "
            f"{name} to send wardbot a message in a 1:1 chat, then subscribe again. "
            "Nothing was changed."
        )
    return Recipient(target=chat, name=name)
