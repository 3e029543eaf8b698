"""What the store keeps of a provisioned member (a SCIM User) or team (a SCIM Group)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ManagedMember:
    id: str
    node: dict[str, Any]
    active: bool
    #: (team id, team name) of the managed teams they are in.
    groups: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ManagedTeam:
    id: str
    node: dict[str, Any]
    #: (member id, member name) of the managed members in it.
    members: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ProvisioningToken:
    id: str
    name: str
    createdAt: str
    createdBy: str | None = None
