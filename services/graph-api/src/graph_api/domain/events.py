"""Events as the store returns them, and the checks of what an organiser writes on one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from graph_api.domain import rules
from graph_api.domain.model import Member
from graph_api.domain.proposals import ProposalSet
from graph_api.errors import BadInputError

PLACE_MAX: Final = 200


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    name: str
    starts_at: str
    place: str
    created_at: str
    #: How many times it was changed, and when last (a calendar file's SEQUENCE and DTSTAMP).
    revision: int = 0
    updated_at: str | None = None

    @classmethod
    def from_record(cls, node: dict[str, Any]) -> Event:
        return cls(
            id=node["id"],
            name=node["name"],
            starts_at=node["startsAt"],
            place=node.get("place") or "",
            created_at=node["createdAt"],
            revision=int(node.get("revision") or 0),
            updated_at=node.get("updatedAt"),
        )


@dataclass(frozen=True, slots=True)
class Seat:
    round: int
    table: int
    member: Member


@dataclass(frozen=True, slots=True)
class TablePlan:
    """The seating of a published events proposal set: rounds, tables and members in order."""

    proposal_set: ProposalSet
    seats: tuple[Seat, ...]


#: Whose members an organiser may add to an event at once.
GroupKind = Literal["team", "site"]


@dataclass(frozen=True, slots=True)
class GroupAddition:
    """What adding every member of a team or site did; `written` is False when they were more
    than allowed at once (then nobody was added)."""

    members: int
    added: int
    already_attending: int
    written: bool


def clean_place(value: str) -> str:
    return rules.clean_text(value, field="place", max_length=PLACE_MAX, required=False)


@dataclass(frozen=True, slots=True)
class EventDraft:
    name: str
    starts_at: str
    place: str

    @classmethod
    def checked(cls, *, name: str, starts_at: str, place: str) -> EventDraft:
        return cls(
            name=rules.clean_name(name),
            starts_at=rules.check_timestamp(starts_at, field="startsAt"),
            place=clean_place(place),
        )


def event_changes(*, name: str | None, starts_at: str | None, place: str | None) -> dict[str, str]:
    """The stored properties to change, checked; at least one."""
    changes: dict[str, str] = {}
    if name is not None:
        changes["name"] = rules.clean_name(name)
    if starts_at is not None:
        changes["startsAt"] = rules.check_timestamp(starts_at, field="startsAt")
    if place is not None:
        changes["place"] = clean_place(place)
    if not changes:
        raise BadInputError("give at least one of name, startsAt and place", field="input")
    return changes
