"""The KPI targets a run is aimed at, as graph-api's ``kpiTargets`` gives them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from recommender.aims.kpis import HIGHER_IS_BETTER, SUPPORTED_KPIS, UNITS, KpiScope

__all__ = ["AimedTarget", "AimRefused", "choose_targets", "supported_in_words"]


class AimRefused(ValueError):
    """A run cannot be aimed at what was asked: ``code`` NOT_FOUND (no such target) or BAD_USER_INPUT."""

    def __init__(self, message: str, code: str = "BAD_USER_INPUT") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class AimedTarget:
    id: str
    kpi: str
    scope: KpiScope
    target: float
    #: The day it should be met (YYYY-MM-DD, as graph-api gives it).
    by: str
    #: The KPI's name for people (kpiDefinitions' label), e.g. "Silo index (teams)".
    label: str
    #: graph-api's value now (None when it cannot say, or hides it from this token).
    reported_current: float | None = None

    @property
    def higher_is_better(self) -> bool:
        return HIGHER_IS_BETTER[self.kpi]

    @property
    def unit(self) -> str:
        return UNITS[self.kpi]


def supported_in_words() -> str:
    return ", ".join(SUPPORTED_KPIS)


def _target(row: Mapping[str, Any], labels: Mapping[str, str]) -> AimedTarget:
    scope = row.get("scope") or {}
    kind = str(scope.get("kind") or "COMMUNITY").lower()
    current = row.get("current")
    return AimedTarget(
        id=str(row["id"]),
        kpi=str(row["kpi"]),
        scope=KpiScope(kind, None if kind == "community" else str(scope.get("id"))),  # type: ignore[arg-type]
        target=float(row["target"]),
        by=str(row["by"]),
        label=labels.get(str(row["kpi"]), str(row["kpi"])),
        reported_current=None if current is None or row.get("suppressed") else float(current),
    )


def choose_targets(
    wanted: Sequence[str], targets: Sequence[Mapping[str, Any]], definitions: Sequence[Mapping[str, Any]] = ()
) -> tuple[AimedTarget, ...]:
    """The targets named in ``wanted`` (kpiTargets rows), in that order; AimRefused for an unknown
    id or a KPI the recommender cannot aim at (the message lists those it can)."""
    labels = {str(d["name"]): str(d["label"]) for d in definitions}
    by_id = {str(row["id"]): row for row in targets}
    missing = [target_id for target_id in wanted if target_id not in by_id]
    if missing:
        raise AimRefused(
            f"no KPI target has the id {missing[0]!r} (the dashboard lists the targets; kpiTargets gives their ids)",
            code="NOT_FOUND",
        )
    chosen = tuple(_target(by_id[target_id], labels) for target_id in wanted)
    for target in chosen:
        if target.kpi not in SUPPORTED_KPIS:
            raise AimRefused(
                f"the recommender cannot aim a run at {target.label} ({target.kpi}); it can aim at "
                f"{supported_in_words()}"
            )
        if target.scope.kind not in ("community", "team", "site", "passion"):
            raise AimRefused(f"the recommender cannot aim at a target of a {target.scope.kind} scope")
    return chosen
