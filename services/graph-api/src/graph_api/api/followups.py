""""Did you meet?" (domain/followups.py): a member's open follow-ups (`myFollowUps`) and their
answer (`answerFollowUp`), which records `met` bonds with the people named, with the proposal as
their source, and lifts a pause the unanswered follow-ups caused."""

from __future__ import annotations

from datetime import datetime, timezone

import strawberry

from graph_api.api.context import Info
from graph_api.api.ids import plain_id
from graph_api.api.permissions import MEMBER
from graph_api.api.proposals import ProposalKind
from graph_api.api.types import Member
from graph_api.domain import followups as rules
from graph_api.domain import model
from graph_api.store.followups import FollowUp as StoredFollowUp


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _title(found: StoredFollowUp) -> str:
    names = _names([p.name for p in found.others])
    if found.kind == "intros":
        return f"Your introduction to {names}"
    if found.group_name:
        return f"Your purpose group “{found.group_name}” with {names}"
    return f"Your purpose group with {names}"


@strawberry.type(description="An open “did you meet?” question about an intro or a purpose group you accepted.")
class FollowUp:
    proposal_id: strawberry.ID = strawberry.field(description="The proposal it asks about (answerFollowUp's proposalId).")
    kind: ProposalKind
    title: str = strawberry.field(description="What it is about, in words: “Your introduction to Bob Smith”.")
    group_name: str | None = strawberry.field(description="A purpose group's name; null for an introduction.")
    accepted_at: str = strawberry.field(description="When you accepted, ISO-8601 UTC.")
    asked_at: str = strawberry.field(description="When the question was first asked (some days after you accepted), ISO-8601 UTC.")
    people: list[Member] = strawberry.field(description="The others who accepted: the people you may have met.")

    @classmethod
    def of(cls, found: StoredFollowUp, people: list[Member]) -> FollowUp:
        return cls(
            proposal_id=strawberry.ID(found.proposal_id),
            kind=ProposalKind(found.kind),
            title=_title(found),
            group_name=found.group_name,
            accepted_at=found.accepted_at,
            asked_at=found.due_at,
            people=people,
        )


@strawberry.type(description="What an answer to “did you meet?” recorded.")
class FollowUpAnswer:
    proposal_id: strawberry.ID
    met: list[Member] = strawberry.field(description="The people you now have a “met” bond with (none: you did not meet).")
    resumed_proposals: bool = strawberry.field(
        description="Whether this answer ended the pause of proposals that unanswered follow-ups had caused."
    )


def paused_for_follow_ups(member: model.Member) -> bool:
    return rules.paused_by_followups(member.pausedUntil, member.pauseReason)


async def _people(info: Info, ids: list[str]) -> list[Member]:
    found = await info.context.loaders.member.load_many(ids)
    return [Member.from_model(m) for m in found if m is not None]


@strawberry.type
class FollowUpQueries:
    @strawberry.field(
        description=(
            "Your open “did you meet?” questions, oldest first: one per intro or purpose group you accepted "
            "(and someone else did too), asked some days after you accepted, until you answer."
        ),
        permission_classes=MEMBER,
    )
    async def my_follow_ups(self, info: Info) -> list[FollowUp]:
        member_id = info.context.require_member_id()
        found = await info.context.repository.followups.open_for(
            member_id, now=datetime.now(timezone.utc), days=info.context.settings.followup_days
        )
        return [
            FollowUp.of(f, [Member.from_model(model.Member(id=p.id, handle=p.handle, name=p.name)) for p in f.others])
            for f in found
        ]


@strawberry.type
class FollowUpMutations:
    @strawberry.mutation(
        description=(
            "Answer “did you meet?” about an intro or purpose group you accepted: met true records a "
            "“met” bond with each of memberIds (default: everyone else who accepted), met false records that "
            "you did not meet. Only people who accepted the proposal can be named; an answer stands "
            "(answering again is refused with CONFLICT). It also ends a pause unanswered follow-ups caused."
        ),
        permission_classes=MEMBER,
    )
    async def answer_follow_up(
        self, info: Info, proposal_id: strawberry.ID, met: bool, member_ids: list[strawberry.ID] | None = None
    ) -> FollowUpAnswer:
        member_id = info.context.require_member_id()
        named = None if member_ids is None else [plain_id(m, "Member", field="memberIds") for m in member_ids]
        answered = await info.context.repository.followups.answer(
            member_id, str(proposal_id), met=met, member_ids=named, now=datetime.now(timezone.utc)
        )
        return FollowUpAnswer(
            proposal_id=strawberry.ID(answered.proposal_id),
            met=await _people(info, list(answered.met)),
            resumed_proposals=answered.lifted_pause,
        )
