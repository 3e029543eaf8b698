"""A small community built straight in the store for the effect tests: members in teams and
sites, bonds with chosen dates, KPI targets, and proposal sets published and answered on
chosen days (the store's `publish(now=)` and `respond(now=)`)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from graph_api.kpis.health import Scope
from graph_api.kpis.targets import KPIS
from tests.api.conftest import GraphQLClient, People, api_token
from tests.seeding import SeedingRepository

STORE = """mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) {
  id proposals(first: 100) { edges { node { id members { id } } } } } }"""


def today() -> date:
    return datetime.now(timezone.utc).date()


def stamp(day: date, hour: int = 9) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00Z"


class Community:
    def __init__(self, repository: SeedingRepository, people: People) -> None:
        self.repository, self.people = repository, people
        self.ids: dict[str, str] = {}
        self.teams: dict[str, str] = {}
        self.sites: dict[str, str] = {}
        self._writer: GraphQLClient | None = None

    async def add(self, handle: str, team: str | None = None, site: str | None = None) -> str:
        member = await self.repository.create_member(handle=handle, name=handle.title())
        self.ids[handle] = member.id
        if team is not None:
            if team not in self.teams:
                self.teams[team] = (await self.repository.create_team(team)).id
            await self.repository.assign_team(member.id, self.teams[team])
        if site is not None:
            if site not in self.sites:
                self.sites[site] = (await self.repository.create_site(site)).id
            await self.repository.assign_site(member.id, self.sites[site])
        return member.id

    async def bond(self, a: str, b: str, since: date, kind: str = "met") -> None:
        await self.repository.record_bond(self.ids[a], self.ids[b], kind, since=since.isoformat(), source="test")

    async def target(self, kpi: str, scope: Scope, target: float = 0.5) -> str:
        stored = await self.repository.kpis.create_target(
            target_id=f"kpitarget-{len(self.ids)}-{kpi.lower()}-{scope.id or 'all'}".replace("_", "-"),
            kpi=KPIS[kpi], scope=scope, target=target, by=today(), baseline=None, today=today(),
        )
        return stored.id

    async def writer(self) -> GraphQLClient:
        if self._writer is None:
            some = next(iter(self.ids.values()))
            token = await api_token(self.repository, some, "read", "write")
            self._writer = GraphQLClient(self.people.http, token=token)
        return self._writer

    async def published_set(
        self, pairs: list[tuple[str, str]], *, published_on: date | None, aimed: list[str] = (),  # type: ignore[assignment]
        quality: dict[str, Any] | None = None,
    ) -> tuple[str, list[str]]:
        """Store an intros set of these pairs (aimed at `aimed`) and publish it on `published_on`
        (None: leave it a draft); its id and its proposals' ids in the pairs' order."""
        grouping = [{"members": [self.ids[a], self.ids[b]], "reasonText": f"{a} and {b} should meet"} for a, b in pairs]
        data = await (await self.writer()).data(STORE, {"input": {
            "kind": "INTROS", "parameters": {}, "algorithmVersion": "test-1", "quality": quality or {},
            "groupings": grouping, "aimedTargetIds": list(aimed),
        }})
        stored = data["storeProposalSet"]
        set_id = stored["id"]
        if published_on is not None:
            await self.repository.proposals.publish(set_id=set_id, now=stamp(published_on))
        return set_id, [edge["node"]["id"] for edge in stored["proposals"]["edges"]]

    async def answer(self, handle: str, proposal_id: str, accept: bool, on: date) -> None:
        await self.repository.proposals.respond(
            member_id=self.ids[handle], proposal_id=proposal_id, accept=accept, community_name="x", now=stamp(on)
        )
