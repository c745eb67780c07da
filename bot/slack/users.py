"""Slack user ids -> wardbot Actors, with names from users.info kept for a while in memory.

The cache is a convenience, not state: another replica simply asks Slack again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.api import api_error
from handlers.chat.messages import Actor

log = logging.getLogger(__name__)

KEEP_SECONDS = 3600
MAX_KEPT = 5000


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    team_id: str
    at: float
    enterprise_id: str = ""


class UserDirectory:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._kept: dict[str, Profile] = {}

    async def actor(
        self,
        user_id: str,
        *,
        app_team: str,
        app_enterprise: str = "",
        hint_team: str = "",
        hint_enterprise: str = "",
    ) -> Actor:
        """The person behind a Slack user id; `external` when they belong to another
        workspace than the one wardbot is installed in (`app_team`, from its own token), and
        not to the same Enterprise Grid org. Slack's users.info says which workspace; the
        payload's hint only when Slack will not show the person (some Slack Connect users)."""
        profile = await self._profile(user_id, hint_team=hint_team)
        team = profile.team_id or hint_team
        enterprise = profile.enterprise_id or (hint_enterprise if not profile.team_id else "")
        same_org = bool(enterprise and app_enterprise and enterprise == app_enterprise)
        return Actor(
            platform="slack",
            user_id=user_id,
            name=profile.name,
            team_id=team,
            enterprise_id=enterprise,
            external=bool(team and app_team and team != app_team and not same_org),
        )

    async def _profile(self, user_id: str, *, hint_team: str) -> Profile:
        kept = self._kept.get(user_id)
        now = time.monotonic()
        if kept is not None and now - kept.at < KEEP_SECONDS:
            return kept
        try:
            found = await self._client.users_info(user=user_id)
        except SlackApiError as exc:
            # External users are not always visible; their id and team are still enough.
            log.info("users.info for %s failed: %s", user_id, api_error(exc))
            return Profile(name="", team_id=hint_team, at=now)
        user = found.get("user") or {}
        info = user.get("profile") or {}
        name = (
            info.get("display_name")
            or info.get("real_name")
            or user.get("real_name")
            or user.get("name")
            or ""
        )
        grid = user.get("enterprise_user") or {}
        profile = Profile(
            name=str(name),
            team_id=str(user.get("team_id") or hint_team),
            at=now,
            enterprise_id=str(grid.get("enterprise_id") or "") if isinstance(grid, dict) else "",
        )
        if len(self._kept) >= MAX_KEPT:
            self._kept.clear()
        self._kept[user_id] = profile
        return profile
