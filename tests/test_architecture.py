"""The one import direction (bot -> handlers -> storage), checked on every run."""

import subprocess
import sys
from pathlib import Path


def test_import_contracts_hold() -> None:
    root = Path(__file__).resolve().parents[1]
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter)], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " kept, 0 broken" in done.stdout
