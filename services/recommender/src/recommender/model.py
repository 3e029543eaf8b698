"""The recommender's view of the community: a snapshot read from graph-api, and what it proposes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

ProposalKind = Literal["purpose", "events", "intros", "skills"]
#: What a member wants until they choose.
EVERY_KIND: frozenset[str] = frozenset(get_args(ProposalKind))


@dataclass(frozen=True, slots=True)
class MemberSnapshot:
    id: str
    team: str | None
    site: str | None
    #: passion slug -> intensity (1..5)
    passions: dict[str, int]
    seeks: frozenset[str] = frozenset()
    offers: frozenset[str] = frozenset()
    opt_out: bool = False
    #: The member's name, used only in explanations people read.
    name: str = ""
    #: The kinds of proposal the member wants (graph-api's wantsKinds, lower-cased): every kind by default.
    wants_kinds: frozenset[str] = EVERY_KIND


@dataclass(frozen=True, slots=True)
class Vocabulary:
    passions: Mapping[str, str] = field(default_factory=dict)
    skills: Mapping[str, str] = field(default_factory=dict)
    teams: Mapping[str, str] = field(default_factory=dict)
    sites: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Community:
    """Everything an algorithm may use. Opted-out members are removed before any algorithm sees them."""

    members: tuple[MemberSnapshot, ...]
    #: Undirected bonds as (smaller id, larger id) pairs, any kind.
    bonds: frozenset[tuple[str, str]] = frozenset()
    #: Groups already accepted (purpose communities): member ids each.
    accepted_groups: tuple[frozenset[str], ...] = ()
    #: Pairs that must not be proposed again (earlier intros, recently declined pairs, apart_pairs).
    blocked_pairs: frozenset[tuple[str, str]] = frozenset()
    #: Pairs never to put together in any grouping, of any kind (one asked not to be introduced
    #: to the other): intros and skills skip them as blocked pairs, purpose groups and event
    #: tables keep them apart (algorithms/_apart.py).
    apart_pairs: frozenset[tuple[str, str]] = frozenset()
    #: What people call things, for reasons they read: passion and skill slugs, team and site
    #: keys -> names (a key missing here is said as it is).
    names: Vocabulary = field(default_factory=lambda: Vocabulary())

    def bonded(self, a: str, b: str) -> bool:
        return (min(a, b), max(a, b)) in self.bonds


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a grouping was proposed, as data; `text` says the same in plain words."""

    text: str
    shared_passions: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (slug, intensities of the members)
    teams: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    new_pairs: int = 0
    total_pairs: int = 0
    skill: str | None = None
    #: Members who share no passion with most of the others (a group to review before publishing).
    outsiders: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Grouping:
    members: tuple[str, ...]
    reason: Reason
    round: int | None = None  # events and intros: which round; purpose and skills: None
    table: int | None = None  # events: table number within the round


@dataclass(frozen=True, slots=True)
class Quality:
    cohesion: float  # mean over groups of the mean shared-passion strength of their pairs, 0..1
    bridging_teams: float  # share of within-group pairs across teams
    bridging_sites: float  # share of within-group pairs across sites
    novelty: float  # share of within-group pairs with no bond yet
    coverage: float  # share of eligible members placed
    size_violations: int
    repeated_pairs: int
    silo_index_before: float  # E-I index of bonds by team
    silo_index_after: float  # ... if every group's pairs became bonds
    extra: dict[str, float] = field(default_factory=dict)
    #: Runs aimed at KPI targets: per target, its current value, its value if every proposal
    #: were accepted and formed its ties, and the target (recommender/aims/report.py).
    aims: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class ProposalSet:
    kind: ProposalKind
    groupings: tuple[Grouping, ...]
    quality: Quality
    parameters: dict[str, object]
    algorithm_version: str
