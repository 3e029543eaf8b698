"""Full-text search over members, passions and skills, ranked together."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class SearchStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
