"""DataLoader batch functions that record how many keys each batch read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from graph_api.metrics.families import DATALOADER_BATCH

K = TypeVar("K")
V = TypeVar("V")


def measured(loader: str, load: Callable[[list[K]], Awaitable[Sequence[V]]]) -> Callable[[list[K]], Awaitable[Sequence[V]]]:
    """`load`, observing its batch size under `loader` (a name from the code, never from a client)."""
    sizes = DATALOADER_BATCH.labels(loader)

    async def load_batch(keys: list[K]) -> Sequence[V]:
        sizes.observe(len(keys))
        return await load(keys)

    return load_batch
