"""What `wardbot serve` does to the garbage collector once started."""

from __future__ import annotations

import gc

from bot.cli.serve import YOUNG, freeze_startup_heap


def test_startup_heap_is_frozen_and_young_collections_are_rarer() -> None:
    before = gc.get_threshold()
    try:
        freeze_startup_heap()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (YOUNG, *before[1:])
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
