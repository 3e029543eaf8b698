"""Runs aimed at KPI targets: the tie-based KPIs computed from the snapshot (kpis), the targets
read from graph-api (targets), how much a new tie moves them (bonus) and what a set's
proposals would do to them (report)."""

from recommender.aims.bonus import AlignedBonus, PairBonus
from recommender.aims.kpis import SUPPORTED_KPIS, KpiScope, TieGraph, kpi_value
from recommender.aims.report import aim_figures, proposal_pairs
from recommender.aims.targets import AimedTarget, AimRefused, choose_targets

__all__ = [
    "SUPPORTED_KPIS",
    "AimRefused",
    "AimedTarget",
    "AlignedBonus",
    "KpiScope",
    "PairBonus",
    "TieGraph",
    "aim_figures",
    "choose_targets",
    "kpi_value",
    "proposal_pairs",
]
