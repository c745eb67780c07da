"""Files in and out: import, export, subject access and erasure."""
