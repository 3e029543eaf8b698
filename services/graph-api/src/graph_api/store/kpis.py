"""The facts the KPI computation reads, KPI targets and the stored KPI history."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class KpiStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
