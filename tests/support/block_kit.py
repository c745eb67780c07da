"""Block Kit checked as Slack checks it: slack_sdk's models, plus the documented limits they skip.

`message_problem(params)` and `view_problem(view)` return None for a payload Slack would
take, or a `Problem` naming the error Slack answers with and why. The models (parse, then
`validate_json()` and `to_dict()`, which validates every nested object) catch unknown block
and element types, missing fields and many lengths; the rest are checked here, from
api.slack.com/reference/block-kit and the chat.postMessage / views.open pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.attachments import Attachment
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ID_LENGTH = 255  # action_id, block_id
MODAL_TITLE = 24
PRIVATE_METADATA = 3000
MESSAGE_TEXT = 40_000  # past this chat.postMessage answers msg_too_long


@dataclass(frozen=True)
class Problem:
    error: str  # what Slack answers: invalid_blocks, invalid_arguments, ...
    detail: str  # why, as Slack's response_metadata.messages would say it


def _loaded(value: Any) -> Any:
    """Parameters arrive as JSON in a JSON body, or as JSON strings in a form."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def message_problem(params: dict[str, Any], *, needs_text: bool) -> Problem | None:
    """What is wrong with the blocks / attachments / text of a message, if anything.

    `needs_text`: chat.postMessage and chat.postEphemeral, where a top-level `text` beside
    blocks is what notifications and screen readers show (Slack warns without one; wardbot
    always sends it, and the stand-in holds it to that).
    """
    blocks = _loaded(params.get("blocks"))
    attachments = _loaded(params.get("attachments"))
    text = params.get("text")
    if blocks is not None:
        problem = _blocks_problem(blocks, limit=MESSAGE_BLOCKS)
        if problem is not None:
            return Problem("invalid_blocks", problem)
    if attachments is not None:
        problem = _attachments_problem(attachments)
        if problem is not None:
            return Problem("invalid_attachments", problem)
    if isinstance(text, str) and len(text) > MESSAGE_TEXT:
        return Problem("msg_too_long", f"text is {len(text)} characters; the limit is 40,000")
    if needs_text and blocks and not (isinstance(text, str) and text.strip()):
        return Problem("no_text", "blocks were sent without a top-level text to fall back on")
    if not blocks and not attachments and not (isinstance(text, str) and text.strip()):
        return Problem("no_text", "the message has no text, blocks or attachments")
    return None


def view_problem(raw: Any) -> Problem | None:
    view = _loaded(raw)
    if not isinstance(view, dict):
        return Problem("invalid_arguments", "view must be a JSON object")
    blocks = view.get("blocks")
    problem = _blocks_problem(blocks, limit=VIEW_BLOCKS) if blocks is not None else None
    if problem is None:
        problem = _view_fields_problem(view)
    if problem is None:
        try:
            model = View(**view)
            model.validate_json()
            model.to_dict()
        except (SlackObjectFormationError, TypeError, ValueError, AttributeError) as exc:
            problem = f"view: {exc}"
    return Problem("invalid_arguments", problem) if problem is not None else None


def _view_fields_problem(view: dict[str, Any]) -> str | None:
    if view.get("type") not in ("modal", "home"):
        return f"view type must be modal or home, not {view.get('type')!r}"
    metadata = view.get("private_metadata")
    if isinstance(metadata, str) and len(metadata) > PRIVATE_METADATA:
        return f"private_metadata is {len(metadata)} characters; the limit is {PRIVATE_METADATA}"
    if view.get("type") == "modal":
        for key in ("title", "submit", "close"):
            text = _text_of(view.get(key))
            if key == "title" and text is None:
                return "a modal must have a title"
            if text is not None and len(text) > MODAL_TITLE:
                return f"the modal's {key} is {len(text)} characters; the limit is {MODAL_TITLE}"
    return None


