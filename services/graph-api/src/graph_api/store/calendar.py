"""A member's calendar subscription: which address works (see queries.calendar)."""

from __future__ import annotations

from graph_api.errors import NotFoundError
from graph_api.store.driver import GraphDriver
from graph_api.store.queries import calendar as q


class CalendarStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def feed(self, *, member_id: str) -> int | None:
        """The number of the member's working subscription address, None when they have none."""
        rows = await self._driver.read(q.FEED_STATE, {"memberId": member_id})
        return int(rows[0]["generation"]) if rows and rows[0]["active"] else None

    async def start_feed(self, *, member_id: str) -> int:
        """A new address's number; every older address stops working."""
        rows = await self._driver.write(q.START_FEED, {"memberId": member_id})
        if not rows:
            raise NotFoundError("your account no longer exists", field="memberId")
        return int(rows[0]["generation"])

    async def stop_feed(self, *, member_id: str) -> None:
        if not await self._driver.write(q.STOP_FEED, {"memberId": member_id}):
            raise NotFoundError("your account no longer exists", field="memberId")
