"""`slack-manifest` and `teams-package`: what the Slack and Teams admins upload."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings


async def slack_manifest(settings: Settings, args: argparse.Namespace) -> int:
    from bot.slack.manifest import manifest_yaml

    socket_mode = args.socket_mode or bool(settings.slack_app_token)
    print(
        manifest_yaml(public_url=args.url or settings.public_url, socket_mode=socket_mode), end=""
    )
    return 0


async def teams_package(settings: Settings, args: argparse.Namespace) -> int:
    from bot.teams.manifest import PackageDetails, PackageError, build_package

    bot_id = args.bot_id or settings.microsoft_app_id
    if not bot_id:
        print("Set MICROSOFT_APP_ID (the Azure Bot's app id) or pass --bot-id.", file=sys.stderr)
        return 2
    details = PackageDetails(
        bot_id=bot_id,
        app_id=args.app_id or "",
        version=args.version,
        developer=args.developer,
        website=args.website,
        privacy_url=args.privacy_url or "",
        terms_url=args.terms_url or "",
    )
    try:
        made = build_package(Path(args.out), details)
    except PackageError as exc:
        print(f"No package was written: {exc}", file=sys.stderr)
        return 2
    print(
        f"Wrote {args.out}: Teams app {made['id']} for bot {bot_id} (manifest {made['manifestVersion']})."
    )
    return 0
