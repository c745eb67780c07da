"""handlers.reading.words: tokens are kept for the last few texts, never shared as a list."""

from __future__ import annotations

from handlers.reading.words import stems, tokens


def test_each_call_gets_its_own_list_of_the_same_tokens() -> None:
    text = "Litter pick at Herringthorpe Valley Park & the rec, 23 volunteers"
    first = tokens(text)
    first.append(first[0])
    first.pop(0)
    again = tokens(text)
    assert again is not first
    assert [(t.text, t.start, t.end) for t in again][:3] == [
        ("litter", 0, 6),
        ("pick", 7, 11),
        ("at", 12, 14),
    ]
    assert [t.text for t in again][6:8] == ["and", "the"]
    assert stems(text)[:2] == ("litter", "pick")
