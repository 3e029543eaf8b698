"""What the recommender reads: members as it sees them, and what it must not propose again."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SnapshotMember:
    key: str
    name: str
    team_key: str | None
    site_key: str | None
    #: (slug, intensity), strongest first.
    passions: tuple[tuple[str, int], ...]
    #: Skill slugs, sorted.
    seeks: tuple[str, ...]
    offers: tuple[str, ...]
    #: (other member's key, bond kind), sorted.
    bonds: tuple[tuple[str, str], ...]
    #: The kinds of proposal the member wants (domain/consent.py PROPOSAL_KINDS order).
    wants_kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RecommendationContext:
    #: Members of each purpose community formed, each sorted.
    accepted_groups: tuple[tuple[str, ...], ...]
    #: Pairs not to propose again, smaller key first, sorted.
    blocked_pairs: tuple[tuple[str, str], ...]
    #: Pairs never to put together in any proposal (one asked not to be introduced to the
    #: other), smaller key first, sorted; also in blocked_pairs.
    apart_pairs: tuple[tuple[str, str], ...] = ()
