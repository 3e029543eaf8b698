"""A member's consent to proposals: a pause that ends by itself, the kinds of proposal they
want, and their "don't introduce me to" list.

Everything here is the member's own: only they change it, only they read their list (not
organisers, not the person on it). The recommender reads its effect through the snapshot
(api/snapshot.py): paused members and members who turned a kind off are left out, and each
listed pair is an anonymous pair in recommendationContext's blockedPairs and apartPairs.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import strawberry

from graph_api.api.context import Info
from graph_api.api.ids import plain_id
from graph_api.api.permissions import MEMBER
from graph_api.api.proposals import ProposalKind
from graph_api.api.types import Member
from graph_api.domain import consent, followups
from graph_api.domain import model
from graph_api.errors import NotFoundError


def _today() -> date:
    return datetime.now(timezone.utc).date()


def paused_until(member: model.Member) -> date | None:
    """The day proposals start again, while the pause runs; None once it has ended by itself."""
    if not consent.is_paused(member.pausedUntil, _today()) or member.pauseReason == followups.PAUSE_REASON:
        return None  # a pause the follow-ups caused has no day: Member.proposalsPausedForFollowUps
    return date.fromisoformat(str(member.pausedUntil))


def proposal_kinds(member: model.Member) -> list[ProposalKind]:
    return [ProposalKind(kind) for kind in consent.wanted_kinds(member.proposalKinds)]


async def no_intro_list(info: Info, member_id: str) -> list[Member]:
    return [Member.from_model(m) for m in await info.context.repository.consent.no_intro_list(member_id)]


async def on_my_no_intro_list(info: Info, member_id: str) -> bool | None:
    viewer_id = info.context.member_id
    if viewer_id is None:
        return None
    if viewer_id == member_id:
        return False
    return await info.context.repository.consent.on_no_intro_list(viewer_id, member_id)


async def _other(info: Info, member_id: strawberry.ID) -> model.Member:
    other_id = plain_id(member_id, "Member", field="memberId")
    found = await info.context.loaders.member.load(other_id)
    if found is None:
        raise NotFoundError(f"no member has the id {other_id!r}", field="memberId")
    return found


@strawberry.type
class ConsentMutations:
    @strawberry.mutation(
        description=(
            "Pause proposals until a day (they start again that day, by themselves; at most "
            f"{consent.PAUSE_DAYS_MAX} days ahead), or end the pause now (null)."
        ),
        permission_classes=MEMBER,
    )
    async def set_my_recommendation_pause(self, info: Info, until: date | None) -> Member:
        member_id = info.context.require_member_id()
        member = await info.context.repository.consent.set_pause(member_id, until=until, today=_today())
        return Member.from_model(member)

    @strawberry.mutation(
        description="Choose the kinds of proposal you want (an empty list: none); every kind until you choose.",
        permission_classes=MEMBER,
    )
    async def set_my_proposal_kinds(self, info: Info, kinds: list[ProposalKind]) -> Member:
        member_id = info.context.require_member_id()
        member = await info.context.repository.consent.set_kinds(member_id, [kind.value for kind in kinds])
        return Member.from_model(member)

    @strawberry.mutation(
        description=(
            "Never be proposed together with this member, in any kind of proposal. Only you see your list, "
            f"of at most {consent.NO_INTRO_MAX} people; they are never told. Returns that member."
        ),
        permission_classes=MEMBER,
    )
    async def add_to_no_intro_list(self, info: Info, member_id: strawberry.ID) -> Member:
        me = info.context.require_member_id()
        other = await _other(info, member_id)
        await info.context.repository.consent.add_no_intro(me, other.id)
        return Member.from_model(other)

    @strawberry.mutation(
        description="Take this member off your \"don't introduce me to\" list (nothing changes if they are not on it).",
        permission_classes=MEMBER,
    )
    async def remove_from_no_intro_list(self, info: Info, member_id: strawberry.ID) -> Member:
        me = info.context.require_member_id()
        other = await _other(info, member_id)
        await info.context.repository.consent.remove_no_intro(me, other.id)
        return Member.from_model(other)
