"""The scalar KPIs of a health report, and targets set on them.

Each KPI (:data:`KPIS`) is one number read from a :class:`HealthReport`, knows whether higher
or lower is better, the range its values live in, and how to name and explain it to people
(the web app's dashboard shows these, through the ``kpiDefinitions`` query). A target says where a KPI of one
scope should be by a date; it keeps the KPI's value when it was set (the *baseline*), so
progress is measured from there:

* ``progress`` = (current - baseline) / (target - baseline): 0 at the baseline, 1 at the
  target (negative: worse than the baseline; 1 when the baseline already equals the target
  and it is met, else 0);
* ``met``: the current value is at the target or beyond it, in the better direction;
* ``on_track``: met, or the current value is at least where a straight line from the
  baseline (on the day the target was set) to the target (on its ``by`` date) stands today,
  in the better direction (past ``by`` the line stands at the target).

A value the report cannot give (a ratio of nothing) is ``None``; then so are ``met``,
``progress`` and ``on_track``; without a baseline, ``on_track`` is ``met``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_api.errors import BadInputError
from graph_api.kpis.health import HealthReport, Scope

__all__ = ["KPIS", "Kpi", "StoredTarget", "TargetStatus", "check_target", "evaluate", "kpi_values"]

_TOLERANCE = 1e-12


@dataclass(frozen=True, slots=True)
class Kpi:
    name: str
    #: A short name for people ("Cross-team ties").
    label: str
    #: What it measures in plain words, for people reading a dashboard.
    plain: str
    #: The exact definition, in the report's terms (ties, scope, in-scope members).
    description: str
    higher_is_better: bool
    #: "share" (a fraction from 0 to 1, shown as a percentage) or "index".
    unit: str
    low: float
    high: float
    value: Callable[[HealthReport], float | None]


def _acceptance(report: HealthReport) -> float | None:
    every_kind = [rate for rate in report.engagement.proposals if rate.kind == "*"]
    return every_kind[0].rate if every_kind else None


def _conversion(report: HealthReport) -> float | None:
    both = [row for row in report.conversion if row.kind == "*"]
    return both[0].rate if both else None


def _index(name: str, label: str, plain: str, description: str, higher_is_better: bool, low: float,
           value: Callable[[HealthReport], float | None]) -> Kpi:
    return Kpi(name, label, plain, description, higher_is_better, "index", low, 1.0, value)


def _share(name: str, label: str, plain: str, description: str, higher_is_better: bool,
           value: Callable[[HealthReport], float | None]) -> Kpi:
    return Kpi(name, label, plain, description, higher_is_better, "share", 0.0, 1.0, value)


_LIST = (
    _index("SILO_INDEX_TEAMS", "Silo index (teams)",
           "How far ties cross team lines: −1 when every tie stays inside a team (silos), +1 when every tie links "
           "two teams.",
           "Krackhardt's E-I index by team over the in-scope ties whose two ends have a team: "
           "(external - internal) / (external + internal), from -1 (every tie inside a team: silos) to +1.",
           True, -1.0, lambda r: r.silo_by_team.ei),
    _index("SILO_INDEX_SITES", "Silo index (sites)",
           "How far ties cross sites: −1 when every tie stays inside a site, +1 when every tie links two sites.",
           "Krackhardt's E-I index by site over the in-scope ties whose two ends have a site: "
           "(external - internal) / (external + internal), from -1 (every tie inside a site) to +1.",
           True, -1.0, lambda r: r.silo_by_site.ei),
    _index("MODULARITY_TEAMS", "Team clustering",
           "How closely ties follow the org chart (modularity by team): high when people only know their own team.",
           "Newman modularity of the tie graph partitioned by team: high when ties follow the org chart.",
           False, -0.5, lambda r: r.modularity.by_team),
    _index("MODULARITY_SITES", "Site clustering",
           "How closely ties stay within sites (modularity by site): high when people only know their own site.",
           "Newman modularity of the tie graph partitioned by site: high when ties stay within sites.",
           False, -0.5, lambda r: r.modularity.by_site),
    _index("MODULARITY_PURPOSE", "Purpose clustering",
           "How far purpose communities have turned into real ties (modularity by purpose): rising is good.",
           "Newman modularity of the tie graph partitioned by purpose community: rising when purpose communities "
           "turn into real ties.",
           True, -0.5, lambda r: r.modularity.by_purpose),
    _share("CROSS_TEAM_BOND_SHARE", "Cross-team ties", "Share of ties that link people in different teams.",
           "Share of the in-scope ties whose two ends have a team that link different teams.",
           True, lambda r: r.cross_silo.share),
    _share("CROSS_TEAM_BOND_SHARE_30D", "Cross-team ties, last 30 days",
           "Share of the ties made in the last 30 days that link different teams.",
           "The cross-team share of the ties made in the 30 days before the report date.",
           True, lambda r: r.cross_silo.share_30d),
    _share("CROSS_TEAM_BOND_SHARE_90D", "Cross-team ties, last 90 days",
           "Share of the ties made in the last 90 days that link different teams.",
           "The cross-team share of the ties made in the 90 days before the report date.",
           True, lambda r: r.cross_silo.share_90d),
    _share("PURPOSE_COVERAGE", "Purpose coverage", "Share of members in at least one accepted purpose group.",
           "Share of the in-scope members in at least one accepted purpose group.",
           True, lambda r: r.purpose.share),
    _share("ISOLATED_SHARE", "Isolation", "Share of members with no tie to anyone at all. Lower is better.",
           "Share of the in-scope members with no tie at all.",
           False, lambda r: r.isolation.isolated_share),
    _share("TEAM_BOUND_SHARE", "Team-bound members",
           "Share of members with a team who know nobody in another team. Lower is better.",
           "Share of the in-scope members with a team who have no tie to another team.",
           False, lambda r: r.isolation.team_bound_share),
    _share("NEEDS_OFFERED_SHARE", "Skills on offer", "Share of the skills members seek that another member offers.",
           "Share of the skills in-scope members seek that another member offers.",
           True, lambda r: r.needs.offered_share),
    _share("NEEDS_MATCHED_SHARE", "Skills matched",
           "Share of the skills members seek for which they accepted a skill match.",
           "Share of the skills in-scope members seek with an accepted skill match.",
           True, lambda r: r.needs.matched_share),
    _share("CONFIRMED_BOND_SHARE", "Confirmed bonds", "Share of bonds that both members have confirmed.",
           "Share of the in-scope bonds (per pair and kind) confirmed by both members.",
           True, lambda r: r.trust.confirmed_share),
    _share("MENTOR_BOND_SHARE", "Mentoring bonds", "Share of bonds that are mentoring.",
           "Share of the in-scope bonds (per pair and kind) of kind mentor.",
           True, lambda r: r.trust.mentor_share),
    _share("ACCEPTANCE_RATE", "Proposals accepted",
           "Share of answered proposals (groups, introductions, pairings, tables) that members accepted.",
           "Accepted / (accepted + declined) answers to proposals, every kind.",
           True, _acceptance),
    _share("PROPOSAL_CONVERSION", "Intros and groups that met",
           "Share of the introductions and purpose groups people accepted whose members then met (they said so "
           "when asked “did you meet?”).",
           "Accepted intros and purpose groups (two or more members accepted, one of them at least "
           "KINDRED_FOLLOWUP_DAYS before the report date) in which at least one member answered “we met”, "
           "over all of them; unanswered ones count as not met.",
           True, _conversion),
    _share("ACTIVE_SHARE", "Engagement",
           "Share of members active in the last 90 days (joined, answered a proposal or recorded a meeting).",
           "Share of the in-scope members active (joined, answered a proposal or recorded a meeting) in the 90 days "
           "before the report date.",
           True, lambda r: r.engagement.active_share),
)
KPIS: dict[str, Kpi] = {kpi.name: kpi for kpi in _LIST}


def kpi_values(report: HealthReport) -> dict[str, float | None]:
    """Every scalar KPI of a report, by name."""
    return {name: kpi.value(report) for name, kpi in KPIS.items()}


def check_target(kpi: Kpi, target: float, by: date, today: date) -> float:
    """A target value within the KPI's range, due today or later; else BadInputError."""
    if not math.isfinite(target):
        raise BadInputError(f"target must be a finite number, not {target}", field="target")
    if not kpi.low <= target <= kpi.high:
        raise BadInputError(
            f"{kpi.name} takes values from {kpi.low:g} to {kpi.high:g}; {target:g} is out of range", field="target"
        )
    if by < today:
        raise BadInputError(f"by ({by.isoformat()}) is in the past: give today or a later date", field="by")
    return float(target)


