"""Reply -> Block Kit, within Block Kit's limits; every piece of user text escaped.

Limits (api.slack.com/reference/block-kit): 50 blocks a message, 100 in a modal or Home
tab; section text 3,000 characters, 10 fields of 2,000; header 150; button text 75,
value 2,000; modal title 24; options 100 of 75 characters; private_metadata 3,000.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from bot.slack.text import clip, safe
from handlers.chat.messages import Button, Card, FormField, Reply, Section, Visibility

Block = dict[str, Any]

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
TEXT_LIMIT = 3000
FIELD_LIMIT = 2000
FIELDS_PER_SECTION = 10
FALLBACK_LIMIT = 3000  # the notification text beside blocks
PLAIN_TEXT_LIMIT = 39000  # a message with no blocks (Slack truncates past 40,000)
FORM_CALLBACK = "wardbot_form"
RESULT_CALLBACK = "wardbot_result"
ACTION_SUFFIX = "|"  # action_id = "undo" or "log_in_ward|2" when one action has several buttons
_SAFE_URL = re.compile(r"^https?://[^\s<>|]+$")


def _whole(value: str, limit: int, what: str) -> str:
    """A value Slack hands back to us (a button's, an option's, a modal's metadata) is sent
    whole or not at all: a cut one would come back meaning something else, or nothing."""
    if len(value) > limit:
        raise ValueError(f"{what} is {len(value)} characters; Slack takes {limit}")
    return value


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit) or " ", "emoji": True}


def mrkdwn(text: str, limit: int = TEXT_LIMIT) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": safe(text, limit) or " "}


def message(reply: Reply) -> dict[str, Any]:
    """Arguments for chat.postMessage, respond() or a slash command's ack()."""
    if reply.card is None:
        return {"text": safe(reply.text, PLAIN_TEXT_LIMIT)}
    return {
        "text": safe(reply.text, FALLBACK_LIMIT),
        "blocks": card_blocks(reply.card, limit=MESSAGE_BLOCKS),
    }


def response_type(reply: Reply) -> str:
    return "in_channel" if reply.visibility is Visibility.CHANNEL else "ephemeral"


def card_blocks(card: Card, *, limit: int) -> list[Block]:
    head: list[Block] = [{"type": "header", "text": plain(card.title, 150)}]
    if card.subtitle:
        head.append({"type": "section", "text": mrkdwn(card.subtitle)})
    body: list[Block] = []
    facts = [f"*{safe(f.label, 200)}*\n{safe(f.value, FIELD_LIMIT - 210)}" for f in card.facts]
    for start in range(0, len(facts), FIELDS_PER_SECTION):
        chunk = facts[start : start + FIELDS_PER_SECTION]
        body.append({"type": "section", "fields": [_field(t) for t in chunk]})
    body += [_section(s) for s in card.sections]
    if card.image is not None and card.image.url and _SAFE_URL.match(card.image.url):
        body.append(
            {
                "type": "image",
                "image_url": card.image.url,
                "alt_text": clip(card.image.alt or "chart", FIELD_LIMIT),
            }
        )
    tail: list[Block] = []
    if card.buttons:
        tail.append({"type": "actions", "elements": buttons(card.buttons[:25])})
    if card.footer:
        tail.append({"type": "context", "elements": [mrkdwn(card.footer, FIELD_LIMIT)]})
    room = limit - len(head) - len(tail)
    if len(body) > room:
        left_out = len(body) - (room - 1)
        body = [*body[: room - 1], _more(left_out)]
    return head + body + tail


def _field(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def _more(count: int) -> Block:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"…and {count} more not shown here."}],
    }


def _section(section: Section) -> Block:
    parts = []
    if section.title:
        parts.append(f"*{safe(section.title, 300)}*")
    if section.text:
        parts.append(safe(section.text, TEXT_LIMIT - 700))
    if section.link and _SAFE_URL.match(section.link):
        parts.append(f"<{section.link}|Open the original>")
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(parts) or " "}}
    if section.facts:
        block["fields"] = [
            _field(f"*{safe(f.label, 200)}*\n{safe(f.value, FIELD_LIMIT - 210)}")
            for f in section.facts[:FIELDS_PER_SECTION]
        ]
    return block


def buttons(items: tuple[Button, ...]) -> list[Block]:
    seen: dict[str, int] = {}
    out = []
    for button in items:
        count = seen.get(button.action, 0)
        seen[button.action] = count + 1
        action_id = button.action if count == 0 else f"{button.action}{ACTION_SUFFIX}{count}"
        element: Block = {
            "type": "button",
            "text": plain(button.label, 75),
            "action_id": _whole(action_id, 255, "a button's action"),
            "value": _whole(button.value, 2000, "a button's value"),
        }
        if button.style in ("primary", "danger"):
            element["style"] = button.style
        out.append(element)
    return out


def action_name(action_id: str) -> str:
    """The handler's action name behind a button's action_id."""
    return action_id.split(ACTION_SUFFIX, 1)[0]


# ---- modals -------------------------------------------------------------------------------


