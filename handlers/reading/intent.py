"""What a message is for: an update to log, a question to answer, both, or neither.

An update must never be lost to a search, so a message is searched only when it is clearly
a question: it ends with "?" or starts with a question word or a search word ("show",
"find", "any", "list"), and reports nothing done. A message opening as reports do ("Did a
litter pick ...", "Have set up ...", "Went to ...", "Had 25 at ...") is an update. When it
could be either ("did anyone see the fly tip on Ferham Rd", or a report ending in "?"), the
officer chooses. Requests, thanks and greetings are neither. The words are data
(vocabulary.yaml); this module holds only the order the rules are tried in.

Decided before anything is stored or searched, so the same rule serves the chat and the
accuracy bench (bench.understanding scores it on the labelled sets).
"""

from __future__ import annotations

import re
from enum import StrEnum

from handlers.reading.understand import Reading
from handlers.reading.vocabulary import vocabulary

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# A short heading before a colon or dash: "Ward update:", "quick one -".
_HEADING = re.compile(r"^\s*(?:[^\s:?]+\s+){0,3}?[^\s:?]+\s*(?::|\s[-–]\s)")


class Intent(StrEnum):
    UPDATE = "update"
    QUESTION = "question"
    EITHER = "either"  # could be read both ways: the officer chooses
    OTHER = "other"


def _words(text: str) -> list[str]:
    return [w.replace("'", "") for w in _WORD.findall(text.lower().replace("\u2019", "'"))]


def _starts(words: list[str], phrases: tuple[str, ...]) -> bool:
    return any(words[: len(p.split())] == p.split() for p in phrases)


def _without_opener(text: str) -> str:
    """The message after an opener that says nothing of its intent ("fyi", "quick one -")."""
    words = vocabulary().intent
    heading = _HEADING.match(text)
    if heading and _starts(_words(heading.group(0)), words.openers):
        return text[heading.end() :]
    found = _words(text)
    for opener in sorted(words.openers, key=len, reverse=True):
        size = len(opener.split())
        if found[:size] == opener.split() and len(found) > size:
            match = re.match(rf"\W*(?:\w+\W+){{{size}}}", text)
            return text[match.end() :] if match else text
    return text


def is_opener(text: str) -> bool:
    """Words that head a post without naming anything: "Update to Cabinet", "fyi"."""
    return " ".join(_words(text)) in vocabulary().intent.openers


def reads_as_update(reading: Reading, text: str) -> bool:
    """Something was done: a count, a theme, a date or a place, in more than a few words."""
    said = reading.people_reached or reading.volunteers or reading.quantities
    where = reading.ward or reading.candidates or reading.places
    return len(text.split()) >= 3 and bool(said or reading.themes or reading.date_reason or where)


def read_intent(text: str, reading: Reading) -> Intent:
    words = vocabulary().intent
    rest = _without_opener(text)
    found = _words(rest)
    if not found:
        return Intent.OTHER
    asks = text.rstrip().endswith("?")
    counted = bool(reading.people_reached or reading.volunteers or reading.quantities)
    # "Anyone passing Clifton Park will have seen the 40 new trees", "How Rawmarsh raised
    # £2k": a question's or a search's first word, no question mark and a count reported
    # could be either.
    reported = counted and "?" not in text
    if _starts(found, words.search_starts):
        return Intent.EITHER if reported else Intent.QUESTION
    if _starts(found, words.other_starts) and not counted:  # "thanks all, 41 came": a report
        return Intent.OTHER
    if _starts(found, words.question_starts):
        return Intent.EITHER if reported else Intent.QUESTION
    if found[0] in words.either_starts:
        asked_of = len(found) > 1 and found[1] in words.subjects
        if asks:
            return Intent.EITHER if counted and not asked_of else Intent.QUESTION
        return Intent.EITHER if asked_of else Intent.UPDATE
    if found[0] in words.report_starts:
        return Intent.EITHER if asks else Intent.UPDATE
    if asks:
        # Not opened as a question: a report with a "?" at the end could be either.
        return Intent.EITHER if counted or reading.date_reason else Intent.QUESTION
    return Intent.UPDATE if reads_as_update(reading, rest) else Intent.OTHER
