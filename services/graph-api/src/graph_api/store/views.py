"""Graph views for drawing: neighbourhoods and community graphs, read in bulk."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class GraphViews:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
