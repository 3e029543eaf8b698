"""Passions, teams, sites and skills as lists and pages, with their counts."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class BrowseStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
