"""Events, their attendees, and who met whom."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class EventStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
