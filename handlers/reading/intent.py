"""What a message is for: an update to log, a question to answer, or neither.

Decided before anything is stored or searched, so the same rule serves the chat and the
accuracy bench (bench.understanding scores it on the labelled sets).
"""

from __future__ import annotations

import re
from enum import StrEnum

from handlers.reading.understand import Reading

QUESTION_START = re.compile(
    r"^\s*(?:what(?:'?s| is| are| has| have)?|whats|how(?:'?s| many| much| is| are)?|any|anything|"
    r"who|when|where|which|is\s+there|are\s+there|has|have|did|does|do|can\s+you|could\s+you|"
    r"show\s+me|tell\s+me|list|give\s+me)\b",
    re.I,
)


class Intent(StrEnum):
    UPDATE = "update"
    QUESTION = "question"
    EITHER = "either"  # could be read both ways: the officer chooses
    OTHER = "other"


def is_question(text: str) -> bool:
    return text.rstrip().endswith("?") or bool(QUESTION_START.match(text))


def reads_as_update(reading: Reading, text: str) -> bool:
    """Something was done: a count, a theme or a date, in more than a couple of words."""
    said = reading.people_reached or reading.volunteers or reading.quantities
    return len(text.split()) >= 3 and bool(said or reading.themes or reading.date_reason)


def read_intent(text: str, reading: Reading) -> Intent:
    if is_question(text):
        return Intent.QUESTION
    if reads_as_update(reading, text):
        return Intent.UPDATE
    return Intent.OTHER
