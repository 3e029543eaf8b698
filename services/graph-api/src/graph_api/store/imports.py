"""Writing imported members, with their teams, sites, passions, skills and bonds."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class ImportStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
