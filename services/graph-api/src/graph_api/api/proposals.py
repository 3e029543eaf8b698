"""Proposals from the recommender: stored as drafts, published by organisers, answered by members.

The recommender (an integrator whose API token has the write scope), or an organiser, stores a
whole proposal set at once; organisers publish it; members then see the published proposals
that include them and accept or decline each. Accepting a purpose group joins its purpose
community, which the first acceptance creates.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.relay import PageInfo
from strawberry.scalars import JSON

from graph_api.api.calendar import calendar_link
from graph_api.api.context import Info
from graph_api.api.ids import plain_id
from graph_api.api.pagination import PAGE_DEFAULT, Connection, Edge, check_first, decode_cursor, encode_cursor
from graph_api.api.permissions import MEMBER, ORGANISER, ORGANISER_OR_WRITER, SIGNED_IN
from graph_api.api.types import Member
from graph_api.domain import proposals as domain
from graph_api.domain import rules
from graph_api.domain.proposal_rules import (
    AIMED_TARGETS_MAX,
    ALGORITHM_VERSION_MAX,
    GROUPINGS_MAX,
    REASON_JSON_MAX,
    REASON_TEXT_MAX,
    SET_JSON_MAX,
    GroupingDraft,
    aimed_targets,
    json_object,
    stored_groupings,
)
from graph_api.errors import BadInputError, NotFoundError

if TYPE_CHECKING:
    from graph_api.api.effects import ProposalSetEffect

#: A member sees at most this many of their proposals, the most recently published first.
MY_PROPOSALS_MAX = 500


@strawberry.enum(description="What a proposal set proposes.")
class ProposalKind(enum.Enum):
    PURPOSE = "purpose"
    EVENTS = "events"
    INTROS = "intros"
    SKILLS = "skills"


@strawberry.enum(description="Drafts are seen by organisers only; members see published sets.")
class ProposalSetStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


@strawberry.enum(description="A member's answer to a proposal.")
class ProposalResponse(enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


def _viewer_reads_everything(info: Info) -> bool:
    viewer = info.context.viewer
    return viewer is not None and (viewer.is_organiser or (viewer.is_integrator and viewer.can("read")))


async def _members(info: Info, keys: Sequence[str]) -> list[Member]:
    found = await info.context.loaders.member.load_many(list(keys))
    return [Member.from_model(member) for member in found if member is not None]


@strawberry.type(description="One member's answer to a proposal.")
class ProposalAnswer:
    response: ProposalResponse
    responded_at: str | None
    member_key: strawberry.Private[str]

    @strawberry.field
    async def member(self, info: Info) -> Member | None:
        found = await info.context.loaders.member.load(self.member_key)
        return Member.from_model(found) if found else None


@strawberry.type(description="A grouping of members proposed together, and why.")
class Proposal:
    id: strawberry.ID
    kind: ProposalKind
    round: int | None = strawberry.field(description="Events and intros: which round.")
    table: int | None = strawberry.field(description="Events: the table within the round.")
    reason_text: str = strawberry.field(description="Why, in plain words.")
    reason: JSON = strawberry.field(description="Why, as the recommender's data.")
    answers: strawberry.Private[list[ProposalAnswer]]
    formed: strawberry.Private[PurposeCommunity | None]

    @strawberry.field(
        description="A title for people: the passions a purpose group shares (\"Jazz & Cooking\"), the round "
        "and table of a seat, or the kind of pairing."
    )
    async def title(self, info: Info) -> str:
        if self.kind is ProposalKind.PURPOSE:
            slugs = _anchor_slugs(self.reason)
            passions = await info.context.loaders.passion_by_slug.load_many(slugs)
            names = [p.name if p else slug.replace("-", " ") for slug, p in zip(slugs, passions, strict=True)]
            return " & ".join(names) or "A group across teams"
        if self.kind is ProposalKind.EVENTS:
            return f"Round {self.round}, table {self.table}"
        return "Introduction" if self.kind is ProposalKind.INTROS else "Skills pairing"

    @strawberry.field(description="Everyone in the proposal.")
    async def members(self, info: Info) -> list[Member]:
        return await _members(info, [answer.member_key for answer in self.answers])

    @strawberry.field(description="Everyone in the proposal but you.")
    async def other_members(self, info: Info) -> list[Member]:
        viewer = info.context.viewer
        me = viewer.member_id if viewer else None
        return await _members(info, [answer.member_key for answer in self.answers if answer.member_key != me])

    @strawberry.field(description="Your answer; null when you are not in this proposal.")
    def my_response(self, info: Info) -> ProposalResponse | None:
        viewer = info.context.viewer
        mine = [a for a in self.answers if viewer is not None and a.member_key == viewer.member_id]
        return mine[0].response if mine else None

    @strawberry.field(
        description=(
            "Every member's answer: organisers, API tokens, and the proposal's members once they accepted it "
            "(to see who is in and who is still deciding); null for others."
        )
    )
    def responses(self, info: Info) -> list[ProposalAnswer] | None:
        return self.answers if _viewer_reads_everything(info) or self._accepted_by_viewer(info) else None

    def _accepted_by_viewer(self, info: Info) -> bool:
        viewer = info.context.viewer
        return viewer is not None and any(
            a.member_key == viewer.member_id and a.response is ProposalResponse.ACCEPTED for a in self.answers
        )

    @strawberry.field(
        description="A purpose group you accepted: a link that downloads its suggested first meeting as a calendar "
        "file (iCalendar), for you only, valid for an hour unless configured otherwise or until you sign out (a path "
        "on this server); null otherwise."
    )
    def calendar_url(self, info: Info) -> str | None:
        if self.kind is not ProposalKind.PURPOSE or self.formed is None or not self._accepted_by_viewer(info):
            return None
        return calendar_link(info, "proposals", str(self.id))

    @strawberry.field(description="Purpose groups: the community, once someone accepted.")
    def community(self) -> PurposeCommunity | None:
        return self.formed


@strawberry.type(description="A group formed by accepting a purpose-group proposal.")
class PurposeCommunity(relay.Node):
    community_id: relay.NodeID[str]
    name: str
    created_at: str = strawberry.field(description="When the first member accepted, ISO-8601 UTC.")
    member_keys: strawberry.Private[list[str]]
    origin: strawberry.Private[Proposal | None]

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> Sequence[PurposeCommunity | None]:
        ids = list(node_ids)
        entries = await info.context.repository.proposals.communities_by_id(ids=ids)
        found = {key: _build(entry)[1] for key, entry in entries.items()}
        return [found.get(node_id) for node_id in ids]

    @strawberry.field(description="The plain store id.")
    def key(self) -> str:
        return self.community_id

    @strawberry.field
    async def members(self, info: Info) -> list[Member]:
        return await _members(info, self.member_keys)

    @strawberry.field(description="The proposal it came from: its members, organisers and API tokens only.")
    def proposal(self, info: Info) -> Proposal | None:
        viewer = info.context.viewer
        if self.origin is None or viewer is None:
            return None
        if _viewer_reads_everything(info) or any(a.member_key == viewer.member_id for a in self.origin.answers):
            return self.origin
        return None


def _build(entry: domain.ProposalEntry) -> tuple[Proposal | None, PurposeCommunity | None]:
    """The proposal and the community of a store entry, each linked to the other."""
    proposal = None
    if entry.proposal is not None:
        found = entry.proposal
        answers = [
            ProposalAnswer(
                response=ProposalResponse(answer.response),
                responded_at=answer.responded_at,
                member_key=answer.member_id,
            )
            for answer in found.answers
        ]
        proposal = Proposal(
            id=strawberry.ID(found.id),
            kind=ProposalKind(found.kind),
            round=found.round,
            table=found.table,
            reason_text=found.reason_text,
            reason=found.reason,
            answers=answers,
            formed=None,
        )
    community = None
    if entry.community is not None:
        formed = entry.community
        community = PurposeCommunity(
            community_id=formed.id,
            name=formed.name,
            created_at=formed.created_at,
            member_keys=list(formed.member_ids),
            origin=proposal,
        )
    if proposal is not None:
        proposal.formed = community
    return proposal, community


async def communities_of_member(info: Info, member_id: str) -> list[PurposeCommunity]:
    """Member.communities (api/types.py), batched across the members of a request."""
    entries = await info.context.loaders.communities_of.load(member_id)
    communities = [community for _, community in map(_build, entries) if community is not None]
    return sorted(communities, key=lambda c: (c.created_at, c.community_id))


def _page_info(cursors: list[str], has_next: bool, after: str | None) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=after is not None,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def _pair_cursor(after: str | None) -> tuple[str | None, str | None]:
    """(createdAt, id) of the last row seen, for pages newest first."""
    if after is None:
        return None, None
    value = decode_cursor(after)
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise BadInputError("that cursor does not belong to this list", field="after")
    return value[0], value[1]


def _id_cursor(after: str | None) -> str | None:
    if after is None:
        return None
    value = decode_cursor(after)
    if not isinstance(value, str):
        raise BadInputError("that cursor does not belong to this list", field="after")
    return value


@strawberry.type(description="What the recommender proposed in one run, with how good it judged it.")
class ProposalSet:
    id: strawberry.ID
    kind: ProposalKind
    status: ProposalSetStatus
    parameters: JSON = strawberry.field(description="The parameters the recommender ran with.")
    algorithm_version: str
    quality: JSON = strawberry.field(description="The recommender's quality measures of this set.")
    seed: int | None
    event_id: strawberry.ID | None
    created_at: str
    published_at: str | None
    aimed_target_ids: list[strawberry.ID] = strawberry.field(
        description="The KPI targets (kpiTargets' ids) the run was aimed at; empty for a run aimed at none."
    )

    @classmethod
    def from_model(cls, found: domain.ProposalSet) -> ProposalSet:
        return cls(
            id=strawberry.ID(found.id),
            kind=ProposalKind(found.kind),
            status=ProposalSetStatus(found.status),
            parameters=found.parameters,
            algorithm_version=found.algorithm_version,
            quality=found.quality,
            seed=found.seed,
            event_id=None if found.event_id is None else strawberry.ID(found.event_id),
            created_at=found.created_at,
            published_at=found.published_at,
            aimed_target_ids=[strawberry.ID(target_id) for target_id in found.aimed_target_ids],
        )

    @strawberry.field(
        description="How many members its proposals include, each counted once: the people told when it is published."
    )
    async def member_count(self, info: Info) -> int:
        return await info.context.repository.proposals.set_member_count(set_id=str(self.id))

    @strawberry.field(
        description=(
            "What it changed (published sets; null for a draft), on asOf (default today, not in the future): "
            "members who accepted against members who declined or did not answer. Organisers only."
        ),
        permission_classes=ORGANISER,
    )
    async def effect(
        self, info: Info, as_of: date | None = None
    ) -> Annotated[ProposalSetEffect, strawberry.lazy("graph_api.api.effects")] | None:
        from graph_api.api.effects import set_effect  # it imports health_types, which imports this module

        found = await info.context.repository.proposals.set_by_id(set_id=str(self.id))
        return None if found is None else await set_effect(info, found, as_of)

    @strawberry.field(description="Its proposals, in the order the recommender gave them.")
    async def proposals(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Proposal]:
        store = info.context.repository.proposals
        entries = await store.set_proposals_page(
            set_id=str(self.id), after_id=_id_cursor(after), limit=check_first(first) + 1
        )
        edges = [
            Edge(node=proposal, cursor=encode_cursor(str(proposal.id)))
            for entry in entries[:first]
            if (proposal := _build(entry)[0]) is not None
        ]

        async def count_total() -> int:
            return await store.set_proposals_count(set_id=str(self.id))

        page_info = _page_info([edge.cursor for edge in edges], len(entries) > first, after)
        return Connection(edges=edges, page_info=page_info, count_total=count_total)


@strawberry.input(description="One grouping: its members (ids), where it sits, and why.")
class GroupingInput:
    members: list[strawberry.ID]
    reason_text: str = strawberry.field(description=f"Why, in plain words; 1 to {REASON_TEXT_MAX} characters.")
    round: int | None = None
    table: int | None = None
    reason: JSON | None = strawberry.field(
        default=None,
        description=(
            f"Why, as a JSON object (at most {REASON_JSON_MAX} characters). Purpose groups: "
            "`sharedPassions`, a list of [slug, intensities] pairs strongest first, names the community."
        ),
    )


@strawberry.input(description=f"A whole proposal set: at most {GROUPINGS_MAX} groupings, stored as a draft.")
class StoreProposalSetInput:
    kind: ProposalKind
    parameters: JSON = strawberry.field(description=f"A JSON object, at most {SET_JSON_MAX} characters.")
    algorithm_version: str
    quality: JSON = strawberry.field(description=f"A JSON object, at most {SET_JSON_MAX} characters.")
    groupings: list[GroupingInput]
    seed: int | None = None
    event_id: strawberry.ID | None = None
    aimed_target_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description=f"The KPI targets (kpiTargets' ids) the run was aimed at, at most {AIMED_TARGETS_MAX}; each must exist.",
    )


def _groupings(input: StoreProposalSetInput, token: str) -> list[dict[str, object]]:
    drafts = [
        GroupingDraft(
            members=grouping.members,
            reason_text=grouping.reason_text,
            round=grouping.round,
            table=grouping.table,
            reason=grouping.reason,
        )
        for grouping in input.groupings
    ]
    return stored_groupings(
        drafts,
        events=input.kind is ProposalKind.EVENTS,
        token=token,
        member_key=lambda member, field: plain_id(member, "Member", field=field),
    )


def _anchor_slugs(reason: Any) -> list[str]:
    """The first two shared passions named in a purpose group's reason."""
    if not isinstance(reason, dict):
        return []
    shared = reason.get("sharedPassions", reason.get("shared_passions"))
    slugs: list[str] = []
    for item in shared if isinstance(shared, list) else []:
        if isinstance(item, list) and item:
            item = item[0]
        elif isinstance(item, dict):
            item = item.get("slug")
        slug = rules.slugify(item) if isinstance(item, str) else ""
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs[:2]


