"""Where a page of every member lies among their order keys, so it can be read from a window.

On an engine that reads members in order only through numeric keys (FalkorDB, see the driver's
`members_window`), a page of every member ordered by name or join date reads the members whose
key (store/order_keys.py) lies in a short window from the cursor on, instead of sorting them all.
A sample of the keys, every `step`-th in order, says how far the window must reach. The sample
may be stale: a window that holds fewer members than the page asks for is not used (the page is
read without one) and the sample is taken again, so a stale sample costs time, never a member.

A page by passion walks such a window, checking each member, instead of starting from the
passion when the walk is much the cheaper: when the passion is held by many (the sample counts
the holders of each passion too). A walk that finds too few is not trusted either. On an engine
that walks its members from an index in order instead (Neo4j), the same counts say whether that
walk pays; there no keys are sampled.

Taking the sample also gives keys to members that lack them (written before the keys existed,
or restored from an older snapshot), and writes again a name key of the earlier form (eight
bits a byte, see store/order_keys.py); until every member has both keys no window is used.
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
from graph_api.store.order_keys import (
    JOINED_ORDER,
    KEY_BOUNDS,
    NAME_KEY_END,
    NAME_ORDER,
    joined_order,
    member_order,
    name_order,
)
from graph_api.store.queries import order_keys as q

_log = logging.getLogger(__name__)

SAMPLE_STEP: Final = 64
#: How old a sample may grow before it is taken again, and how soon after the last one a
#: window found too short may ask for another. Taking one sorts every member's keys twice
#: (0.1 s at 100,000 members, 1.5 s at a million, on the database's threads): the first in one
#: statement each, later ones in ranges the last sample bounds (SAMPLE_RANGE_MEMBERS). A sample
#: grown stale by new members still gives full windows, and one stale by members gone is found
#: short and taken again.
REFRESH_SECONDS: Final = 600.0
RETRY_SECONDS: Final = 5.0
#: A page by passion walks a window when the walk reads at most this share of the members its
#: page would otherwise sort: FalkorDB spends about 7 µs on a member walked and checked against
#: the passion, 0.36 µs on one sorted (100,000 members, a passion held by 26,867).
WALK_COST_RATIO: Final = 20
#: A walk covers this many times the members that hold a page's worth of the passion, by its share.
WALK_MARGIN: Final = 2
#: Members given their keys per statement when some lack them.
REPAIR_BATCH: Final = 5_000
#: About how many members' keys one statement of a sample sorts, once an earlier sample says
#: where their ranges lie. FalkorDB makes a write wait for the reads under way and the reads
#: that come after it wait for the write, so one statement sorting every key (0.76 s at a
#: million members) held every request behind it; 50,000 take about 35 ms.
SAMPLE_RANGE_MEMBERS: Final = 50_000
#: Without an earlier sample the keys' span is cut evenly, into this many times more ranges
#: than they would need if spread evenly: names and dates are not.
RANGES_PER_EVEN_RANGE: Final = 4
#: Passions whose holders one statement counts.
HOLDER_BATCH: Final = 500

_KEYS: Final[dict[str, tuple[str, Callable[[str], int]]]] = {
    "NAME": (NAME_ORDER, name_order),
    "JOINED_AT": (JOINED_ORDER, joined_order),
}


@dataclass(frozen=True, slots=True)
class Window:
    """Order keys in [start, end). `to_the_end`: nothing lies past it, so it holds the rest."""

    start: int
    end: int
    to_the_end: bool = False

    def params(self) -> dict[str, int]:
        return {"windowFrom": self.start, "windowTo": self.end}


class MemberWindows:
    """The key samples of one process, taken in the background when old or found stale."""

    def __init__(
        self,
        driver: GraphDriver,
        *,
        step: int = SAMPLE_STEP,
        walk_cost_ratio: float = WALK_COST_RATIO,
        refresh_seconds: float = REFRESH_SECONDS,
        range_members: int = SAMPLE_RANGE_MEMBERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._driver = driver
        self._step = step
        self._range_members = range_members
        self._walk_cost_ratio = walk_cost_ratio
        self._members = 0
        self._holders: dict[str, int] = {}
        self._refresh_seconds = refresh_seconds
        self._clock = clock
        self._samples: dict[str, list[int]] = {}
        self._taken_at: float | None = None
        self._asked_at: float | None = None
        self._refreshing: asyncio.Task[None] | None = None

    def window(self, order: str, after_key: Any, limit: int) -> Window | None:
        """The keys that hold the `limit` members after `after_key` (the cursor's sort key; None
        for the first page) if the sample is right; None while there is no sample."""
        self._keep_fresh()
        sample = self._samples.get(order)
        if sample is None or order not in _KEYS:
            return None
        key, key_of = _KEYS[order]
        lowest, past_all = KEY_BOUNDS[key]
        start = lowest if after_key is None else key_of(str(after_key))
        # Fewer than first_past * step members have a key up to `start`, and at least
        # (reach - 1) * step + 1 have one up to sample[reach - 1]: ending past that key, the
        # window holds more than `limit` members after the cursor while the sample is right.
        first_past = bisect_right(sample, start)
        reach = first_past + math.ceil(limit / self._step) + 1
        # Keys may repeat: the window ends past every copy of the last key it needs.
        past = bisect_right(sample, sample[reach - 1]) if reach <= len(sample) else len(sample)
        if past < len(sample):
            return Window(start, sample[past])
        return Window(start, past_all, to_the_end=True)

    def passion_walk(self, order: str, slug: str, after_key: Any, limit: int) -> tuple[Window, int] | None:
        """The window to walk, and how many of its members at most, for `limit` members who hold
        the passion `slug` after `after_key`, when that is cheaper than sorting all who hold
        it; None when it is not, or while there is no sample."""
        self._keep_fresh()
        held = self.held_by(slug)
        if not held or not self._members:
            return None
        walk = self._walk_for(held, limit)
        if walk * self._walk_cost_ratio > held:
            return None
        window = self.window(order, after_key, walk)
        return (window, walk) if window is not None else None

    def held_by(self, slug: str) -> int:
        """How many members held the passion `slug` when the sample was taken (0 before one)."""
        return self._holders.get(slug, 0)

    def walk_in_order_pays(self, slug: str, limit: int, cost_ratio: float) -> bool:
        """Whether walking members in order (the driver's `members_walk`) for `limit` who hold
        the passion `slug` reads at most a `cost_ratio`th of the members its page would
        otherwise sort; True while the holders are not counted yet, as the walk finds out."""
        self._keep_fresh()
        if not self._members:
            return True
        held = self.held_by(slug)
        return bool(held) and self._walk_for(held, limit) * cost_ratio <= held

    def _walk_for(self, held: int, limit: int) -> int:
        """The members a walk covers for `limit` of the `held` holders of a passion, with margin."""
        return math.ceil(WALK_MARGIN * limit * self._members / held)

    def found_short(self) -> None:
        """A window held fewer members than its sample promised: take the sample again soon."""
        if self._asked_at is None or self._clock() - self._asked_at > RETRY_SECONDS:
            self._refresh_soon()

    async def refresh(self) -> None:
        """Take the samples now (giving keys to members without them first)."""
        self._asked_at = self._clock()
        members = int((await self._driver.read(q.COUNT_MEMBERS))[0]["members"])
        holders = await self._count_holders()
        samples: dict[str, list[int]] = {}
        sampled = [] if self._driver.members_window("NAME") is None else list(_KEYS.items())
        if sampled:
            await self._give_keys(q.MEMBERS_WITH_EARLIER_NAME_KEYS, {"keyEnd": NAME_KEY_END})
        for order, (key, _) in sampled:
            keyed, sample = await self._sample(key, self._samples.get(order))
            if keyed < members:
                await self._give_keys(q.MEMBERS_WITHOUT_KEYS)
                keyed, sample = await self._sample(key, self._samples.get(order))
            if keyed < members:  # still not all: members arrived meanwhile
                self._samples = {}
                self._taken_at = self._clock()
                return
            samples[order] = sample
        self._samples, self._members, self._holders = samples, members, holders
        self._taken_at = self._clock()

    async def _sample(self, key: str, earlier: list[int] | None) -> tuple[int, list[int]]:
        """How many members have `key`, and every `step`-th of their keys in order, read a range
        of keys at a time so that no statement sorts them all: ranges of about `range_members`
        keys by an earlier sample, else the keys' span cut evenly. The ranges cover every key,
        so the sample is whole however the keys lie."""
        per_range = max(1, self._range_members // self._step)
        inner = earlier[per_range::per_range] if earlier else await self._even_cuts(key)
        lowest, past_all = KEY_BOUNDS[key]
        bounds = [lowest, *inner, past_all]
        statement = q.key_sample(key)
        keyed, sample = 0, []
        for start, end in zip(bounds, bounds[1:]):
            if start >= end:  # keys repeat: a range already read
                continue
            params = {"from": start, "to": end, "step": self._step, "offset": -keyed % self._step}
            row = (await self._driver.read(statement, params))[0]
            keyed += int(row["keyed"])
            sample += [int(value) for value in row["sample"]]
        return keyed, sample

    async def _even_cuts(self, key: str) -> list[int]:
        """Keys that cut the span of `key`'s values into even ranges, enough of them for about
        `range_members` keys each were the keys spread evenly."""
        row = (await self._driver.read(q.key_span(key)))[0]
        keyed = int(row["keyed"])
        ranges = RANGES_PER_EVEN_RANGE * math.ceil(keyed / self._range_members)
        if keyed <= self._range_members or row["low"] is None:
            return []
        low, high = int(row["low"]), int(row["high"]) + 1
        return sorted({low + (high - low) * cut // ranges for cut in range(1, ranges)})

    async def _count_holders(self) -> dict[str, int]:
        """How many members hold each passion, by slug, from each passion's degree: a batch of
        passions per statement, rather than one statement following every passion edge."""
        slugs = {row["id"]: row["slug"] for row in await self._driver.read(q.PASSIONS)}
        ids, statement = list(slugs), self._driver.member_counts_of_passions()
        holders: dict[str, int] = {}
        for start in range(0, len(ids), HOLDER_BATCH):
            for row in await self._driver.read(statement, {"ids": ids[start : start + HOLDER_BATCH]}):
                holders[slugs[row["id"]]] = int(row["count"])
        return holders

    async def _give_keys(self, members: str, params: dict[str, Any] | None = None) -> None:
        """Write both keys of the members `members` reads, a batch at a time, until it reads none."""
        while True:
            rows = await self._driver.read(members, {**(params or {}), "limit": REPAIR_BATCH})
            if not rows:
                return
            keyed = [
                {"id": row["id"], "name": row["name"], **member_order(row["name"] or "", row["joinedAt"] or "")}
                for row in rows
            ]
            given = await self._driver.write(q.GIVE_KEYS, {"rows": keyed})
            if len(rows) < REPAIR_BATCH or not given or int(given[0]["given"]) == 0:
                return

    def _keep_fresh(self) -> None:
        if self._taken_at is None or self._clock() - self._taken_at > self._refresh_seconds:
            self._refresh_soon()

    def _refresh_soon(self) -> None:
        if self._refreshing is not None and not self._refreshing.done():
            return
        self._asked_at = self._clock()
        self._refreshing = asyncio.get_running_loop().create_task(self.refresh_quietly())

    async def refresh_quietly(self) -> None:
        """Take the samples now; on failure, log it, and pages are read without windows until
        a later refresh succeeds."""
        try:
            await self.refresh()
        except Exception:  # pages are read without windows until a refresh succeeds
            _log.warning("the members' order keys could not be sampled", exc_info=True)
            self._samples = {}
            self._taken_at = self._clock()
