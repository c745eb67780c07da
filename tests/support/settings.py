"""Every wardbot setting's environment name, read from Settings itself so it cannot drift."""

from bot.config import Settings

SETTINGS_NAMES = tuple(name.upper() for name in Settings.model_fields)
