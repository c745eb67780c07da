"""Slack: bolt over HTTP or Socket Mode."""
