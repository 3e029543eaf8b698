"""The viewer: the member or integrator behind a request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["member", "organiser"]
Scope = Literal["read", "write"]
SCOPES: tuple[Scope, ...] = ("read", "write")


@dataclass(frozen=True, slots=True)
class Viewer:
    kind: Literal["member", "integrator"]
    #: The signed-in member (None for an integrator's API token).
    member_id: str | None
    role: Role | None
    scopes: frozenset[str]
    #: The session (members) or API token (integrators) the request came with.
    credential_id: str

    @property
    def is_organiser(self) -> bool:
        return self.role == "organiser"

    @property
    def is_integrator(self) -> bool:
        return self.kind == "integrator"

    def can(self, scope: Scope) -> bool:
        return scope in self.scopes

    def is_member(self, member_id: str) -> bool:
        return self.member_id is not None and self.member_id == member_id

    def sees_private_fields_of(self, member_id: str) -> bool:
        """Email, skills sought and bond details: the member themselves and organisers."""
        return self.is_organiser or self.is_member(member_id)
