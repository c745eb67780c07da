"""The words of a message and the phrases found in it: tokens, sentences, clause breaks,
and the patterns more than one rule shares."""

from __future__ import annotations

import re
from functools import cache

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Where a sentence ends: its mark and a space, or a new line.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")
# A heading of up to ten words ending in a colon.
HEADING_COLON = re.compile(r"^\s*(?:[^\s:?]+\s+){0,9}[^\s:?]+\s*:")
READER = frozenset({"you", "your", "u", "ur", "youre", "yourself"})
KEPT_CONTRACTIONS = ("'re", "'ve", "'ll", "'d", "'m")
CLAUSE_BREAK = re.compile(r"[,;.!]\s|\s[-–]\s|\n")
DAY_OF_MONTH = re.compile(r"\d{1,2}(?:st|nd|rd|th)")


def words_of(text: str) -> list[str]:
    return [w.replace("'", "") for w in WORD.findall(text.lower().replace("\u2019", "'"))]


def starts(words: list[str], phrases: tuple[str, ...]) -> bool:
    return any(words[: len(p.split())] == p.split() for p in phrases)


def sentences_of(text: str) -> list[str]:
    """The message's sentences, each with its closing mark ("?" says it asks)."""
    found, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        found.append(text[start : end.end()])
        start = end.end()
    found.append(text[start:])
    return [s.strip() for s in found if words_of(s)]


def ends_asking(sentence: str) -> bool:
    return sentence.rstrip().endswith("?")


def words_as_spelled(text: str) -> list[str]:
    """Words as written but for the apostrophe of "n't" or "'s": "we're" after "why" is not
    the "were" of a question, while "hasn't" is "hasnt"."""
    found = WORD.findall(text.lower().replace("\u2019", "'"))
    return [w if w.endswith(KEPT_CONTRACTIONS) else w.replace("'", "") for w in found]


def has(found: list[str], phrases: tuple[str, ...]) -> bool:
    return bool(found_at(found, phrases))


@cache
def _by_first_word(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases, split, under their first word: looked up once per word of a post, not
    tried at every word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        split = tuple(phrase.split())
        index.setdefault(split[0], []).append(split)
    return {word: tuple(found) for word, found in index.items()}


def found_at(found: list[str], phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where any of the phrases stands in the words: (start, length) pairs."""
    index = _by_first_word(phrases)
    return [
        (i, len(phrase))
        for i, word in enumerate(found)
        for phrase in index.get(word, ())
        if tuple(found[i : i + len(phrase)]) == phrase
    ]
