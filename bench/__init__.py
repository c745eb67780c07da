"""Benchmarks: each `python -m bench.<name>` prints one JSON line, then a short summary."""
