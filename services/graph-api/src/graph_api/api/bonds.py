"""Bonds members make themselves: one asks, the bond exists once the other asks back.

Only signed-in members (not API tokens) take part. The confirmed bonds show on
`viewer { bonds { ... } }`; requests still waiting show on `myBondRequests`.
"""

from __future__ import annotations

import enum

import strawberry

from graph_api.api.context import Info
from graph_api.api.ids import plain_id
from graph_api.api.permissions import MEMBER
from graph_api.api.types import Bond, BondKind, Member


@strawberry.enum(description="Whether a bond exists yet.")
class BondStatus(enum.Enum):
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"


@strawberry.type(description="What recordBond did: the bond is CONFIRMED (and given) or PENDING the other member.")
class RecordBondPayload:
    status: BondStatus
    bond: Bond | None


@strawberry.type(description="A bond asked for and not yet confirmed.")
class BondRequest:
    kind: BondKind
    since: str = strawberry.field(description="When it was asked for, YYYY-MM-DD.")
    other_key: strawberry.Private[str]

    @strawberry.field(description="The other member: who asked (incoming) or who was asked (outgoing).")
    async def other(self, info: Info) -> Member | None:
        member = await info.context.loaders.member.load(self.other_key)
        return Member.from_model(member) if member else None


@strawberry.type(description="The signed-in member's pending bond requests.")
class BondRequests:
    incoming: list[BondRequest] = strawberry.field(description="Asked by others: recordBond back to confirm.")
    outgoing: list[BondRequest] = strawberry.field(description="Asked by you, waiting for the other member.")


@strawberry.type
class BondQueries:
    @strawberry.field(description="Your bond requests still waiting, both ways.", permission_classes=MEMBER)
    async def my_bond_requests(self, info: Info) -> BondRequests:
        member_id = info.context.require_member_id()
        requests = BondRequests(incoming=[], outgoing=[])
        for pending in await info.context.repository.bonds.requests_of(member_id=member_id):
            request = BondRequest(kind=BondKind(pending.kind), since=pending.since, other_key=pending.other_id)
            (requests.outgoing if pending.outgoing else requests.incoming).append(request)
        return requests


@strawberry.type
class BondMutations:
    @strawberry.mutation(
        description=(
            "Ask another member for a bond of this kind, or confirm the one they asked for. "
            "Asking again, or for a bond that exists, changes nothing."
        ),
        permission_classes=MEMBER,
    )
    async def record_bond(self, info: Info, other_member_id: strawberry.ID, kind: BondKind) -> RecordBondPayload:
        confirmed, bond = await info.context.repository.record_bond_request(
            info.context.require_member_id(), plain_id(other_member_id, "Member", field="otherMemberId"), kind.value
        )
        if not confirmed:
            return RecordBondPayload(status=BondStatus.PENDING, bond=None)
        return RecordBondPayload(status=BondStatus.CONFIRMED, bond=Bond.from_model(bond))

    @strawberry.mutation(
        description="End a bond of this kind with another member, or withdraw or decline a request for one.",
        permission_classes=MEMBER,
    )
    async def remove_bond(self, info: Info, other_member_id: strawberry.ID, kind: BondKind) -> bool:
        await info.context.repository.remove_bond_or_request(
            info.context.require_member_id(), plain_id(other_member_id, "Member", field="otherMemberId"), kind.value
        )
        return True
