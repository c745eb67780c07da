"""The depth bound on JSON bodies agrees with the parsed depth, whatever the strings hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.web import MAX_JSON_DEPTH, UnreadableBody, read_json, within_depth
from tests.support.fuzz import FUZZ, examples

# Strings full of what could fool a scan: brackets, quotes and backslashes.
tricky_text = st.text(alphabet='[]{}"\\ab\u00e9\n', max_size=12)
nested = st.recursive(
    st.none() | st.integers() | tricky_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky_text, inner, max_size=3),
    max_leaves=30,
)


def depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    return 0


@pytest.mark.slow
@settings(FUZZ, max_examples=examples(300))
@given(value=nested, limit=st.integers(min_value=0, max_value=8), ascii_only=st.booleans())
def test_the_bound_is_the_parsed_depth(value: Any, limit: int, ascii_only: bool) -> None:
    raw = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert within_depth(raw, limit) == (depth(value) <= limit), raw


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[" * 200_000, "nests deeper than 64"),
        (b'{"a": "' + b"[" * 100 + b'"}', ""),  # brackets in a string do not count
        (b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH, ""),
        (b'{"text": "caf\xe9"}', "not valid JSON"),  # Latin-1, not UTF-8
        ('{"a": 1}'.encode("utf-16"), "not valid JSON"),
        (b'{"a": [1}', "not valid JSON"),
    ],
    ids=["deep", "brackets in a string", "64 deep", "not UTF-8", "UTF-16", "malformed"],
)
def test_read_json_refuses_with_a_reason(raw: bytes, message: str) -> None:
    if not message:
        read_json(raw)
        return
    with pytest.raises(UnreadableBody, match=message):
        read_json(raw)
