"""Passwords, sessions, invitations, API tokens, reset links and sign-in counters."""

from __future__ import annotations

from graph_api.store.driver import GraphDriver


class AccountStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
