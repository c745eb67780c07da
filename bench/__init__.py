"""Speed and accuracy benchmarks: scripts that print numbers (`python -m bench.NAME`)."""

"""Benchmarks: each `python -m bench.<name>` prints one JSON line, then a short summary."""
