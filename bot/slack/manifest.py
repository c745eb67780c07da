"""The Slack app manifest: paste it at api.slack.com/apps -> Create New App -> From a manifest."""

from __future__ import annotations

from typing import Any

import yaml

from bot.slack.inbound import COMMAND, SHORTCUT

PLACEHOLDER_URL = "https://wardbot.example.gov.uk"
BOT_SCOPES = [
    "app_mentions:read",  # @wardbot in channels
    "channels:history",  # edits and deletions of logged messages in public channels
    "groups:history",  # ... and in private channels wardbot is in
    "im:history",  # direct messages to wardbot
    "chat:write",  # replies and digests
    "commands",  # /ward
    "users:read",  # people's names for the record
    "files:write",  # digest charts
]
BOT_EVENTS = [
    "app_home_opened",
    "app_mention",
    "message.channels",
    "message.groups",
    "message.im",
]


def manifest(*, public_url: str | None, socket_mode: bool, name: str = "wardbot") -> dict[str, Any]:
    events_url = (public_url or PLACEHOLDER_URL).rstrip("/") + "/slack/events"
    command: dict[str, Any] = {
        "command": COMMAND,
        "description": "Log ward activity and ask about wards",
        "usage_hint": "log Sitwell: litter pick, 23 volunteers | show Sitwell | help",
        "should_escape": False,
    }
    events: dict[str, Any] = {"bot_events": BOT_EVENTS}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if not socket_mode:
        command["url"] = events_url
        events["request_url"] = events_url
        interactivity["request_url"] = events_url
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": name,
            "description": "Ward activity for neighbourhood teams, reported to the Board",
            "background_color": "#1d4f91",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": name, "always_online": True},
            "slash_commands": [command],
            "shortcuts": [
                {
                    "name": "Log as ward activity",
                    "type": "message",
                    "callback_id": SHORTCUT,
                    "description": "Record this message as an activity update for its ward",
                }
            ],
        },
        "oauth_config": {"scopes": {"bot": BOT_SCOPES}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(*, public_url: str | None, socket_mode: bool) -> str:
    return yaml.safe_dump(
        manifest(public_url=public_url, socket_mode=socket_mode),
        sort_keys=False,
        allow_unicode=True,
    )
