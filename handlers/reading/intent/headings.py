"""What heads a message: an opener that says nothing of its intent ("fyi", "quick one -"),
a heading before a colon, and a heading naming whom the post speaks to."""

from __future__ import annotations

import re

from handlers.reading.intent.words import HEADING_COLON, starts, words_of
from handlers.reading.vocabulary import vocabulary

# A short heading before a colon or dash: "Ward update:", "quick one -".
_HEADING = re.compile(r"^\s*(?:[^\s:?]+\s+){0,3}?[^\s:?]+\s*(?::|\s[-–]\s)")


def without_opener(text: str) -> str:
    """The message after an opener that says nothing of its intent ("fyi", "quick one -")."""
    words = vocabulary().intent
    heading = _HEADING.match(text)
    if heading and starts(words_of(heading.group(0)), words.openers):
        return text[heading.end() :]
    found = words_of(text)
    for opener in sorted(words.openers, key=len, reverse=True):
        size = len(opener.split())
        if found[:size] == opener.split() and len(found) > size:
            match = re.match(rf"\W*(?:\w+\W+){{{size}}}", text)
            return text[match.end() :] if match else text
    return text


def is_opener(text: str) -> bool:
    """Words that head a post without naming anything: "Update to Cabinet", "fyi"."""
    return " ".join(words_of(text)) in vocabulary().intent.openers


def addressed_to_the_readers(text: str) -> bool:
    """ "Maltby colleagues - ...", "All partners: ...": a post headed by whom it speaks to is
    a message to them (a notice, a request), not a log entry, unless it tells something
    done or counted."""
    heading = _HEADING.match(text)
    if heading is None:
        return False
    found = words_of(heading.group(0))
    return bool(found) and found[-1] in vocabulary().intent.addressees


def after_a_heading(text: str) -> str:
    """ "Rawmarsh East: who owns the land behind the shops": after a heading that asks
    nothing, the message is what follows the colon when that opens a question."""
    heading = HEADING_COLON.match(text)
    if heading is None:
        return text
    words = vocabulary().intent
    before, after = words_of(heading.group(0)), text[heading.end() :]
    found = words_of(after)
    asking = words.clause_starts | words.relative_words | words.noun_question_words
    if not found or not before or before[0] in asking | words.contracted_questions:
        return text  # "Where to find a warm welcome: ...", "Who's who: ..." are headings
    opens = (
        starts(found, words.question_starts)
        or starts(found, words.search_starts)
        or found[0] in words.contracted_questions
    )
    return after if opens else text
