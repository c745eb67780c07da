"""Reading Slack payloads: every field checked for the shape Slack sends before it is used."""

from __future__ import annotations

import json
from typing import Any


class Malformed(Exception):
    """A payload without the fields Slack always sends, or with a field of another shape than
    Slack sends: answered 400, never retried into a crash."""


def need(payload: Any, *path: str) -> str:
    """A text Slack always sends (an id, a timestamp)."""
    found = _at(payload, path)
    if not isinstance(found, str) or not found:
        raise Malformed(f"missing {'.'.join(path)}")
    return found


def need_object(payload: Any, *path: str) -> dict[str, Any]:
    found = _at(payload, path)
    if not isinstance(found, dict):
        raise Malformed(f"missing {'.'.join(path)}")
    return found


def text_at(payload: Any, *path: str) -> str:
    """A text Slack may leave out: "" when it does."""
    found = _at(payload, path)
    if found is None:
        return ""
    if not isinstance(found, str):
        raise Malformed(f"{'.'.join(path)} is not text")
    return found


def object_at(payload: Any, *path: str) -> dict[str, Any]:
    """An object Slack may leave out: {} when it does."""
    found = _at(payload, path)
    if found is None:
        return {}
    if not isinstance(found, dict):
        raise Malformed(f"{'.'.join(path)} is not an object")
    return found


def _at(payload: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if payload is None:
            return None
        if not isinstance(payload, dict):
            raise Malformed(f"{'.'.join(path)}: {key} is inside something that is not an object")
        payload = payload.get(key)
    return payload


def event_id(body: dict[str, Any]) -> str:
    """The Events API delivery id: the same on every retry of one event."""
    found = body.get("event_id")
    return found if isinstance(found, str) else ""


def metadata(view: dict[str, Any]) -> dict[str, str]:
    """What wardbot put in a modal's private_metadata."""
    try:
        found = json.loads(text_at(view, "private_metadata") or "{}")
    except ValueError:
        raise Malformed("unreadable private_metadata") from None
    if not isinstance(found, dict):
        raise Malformed("unreadable private_metadata")
    return {str(k): str(v) for k, v in found.items()}


def without_submit(metadata: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in metadata.items() if k != "submit"}