async def _community_name(info: Info, reason: Any) -> str:
    """The community's name from the passions that brought the group together: "Jazz & Cooking circle"."""
    slugs = _anchor_slugs(reason)
    passions = await info.context.loaders.passion_by_slug.load_many(slugs)
    names = [p.name if p else slug.replace("-", " ").title() for slug, p in zip(slugs, passions, strict=True)]
    name = f"{' & '.join(names) or 'Purpose'} circle"
    return name if len(name) <= rules.NAME_MAX else name[: rules.NAME_MAX - 1] + "…"


def _event_id_forms(event_id: str) -> list[str]:
    """An event's plain id and its global id: a set stores the event id it was given, either form."""
    key = rules.check_id(plain_id(event_id, "Event", field="eventId"), field="eventId")
    return [key, relay.to_base64("Event", key)]


async def _set(info: Info, set_id: str) -> ProposalSet:
    found = await info.context.repository.proposals.set_by_id(set_id=set_id)
    if found is None:
        raise NotFoundError(f"no proposal set has the id {set_id!r}", field="id")
    return ProposalSet.from_model(found)


async def _my_proposal(info: Info, member_id: str, proposal_id: str) -> Proposal:
    entry = await info.context.repository.proposals.my_proposal(member_id=member_id, proposal_id=proposal_id)
    proposal = _build(entry)[0] if entry is not None else None
    if proposal is None:
        raise NotFoundError(f"you have no published proposal with the id {proposal_id!r}", field="id")
    return proposal


