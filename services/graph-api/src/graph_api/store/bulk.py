"""Helpers for bulk reads and writes (KPI inputs, big graph views, loading a generated community):
tens of thousands to millions of rows."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from graph_api.store.driver import GraphDriver

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


# Batched writes (loading a generated community) ------------------------------------------------


def batches_in_flight(driver: GraphDriver, wanted: int) -> int:
    """How many batches of one kind may be sent before the oldest is answered.

    FalkorDB runs the writes to one graph one at a time, so concurrent batches cannot
    conflict: up to ``wanted`` keep the client busy turning the next batch into query text
    while the database writes the previous one. On Neo4j, concurrent batches would lock the
    same member nodes, deadlock and be retried: one batch at a time there.
    """
    return wanted if driver.engine == "falkordb" else 1


async def write_in_batches(
    driver: GraphDriver,
    statement: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    batch_size: int,
    in_flight: int,
    done: Callable[[int], None],
) -> None:
    """Every row, in batches of ``batch_size`` sent as ``$rows`` of ``statement`` (each batch one
    atomic statement), up to ``in_flight`` at a time (as ``batches_in_flight`` allows); returns
    once all are written."""
    in_flight = batches_in_flight(driver, in_flight)
    pending: dict[asyncio.Task[Any], int] = {}
    try:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            if len(pending) >= in_flight:
                await _collect(pending, done, asyncio.FIRST_COMPLETED)
            pending[asyncio.ensure_future(driver.write(statement, {"rows": list(batch)}))] = len(batch)
        if pending:
            await _collect(pending, done, asyncio.ALL_COMPLETED)
    except asyncio.CancelledError:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        raise
    except BaseException:
        # A batch failed: let the ones already sent finish, so nothing of this load still
        # lands once the error reaches the caller.
        await asyncio.gather(*pending, return_exceptions=True)
        raise


async def _collect(pending: dict[asyncio.Task[Any], int], done: Callable[[int], None], when: str) -> None:
    finished, _ = await asyncio.wait(pending, return_when=when)
    for task in finished:
        count = pending.pop(task)
        task.result()  # raises the batch's error
        done(count)