@dataclass(frozen=True, slots=True)
class TargetStatus:
    current: float | None
    #: Where the straight line from baseline to target stands today.
    expected: float | None
    progress: float | None
    met: bool | None
    on_track: bool | None


def evaluate(
    kpi: Kpi, *, baseline: float | None, target: float, start: date, by: date, current: float | None, today: date
) -> TargetStatus:
    """How a target stands today (see the module docstring)."""
    if current is None:
        return TargetStatus(None, None, None, None, None)
    sign = 1.0 if kpi.higher_is_better else -1.0
    met = sign * (current - target) >= -_TOLERANCE
    if baseline is None:
        return TargetStatus(current, None, None, met, met)
    if target == baseline:
        progress = 1.0 if met else 0.0
    else:
        progress = (current - baseline) / (target - baseline)
    span = (by - start).days
    elapsed = 1.0 if span <= 0 else min(max((today - start).days / span, 0.0), 1.0)
    expected = baseline + (target - baseline) * elapsed
    on_track = met or sign * (current - expected) >= -_TOLERANCE
    return TargetStatus(current, expected, progress, met, on_track)


# Stored targets (read and written by the store: ``repository.kpis``) ------------------------------


@dataclass(frozen=True, slots=True)
class StoredTarget:
    id: str
    kpi: Kpi
    scope: Scope
    target: float
    by: date
    created_at: str
    baseline: float | None
    baseline_at: date

    @classmethod
    def from_record(cls, node: Mapping[str, Any]) -> StoredTarget:
        """From a stored KpiTarget node's properties."""
        return cls(
            id=node["id"],
            kpi=KPIS[node["kpi"]],
            scope=Scope(node["scopeKind"], node.get("scopeId")),
            target=float(node["target"]),
            by=date.fromisoformat(node["by"]),
            created_at=node["createdAt"],
            baseline=node.get("baseline"),
            baseline_at=date.fromisoformat(node["baselineAt"]),
        )

    def status(self, current: float | None, today: date) -> TargetStatus:
        return evaluate(self.kpi, baseline=self.baseline, target=self.target, start=self.baseline_at, by=self.by,
                        current=current, today=today)
