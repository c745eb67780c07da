"""The terminal channel: `wardbot chat`, and digests printed to the terminal."""
