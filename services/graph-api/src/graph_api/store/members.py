"""Pages of members: filters, orders, keyset cursors, full-text relevance, counts."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class MemberPages:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
