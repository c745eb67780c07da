"""Settings: the only module that reads the environment (or a .env file)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///wardbot.db"


def _comma_list(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


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
    public_url: str | None = None  # where Slack reaches this server (for the app manifest)

    microsoft_app_id: str | None = None
    microsoft_app_password: str | None = None
    microsoft_app_type: str = "MultiTenant"
    microsoft_app_tenant_id: str | None = None

    allowed_slack_teams: Annotated[list[str], NoDecode] = Field(default_factory=list)
    allowed_teams_tenants: Annotated[list[str], NoDecode] = Field(default_factory=list)
    admins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    retention_days: int = Field(default=2190, ge=30)  # six years, then the daily purge removes it
    # How long a digest claim is held before another process may take it over;
    # a live sender renews it, so it only runs out when the sender died.
    digest_lease_seconds: int = Field(default=600, ge=1)
    # A file: `serve` keeps per-stage timings of each request (handlers/stages.py) and
    # appends them here as a JSON line on SIGUSR1 and on stopping. Unset: nothing is kept.
    stage_timings: Path | None = None

    _split = field_validator(
        "allowed_slack_teams", "allowed_teams_tenants", "admins", mode="before"
    )(_comma_list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo

        ZoneInfo(value)  # raises for an unknown zone, so a typo fails at start, not at 9am Monday
        return value

    @cached_property
    def ward_plan_path(self) -> Path:
        if self.ward_plan is not None:
            return self.ward_plan
        from storage.plans import BUNDLED_PLAN

        return BUNDLED_PLAN

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))
