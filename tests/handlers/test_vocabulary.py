"""Vocabulary is data: general words in the package's vocabulary.yaml, a council's own
abbreviations in its plan (issue 15)."""

from __future__ import annotations

from handlers.domain import Theme
from handlers.reading.understand import ThemeWords
from handlers.reading.vocabulary import vocabulary


def ranked(themes: tuple[Theme, ...], text: str) -> list[str]:
    words = ThemeWords(themes)
    return [theme for theme, _ in words.rank(words.find(text))]


def test_the_general_lists_load_as_words() -> None:
    loaded = vocabulary()
    assert ("yp",) in loaded.shorthand and loaded.shorthand[("w",)] == ("with",)
    assert "did" in loaded.intent.either_starts and "on" in loaded.themes.phrase_stops
    assert loaded.counts.number_words["dozen"] == 12


def test_a_councils_abbreviation_is_a_word_of_its_plan_not_of_the_code() -> None:
    ours = (Theme("env", "Environment", "aim", words=("t&v", "planting")),)
    theirs = (Theme("env", "Environment", "aim", words=("planting",)),)
    assert ranked(ours, "T&V works done at the shops") == ["env"]
    assert ranked(theirs, "T&V works done at the shops") == []
    assert ("t", "and", "v") not in vocabulary().shorthand
