"""Helpers for bulk reads (KPI inputs, big graph views): tens of thousands to millions of rows."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_gc_pauses = 0
_gc_was_enabled = True


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while bulk reads run (nested and concurrent ones too).

    A bulk read builds many small lists and tuples (one per row), which trigger full
    collections that walk the whole heap: with them a read takes up to twice as long. The
    rows hold no cycles, and reference counting still frees everything meanwhile.
    """
    global _gc_pauses, _gc_was_enabled
    if _gc_pauses == 0:
        _gc_was_enabled = gc.isenabled()
        gc.disable()
    _gc_pauses += 1
    try:
        yield
    finally:
        _gc_pauses -= 1
        if _gc_pauses == 0 and _gc_was_enabled:
            gc.enable()
