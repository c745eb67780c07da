"""A neutral `Reply` as Teams messages: Adaptive Cards 1.5, plain text, within Teams' size limits.

Pure functions from handlers' dataclasses to JSON-ready dicts; no SDK types, so
they are easy to test and to move to another Teams SDK.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from handlers.chat.messages import Button, Card, FormField, Image, Reply, Section

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
# Teams refuses messages past about 100 KB and documents ~28 KB for text; one budget for
# the whole message (text, cards and any other attachment together) keeps every message
# well clear of either limit. A chart goes by URL, never inline.
MAX_MESSAGE_BYTES = 24_000
MAX_TEXT_CHARS = 12_000
MAX_BLOCK_CHARS = 5_000  # one text block: long enough for any update, short enough to split around
SUBMIT_LABELS = {"log_form": "Log it"}
CHART_ELSEWHERE = (
    "The chart is not shown here: wardbot has no public https address (PUBLIC_URL) for Teams "
    "to load it from. Its figures follow. An administrator can draw it with "
    "`wardbot digest preview --chart FILE.png`, or make the Board paper with `wardbot report`."
)
STYLES = {"primary": "positive", "danger": "destructive"}


def reply_messages(
    reply: Reply, *, extra_data: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The messages (activity fields: text / attachments / summary) that carry `reply`.

    A reply with a card becomes one or more card messages (split between sections
    when it is too big; a chart shown by its https URL, with its figures); without a
    card, the text, split at line ends into pieces Teams accepts. Every message is
    within MAX_MESSAGE_BYTES: a reply whose card could not be (a single enormous section)
    goes as its text instead.
    """
    if reply.card is None:
        return _text_messages(reply.text)
    summary = _first_line(reply.text)
    messages = [
        {"attachments": [card_attachment(card)], "summary": summary}
        for card in adaptive_cards(reply, extra_data=extra_data)
    ]
    if any(message_size(message) > MAX_MESSAGE_BYTES for message in messages):
        # One section bigger than any card can be: the whole reply as text, nothing lost.
        return _text_messages(reply.text)
    return messages


def _text_messages(text: str) -> list[dict[str, Any]]:
    return [{"text": piece, "textFormat": "markdown"} for piece in split_text(text)]


def message_size(message: dict[str, Any]) -> int:
    """Bytes of a message's own fields as sent: what Teams' size limit counts."""
    return len(json.dumps(message, ensure_ascii=False).encode())


def card_attachment(card: dict[str, Any]) -> dict[str, Any]:
    return {"contentType": ADAPTIVE_CARD, "content": card}


def split_text(text: str, limit: int = MAX_TEXT_CHARS) -> list[str]:
    """Text in pieces of at most `limit` characters, broken at line ends where possible.

    Lines are joined with blank lines, which every Teams client renders as line breaks.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in (text or " ").splitlines() or [" "]:
        while len(line) > limit:
            if current:
                pieces.append("\n\n".join(current))
                current, size = [], 0
            pieces.append(line[:limit])
            line = line[limit:]
        if current and size + len(line) + 2 > limit:
            pieces.append("\n\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 2
    if current:
        pieces.append("\n\n".join(current))
    return pieces


def adaptive_cards(
    reply: Reply, *, extra_data: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The reply's card as one Adaptive Card, or several when it is too big for one message."""
    card = reply.card
    assert card is not None
    rest = _form(card) + _footer(card)
    actions = _actions(card, extra_data or {})
    pages: list[list[dict[str, Any]]] = [_header(card, reply)]
    has_section = False
    for section in card.sections:
        block = _section(section)
        candidate = _card([*pages[-1], block, *rest], actions, fallback=reply.text)
        too_big = message_size(_wrapped(candidate, reply)) > MAX_MESSAGE_BYTES
        if has_section and too_big:
            pages.append([_text(f"{card.title} (continued)", weight="Bolder")])
        pages[-1].append(block)
        has_section = True
    cards = [_card(page, [], fallback=reply.text) for page in pages[:-1]]
    cards.append(_card([*pages[-1], *rest], actions, fallback=reply.text))
    return cards


def _card(
    body: list[dict[str, Any]], actions: list[dict[str, Any]], *, fallback: str
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
        "msteams": {"width": "Full"},
        "fallbackText": fallback[:MAX_BLOCK_CHARS],
    }
    if actions:
        card["actions"] = actions
    return card


def _wrapped(card: dict[str, Any], reply: Reply) -> dict[str, Any]:
    return {"attachments": [card_attachment(card)], "summary": _first_line(reply.text)}


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:200]


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text[:MAX_BLOCK_CHARS], "wrap": True, **style}


