"""Places nobody has listed yet, as posts name them: what "which ward?" was asked about
when a post named no known place; the answer may teach it (handlers/commands/places.py)."""

from __future__ import annotations

import re

from handlers.reading.places import place_key
from handlers.reading.words import tokens

# A street ("Brecks Lane", "brecks ln") or a capitalised park, estate or building
# ("Flanderwell Park"). Street words name a place even in lower case; the others only with
# a capital letter ("the play park" is no name).
STREET_ENDINGS = frozenset(
    {
        "lane", "ln", "road", "rd", "street", "st", "avenue", "ave", "close", "drive", "dr",
        "crescent", "cres", "way", "grove", "walk", "court", "terrace", "gardens", "gdns",
        "rise", "mews", "fold", "parade", "square",
    }
)  # fmt: skip
NAMED_ENDINGS = frozenset(
    {"park", "estate", "green", "centre", "hall", "field", "fields", "wood", "woods", "common",
     "view", "croft", "meadows", "allotments", "library", "school", "church"}
)  # fmt: skip
NOT_IN_A_NAME = frozenset(
    {"the", "a", "an", "on", "at", "in", "of", "for", "with", "and", "to", "from", "by", "near",
     "round", "around", "behind", "outside", "off", "up", "down", "along", "this", "that",
     "our", "their", "my", "its", "is", "was", "were", "had", "has", "have", "did", "done"}
)  # fmt: skip
_GAP = re.compile(r"[,.;:!?()\[\]/+]|\s[-–]\s")
NAME_WORDS = 2  # words before the ending: "Kimberworth Park Road"


def unknown_places(text: str) -> list[str]:
    """Street- or place-like names in a post, as written ("Brecks Lane")."""
    found = tokens(text)
    names: dict[tuple[str, ...], str] = {}
    for i, token in enumerate(found):
        street = token.text in STREET_ENDINGS
        if i == 0 or not (street or token.text in NAMED_ENDINGS):
            continue
        start = i
        while (
            start > 0
            and i - start < NAME_WORDS
            and found[start - 1].text not in NOT_IN_A_NAME
            and not found[start - 1].text.isdigit()
            and not _GAP.search(text[found[start - 1].end : found[start].start])
        ):
            start -= 1
        if start == i or not (street or text[found[start].start].isupper()):
            continue
        phrase = " ".join(text[found[start].start : token.end].split())
        names.setdefault(place_key(phrase), phrase)
    return list(names.values())
