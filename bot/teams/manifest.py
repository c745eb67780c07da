"""The Teams app package: manifest.json and two icons in a zip, for sideloading or an org catalogue."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

MANIFEST_VERSION = "1.19"
SCHEMA = (
    f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/"
    "MicrosoftTeams.schema.json"
)
ACCENT = "#1F6F5C"
COLOR_ICON, OUTLINE_ICON = "color.png", "outline.png"
MESSAGE_ACTION = "logWardActivity"

# (title, description): the chat grammar, as Teams suggests it in the compose box.
EVERYWHERE = [
    ("log", "Record an activity: log Sitwell: litter pick, 23 volunteers #environment"),
    ("show", "A ward's priorities and recent activity: show Sitwell"),
    ("find", "Search updates: find litter in Sitwell since 2025-06-01"),
    ("wards", "Every ward with its activity"),
    ("priorities", "A ward's plan: priorities Sitwell"),
    ("coverage", "Board aims and themes against the activity logged"),
    ("help", "What wardbot can do, with examples"),
]
CHANNELS_ONLY = [
    ("link", "Tie this channel to a ward (admins): link Sitwell"),
    ("unlink", "Untie this channel from its ward (admins)"),
]


@dataclass(frozen=True, slots=True)
class PackageDetails:
    bot_id: str
    app_id: str = ""  # the Teams app's own id; derived from the bot id when empty
    version: str = "1.0.0"
    developer: str = "wardbot"
    website: str = "https://example.org/wardbot"
    privacy_url: str = ""
    terms_url: str = ""

    def teams_app_id(self) -> str:
        return self.app_id or str(uuid.uuid5(uuid.NAMESPACE_URL, f"wardbot:teams:{self.bot_id}"))


class PackageError(ValueError):
    """The details given cannot make a package Teams accepts."""


def _check(details: PackageDetails) -> None:
    for name, value in (("bot id", details.bot_id), ("app id", details.teams_app_id())):
        try:
            uuid.UUID(value)
        except ValueError:
            raise PackageError(
                f"The {name} must be a GUID (the Azure Bot's app id), not {value!r}."
            ) from None
    for name, url in (
        ("website", details.website),
        ("privacy URL", details.privacy_url or details.website),
        ("terms URL", details.terms_url or details.website),
    ):
        if not url.startswith("https://"):
            raise PackageError(f"The {name} must start with https:// (Teams requires it).")


def _commands(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"title": title, "description": description} for title, description in pairs]


def manifest(details: PackageDetails) -> dict[str, Any]:
    _check(details)
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": details.version,
        "id": details.teams_app_id(),
        "developer": {
            "name": details.developer,
            "websiteUrl": details.website,
            "privacyUrl": details.privacy_url or details.website,
            "termsOfUseUrl": details.terms_url or details.website,
        },
        "name": {"short": "wardbot", "full": "wardbot: ward activity for neighbourhood teams"},
        "description": {
            "short": "Log neighbourhood activity against each ward's priorities.",
            "full": (
                "Officers and partners post what is happening in their wards; wardbot stores "
                "each update against the ward and the ward-plan priority it serves, answers "
                "ward questions, and sends the Health and Wellbeing Board digests of activity, "
                "impact and gaps. Mention @wardbot in a channel or chat with it 1:1."
            ),
        },
        "icons": {"color": COLOR_ICON, "outline": OUTLINE_ICON},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": details.bot_id,
                "scopes": ["personal", "team", "groupChat"],
                "isNotificationOnly": False,
                "supportsFiles": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": _commands(EVERYWHERE)},
                    {
                        "scopes": ["team", "groupChat"],
                        "commands": _commands(EVERYWHERE + CHANNELS_ONLY),
                    },
                ],
            }
        ],
        "composeExtensions": [
            {
                "botId": details.bot_id,
                "commands": [
                    {
                        "id": MESSAGE_ACTION,
                        "type": "action",
                        "title": "Log as ward activity",
                        "description": "Record an activity update for a ward, from a message or afresh",
                        # On a message: logs it, as Slack's shortcut does. From the compose box: the empty form.
                        "context": ["message", "compose", "commandBox"],
                        "fetchTask": True,
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def _house(draw: ImageDraw.ImageDraw, size: int, fill: str) -> None:
    """A house under a roof: a neighbourhood, recognisable at 32 pixels."""
    s = size / 32
    roof = [(16 * s, 5 * s), (28 * s, 15 * s), (4 * s, 15 * s)]
    draw.polygon(roof, fill=fill)
    draw.rectangle([7 * s, 15 * s, 25 * s, 27 * s], fill=fill)


def color_icon() -> bytes:
    """192x192, full colour: a white house on the accent colour."""
    image = Image.new("RGBA", (192, 192), ACCENT)
    draw = ImageDraw.Draw(image)
    _house(draw, 192, "#FFFFFF")
    draw.rectangle([84, 126, 108, 162], fill=ACCENT)  # the door
    return _png(image)


def outline_icon() -> bytes:
    """32x32, white on transparent, as Teams requires for the outline icon."""
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    _house(draw, 32, "#FFFFFF")
    draw.rectangle([14, 21, 17, 27], fill=(0, 0, 0, 0))
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def build_package(out: Path, details: PackageDetails) -> dict[str, Any]:
    """Write the zip; returns the manifest it holds."""
    made = manifest(details)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(made, indent=2))
        archive.writestr(COLOR_ICON, color_icon())
        archive.writestr(OUTLINE_ICON, outline_icon())
    return made
