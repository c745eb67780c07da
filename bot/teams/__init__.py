"""Microsoft Teams. The channel (bot.teams.channel) and the Bot Framework behind it are
imported only when Teams is configured; this says at start that it is not."""

import logging


def say_teams_is_off() -> None:
    """The one line at start when Teams is not configured (under the channel's logger)."""
    logging.getLogger("bot.teams.channel").info(
        "Teams is off: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to turn it on "
        "(or TEAMS_EMULATOR=1 for the Bot Framework Emulator on this machine)"
    )
