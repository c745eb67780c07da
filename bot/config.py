"""Settings: the only module that reads the environment (or a .env file)."""

from __future__ import annotations

import ipaddress
from functools import cached_property
from pathlib import Path
from typing import Annotated, Self

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///wardbot.db"


def _comma_list(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def _named_ids(value: object) -> object:
    """`T0123=South Yorkshire Police,T0456=Age UK Rotherham` -> {id: name}; one clear line
    naming the entry when one is not `id=name`."""
    if not isinstance(value, str):
        return value
    found: dict[str, str] = {}
    for entry in (e.strip() for e in value.split(",")):
        if not entry:
            continue
        key, equals, name = (part.strip() for part in entry.partition("="))
        if not equals or not key or not name or " " in key:
            raise ValueError(
                f"{entry!r} is not `id=Organisation name` (e.g. T0123=South Yorkshire Police)"
            )
        if key in found and found[key] != name:
            raise ValueError(f"{key} is named twice ({found[key]!r} and {name!r})")
        found[key] = name
    return found


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_ignore_empty=True)

    database_url: str = DEFAULT_DATABASE_URL
    ward_plan: Path | None = None
    timezone: str = "Europe/London"
    host: str = "127.0.0.1"
    port: int = 3978

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    # This server's https address: where Slack sends events (the app manifest) and where
    # Teams loads digest charts from (/charts/{id}.png).
    public_url: str | None = None

    microsoft_app_id: str | None = None
    microsoft_app_password: str | None = None
    microsoft_app_type: str = "MultiTenant"
    microsoft_app_tenant_id: str | None = None
    # /api/messages without authentication, for the Bot Framework Emulator and local tests:
    # only on a loopback HOST and with no app id (checked below).
    teams_emulator: bool = False

    # The council's own Slack workspace(s) (or Enterprise Grid org) and Teams tenant(s).
    allowed_slack_teams: Annotated[list[str], NoDecode] = Field(default_factory=list)
    allowed_teams_tenants: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Partner organisations, `id=name`: their people are admitted as partners of that name.
    partner_slack_teams: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    partner_teams_tenants: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    admins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    retention_days: int = Field(default=2190, ge=30)  # six years, then the daily purge removes it
    # How long a digest claim is held before another process may take it over;
    # a live sender renews it, so it only runs out when the sender died.
    digest_lease_seconds: int = Field(default=600, ge=1)
    # A file: `serve` keeps per-stage timings of each request (handlers/chat/stages.py) and
    # appends them here as a JSON line on SIGUSR1 and on stopping. Unset: nothing is kept.
    stage_timings: Path | None = None

    _split = field_validator(
        "allowed_slack_teams", "allowed_teams_tenants", "admins", mode="before"
    )(_comma_list)
    _named = field_validator("partner_slack_teams", "partner_teams_tenants", mode="before")(
        _named_ids
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:  # a typo fails at start, not at 9am on Monday
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"no time zone is called {value!r} (e.g. Europe/London)") from None
        return value

    @model_validator(mode="after")
    def _emulator_stays_local(self) -> Self:
        if not self.teams_emulator:
            return self
        if self.microsoft_app_id:
            raise ValueError(
                "TEAMS_EMULATOR=1 serves /api/messages without authentication, so it cannot be "
                "used with MICROSOFT_APP_ID: unset one of them"
            )
        if not is_loopback_host(self.host):
            raise ValueError(
                f"TEAMS_EMULATOR=1 needs HOST to be a loopback address such as 127.0.0.1 "
                f"(it is {self.host!r}): unauthenticated Teams must not be reachable from "
                "other machines"
            )
        return self

    @cached_property
    def ward_plan_path(self) -> Path:
        if self.ward_plan is not None:
            return self.ward_plan
        from storage.plans import BUNDLED_PLAN

        return BUNDLED_PLAN

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))

    @property
    def teams_enabled(self) -> bool:
        return bool(self.microsoft_app_id) or self.teams_emulator


def is_loopback_host(host: str | None) -> bool:
    """True for `localhost` and loopback IP addresses (127.0.0.0/8, ::1); not for names."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def problems(error: ValidationError) -> list[str]:
    """Each setting that is wrong, as one line a person can act on (no traceback)."""
    lines = []
    for found in error.errors():
        message = str(found["msg"]).removeprefix("Value error, ")
        where = ".".join(str(part) for part in found["loc"]).upper()
        lines.append(f"{where}: {message}" if where else message)
    return lines
