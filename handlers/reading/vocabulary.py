"""The reading rules' word lists, loaded once from vocabulary.yaml (package data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class IntentWords:
    question_starts: tuple[str, ...]
    search_starts: tuple[str, ...]
    either_starts: frozenset[str]
    subjects: frozenset[str]
    report_starts: frozenset[str]
    other_starts: tuple[str, ...]
    openers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    intent: IntentWords
    street_nouns: frozenset[str]
    function_words: frozenset[str]


def _words(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(w).lower() for w in raw[key])


@cache
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load(
        files("handlers.reading").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    )
    intent = raw["intent"]
    return Vocabulary(
        intent=IntentWords(
            question_starts=_words(intent, "question_starts"),
            search_starts=_words(intent, "search_starts"),
            either_starts=frozenset(_words(intent, "either_starts")),
            subjects=frozenset(_words(intent, "subjects")),
            report_starts=frozenset(_words(intent, "report_starts")),
            other_starts=_words(intent, "other_starts"),
            openers=_words(intent, "openers"),
        ),
        street_nouns=frozenset(_words(raw, "street_nouns")),
        function_words=frozenset(_words(raw, "function_words")),
    )
