"""What a sum of money in a post was: raised, granted or spent, and from which fund."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from handlers import domain
from handlers.reading.organisations import fund_named

RAISED, GRANTED, SPENT = "raised", "granted", "spent"
KINDS = (RAISED, GRANTED, SPENT)
_WORDS = {
    RAISED: r"rais\w*|fundrais\w*|collected|donat\w*|sponsor\w*|bucket|raffle|tombola",
    GRANTED: r"grant\w*|award\w*|fund(?:ed|ing)|approv\w*|allocat\w*|agreed|contribut\w*|"
    r"bid|given|secured|received|won",
    SPENT: r"spen[dt]\w*|cost\w*|paid|pay|bought|purchas\w*|invest\w*|hire[ds]?",
}
_KIND = re.compile("|".join(f"(?P<{k}>\\b(?:{w})\\b)" for k, w in _WORDS.items()), re.I)
_POUND = re.compile(r"£|\bquid\b|\bpounds\b", re.I)


@dataclass(frozen=True, slots=True)
class Money:
    amount: float
    kind: str  # raised, granted, spent
    fund: str  # "" when no fund is named


def money_of(text: str, amount: float, funds: Sequence[domain.Fund]) -> Money:
    """Read the sum's kind from the word nearest the first £ (a fund named and no word:
    granted; otherwise raised)."""
    fund = fund_named(text, funds)
    pound = _POUND.search(text)
    at = pound.start() if pound else 0
    nearest: tuple[int, str] | None = None
    for match in _KIND.finditer(text):
        kind = match.lastgroup or RAISED
        distance = abs(match.start() - at)
        if nearest is None or distance < nearest[0]:
            nearest = (distance, kind)
    kind = nearest[1] if nearest else (GRANTED if fund else RAISED)
    return Money(amount, kind, fund)
