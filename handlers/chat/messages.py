"""The neutral messages that pass between a chat platform and wardbot's handlers.

A channel (Slack, Teams, the terminal) turns its payload into an `Incoming`
and renders the `Reply` it gets back; nothing here knows which platform it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Visibility(StrEnum):
    ASKER = "asker"  # only the person who asked (Slack ephemeral, Teams 1:1)
    CHANNEL = "channel"  # everyone in the conversation


@dataclass(frozen=True, slots=True)
class Actor:
    platform: str  # "slack", "teams", "console"
    user_id: str
    name: str = ""
    organisation: str = ""
    team_id: str = ""  # Slack workspace or Teams tenant: the person's own, as the platform says
    external: bool = False  # Slack Connect / guest from another organisation
    enterprise_id: str = ""  # Slack Enterprise Grid org the person's workspace belongs to
    guest: bool = False  # a guest account in the council's own tenant (Teams guest access)

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.user_id}"


@dataclass(frozen=True, slots=True)
class Action:
    """A button press or a submitted form."""

    name: str  # "undo", "change", "log_form", "choose_ward", ...
    value: str = ""
    form: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Incoming:
    actor: Actor
    channel_id: str
    text: str = ""
    action: Action | None = None
    message_id: str = ""  # the platform's id of the source message, for idempotency
    event_id: str = ""  # the platform's delivery id, for de-duplicating retries
    link: str = ""  # permalink back to the source message, when the platform has one
    received_at: datetime | None = None
    # Who asked wardbot, when not the actor: "Log this message" on someone else's post
    # (the actor is its author).
    asked_by: Actor | None = None

    @property
    def platform(self) -> str:
        return self.actor.platform

    @property
    def acting(self) -> Actor:
        """The person acting: whose role, workspace and tenant decide what may be done."""
        return self.asked_by or self.actor

    @property
    def asker_key(self) -> str:
        """Who sees the reply and may press its buttons."""
        return self.acting.key


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: str
    value: str = ""
    style: str = ""  # "", "primary" or "danger"


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class FormField:
    name: str
    label: str
    kind: str = "text"  # text, long_text, number, date, choice, multi_choice, url, checkbox
    required: bool = False
    value: str = ""
    choices: tuple[Choice, ...] = ()
    placeholder: str = ""
    max_length: int | None = None


@dataclass(frozen=True, slots=True)
class Section:
    title: str = ""
    text: str = ""
    facts: tuple[Fact, ...] = ()
    link: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    alt: str
    png: bytes = b""
    url: str = ""
    # What the image shows, as titled facts: where the picture cannot be shown, and for
    # people who cannot see it.
    data: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Card:
    title: str
    subtitle: str = ""
    facts: tuple[Fact, ...] = ()
    sections: tuple[Section, ...] = ()
    buttons: tuple[Button, ...] = ()
    fields: tuple[FormField, ...] = ()  # non-empty: the card is a form
    submit: str = ""  # the action name a form submits as
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message
    image: Image | None = None
    footer: str = ""


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    card: Card | None = None
    visibility: Visibility = Visibility.CHANNEL
    ok: bool = True  # False: the request was refused or failed; nothing changed

    @classmethod
    def refusal(cls, text: str) -> Reply:
        return cls(text=text, visibility=Visibility.ASKER, ok=False)
