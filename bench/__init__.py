"""Speed, accuracy and resilience benchmarks: `python -m bench.NAME` prints one JSON line, then a summary."""
