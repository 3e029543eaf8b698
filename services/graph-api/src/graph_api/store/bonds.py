"""Bonds and bond requests between members."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class BondStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
