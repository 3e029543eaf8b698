"""Fixtures for "did you meet?": the mail fixtures (tests/notifications) and a community whose
members accept proposals at a given moment, so that "N days later" is a `now=` argument."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from graph_api.store.repository import GraphRepository
from tests.notifications.conftest import Community, mailbox, settings, smtp_server, stamp, worker  # noqa: F401 - fixtures

#: When the members accept, in these tests; follow-ups are asked at ACCEPTED + days.
ACCEPTED = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def days_after(days: float, moment: datetime = ACCEPTED) -> datetime:
    return moment + timedelta(days=days)


class Meeting(Community):
    async def proposal(self, kind: str, members: list[str], *, accepted_by: list[str] | None = None,
                       at: datetime = ACCEPTED, declined_by: tuple[str, ...] = ()) -> str:
        """A published proposal of `kind` with these members; `accepted_by` (default: all) accept at `at`."""
        set_id = await self.draft(kind, members)
        await self.repository.proposals.publish(set_id=set_id, mail=False)
        rows = await self.repository.driver.read(
            "MATCH (:ProposalSet {id: $id})-[:CONTAINS]->(p:Proposal) RETURN p.id AS id", {"id": set_id}
        )
        proposal_id = str(rows[0]["id"])
        for handle in members if accepted_by is None else accepted_by:
            await self.repository.proposals.respond(member_id=self.ids[handle], proposal_id=proposal_id, accept=True,
                                                    community_name="Jazz makers", now=stamp(at))
        for handle in declined_by:
            await self.repository.proposals.respond(member_id=self.ids[handle], proposal_id=proposal_id, accept=False,
                                                    community_name="", now=stamp(at))
        return proposal_id

    async def met_bonds(self) -> list[dict[str, object]]:
        rows = await self.repository.driver.read(
            "MATCH (a:Member)-[r:BOND {kind: 'met'}]->(b:Member) "
            "RETURN a.handle AS a, b.handle AS b, properties(r) AS bond ORDER BY a, b"
        )
        return [{"pair": tuple(sorted((row["a"], row["b"]))), **row["bond"]} for row in rows]

    async def member(self, handle: str) -> dict[str, object]:
        rows = await self.repository.driver.read("MATCH (m:Member {id: $id}) RETURN properties(m) AS m", {"id": self.ids[handle]})
        return rows[0]["m"]


@pytest.fixture
async def meeting(repository: GraphRepository) -> Meeting:
    return Meeting(repository)