def _header(card: Card, reply: Reply) -> list[dict[str, Any]]:
    body = [_text(card.title, size="Large", weight="Bolder")]
    if card.subtitle:
        body.append(_text(card.subtitle, isSubtle=True, spacing="None"))
    if not reply.ok and not card.errors and reply.text.strip() != card.title.strip():
        # A refusal's text says what to do next; the card alone would not.
        body.append(_text(reply.text, color="Attention"))
    if card.errors:
        body.append(_text("Please check the fields marked below.", color="Attention"))
    if card.facts:
        body.append(
            {
                "type": "FactSet",
                "facts": [
                    {"title": f.label, "value": f.value[:MAX_BLOCK_CHARS]} for f in card.facts
                ],
            }
        )
    if card.image is not None:
        body += _image(card.image)
    return body


def _image(image: Image) -> list[dict[str, Any]]:
    """A chart by its https URL (Teams loads it; inline data would break the size limit),
    or a note of where to see it; then its figures, readable without the picture."""
    body: list[dict[str, Any]]
    if image.url.startswith("https://"):
        body = [{"type": "Image", "url": image.url, "altText": image.alt, "size": "Stretch"}]
    elif image.png:
        body = [_text(CHART_ELSEWHERE, isSubtle=True, size="Small")]
    else:
        body = []
    for section in image.data:
        body.append(_text(section.title, weight="Bolder", spacing="Small"))
        body.append(
            {
                "type": "FactSet",
                "facts": [
                    {"title": f.label, "value": f.value[:MAX_BLOCK_CHARS]} for f in section.facts
                ]
                or [{"title": "No activity", "value": "0"}],
            }
        )
    return body


def _footer(card: Card) -> list[dict[str, Any]]:
    return [_text(card.footer, isSubtle=True, size="Small")] if card.footer else []


def _section(section: Section) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    if section.title:
        items.append(_text(section.title, weight="Bolder"))
    if section.text:
        items.append(_text(section.text, spacing="Small"))
    if section.facts:
        items.append(
            {
                "type": "FactSet",
                "facts": [
                    {"title": f.label, "value": f.value[:MAX_BLOCK_CHARS]} for f in section.facts
                ],
            }
        )
    if section.link.startswith(("https://", "http://")):
        items.append(_text(f"[Open the message]({section.link})", size="Small"))
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def _form(card: Card) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = []
    for field in card.fields:
        body.append(form_input(field))
        if field.name in card.errors:
            body.append(
                _text(card.errors[field.name], color="Attention", spacing="None", size="Small")
            )
    return body


def form_input(field: FormField) -> dict[str, Any]:
    """One form field as the Adaptive Card input that Teams renders for its kind."""
    element: dict[str, Any] = {"id": field.name, "label": field.label}
    if field.required:
        element["isRequired"] = True
        element["errorMessage"] = f"{field.label} is required."
    if field.kind in ("choice", "multi_choice"):
        element.update(
            type="Input.ChoiceSet",
            style="compact",
            choices=[{"title": c.label, "value": c.value} for c in field.choices],
        )
        if field.kind == "multi_choice":
            element["isMultiSelect"] = True
        if field.value:
            element["value"] = field.value
    elif field.kind == "checkbox":
        element.update(
            type="Input.Toggle",
            title=field.label,
            valueOn="true",
            valueOff="false",
            value="true" if field.value.strip().lower() in ("true", "yes", "on", "1") else "false",
        )
    elif field.kind == "number":
        element.update(type="Input.Number", min=0)
        number = field.value.replace(",", "").strip()
        if number.isdigit():
            element["value"] = int(number)
    elif field.kind == "date":
        element["type"] = "Input.Date"
        if _is_date(field.value):
            element["value"] = field.value.strip()[:10]
    else:
        element["type"] = "Input.Text"
        if field.kind == "long_text":
            element["isMultiline"] = True
        if field.kind == "url":
            element["style"] = "Url"
        if field.value:
            element["value"] = field.value
    if field.placeholder and element["type"] in ("Input.Text", "Input.Number", "Input.ChoiceSet"):
        element["placeholder"] = field.placeholder
    if field.max_length and element["type"] == "Input.Text":
        element["maxLength"] = field.max_length
    return element


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value.strip()[:10])
    except ValueError:
        return False
    return True


def _actions(card: Card, extra_data: dict[str, Any]) -> list[dict[str, Any]]:
    actions = [_button(button, extra_data) for button in card.buttons]
    if card.fields and card.submit:
        label = SUBMIT_LABELS.get(card.submit, "Save")
        actions.insert(
            0,
            {
                "type": "Action.Submit",
                "title": label,
                "style": "positive",
                "data": {**extra_data, "action": card.submit},
            },
        )
    return actions


def _button(button: Button, extra_data: dict[str, Any]) -> dict[str, Any]:
    action: dict[str, Any] = {
        "type": "Action.Submit",
        "title": button.label,
        "data": {**extra_data, "action": button.action, "value": button.value},
        "associatedInputs": "none",
    }
    if button.style in STYLES:
        action["style"] = STYLES[button.style]
    return action
