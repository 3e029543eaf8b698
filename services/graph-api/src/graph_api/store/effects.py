"""Reads behind "what a published proposal set changed" (graph_api/effects): the graph as the
effect reads it, a set's answers, and the sets aimed at a KPI target."""

from __future__ import annotations

from graph_api.domain.proposals import ProposalSet
from graph_api.effects.compute import Answer, Community
from graph_api.store.driver import GraphDriver
from graph_api.store.proposals import proposal_set_from_record
from graph_api.store.queries import effects as q
from graph_api.store.queries import kpis as kpi_queries

_MEMBERS = dict.fromkeys(("id", "team", "site", "joinedAt", "lastActiveAt"), str)
_BONDS = dict.fromkeys(("a", "b", "kind", "since", "source", "eventId", "confirmedAt"), str)
_PASSIONS = dict.fromkeys(("member", "slug"), str)


class EffectStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def community(self) -> Community:
        """Every member's team, site and passions, and every bond, in three column reads."""
        members = await self._driver.read_columns(kpi_queries.KPI_MEMBERS, _MEMBERS)
        bonds = await self._driver.read_columns(kpi_queries.KPI_BONDS, _BONDS)
        passions = await self._driver.read_columns(kpi_queries.KPI_PASSIONS, _PASSIONS)
        team: dict[str, str | None] = {}
        site: dict[str, str | None] = {}
        for member, t, s in zip(members["id"], members["team"], members["site"]):
            team.setdefault(member, t)  # a member with two teams (never written by the API) counts in the first
            site.setdefault(member, s)
        liked: dict[str, set[str]] = {}
        for member, slug in zip(passions["member"], passions["slug"]):
            liked.setdefault(member, set()).add(slug)
        return Community(
            team=team, site=site, passions={m: frozenset(s) for m, s in liked.items()},
            bond_a=bonds["a"], bond_b=bonds["b"], bond_since=bonds["since"],
        )

    async def answers(self, *, set_id: str) -> list[Answer]:
        rows = await self._driver.read(q.SET_ANSWERS, {"id": set_id})
        return [Answer(row["member"], row["response"], row.get("respondedAt")) for row in rows]

    async def sets_aimed_at(self, *, target_id: str, limit: int) -> list[ProposalSet]:
        """The published sets aimed at a target, most recently published first."""
        rows = await self._driver.read(q.SETS_AIMED_AT, {"targetId": target_id, "limit": limit})
        return [proposal_set_from_record(row["node"]) for row in rows]
