"""`wardbot teams-package`: a zip Teams accepts for sideloading."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from bot.cli.main import parser
from bot.config import Settings
from bot.teams import manifest as package
from tests.support.manifest_schemas import problems, teams_manifest_validator

BOT_ID = "3f1c1f0e-4b5a-4c4e-9d8a-1a2b3c4d5e6f"
# What the v1.19 schema requires at the top level and in each part we use.
REQUIRED = [
    "manifestVersion",
    "version",
    "id",
    "developer",
    "name",
    "description",
    "icons",
    "accentColor",
]
REQUIRED_DEVELOPER = ["name", "websiteUrl", "privacyUrl", "termsOfUseUrl"]


def wardbot(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


def test_package_holds_a_complete_manifest_and_both_icons(tmp_path: Path) -> None:
    out = tmp_path / "wardbot-teams.zip"
    done = wardbot("teams-package", "--out", str(out), MICROSOFT_APP_ID=BOT_ID)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color = Image.open(io.BytesIO(archive.read(manifest["icons"]["color"])))
        outline = Image.open(io.BytesIO(archive.read(manifest["icons"]["outline"])))

    version = tuple(int(p) for p in manifest["manifestVersion"].split("."))
    assert version >= (1, 19)
    assert f"v{manifest['manifestVersion']}/" in manifest["$schema"]
    for name in REQUIRED:
        assert manifest.get(name), name
    for name in REQUIRED_DEVELOPER:
        assert manifest["developer"][name].startswith("https://") or name == "name"
    assert manifest["name"]["short"] and len(manifest["name"]["short"]) <= 30
    assert len(manifest["description"]["short"]) <= 80
    assert len(manifest["description"]["full"]) <= 4000

    [bot] = manifest["bots"]
    assert bot["botId"] == BOT_ID
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    assert 1 <= len(bot["commandLists"]) <= 3
    for command_list in bot["commandLists"]:
        assert len(command_list["commands"]) <= 10
        for command in command_list["commands"]:
            assert len(command["title"]) <= 32 and len(command["description"]) <= 128
    titles = {c["title"] for cl in bot["commandLists"] for c in cl["commands"]}
    assert {"log", "show", "find", "wards", "coverage", "help"} <= titles

    [extension] = manifest["composeExtensions"]
    assert extension["botId"] == BOT_ID
    [action] = extension["commands"]
    assert action["type"] == "action" and "message" in action["context"]
    assert action["title"] == "Log as ward activity" and action["fetchTask"] is True

    assert color.size == (192, 192) and color.format == "PNG"
    assert outline.size == (32, 32) and outline.format == "PNG"
    # The outline icon is white on transparent, as Teams requires.
    rgba = outline.convert("RGBA")
    pixels = [rgba.getpixel((x, y)) for x in range(32) for y in range(32)]
    assert {p[:3] for p in pixels if p[3]} == {(255, 255, 255)}
    assert any(p[3] == 0 for p in pixels)


def test_package_needs_a_bot_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.zip"

    def package(*args: str) -> int:
        parsed = parser().parse_args(["teams-package", "--out", str(out), *args])
        return asyncio.run(parsed.run(Settings(_env_file=None), parsed))  # type: ignore[call-arg]

    assert package() == 2
    assert "MICROSOFT_APP_ID" in capsys.readouterr().err
    assert package("--bot-id", "not-a-guid") == 2
    assert "GUID" in capsys.readouterr().err
    assert package("--bot-id", BOT_ID, "--website", "http://insecure.example") == 2
    assert "https://" in capsys.readouterr().err
    assert not out.exists()


def test_the_manifest_passes_the_official_schema_for_its_declared_version(tmp_path: Path) -> None:
    out = tmp_path / "wardbot-teams.zip"
    done = wardbot("teams-package", "--out", str(out), MICROSOFT_APP_ID=BOT_ID)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    validator = teams_manifest_validator(manifest["manifestVersion"])
    assert problems(validator, manifest) == []


def test_the_schema_refuses_what_teams_would(tmp_path: Path) -> None:
    made = package.manifest(package.PackageDetails(bot_id=BOT_ID))
    made["accentColor"] = "green"
    made["bots"][0]["scopes"] = ["groupchat"]  # Teams spells it groupChat
    assert len(problems(teams_manifest_validator(package.MANIFEST_VERSION), made)) == 2
