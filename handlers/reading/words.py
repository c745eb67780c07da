"""Words as officers type them: tokens with their place in the text, chat shorthand
spelled out, and word forms reduced to one stem, so "litter picking", "litter picks"
and "litter-picked" all read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from handlers.reading.vocabulary import vocabulary

_STEMMER = snowballstemmer.stemmer("english")

# Shorthand seen in officers' posts -> the words it stands for (vocabulary.yaml). Keys are
# token runs after lower-casing and splitting on punctuation, so "T&V" is ("t", "and", "v").
SHORTHAND = vocabulary().shorthand
_LONGEST_SHORTHAND = max(len(k) for k in SHORTHAND)
_STARTS = {k[0] for k in SHORTHAND}


@dataclass(slots=True)
class Token:
    # Not frozen: a post makes dozens, and a frozen dataclass's __init__ costs three times more.
    text: str  # lower case, no punctuation
    start: int  # where it came from in the original text
    end: int


_WORD = re.compile(r"[a-z0-9']+|&")


def tokens(text: str) -> list[Token]:
    """Lower-cased word tokens with their offsets; "&" reads as "and", apostrophes vanish.

    A new list each call, of tokens shared between calls (no caller changes a token)."""
    return list(_tokens(text))


# A post is tokenised by its reading and again by its priority's choice, one after the
# other: the last few texts' tokens are kept.
@lru_cache(maxsize=16)
def _tokens(text: str) -> tuple[Token, ...]:
    lowered = text.lower().replace("\u2019", "'")
    found: list[Token] = []
    for match in _WORD.finditer(lowered):
        word = match.group(0).replace("'", "")
        if word == "&":
            word = "and"
        if word:
            found.append(Token(word, match.start(), match.end()))
    return tuple(found)


def expand(found: list[Token]) -> list[Token]:
    """Spell out shorthand; each expanded word keeps the span of what it replaced."""
    out: list[Token] = []
    i = 0
    while i < len(found):
        if found[i].text not in _STARTS:
            out.append(found[i])
            i += 1
            continue
        for size in range(min(_LONGEST_SHORTHAND, len(found) - i), 0, -1):
            key = tuple(t.text for t in found[i : i + size])
            words = SHORTHAND.get(key)
            if words is not None:
                start, end = found[i].start, found[i + size - 1].end
                out.extend(Token(w, start, end) for w in words)
                i += size
                break
        else:
            out.append(found[i])
            i += 1
    return out


# Words the stemmer would fold into a word of another meaning ("parking" is not "park"),
# from vocabulary.yaml.
STEM_EXCEPTIONS = vocabulary().stem_exceptions


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    return STEM_EXCEPTIONS.get(word) or str(_STEMMER.stemWord(word))


def stems(text: str) -> tuple[str, ...]:
    """The stems of a word or phrase, shorthand spelled out: "litter picks" -> ("litter", "pick")."""
    return tuple(stem(t.text) for t in expand(tokens(text)))


@lru_cache(maxsize=4096)
def phrase_stems(phrase: str) -> tuple[str, ...]:
    """`stems` for text that recurs (priority titles, theme labels): worked out once."""
    return stems(phrase)
