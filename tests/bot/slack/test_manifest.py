"""`wardbot slack-manifest`: an app definition an admin can paste into Slack."""

from __future__ import annotations

import os

import pytest
import yaml

from bot.slack.manifest import manifest
from tests.bot.test_cli import wardbot
from tests.support.manifest_schemas import problems, slack_manifest_validator


def test_manifest_names_the_command_shortcut_events_scopes_and_url() -> None:
    env = {**os.environ, "PUBLIC_URL": "https://wardbot.rotherham.gov.uk/"}
    done = wardbot("slack-manifest", env=env)
    assert done.returncode == 0, done.stderr
    manifest = yaml.safe_load(done.stdout)
    url = "https://wardbot.rotherham.gov.uk/slack/events"
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/ward" and command["url"] == url
    [shortcut] = manifest["features"]["shortcuts"]
    assert shortcut["type"] == "message" and shortcut["callback_id"] == "log_message"
    settings = manifest["settings"]
    assert settings["event_subscriptions"]["request_url"] == url
    assert settings["interactivity"]["request_url"] == url
    assert {"app_mention", "app_home_opened", "message.channels", "message.im"} <= set(
        settings["event_subscriptions"]["bot_events"]
    )
    assert {"commands", "chat:write", "users:read", "files:write"} <= set(
        manifest["oauth_config"]["scopes"]["bot"]
    )
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert settings["socket_mode_enabled"] is False


def test_socket_mode_manifest_has_no_request_urls() -> None:
    done = wardbot("slack-manifest", "--socket-mode", env=dict(os.environ))
    manifest = yaml.safe_load(done.stdout)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert "url" not in manifest["features"]["slash_commands"][0]


@pytest.mark.parametrize("mode", [[], ["--socket-mode"]], ids=["events API", "Socket Mode"])
def test_manifest_passes_slacks_published_manifest_schema(mode: list[str]) -> None:
    env = {**os.environ, "PUBLIC_URL": "https://wardbot.rotherham.gov.uk/"}
    done = wardbot("slack-manifest", *mode, env=env)
    assert done.returncode == 0, done.stderr
    manifest = yaml.safe_load(done.stdout)
    assert problems(slack_manifest_validator(), manifest) == []


def test_the_schema_refuses_what_slack_would() -> None:
    made = manifest(public_url="https://wardbot.rotherham.gov.uk", socket_mode=False)
    made["features"]["slash_commands"][0]["command"] = "ward"  # no leading slash
    made["oauth_config"]["scopes"]["bot"].append("chat:shout")
    assert problems(slack_manifest_validator(), made)