def _blocks_problem(blocks: Any, *, limit: int) -> str | None:
    if not isinstance(blocks, list):
        return "blocks must be an array"
    if len(blocks) > limit:
        return f"{len(blocks)} blocks; the limit is {limit}"
    for index, block in enumerate(blocks):
        problem = _block_problem(block)
        if problem is not None:
            return f"blocks[{index}]: {problem}"
    return None


def _block_problem(block: Any) -> str | None:
    if not isinstance(block, dict):
        return "a block must be an object"
    try:
        model = Block.parse(block)
        if model is None:
            return f"unsupported block type {block.get('type')!r}"
        unknown = set(block) - set(model.attributes) - {"type"}
        if unknown:
            return f"unknown field(s) {sorted(unknown)} in a {block['type']} block"
        model.validate_json()
        model.to_dict()  # validates every element and text object inside
    except (SlackObjectFormationError, TypeError, ValueError, AttributeError) as exc:
        return f"{block.get('type')}: {exc}"
    return _limits_problem(block)


def _limits_problem(block: dict[str, Any]) -> str | None:
    kind = block.get("type")
    if len(str(block.get("block_id") or "")) > ID_LENGTH:
        return f"block_id longer than {ID_LENGTH}"
    if kind == "section":
        text = _text_of(block.get("text"))
        if text is not None and len(text) > SECTION_TEXT:
            return f"section text is {len(text)} characters; the limit is {SECTION_TEXT}"
        fields = block.get("fields") or []
        if len(fields) > SECTION_FIELDS:
            return f"{len(fields)} fields; the limit is {SECTION_FIELDS}"
        for field in fields:
            if len(_text_of(field) or "") > FIELD_TEXT:
                return f"a field is longer than {FIELD_TEXT} characters"
        if not text and not fields:
            return "a section needs text or fields"
    if kind == "header":
        if _text_type(block.get("text")) != "plain_text":
            return "a header's text must be plain_text"
        if len(_text_of(block.get("text")) or "") > HEADER_TEXT:
            return f"header text is longer than {HEADER_TEXT} characters"
    for element in _elements(block):
        problem = _element_problem(element)
        if problem is not None:
            return problem
    return None


def _elements(block: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in ("accessory", "element"):
        if isinstance(block.get(key), dict):
            yield block[key]
    for element in block.get("elements") or []:
        if isinstance(element, dict):
            yield element


def _element_problem(element: dict[str, Any]) -> str | None:
    if len(str(element.get("action_id") or "")) > ID_LENGTH:
        return f"action_id longer than {ID_LENGTH}"
    if element.get("type") == "button":
        if _text_type(element.get("text")) != "plain_text":
            return "a button's text must be plain_text"
        if len(_text_of(element.get("text")) or "") > BUTTON_TEXT:
            return f"button text is longer than {BUTTON_TEXT} characters"
        if len(str(element.get("value") or "")) > BUTTON_VALUE:
            return f"button value is longer than {BUTTON_VALUE} characters"
    return None


def _attachments_problem(attachments: Any) -> str | None:
    if not isinstance(attachments, list):
        return "attachments must be an array"
    for index, raw in enumerate(attachments):
        if not isinstance(raw, dict):
            return f"attachments[{index}] must be an object"
        blocks = raw.get("blocks")
        if blocks is not None:
            problem = _blocks_problem(blocks, limit=MESSAGE_BLOCKS)
            if problem is not None:
                return f"attachments[{index}].{problem}"
        try:
            fields = {k: v for k, v in raw.items() if k != "blocks"}
            model = Attachment(text=fields.pop("text", None), **fields)
            model.validate_json()
            model.to_dict()
        except (SlackObjectFormationError, TypeError, ValueError, AttributeError) as exc:
            return f"attachments[{index}]: {exc}"
    return None


def _text_of(value: Any) -> str | None:
    if isinstance(value, dict):
        text = value.get("text")
        return text if isinstance(text, str) else None
    return value if isinstance(value, str) else None


def _text_type(value: Any) -> str | None:
    return value.get("type") if isinstance(value, dict) else None
