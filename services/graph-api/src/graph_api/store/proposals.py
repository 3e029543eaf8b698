"""Proposal sets, their groupings and members' answers; purpose communities."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class ProposalStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
