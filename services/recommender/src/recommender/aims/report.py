"""What a run's proposals would do to the aimed KPIs: the ``aims`` figures of a set's quality."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

from recommender.aims.kpis import TieGraph, kpi_value
from recommender.aims.targets import AimedTarget
from recommender.model import Vocabulary

__all__ = ["aim_figures", "proposal_pairs", "scope_name"]

_TOLERANCE = 1e-9


def proposal_pairs(groups: Iterable[Sequence[str]]) -> list[tuple[str, str]]:
    """Every pair of members proposed together: the ties they would form if all accepted."""
    return [(a, b) for members in groups for a, b in combinations(members, 2)]


def scope_name(target: AimedTarget, names: Vocabulary) -> str:
    kind, key = target.scope.kind, target.scope.id or ""
    if kind == "community":
        return "the whole community"
    table = {"team": names.teams, "site": names.sites, "passion": names.passions}[kind]
    return table.get(key, key)


def aim_figures(
    targets: Sequence[AimedTarget], graph: TieGraph, groups: Iterable[Sequence[str]], names: Vocabulary
) -> tuple[tuple[dict[str, Any], ...], tuple[str, ...]]:
    """Per target: {targetId, kpi, label, scopeKind, scopeId, scopeName, current, predicted, target, by,
    higherIsBetter, unit}, and notes for people.

    ``current`` is graph-api's value when it gave one (what the dashboard shows), else the
    recommender's own; ``predicted`` adds, to that, the change the proposals' ties would make on
    the recommender's snapshot (every within-group pair a tie). Both computations agree exactly
    unless some members opted out of or paused recommendations (they are not in the snapshot).
    """
    pairs = proposal_pairs(groups)
    rows = []
    notes = []
    for target in targets:
        ours_now = kpi_value(target.kpi, target.scope, graph)
        ours_then = kpi_value(target.kpi, target.scope, graph, pairs)
        current = target.reported_current if target.reported_current is not None else ours_now
        if current is not None and ours_now is not None and ours_then is not None:
            low = -1.0 if target.unit == "index" else 0.0
            predicted: float | None = min(max(current + (ours_then - ours_now), low), 1.0)
        else:
            predicted = ours_then
        if target.reported_current is not None and ours_now is not None \
                and abs(target.reported_current - ours_now) > _TOLERANCE:
            notes.append(
                f"{target.label}: the dashboard counts members who opted out of or paused recommendations, whom "
                "the recommender does not see; the predicted value adds the change it computes over the others"
            )
        rows.append({
            "targetId": target.id,
            "kpi": target.kpi,
            "label": target.label,
            "scopeKind": target.scope.kind,
            "scopeId": target.scope.id,
            "scopeName": scope_name(target, names),
            "current": current,
            "predicted": predicted,
            "target": target.target,
            "by": target.by,
            "higherIsBetter": target.higher_is_better,
            "unit": target.unit,
        })
    return tuple(rows), tuple(notes)
