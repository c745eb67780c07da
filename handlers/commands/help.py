"""The grammar, with examples: made from the registered commands."""

from __future__ import annotations

from handlers.chat.context import Context
from handlers.chat.messages import Card, Fact, Reply, Visibility
from handlers.commands.registry import Registry


def help_reply(ctx: Context, registry: Registry) -> Reply:
    grammar = [(c.usage, c.example) for c in registry.commands.values()]
    lines = ["Tell me what's happening in your wards, and ask me about them:"]
    lines += [f"  {usage}   e.g. `{example}`" for usage, example in grammar]
    themes = " ".join(f"#{t.key}" for t in ctx.plan.themes)
    lines.append(f"Themes: {themes}")
    return Reply(
        text="\n".join(lines),
        card=Card(
            title="wardbot — what I can do",
            facts=tuple(Fact(usage, f"e.g. {example}") for usage, example in grammar),
            footer=f"Themes: {themes}",
        ),
        visibility=Visibility.ASKER,
    )


def brief_help(word: str, registry: Registry) -> Reply:
    commands = ", ".join(registry.words())
    return Reply.refusal(
        f"I don't know '{word[:40]}'. I understand: {commands}. Type `help` for examples."
    )