@strawberry.type
class ProposalQueries:
    @strawberry.field(
        description="Proposal sets, newest first; optionally only those of one kind, status or event (its id or key).",
        permission_classes=ORGANISER,
    )
    async def proposal_sets(
        self,
        info: Info,
        kind: ProposalKind | None = None,
        status: ProposalSetStatus | None = None,
        event_id: strawberry.ID | None = None,
        first: int = PAGE_DEFAULT,
        after: str | None = None,
    ) -> Connection[ProposalSet]:
        after_pair = _pair_cursor(after)
        filters = {
            "kind": kind.value if kind else None,
            "status": status.value if status else None,
            "event_ids": None if event_id is None else _event_id_forms(event_id),
        }
        store = info.context.repository.proposals
        found = await store.sets_page(**filters, after=after_pair, limit=check_first(first) + 1)
        edges = [
            Edge(node=ProposalSet.from_model(item), cursor=encode_cursor([item.created_at, item.id]))
            for item in found[:first]
        ]

        async def count_total() -> int:
            return await store.sets_count(**filters)

        page_info = _page_info([edge.cursor for edge in edges], len(found) > first, after)
        return Connection(edges=edges, page_info=page_info, count_total=count_total)

    @strawberry.field(description="One proposal set, or null.", permission_classes=ORGANISER)
    async def proposal_set(self, info: Info, id: strawberry.ID) -> ProposalSet | None:
        found = await info.context.repository.proposals.set_by_id(set_id=str(id))
        return ProposalSet.from_model(found) if found is not None else None

    @strawberry.field(
        description=f"Published proposals that include you, newest first (at most {MY_PROPOSALS_MAX}).",
        permission_classes=MEMBER,
    )
    async def my_proposals(
        self,
        info: Info,
        status: ProposalResponse | None = None,
        kinds: Annotated[
            list[ProposalKind] | None,
            strawberry.argument(
                description="Only proposals of these kinds (all when left out). The web app leaves out EVENTS: "
                "a seat at an event is shown with the event, not answered."
            ),
        ] = None,
    ) -> list[Proposal]:
        if kinds is not None and len(kinds) > len(ProposalKind):
            raise BadInputError(f"name each kind at most once (there are {len(ProposalKind)})", field="kinds")
        entries = await info.context.repository.proposals.my_proposals(
            member_id=info.context.require_member_id(),
            response=status.value if status else None,
            limit=MY_PROPOSALS_MAX,
            kinds=[kind.value for kind in kinds] if kinds is not None else None,
        )
        return [proposal for proposal, _ in map(_build, entries) if proposal is not None]

    @strawberry.field(description="Purpose communities someone belongs to, newest first.", permission_classes=SIGNED_IN)
    async def purpose_communities(
        self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None
    ) -> Connection[PurposeCommunity]:
        store = info.context.repository.proposals
        entries = await store.communities_page(after=_pair_cursor(after), limit=check_first(first) + 1)
        edges = [
            Edge(node=community, cursor=encode_cursor([community.created_at, community.community_id]))
            for entry in entries[:first]
            if (community := _build(entry)[1]) is not None
        ]

        async def count_total() -> int:
            return await store.communities_count()

        page_info = _page_info([edge.cursor for edge in edges], len(entries) > first, after)
        return Connection(edges=edges, page_info=page_info, count_total=count_total)


