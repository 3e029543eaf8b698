"""How much a new tie between two members moves the aimed KPIs towards their targets.

For each aimed target, a pair (a, b) that has no tie yet scores from 0 to 1:

* **Silo index / cross-team ties** (teams, or sites for SILO_INDEX_SITES): pairs that would add
  an in-scope tie between two different teams score 0.5 plus 0.25 for each end's team *need*
  (how far that team's own figure is below the target, the neediest team being 1); pairs inside
  one team, or with a member without a team, score 0. So ties between the two teams furthest
  below target come first.
* **Isolation**: 0.5 for each end that is in scope and has no tie at all.
* **Team-bound members**: 0.5 for each end that is in scope, has a team and no tie to another
  team, when the two are in different teams.

A pair's bonus is the mean of its scores over the aimed targets (0..1). The algorithms add
``aim_weight * bonus`` to a pair's weight only when the two share a passion, so an aim never
makes a pair out of people with nothing in common: purpose stays a requirement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from recommender.aims.kpis import TieGraph, group_values
from recommender.aims.targets import AimedTarget

__all__ = ["AlignedBonus", "PairBonus"]

_CROSS = ("SILO_INDEX_TEAMS", "SILO_INDEX_SITES", "CROSS_TEAM_BOND_SHARE")


@dataclass(frozen=True, slots=True)
class _Cross:
    group: dict[str, str | None]
    scope: frozenset[str]
    need: dict[str, float]


@dataclass(frozen=True, slots=True)
class _Members:
    flagged: frozenset[str]
    #: Only pairs across two (known) teams count (team-bound members).
    across_teams: bool


def _needs(target: AimedTarget, graph: TieGraph) -> dict[str, float]:
    span = 2.0 if target.unit == "index" else 1.0
    raw = {
        g: 1.0 if value is None else min(max((target.target - value) / span, 0.0), 1.0)
        for g, value in group_values(target.kpi, graph).items()
    }
    top = max(raw.values(), default=0.0)
    return {g: (v / top if top > 0 else 0.0) for g, v in raw.items()}


class PairBonus:
    """The aimed targets' pair scores over a snapshot (see the module doc)."""

    def __init__(self, targets: Sequence[AimedTarget], graph: TieGraph) -> None:
        self.targets = tuple(targets)
        self.graph = graph
        self.parts: list[_Cross | _Members] = []
        team = graph.team
        for target in self.targets:
            scope = graph.members_in(target.scope)
            if target.kpi in _CROSS:
                group = dict(graph.site if target.kpi == "SILO_INDEX_SITES" else graph.team)
                self.parts.append(_Cross(group, scope, _needs(target, graph)))
            elif target.kpi == "ISOLATED_SHARE":
                tied = {m for tie in graph.ties for m in tie}
                self.parts.append(_Members(frozenset(m for m in scope if m not in tied), False))
            else:
                crossing = {m for a, b in graph.ties if team[a] is not None and team[b] is not None
                            and team[a] != team[b] for m in (a, b)}
                self.parts.append(_Members(
                    frozenset(m for m in scope if team[m] is not None and m not in crossing), True))

    def align(self, ids: Sequence[str]) -> AlignedBonus:
        """The scores as arrays over ``ids`` (an algorithm's member order); ids outside the snapshot score 0."""
        return AlignedBonus(self, list(ids))

    def pair(self, a: str, b: str) -> float:
        aligned = self.align([a, b])
        return float(aligned.matrix(np.array([0, 1]))[0, 1])


class AlignedBonus:
    def __init__(self, bonus: PairBonus, ids: list[str]) -> None:
        self.n_parts = max(len(bonus.parts), 1)
        team = bonus.graph.team
        labels = sorted({t for t in team.values() if t is not None})
        code = {t: i for i, t in enumerate(labels)}
        self.team = np.array([code[team[m]] if team.get(m) is not None else -1 for m in ids], dtype=np.int64)
        self.parts: list[tuple] = []
        for part in bonus.parts:
            if isinstance(part, _Cross):
                names = sorted({g for g in part.group.values() if g is not None})
                gcode = {g: i for i, g in enumerate(names)}
                groups = np.array([gcode[part.group[m]] if part.group.get(m) is not None else -1 for m in ids],
                                  dtype=np.int64)
                need = np.array([part.need.get(g, 0.0) for g in names] + [0.0])
                in_s = np.array([m in part.scope for m in ids], dtype=bool)
                self.parts.append(("cross", groups, need, in_s))
            else:
                flags = np.array([m in part.flagged for m in ids], dtype=np.float64)
                self.parts.append(("members", flags, part.across_teams))

    def _score(self, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
        """Scores of the pairs (ia[k], ib[k]) (broadcasting allowed)."""
        total = np.zeros(np.broadcast(ia, ib).shape)
        for part in self.parts:
            if part[0] == "cross":
                _, groups, need, in_s = part
                ga, gb = groups[ia], groups[ib]
                across = (ga >= 0) & (gb >= 0) & (ga != gb) & (in_s[ia] | in_s[ib])
                total += across * (0.5 + 0.25 * (need[ga] + need[gb]))
            else:
                _, flags, across_teams = part
                score = 0.5 * (flags[ia] + flags[ib])
                if across_teams:
                    ta, tb = self.team[ia], self.team[ib]
                    score = score * ((ta >= 0) & (tb >= 0) & (ta != tb))
                total += score
        return total / self.n_parts

    def matrix(self, members: np.ndarray) -> np.ndarray:
        """m x m scores of the pairs of ``members`` (indices into ids), diagonal 0."""
        out = self._score(members[:, None], members[None, :])
        np.fill_diagonal(out, 0.0)
        return out

    def row(self, i: int, others: np.ndarray) -> np.ndarray:
        out = self._score(np.full(len(others), i), others)
        out[others == i] = 0.0
        return out

    def member(self, i: int) -> float:
        """How much member ``i`` matters to the aims on their own (0..1): for orderings."""
        total = 0.0
        for part in self.parts:
            if part[0] == "cross":
                _, groups, need, in_s = part
                total += float(in_s[i]) * (0.5 + 0.5 * float(need[groups[i]])) if groups[i] >= 0 else 0.0
            else:
                total += float(part[1][i])
        return total / self.n_parts
