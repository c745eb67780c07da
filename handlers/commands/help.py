"""The grammar, with examples."""

from __future__ import annotations

from handlers.chat.context import Context
from handlers.chat.messages import Card, Fact, Incoming, Reply, Visibility

GRAMMAR = (
    (
        "log [WARD:] TEXT [#theme] [#internal]",
        "log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers",
    ),
    ("show WARD [THEME] [since DATE]", "show Rotherham East since 2026-10-01"),
    ("find WORDS [in WARD] [since DATE]", "find coffee morning in Hoober"),
    ("wards", "wards"),
    ("priorities WARD", "priorities Boston Castle"),
    ("coverage", "coverage"),
    ("undo ID / change ID ...", "change 12 ward Sitwell"),
    ("link WARD / unlink", "link Wath"),
    ("role @person ROLE (admins)", "role @Jo Bloggs partner"),
    ("role @person partner ORGANISATION (admins)", "role @Sam Lee partner Age UK Rotherham"),
    ("audit [N] [@person|action] (admins)", "audit 20 role"),
    ("digest subscribe|unsubscribe|preview|list", "digest subscribe weekly"),
    ("help", "help"),
)


async def help_command(ctx: Context, incoming: Incoming, args: str) -> Reply:
    lines = ["Tell me what's happening in your wards, and ask me about them:"]
    lines += [f"  {usage}   e.g. `{example}`" for usage, example in GRAMMAR]
    themes = " ".join(f"#{t.key}" for t in ctx.plan.themes)
    lines.append(f"Themes: {themes}")
    return Reply(
        text="\n".join(lines),
        card=Card(
            title="wardbot — what I can do",
            facts=tuple(Fact(usage, f"e.g. {example}") for usage, example in GRAMMAR),
            footer=f"Themes: {themes}",
        ),
        visibility=Visibility.ASKER,
    )


def brief_help(word: str) -> Reply:
    commands = ", ".join(usage.split()[0] for usage, _ in GRAMMAR)
    return Reply.refusal(
        f"I don't know '{word[:40]}'. I understand: {commands}. Type `help` for examples."
    )
