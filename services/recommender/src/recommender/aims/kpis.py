"""The tie-based KPIs the recommender can aim at, computed from its snapshot.

Exactly the definitions of graph-api's ``graph_api/kpis/health.py`` (read its module docstring),
restricted to what the snapshot holds:

* **Tie**: the bonds of one pair of members, whatever their kinds, are one tie.
* **Scope** S: every member (``community``), the members of a team, of a site, or the members
  passionate about a passion slug; an unknown id gives an empty S. A tie is *in scope* when at
  least one of its ends is in S.
* A member without a team (site) belongs to none: a tie with such an end is neither internal
  nor external and is left out of every by-team (by-site) count.
* Undefined ratios (E-I of no tie, a share of nothing) are ``None``.

KPIs: ``SILO_INDEX_TEAMS`` / ``SILO_INDEX_SITES`` (Krackhardt's E-I over the in-scope ties whose
two ends have a team / site), ``CROSS_TEAM_BOND_SHARE`` (external / (external + internal) by
team), ``ISOLATED_SHARE`` (in-scope members with no tie at all / in-scope members) and
``TEAM_BOUND_SHARE`` (in-scope members with a team and no tie to another team, counting ties
in or out of scope / in-scope members with a team).

The snapshot leaves out members who opted out of recommendations or paused them (and their
bonds), so where such members exist these figures can differ a little from graph-api's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from recommender.model import MemberSnapshot, pair

__all__ = ["SUPPORTED_KPIS", "KpiScope", "TieGraph", "kpi_value", "group_values", "HIGHER_IS_BETTER", "UNITS"]

SUPPORTED_KPIS: tuple[str, ...] = (
    "SILO_INDEX_TEAMS",
    "SILO_INDEX_SITES",
    "CROSS_TEAM_BOND_SHARE",
    "ISOLATED_SHARE",
    "TEAM_BOUND_SHARE",
)
HIGHER_IS_BETTER: dict[str, bool] = {
    "SILO_INDEX_TEAMS": True,
    "SILO_INDEX_SITES": True,
    "CROSS_TEAM_BOND_SHARE": True,
    "ISOLATED_SHARE": False,
    "TEAM_BOUND_SHARE": False,
}
UNITS: dict[str, str] = {
    "SILO_INDEX_TEAMS": "index",
    "SILO_INDEX_SITES": "index",
    "CROSS_TEAM_BOND_SHARE": "share",
    "ISOLATED_SHARE": "share",
    "TEAM_BOUND_SHARE": "share",
}
ScopeKind = Literal["community", "team", "site", "passion"]


@dataclass(frozen=True, slots=True)
class KpiScope:
    kind: ScopeKind = "community"
    id: str | None = None


@dataclass(frozen=True, slots=True)
class TieGraph:
    """Members (their team, site and passions) and ties (canonical pairs of known members)."""

    team: Mapping[str, str | None]
    site: Mapping[str, str | None]
    passions: Mapping[str, frozenset[str]]
    ties: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, members: Iterable[MemberSnapshot], bonds: Iterable[tuple[str, str]]) -> TieGraph:
        members = list(members)
        known = {m.id for m in members}
        return cls(
            team={m.id: m.team for m in members},
            site={m.id: m.site for m in members},
            passions={m.id: frozenset(m.passions) for m in members},
            ties=frozenset(pair(a, b) for a, b in bonds if a != b and a in known and b in known),
        )

    def members_in(self, scope: KpiScope) -> frozenset[str]:
        if scope.kind == "community":
            return frozenset(self.team)
        if scope.kind == "team":
            return frozenset(m for m, t in self.team.items() if t == scope.id)
        if scope.kind == "site":
            return frozenset(m for m, s in self.site.items() if s == scope.id)
        return frozenset(m for m, slugs in self.passions.items() if scope.id in slugs)

    def with_ties(self, extra: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
        """The ties plus ``extra`` pairs of known members (a pair already a tie counts once)."""
        added = {pair(a, b) for a, b in extra if a != b and a in self.team and b in self.team}
        return self.ties | added


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _external_internal(
    ties: Iterable[tuple[str, str]], group: Mapping[str, str | None], scope: frozenset[str]
) -> tuple[int, int]:
    external = internal = 0
    for a, b in ties:
        if a not in scope and b not in scope:
            continue
        ga, gb = group[a], group[b]
        if ga is None or gb is None:
            continue
        if ga == gb:
            internal += 1
        else:
            external += 1
    return external, internal


def kpi_value(
    kpi: str, scope: KpiScope, graph: TieGraph, extra_ties: Iterable[tuple[str, str]] = ()
) -> float | None:
    """The KPI of ``scope`` on ``graph``, with ``extra_ties`` counted as ties too (see module doc)."""
    ties = graph.with_ties(extra_ties)
    members = graph.members_in(scope)
    if kpi in ("SILO_INDEX_TEAMS", "SILO_INDEX_SITES", "CROSS_TEAM_BOND_SHARE"):
        group = graph.site if kpi == "SILO_INDEX_SITES" else graph.team
        external, internal = _external_internal(ties, group, members)
        if kpi == "CROSS_TEAM_BOND_SHARE":
            return _ratio(external, external + internal)
        return _ratio(external - internal, external + internal)
    if kpi == "ISOLATED_SHARE":
        tied = {m for tie in ties for m in tie}
        return _ratio(sum(1 for m in members if m not in tied), len(members))
    if kpi == "TEAM_BOUND_SHARE":
        team = graph.team
        crossing = {m for a, b in ties if team[a] is not None and team[b] is not None and team[a] != team[b] for m in (a, b)}
        with_team = [m for m in members if team[m] is not None]
        return _ratio(sum(1 for m in with_team if m not in crossing), len(with_team))
    raise ValueError(f"the recommender cannot compute {kpi}")


def group_values(kpi: str, graph: TieGraph) -> dict[str, float | None]:
    """The KPI of each team (each site for SILO_INDEX_SITES) as its own scope, in one pass over the
    ties: where each group stands (the same figures as ``kpi_value`` with that group's scope)."""
    group = graph.site if kpi == "SILO_INDEX_SITES" else graph.team
    names = sorted({g for g in group.values() if g is not None})
    if kpi in ("SILO_INDEX_TEAMS", "SILO_INDEX_SITES", "CROSS_TEAM_BOND_SHARE"):
        internal = dict.fromkeys(names, 0)
        external = dict.fromkeys(names, 0)
        for a, b in graph.ties:
            ga, gb = group[a], group[b]
            if ga is None or gb is None:
                continue
            if ga == gb:
                internal[ga] += 1
            else:
                external[ga] += 1
                external[gb] += 1
        if kpi == "CROSS_TEAM_BOND_SHARE":
            return {g: _ratio(external[g], external[g] + internal[g]) for g in names}
        return {g: _ratio(external[g] - internal[g], external[g] + internal[g]) for g in names}
    team = graph.team
    if kpi == "ISOLATED_SHARE":
        counted = {m for tie in graph.ties for m in tie}
    else:
        counted = {m for a, b in graph.ties if team[a] is not None and team[b] is not None and team[a] != team[b]
                   for m in (a, b)}
    total = dict.fromkeys(names, 0)
    left = dict.fromkeys(names, 0)
    for member, g in group.items():
        if g is None:
            continue
        total[g] += 1
        left[g] += member not in counted
    return {g: _ratio(left[g], total[g]) for g in names}
