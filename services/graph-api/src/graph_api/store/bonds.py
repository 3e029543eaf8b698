"""Bonds and bond requests between members."""

from __future__ import annotations

from dataclasses import dataclass

from graph_api.store.driver import GraphDriver
from graph_api.store.queries import bonds as q


@dataclass(frozen=True, slots=True)
class PendingBond:
    """A bond asked for and not yet confirmed, seen from one of its two members."""

    kind: str
    since: str
    other_id: str
    #: True when this member asked; False when the other member did.
    outgoing: bool


class BondStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def requests_of(self, *, member_id: str) -> list[PendingBond]:
        """This member's pending requests both ways, oldest first."""
        rows = await self._driver.read(q.BOND_REQUESTS_OF_MEMBER, {"memberId": member_id})
        return [PendingBond(row["kind"], row["since"], row["otherId"], bool(row["outgoing"])) for row in rows]
