"""Adaptive Cards checked against Microsoft's Adaptive Card 1.5 JSON schema, as Teams renders them.

The schema is vendored in tests/data/schemas (see its README for the origin and licence).
Teams adds one thing at the card's root, `msteams` (width, entities); the schema's
AdaptiveCard allows no extra properties, so that one is allowed here and nothing else.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft6Validator

SCHEMA_FILE = Path(__file__).parent.parent / "data" / "schemas" / "adaptive-card-1.5.json"
# Teams refuses a bot message (the activity as sent) past about 100 KB.
MAX_MESSAGE_BYTES = 100_000
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


@cache
def _validator() -> Draft6Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    schema = copy.deepcopy(schema)
    schema["definitions"]["AdaptiveCard"]["properties"]["msteams"] = {"type": "object"}
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema, format_checker=Draft6Validator.FORMAT_CHECKER)


def card_problems(card: Any) -> list[str]:
    """Why Teams would refuse this card, if it would: schema errors, then what Teams adds."""
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(card)'}: {error.message}"
        for error in _validator().iter_errors(card)
    ]
    if isinstance(card, dict):
        if card.get("type") != "AdaptiveCard":
            problems.append("the card's type must be AdaptiveCard")
        if not isinstance(card.get("version"), str):
            problems.append("a top-level card must say its version")
    return problems


def attachment_problems(attachments: Any) -> list[str]:
    """Problems in an activity's attachments: every Adaptive Card is checked."""
    if attachments is None:
        return []
    if not isinstance(attachments, list):
        return ["attachments must be an array"]
    problems: list[str] = []
    for index, attachment in enumerate(attachments):
        if not isinstance(attachment, dict) or not attachment.get("contentType"):
            problems.append(f"attachments[{index}] has no contentType")
        elif attachment["contentType"] == ADAPTIVE_CARD:
            problems += [
                f"attachments[{index}]: {p}" for p in card_problems(attachment.get("content"))
            ]
    return problems
