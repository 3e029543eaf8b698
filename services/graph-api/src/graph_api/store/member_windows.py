"""Where a page of every member lies among their order keys, so it can be read from a window.

On an engine that reads members in order only through numeric keys (FalkorDB, see the driver's
`members_window`), a page of every member ordered by name or join date reads the members whose
key (store/order_keys.py) lies in a short window from the cursor on, instead of sorting them all.
A sample of the keys, every `step`-th in order, says how far the window must reach. The sample
may be stale: a window that holds fewer members than the page asks for is not used (the page is
read without one) and the sample is taken again, so a stale sample costs time, never a member.

Taking the sample also gives keys to members that lack them (written before the keys existed,
or restored from an older snapshot); until every member has both keys no window is used.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from graph_api.store.driver import GraphDriver
from graph_api.store.order_keys import JOINED_ORDER, NAME_ORDER, joined_order, member_order, name_order
from graph_api.store.queries import order_keys as q

_log = logging.getLogger(__name__)

#: Below every key and above every key (the keys are 64-bit integers well inside these).
BEFORE_ALL: Final = -(2**62)
AFTER_ALL: Final = 2**62

SAMPLE_STEP: Final = 64
#: How old a sample may grow before it is taken again, and how soon after the last one a
#: window found too short may ask for another.
REFRESH_SECONDS: Final = 60.0
RETRY_SECONDS: Final = 5.0
#: Members given their keys per statement when some lack them.
REPAIR_BATCH: Final = 5_000

_KEYS: Final[dict[str, tuple[str, Callable[[str], int]]]] = {
    "NAME": (NAME_ORDER, name_order),
    "JOINED_AT": (JOINED_ORDER, joined_order),
}


@dataclass(frozen=True, slots=True)
class Window:
    """Order keys in [start, end). `to_the_end`: nothing lies past it, so it holds the rest."""

    start: int
    end: int

    @property
    def to_the_end(self) -> bool:
        return self.end == AFTER_ALL

    def params(self) -> dict[str, int]:
        return {"windowFrom": self.start, "windowTo": self.end}


class MemberWindows:
    """The key samples of one process, taken in the background when old or found stale."""

    def __init__(
        self,
        driver: GraphDriver,
        *,
        step: int = SAMPLE_STEP,
        refresh_seconds: float = REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._driver = driver
        self._step = step
        self._refresh_seconds = refresh_seconds
        self._clock = clock
        self._samples: dict[str, list[int]] = {}
        self._taken_at: float | None = None
        self._asked_at: float | None = None
        self._refreshing: asyncio.Task[None] | None = None

    def window(self, order: str, after_key: Any, limit: int) -> Window | None:
        """The keys that hold the `limit` members after `after_key` (the cursor's sort key; None
        for the first page) if the sample is right; None while there is no sample."""
        if self._taken_at is None or self._clock() - self._taken_at > self._refresh_seconds:
            self._refresh_soon()
        sample = self._samples.get(order)
        if sample is None or order not in _KEYS:
            return None
        start = BEFORE_ALL if after_key is None else _KEYS[order][1](str(after_key))
        # Fewer than first_past * step members have a key up to `start`, and at least
        # (reach - 1) * step + 1 have one up to sample[reach - 1]: ending past that key, the
        # window holds more than `limit` members after the cursor while the sample is right.
        first_past = bisect_right(sample, start)
        reach = first_past + math.ceil(limit / self._step) + 1
        if reach > len(sample):
            return Window(start, AFTER_ALL)
        past = bisect_right(sample, sample[reach - 1])  # keys may repeat: end past them all
        return Window(start, sample[past] if past < len(sample) else AFTER_ALL)

    def found_short(self) -> None:
        """A window held fewer members than its sample promised: take the sample again soon."""
        if self._asked_at is None or self._clock() - self._asked_at > RETRY_SECONDS:
            self._refresh_soon()

    async def refresh(self) -> None:
        """Take the samples now (giving keys to members without them first)."""
        self._asked_at = self._clock()
        members = int((await self._driver.read(q.COUNT_MEMBERS))[0]["members"])
        samples: dict[str, list[int]] = {}
        for order, (key, _) in _KEYS.items():
            statement = q.key_sample(key)
            row = (await self._driver.read(statement, {"step": self._step}))[0]
            if int(row["keyed"]) < members:
                await self._give_keys()
                row = (await self._driver.read(statement, {"step": self._step}))[0]
            if int(row["keyed"]) < members:  # still not all: members arrived meanwhile
                self._samples = {}
                self._taken_at = self._clock()
                return
            samples[order] = [int(key) for key in row["sample"]]
        self._samples = samples
        self._taken_at = self._clock()

    async def _give_keys(self) -> None:
        while True:
            rows = await self._driver.read(q.MEMBERS_WITHOUT_KEYS, {"limit": REPAIR_BATCH})
            if not rows:
                return
            keyed = [
                {"id": row["id"], "name": row["name"], **member_order(row["name"] or "", row["joinedAt"] or "")}
                for row in rows
            ]
            given = await self._driver.write(q.GIVE_KEYS, {"rows": keyed})
            if len(rows) < REPAIR_BATCH or not given or int(given[0]["given"]) == 0:
                return

    def _refresh_soon(self) -> None:
        if self._refreshing is not None and not self._refreshing.done():
            return
        self._asked_at = self._clock()
        self._refreshing = asyncio.get_running_loop().create_task(self._refresh_quietly())

    async def _refresh_quietly(self) -> None:
        try:
            await self.refresh()
        except Exception:  # pages are read without windows until a refresh succeeds
            _log.warning("the members' order keys could not be sampled", exc_info=True)
            self._samples = {}
            self._taken_at = self._clock()
