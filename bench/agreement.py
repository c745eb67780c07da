"""How far two annotators agree on a labelled set's intents and counts, and how far the
bot agrees with each: the ceiling a reader can be held to.

    python -m bench.agreement [SET ...]   (default: every set with a second annotator)

A set's own labels are the first annotator's; tests/data/second_annotator/<set>.yaml holds
a second annotator's, made from the texts alone. Prints counts and percentages only, never
a post, so an unread set stays unread.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.report import emit
from bench.understanding import DATA, TODAY, Post, build_understanding, load_posts, read_numbers
from handlers.reading.intent import read_intent

SECOND = DATA / "second_annotator"


@dataclass(frozen=True, slots=True)
class Label:
    intent: str
    numbers: dict[str, float]


def second_labels(path: Path) -> dict[int, Label]:
    raw = yaml.safe_load(path.read_text())["posts"]
    return {
        p["index"]: Label(p["intent"], {k: float(v) for k, v in (p["numbers"] or {}).items()})
        for p in raw
    }


def agreement(posts: list[Post], second: dict[int, Label], bot: dict[int, Label]) -> dict:
    if set(second) != {p.index for p in posts}:
        raise SystemExit("the second annotator's indexes are not the set's")
    result: dict[str, float | int] = {"posts": len(posts)}
    for field in ("intent", "numbers"):
        first = {p.index: getattr(p, field) for p in posts}
        other = {i: getattr(label, field) for i, label in second.items()}
        mine = {i: getattr(label, field) for i, label in bot.items()}
        agreed = [i for i in first if first[i] == other[i]]
        result[f"{field}_annotators_agree"] = _ratio(len(agreed), len(posts))
        result[f"{field}_bot_first"] = _ratio(sum(mine[i] == first[i] for i in first), len(posts))
        result[f"{field}_bot_second"] = _ratio(sum(mine[i] == other[i] for i in first), len(posts))
        result[f"{field}_agreed_posts"] = len(agreed)
        result[f"{field}_bot_on_agreed"] = _ratio(
            sum(mine[i] == first[i] for i in agreed), len(agreed)
        )
    return result


def _ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


async def _main(names: list[str]) -> dict[str, dict]:
    understanding = await build_understanding(None)
    scores = {}
    for name in names:
        posts = load_posts(DATA / f"{name}.yaml")
        bot = {}
        for post in posts:
            reading = understanding.read(post.text, today=TODAY)
            bot[post.index] = Label(read_intent(post.text, reading).value, read_numbers(reading))
        scores[name] = agreement(posts, second_labels(SECOND / f"{name}.yaml"), bot)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", help="set names, e.g. officers_posts_ninth")
    args = parser.parse_args(argv)
    names = args.sets or sorted(p.stem for p in SECOND.glob("*.yaml"))
    scores = asyncio.run(_main(names))
    lines = [
        f"{name}: intent annotators agree {s['intent_annotators_agree']:.1%}, bot "
        f"{s['intent_bot_first']:.1%} / {s['intent_bot_second']:.1%} (first / second), "
        f"{s['intent_bot_on_agreed']:.1%} on the {s['intent_agreed_posts']} both agree on; "
        f"numbers {s['numbers_annotators_agree']:.1%}, bot {s['numbers_bot_first']:.1%} / "
        f"{s['numbers_bot_second']:.1%}, {s['numbers_bot_on_agreed']:.1%} on "
        f"{s['numbers_agreed_posts']}"
        for name, s in scores.items()
    ]
    emit({"bench": "agreement", "sets": scores}, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
