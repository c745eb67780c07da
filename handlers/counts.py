"""Counts in a post: people reached, volunteers, bags of litter, money raised.

A number only counts when it is tied to what was counted ("23 volunteers", "15 came",
"approx 40 people", "£150 raised"). Times, dates, years, school years, house numbers,
postcodes, phone numbers, ages and prices are blanked out first, so they are never
mistaken for a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handlers.dates import MONTH_NAMES

_MONTH = MONTH_NAMES
_NUM = r"\d{1,2}(?:[.:]\d{2})?"
_AMPM = r"\s*(?:am|pm|a\.m\.|p\.m\.)"
# Things that look like numbers but are not counts, blanked before any count is read.
NOT_COUNTS = [
    re.compile(p, re.I)
    for p in (
        r"\b0\d{2,4}[\s-]?\d{3}[\s-]?\d{3,4}\b",  # phone numbers: 01709 822453, 07700 900123
        r"\b[a-z]{1,2}\d{1,2}[a-z]?\s*\d[a-z]{2}\b",  # postcodes: S65 1NH
        rf"\b{_NUM}(?:{_AMPM})?\s*(?:-|–|to|till|until)\s*{_NUM}{_AMPM}",  # 10-11am, 1pm to 3pm
        rf"\b{_NUM}{_AMPM}\b",  # 9.30am, 11 am
        r"\b\d{1,2}[:.]\d{2}\b",  # 14:30, 7.45
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\b",  # 14 Oct, 3rd of May
        rf"\b(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?\b",  # Oct 14
        r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",  # 14/10, 14/10/2025
        r"\b\d{4}-\d{2}-\d{2}\b",  # 2025-10-14
        r"\b(?:19|20)\d{2}\b(?!\s+(?:people|residents|volunteers|bags|visitors|attendees))",
        r"\byears?\s+\d{1,2}s?\b",  # Year 6, Year 8s (school years)
        r"\b(?:no|nos|number|numbers|flat|unit|house)\.?\s*\d+(?:\s*-\s*\d+)?[a-z]?\b",  # no. 23
        r"\b\d+[a-z]?\s+(?=[a-z]+\s+(?:road|rd|street|st|lane|ln|avenue|ave|drive|close|crescent|grove|terrace|gardens)\b)",  # 12 Silver St
        r"\b(?:aged|ages|age|under|over)\s+\d+(?:\s*(?:-|to)\s*\d+)?s?\b(?!\s+(?:people|residents|volunteers|came|attended))",
        r"\b\d+\s*(?:\+|plus)(?=\s*(?:year|yr|yo|$|[,.;)]))",  # 70+, mostly 70+
        r"\b\d+\s*(?:mph|%|per\s*cent|percent|miles?|km|m|ft|metres?|yards?|kg|tonnes?|hours?|hrs?|mins?|minutes?|days?|weeks?|wks?|months?|years?|yrs?)\b",
        r"\b\d+\s*(?:x|times)\b|\bx\s*\d+\b",  # 3x a week, tyres x 40
        r"\b\d+(?:st|nd|rd|th)\b",  # 1st Tues, 85th percentile
        r"£\s?\d[\d,]*(?:\.\d+)?\s*(?:k|m|bn|million|billion)?\b",  # money is read on its own
    )
]
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "dozen": 12,
}  # fmt: skip
_N = r"(\d{1,5}(?:,\d{3})?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")(?:\s*\+|ish)?"
_MODIFIERS = r"(?:\s+(?!and\b|of\b|from\b|to\b|in\b|at\b|on\b|for\b)[a-z]+){0,2}?"

PEOPLE_UNITS = (
    r"people|persons?|residents?|attendees?|participants?|children|child|kids?|young\s+people|yp|"
    r"youngsters?|teens?|teenagers?|families|family|pupils?|students?|learners?|adults?|"
    r"older\s+people|elderly|members?|guests?|visitors?|households?|tenants?|parents?|carers?|"
    r"mums?|dads?|walkers?|regulars?|traders?|shopkeepers?|shop\s+owners|businesses|women|men|"
    r"ladies|girls?|boys?|toddlers?|babies|folks?|neighbours?|customers?|clients?|players?|"
    r"runners?|dancers?|locals?|villagers?|worshippers?|spectators?|users?|pensioners?|"
    r"seniors?|veterans?|shoppers?|ppl|under\s+5s|over\s+\d0s"
)
PEOPLE_VERBS = (
    r"came(?:\s+along)?|attended|attending|turned\s+up|turned\s+out|joined(?:\s+in)?|"
    r"took\s+part|showed\s+up|in\s+attendance|through\s+the\s+(?:door|doors|gate)|"
    r"signed\s+up|came\s+through|dropped\s+in|went|in\s+today|today|tonight|registered"
)
VOLUNTEER_UNITS = r"volunteers?|vols|litter\s+pickers?|pickers|helpers?|litter\s+heroes"
_NOT_REACHED = r"(?!\s+(?:were\s+)?(?:referred|signposted|arrested|seized|issued|fined|warned))"

NOT_A_COUNT = re.compile("|".join(f"(?:{p.pattern})" for p in NOT_COUNTS), re.I)
NUMBER = re.compile(rf"\b{_N}", re.I)
AS_PEOPLE = re.compile(
    rf"{_MODIFIERS}\s+(?:{PEOPLE_UNITS})\b{_NOT_REACHED}|\s+(?:{PEOPLE_VERBS})\b", re.I
)
AS_VOLUNTEERS = re.compile(rf"{_MODIFIERS}\s+(?:{VOLUNTEER_UNITS})\b|\s+of\s+us\b", re.I)
AS_BAGS = re.compile(r"(?:\s+[a-z]+)?\s+(?:bags?|sacks?|bin\s+bags?)\b", re.I)
MONEY = re.compile(r"£\s?(\d[\d,]*(?:\.\d{1,2})?)\s*(k|m|bn|million|billion)?\b", re.I)
# A price or a scheme's cost is not money raised or given by the ward's activity.
_PRICE_AFTER = re.compile(
    r"^\s*(?:a|per|each|/)\s*(?:head|person|child|adult|ticket|session|go|week|month|night|pp)\b"
    r"|^\s*(?:each|pp|on\s+the\s+door|entry|to\s+get\s+in|admission|a\s+ticket)\b",
    re.I,
)
_PRICE_BEFORE = re.compile(r"(?:costs?|costing|priced\s+at|tickets?|entry|only|just)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Counts:
    people_reached: int | None = None
    volunteers: int | None = None
    quantities: dict[str, float] = field(default_factory=dict)
    # Where the counted words are, so "30 pupils" is not read as the update's theme.
    spans: tuple[tuple[int, int], ...] = ()


def blank_non_counts(text: str) -> str:
    """The text with times, dates, postcodes and the like overwritten by spaces (same length)."""
    return NOT_A_COUNT.sub(lambda m: " " * len(m.group(0)), text)


def read_counts(text: str) -> Counts:
    blanked = blank_non_counts(text)
    people = volunteers = bags = None
    spans: list[tuple[int, int]] = []
    for number in NUMBER.finditer(blanked):
        value, end = _value(number.group(1)), number.end()
        if volunteers is None and (unit := AS_VOLUNTEERS.match(blanked, end)):
            volunteers = value
            spans.append((number.start(), unit.end()))
        elif people is None and (unit := AS_PEOPLE.match(blanked, end)):
            people = value
            spans.append((number.start(), unit.end()))
        elif bags is None and AS_BAGS.match(blanked, end):
            bags = value  # bags of litter still say what the activity was: no span
    quantities: dict[str, float] = {}
    if bags is not None:
        quantities["bags"] = bags
    money = _money(text)
    if money is not None:
        quantities["money_gbp"] = money
    return Counts(people, volunteers, quantities, tuple(spans))


def _value(raw: str) -> int:
    raw = raw.lower().replace(",", "")
    return _WORDS[raw] if raw in _WORDS else int(raw)


def _money(text: str) -> float | None:
    for match in MONEY.finditer(text):
        scale = (match.group(2) or "").lower()
        if scale in ("m", "bn", "million", "billion"):
            continue  # a scheme's budget, not money the activity raised or gave
        if _PRICE_AFTER.match(text[match.end() :]) or _PRICE_BEFORE.search(text[: match.start()]):
            continue
        amount = float(match.group(1).replace(",", ""))
        return amount * 1000 if scale == "k" else amount
    return None