def form_modal(card: Card, *, metadata: dict[str, str], dispatch: tuple[str, ...] = ()) -> Block:
    """A modal from a form card: one input block per field, block_id = the field's name.

    `dispatch` names fields whose change is sent at once (the ward, to filter priorities).
    """
    blocks: list[Block] = []
    if card.subtitle:
        blocks.append({"type": "context", "elements": [mrkdwn(card.subtitle, FIELD_LIMIT)]})
    ward = next((f.value for f in card.fields if f.name == "ward"), "")
    for field in card.fields:
        if field.kind in ("choice", "multi_choice") and not field.choices:
            blocks.append(
                {
                    "type": "context",
                    "elements": [mrkdwn(f"{field.label}: none to choose from yet.", 300)],
                }
            )
            continue
        block: Block = {
            "type": "input",
            # The priority list depends on the ward: a new block id makes Slack drop the old choice.
            "block_id": f"{field.name}.{ward}" if field.name == "priority" and ward else field.name,
            "label": plain(field.label, 2000),
            "optional": not field.required,
            "element": _element(field),
        }
        if field.name in dispatch:
            block["dispatch_action"] = True
        blocks.append(block)
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "title": plain(card.title, 24),
        "submit": plain("Save" if card.submit.startswith("log_form") else "Go", 24),
        "close": plain("Cancel", 24),
        "private_metadata": _whole(
            json.dumps({**metadata, "submit": card.submit}), 3000, "a form's metadata"
        ),
        "blocks": blocks[:VIEW_BLOCKS],
    }


def result_modal(reply: Reply) -> Block:
    """A modal that shows a reply (a search result, or why a form was refused)."""
    card = reply.card or Card(title="wardbot")
    blocks = card_blocks(card, limit=VIEW_BLOCKS)
    if reply.card is None or not reply.ok:
        blocks.insert(1, {"type": "section", "text": mrkdwn(reply.text)})
    return {
        "type": "modal",
        "callback_id": RESULT_CALLBACK,
        "title": plain(card.title, 24),
        "close": plain("Done", 24),
        "blocks": [b for b in blocks if b["type"] != "actions"],
    }


def home_view(card: Card) -> Block:
    return {"type": "home", "blocks": card_blocks(card, limit=VIEW_BLOCKS)}


def _option(value: str, label: str) -> Block:
    return {"text": plain(label, 75), "value": _whole(value, 150, "a choice's value")}


def _element(field: FormField) -> Block:
    name = field.name
    if field.kind in ("choice", "multi_choice"):
        options = [_option(c.value, c.label) for c in field.choices[:100]]
        wanted = {v.strip() for v in field.value.split(",")} if field.value else set()
        chosen = [o for o in options if o["value"] in wanted]
        if field.kind == "choice":
            element: Block = {"type": "static_select", "action_id": name, "options": options}
            if chosen:
                element["initial_option"] = chosen[0]
        else:
            element = {"type": "multi_static_select", "action_id": name, "options": options}
            if chosen:
                element["initial_options"] = chosen
    elif field.kind == "date":
        element = {"type": "datepicker", "action_id": name}
        if _is_date(field.value):
            element["initial_date"] = field.value[:10]
    elif field.kind == "number":
        element = {
            "type": "number_input",
            "action_id": name,
            "is_decimal_allowed": False,
            "min_value": "0",
        }
        if field.value.strip().isdigit():
            element["initial_value"] = field.value.strip()
    elif field.kind == "url":
        element = {"type": "url_text_input", "action_id": name}
        if field.value and _SAFE_URL.match(field.value):
            element["initial_value"] = field.value
    elif field.kind == "checkbox":
        option = _option("true", field.label)
        element = {"type": "checkboxes", "action_id": name, "options": [option]}
        if field.value.strip().lower() in ("true", "yes", "on", "1"):
            element["initial_options"] = [option]
    else:
        element = {"type": "plain_text_input", "action_id": name}
        if field.kind == "long_text":
            element["multiline"] = True
        if field.max_length:
            element["max_length"] = min(field.max_length, 3000)
        if field.value:
            element["initial_value"] = clip(field.value, element.get("max_length", 3000))
    if field.placeholder and element["type"] in ("plain_text_input", "url_text_input"):
        element["placeholder"] = plain(field.placeholder, 150)
    return element


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def field_name(block_id: str) -> str:
    return block_id.split(".", 1)[0]


def form_values(state: dict[str, Any]) -> dict[str, str]:
    """A submitted modal's state as the handlers' form: field name -> text.

    The state is read as Slack sends it; a part of another shape counts as empty.
    """
    form: dict[str, str] = {}
    for block_id, elements in (state or {}).items():
        if not isinstance(elements, dict):
            continue
        for element in elements.values():
            if isinstance(element, dict):
                form[field_name(str(block_id))] = _value(element)
    return form


def _value(element: dict[str, Any]) -> str:
    kind = element.get("type")
    if kind == "static_select":
        return _chosen(element.get("selected_option"))
    if kind == "multi_static_select":
        chosen = element.get("selected_options")
        return ",".join(_chosen(o) for o in chosen) if isinstance(chosen, list) else ""
    if kind == "datepicker":
        return _text(element.get("selected_date"))
    if kind == "checkboxes":
        return "true" if element.get("selected_options") else ""
    return _text(element.get("value"))


def _chosen(option: Any) -> str:
    return _text(option.get("value")) if isinstance(option, dict) else ""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def error_blocks(view: dict[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """Errors by field name -> errors by the block ids this view actually has."""
    out = {}
    found = view.get("blocks")
    for block in found if isinstance(found, list) else []:
        if not isinstance(block, dict):
            continue
        block_id = str(block.get("block_id", ""))
        name = field_name(block_id)
        if block.get("type") == "input" and name in errors:
            out[block_id] = clip(errors[name], 150)
    return out