@strawberry.type
class ProposalMutations:
    @strawberry.mutation(
        description=(
            "Store a whole proposal set as a draft, in one write: everything is checked first (no unknown "
            "and no opted-out member), and a refused set stores nothing. Send it in variables."
        ),
        permission_classes=ORGANISER_OR_WRITER,
    )
    async def store_proposal_set(self, info: Info, input: StoreProposalSetInput) -> ProposalSet:
        token = uuid.uuid4().hex
        draft = domain.ProposalSetDraft(
            id=f"proposalset-{token}",
            kind=input.kind.value,
            algorithm_version=rules.clean_text(
                input.algorithm_version, field="algorithmVersion", max_length=ALGORITHM_VERSION_MAX
            ),
            parameters=json_object(input.parameters, field="parameters", max_length=SET_JSON_MAX),
            quality=json_object(input.quality, field="quality", max_length=SET_JSON_MAX),
            seed=input.seed,
            event_id=None if input.event_id is None else rules.check_id(str(input.event_id), field="eventId"),
            groupings=_groupings(input, token),
            aimed_target_ids=aimed_targets(
                input.aimed_target_ids or [], target_key=lambda t: rules.check_id(str(t), field="aimedTargetIds")
            ),
        )
        return ProposalSet.from_model(await info.context.repository.proposals.store_set(draft=draft))

    @strawberry.mutation(
        description="Take a whole group out of a draft set before publishing (its members are not told).",
        permission_classes=ORGANISER,
    )
    async def remove_draft_proposal(self, info: Info, id: strawberry.ID) -> ProposalSet:
        set_id = await info.context.repository.proposals.remove_draft_proposal(proposal_id=rules.check_id(str(id)))
        return await _set(info, set_id)

    @strawberry.mutation(
        description="Take one member out of a group of a draft set (at least two stay); the group's reason is "
        "rewritten from the passions everyone left shares.",
        permission_classes=ORGANISER,
    )
    async def remove_member_from_draft_proposal(
        self, info: Info, proposal_id: strawberry.ID, member_id: strawberry.ID
    ) -> ProposalSet:
        member_key = rules.check_id(plain_id(str(member_id), "Member", field="memberId"), field="memberId")
        set_id = await info.context.repository.proposals.remove_draft_member(
            proposal_id=rules.check_id(str(proposal_id), field="proposalId"), member_id=member_key
        )
        return await _set(info, set_id)

    @strawberry.mutation(description="Publish a draft set: its members then see their proposals.",
                         permission_classes=ORGANISER)
    async def publish_proposal_set(self, info: Info, id: strawberry.ID) -> ProposalSet:
        mail = info.context.settings.mail_enabled
        return ProposalSet.from_model(await info.context.repository.proposals.publish(set_id=str(id), mail=mail))

    @strawberry.mutation(
        description=(
            "Accept or decline one of your published proposals; answering again changes the answer. "
            "Accepting a purpose group joins its community; declining leaves it. Declining an intro or "
            "a skills pairing keeps those pairs from being proposed again for a while."
        ),
        permission_classes=MEMBER,
    )
    async def respond_to_proposal(self, info: Info, id: strawberry.ID, accept: bool) -> Proposal:
        member_id = info.context.require_member_id()
        proposal = await _my_proposal(info, member_id, str(id))
        if proposal.kind is ProposalKind.EVENTS:
            raise BadInputError(
                "a seat at an event is part of its table plan: there is nothing to accept or decline", field="id"
            )
        joins = accept and proposal.kind is ProposalKind.PURPOSE and proposal.formed is None
        # Only a first acceptance names the community; later ones keep its name.
        name = await _community_name(info, proposal.reason) if joins else ""
        await info.context.repository.proposals.respond(
            member_id=member_id, proposal_id=str(id), accept=accept, community_name=name
        )
        return await _my_proposal(info, member_id, str(id))
