"""Speed and accuracy benchmarks: scripts that print numbers (`python -m bench.NAME`)."""
