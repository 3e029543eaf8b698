"""Proposal sets, proposals, members' answers and purpose communities, as the store returns them.

JSON values (parameters, quality, reason) are given parsed; the limits and the check of a set
to store are in proposal_rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ProposalSet:
    id: str
    kind: str
    status: str
    parameters: Any
    algorithm_version: str
    quality: Any
    seed: int | None
    event_id: str | None
    created_at: str
    published_at: str | None
    #: The KPI targets the run was aimed at (ids), none for an un-aimed run.
    aimed_target_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    member_id: str
    response: str
    responded_at: str | None


@dataclass(frozen=True, slots=True)
class Proposal:
    id: str
    kind: str
    round: int | None
    table: int | None
    reason_text: str
    reason: Any
    #: Every member's answer, by member id.
    answers: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)
class PurposeCommunity:
    id: str
    name: str
    created_at: str
    member_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProposalEntry:
    """A proposal with the community formed from it, or a community with the proposal it came
    from: either may be None."""

    proposal: Proposal | None
    community: PurposeCommunity | None


@dataclass(frozen=True, slots=True)
class ProposalSetDraft:
    """A checked set to store (see proposal_rules.stored_groupings for `groupings`)."""

    id: str
    kind: str
    algorithm_version: str
    #: parameters and quality as JSON text.
    parameters: str
    quality: str
    seed: int | None
    event_id: str | None
    groupings: list[dict[str, Any]]
    #: The KPI targets the run was aimed at (ids of existing targets).
    aimed_target_ids: tuple[str, ...] = ()
