"""Graph views as the store returns them: the members chosen, in order, and the bonds among them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DrawnMember:
    key: str
    name: str
    #: (id, name) of the member's team and site, or None.
    team: tuple[str, str | None] | None
    site: tuple[str, str | None] | None
    #: How many bonds the member has in all (not only those drawn).
    bonds: int
    #: (passion id, slug, name, intensity), strongest first.
    passions: list[tuple[str, str, str, int]]


#: (source key, target key, kind, strength): each stored bond once.
DrawnBond = tuple[str, str, str, float]


@dataclass(frozen=True, slots=True)
class Drawing:
    members: list[DrawnMember]
    #: Bonds with both ends among `members`, sorted.
    bonds: list[DrawnBond]
    #: More members matched than the view holds.
    truncated: bool

    @classmethod
    def empty(cls, *, truncated: bool = False) -> Drawing:
        return cls(members=[], bonds=[], truncated=truncated)
