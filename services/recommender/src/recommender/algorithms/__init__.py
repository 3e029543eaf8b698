"""Recommender algorithms: pure, deterministic (seeded) functions of a Community."""

from recommender.algorithms.intros import propose_intros
from recommender.algorithms.purpose import propose_purpose_groups
from recommender.algorithms.skills import propose_skill_matches

__all__ = ["propose_purpose_groups", "propose_intros", "propose_skill_matches"]
