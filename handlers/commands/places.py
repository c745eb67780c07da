"""Places learned from people's answers, and the `places` command.

When a post is a question only because of one place name ("Wickersley" is in two wards,
"Church Street" is in many, nobody has listed "Brecks Lane"), the ward the person chooses
is remembered against that name,
with who chose it and when. Two different people choosing the same ward (and nobody a
different one), or one admin's `places confirm PHRASE WARD`, makes it a learned place: from
then on it is read like a street in the council's own file. `places forget PHRASE` undoes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers import domain
from handlers.chat.access import ADMINS, EVERYONE, Permission
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Actor, Card, Fact, Incoming, Reply, Section, Visibility
from handlers.commands.registry import Command, NoArgs
from handlers.reading.places import place_key
from handlers.reading.unknown_places import unknown_places
from storage.places import (
    Learned,
    confirm_place,
    forget_place,
    place_memory,
    record_answer,
)

AGREEING = 2  # different people who must give the same ward before a phrase is learned
SHOWN = 30
USAGE = (
    "`places` lists the places learned from answers and those still waiting; admins: "
    "`places confirm PHRASE WARD`, `places forget PHRASE`."
)


def _key(phrase: str) -> str:
    return " ".join(place_key(phrase))


def phrase_of_question(ctx: Context, text: str, ward: domain.Ward) -> str | None:
    """The one place name that made a post a question, when it names the chosen ward: a
    name in more than one ward, or a street or place nobody has listed ("Brecks Lane").

    None when the post named places in different wards (which of them was meant is not
    known), several unknown ones, or none."""
    hits = ctx.understanding.place_hits(text)
    if not hits:
        unknown = unknown_places(text)
        return unknown[0] if len(unknown) == 1 else None
    if any(ward not in h.wards for h in hits):
        return None
    shared = {place_key(h.name): text[h.start : h.end] for h in hits if len(h.wards) > 1}
    if len(shared) != 1:
        return None
    return " ".join(next(iter(shared.values())).split())


async def learn_from_answer(ctx: Context, *, text: str, ward: domain.Ward, who: Actor) -> str:
    """Remember the answer; returns a sentence for the reply ("" when nothing was learned)."""
    phrase = phrase_of_question(ctx, text, ward)
    if phrase is None:
        return ""
    learned = await record_answer(
        ctx.db,
        council=ctx.plan.council,
        phrase=phrase,
        phrase_key=_key(phrase),
        ward_slug=ward.slug,
        author_key=who.key,
        agreeing=AGREEING,
    )
    if learned is None:
        return ""
    await ctx.reload_places()
    return f"Learned: '{phrase}' is in {ward.name} (two people chose it)."


@dataclass(frozen=True, slots=True)
class Phrase:
    """`places forget PHRASE`"""

    phrase: str


@dataclass(frozen=True, slots=True)
class PhraseInWard:
    """`places confirm PHRASE WARD`"""

    phrase: str
    ward: domain.Ward


def parse_list(ctx: Context, text: str) -> NoArgs:
    if text.strip():  # `places teach ...`: not a command of this group
        raise UserError(USAGE)
    return NoArgs()


def parse_confirm(ctx: Context, text: str) -> PhraseInWard:
    phrase, ward = _split_ward(ctx, text.strip())
    if not _key(phrase):
        raise UserError("Which place? `places confirm Brecks Lane Wickersley North`.")
    if len(phrase) > 200:
        raise UserError("That place name is too long (200 characters at most).")
    return PhraseInWard(phrase, ward)


def parse_forget(ctx: Context, text: str) -> Phrase:
    phrase = text.strip(" '\"")
    if not _key(phrase):
        raise UserError("Which place? `places forget Brecks Lane`.")
    return Phrase(phrase)


def _ward_name(ctx: Context, slug: str) -> str:
    ward = ctx.plan.ward(slug)
    return ward.name if ward else slug


async def listing(ctx: Context, incoming: Incoming, args: NoArgs) -> Reply:
    memory = await place_memory(ctx.db, council=ctx.plan.council)
    learned = [
        Fact(
            f"'{p.phrase}'",
            f"{_ward_name(ctx, p.ward_slug)} — {_how(p)}, {p.learned_at:%d %b %Y}",
        )
        for p in memory.learned[:SHOWN]
    ]
    waiting: dict[str, list[str]] = {}
    for answer in memory.pending:
        who = "you" if answer.author_key == incoming.actor.key else "someone"
        waiting.setdefault(answer.phrase, []).append(
            f"{_ward_name(ctx, answer.ward_slug)} ({who}, {answer.answered_at:%d %b})"
        )
    pending = [Fact(f"'{phrase}'", "; ".join(chosen)) for phrase, chosen in waiting.items()]
    if not learned and not pending:
        return Reply(
            text=(
                "No places learned yet. When a post is asked about because a place is in "
                "more than one ward, the ward people choose is remembered; two people "
                "agreeing (or an admin's `places confirm PHRASE WARD`) teaches it."
            ),
            visibility=Visibility.ASKER,
        )
    lines = [f"{f.label}: {f.value}" for f in learned]
    text = f"Learned places ({len(memory.learned)}): " + ("; ".join(lines) or "none")
    if pending:
        text += f". Waiting for a second answer ({len(pending)}): " + "; ".join(
            f"{f.label}: {f.value}" for f in pending[:SHOWN]
        )
    return Reply(
        text=text + ".",
        card=Card(
            title="Places learned from answers",
            sections=(
                Section(title=f"Learned ({len(memory.learned)})", facts=tuple(learned)),
                Section(
                    title=f"Waiting for agreement ({len(pending)})", facts=tuple(pending[:SHOWN])
                ),
            ),
            footer="Admins: places confirm PHRASE WARD · places forget PHRASE",
        ),
        visibility=Visibility.ASKER,
    )


def _how(place: Learned) -> str:
    return "confirmed by an admin" if place.how == "confirmed" else "two people agreed"


def _split_ward(ctx: Context, text: str) -> tuple[str, domain.Ward]:
    """`Brecks Lane Wickersley North` -> ("Brecks Lane", Wickersley North): the ward is the
    longest run of last words that names one."""
    words = text.replace(":", " ").split()
    for size in range(min(ctx.understanding.names.longest, len(words) - 1), 0, -1):
        ward = ctx.understanding.names.exact(" ".join(words[-size:]))
        if ward is not None:
            return " ".join(words[:-size]).strip(" '\""), ward
    raise UserError(
        "Which ward? Write the phrase, then the ward: `places confirm Brecks Lane Wickersley "
        "North`. Nothing was changed."
    )


async def confirm(ctx: Context, incoming: Incoming, args: PhraseInWard) -> Reply:
    phrase, ward = args.phrase, args.ward
    await confirm_place(
        ctx.db,
        council=ctx.plan.council,
        phrase=phrase,
        phrase_key=_key(phrase),
        ward_slug=ward.slug,
        actor=incoming.actor.key,
    )
    await ctx.reload_places()
    return Reply(
        text=f"Confirmed: '{phrase}' is in {ward.name}. Posts naming it are logged there.",
        visibility=Visibility.CHANNEL,
    )


async def forget(ctx: Context, incoming: Incoming, args: Phrase) -> Reply:
    phrase = args.phrase
    gone = await forget_place(
        ctx.db, council=ctx.plan.council, phrase_key=_key(phrase), actor=incoming.actor.key
    )
    if not gone:
        raise UserError(f"I haven't learned '{phrase}'. `places` lists what I have.")
    await ctx.reload_places()
    return Reply(
        text=f"Forgotten: '{phrase}', and the answers about it.",
        visibility=Visibility.CHANNEL,
    )


COMMANDS = (
    Command(
        "places confirm",
        confirm,
        parse=parse_confirm,
        permission=Permission("places confirm", ADMINS),
        usage="places confirm PHRASE WARD (admins)",
        example="places confirm Brecks Lane Wickersley North",
    ),
    Command(
        "places forget",
        forget,
        parse=parse_forget,
        permission=Permission("places forget", ADMINS),
        usage="places forget PHRASE (admins)",
        example="places forget Brecks Lane",
    ),
    Command(
        "places",
        listing,
        parse=parse_list,
        permission=Permission("places", EVERYONE),
        usage="places (learned from answers)",
        example="places",
    ),
)
