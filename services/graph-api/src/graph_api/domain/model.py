"""The entities of the community graph, as the store returns them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Self


class _FromRecord:
    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        """Build from a property map, ignoring properties this type does not expose."""
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{key: value for key, value in record.items() if key in known})


@dataclass(frozen=True, slots=True)
class Member(_FromRecord):
    id: str
    handle: str
    name: str
    email: str | None = None
    headline: str = ""
    vision: str = ""
    joinedAt: str = ""
    optOut: bool = False
    role: str = "member"
    #: The day proposals start again (ISO date), or None: see domain/consent.py.
    pausedUntil: str | None = None
    #: Why proposals are paused: None (the member chose it) or "followups" (domain/followups.py).
    pauseReason: str | None = None
    #: The kinds of proposal wanted, or None: every kind.
    proposalKinds: tuple[str, ...] | list[str] | None = None
    #: Provisioned by the organisation's identity provider (SCIM): name, e-mail and team change there.
    scimManaged: bool = False


@dataclass(frozen=True, slots=True)
class Passion(_FromRecord):
    id: str
    slug: str
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Team(_FromRecord):
    id: str
    name: str
    parentId: str | None = None


@dataclass(frozen=True, slots=True)
class Site(_FromRecord):
    id: str
    name: str
    city: str = ""


@dataclass(frozen=True, slots=True)
class Skill(_FromRecord):
    id: str
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class PassionLink:
    """(Member)-[:PASSIONATE_ABOUT]->(Passion)."""

    memberId: str
    passion: Passion
    intensity: int
    since: str


@dataclass(frozen=True, slots=True)
class Bond:
    """(Member)-[:BOND]-(Member), read as undirected: `memberId` is the one asked about."""

    memberId: str
    otherId: str
    kind: str
    strength: float
    since: str
    source: str
