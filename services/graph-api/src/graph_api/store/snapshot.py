"""The recommender's bulk reads: the community snapshot and its context."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class SnapshotStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
