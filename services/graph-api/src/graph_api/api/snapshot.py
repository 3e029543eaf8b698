"""The recommender's inputs: the community snapshot, page by page, and what not to propose again.

Organisers and integrators whose API token has the read scope may read them; members may
not. Members who opted out of recommendations, or paused them (until a day after today),
appear nowhere in either. Who put whom on a "don't introduce me to" list is never said: the
pair is there, not who asked.
"""

from __future__ import annotations

import strawberry
from strawberry.relay import PageInfo

from graph_api.api.context import Info
from graph_api.api.limits import BULK_FIELDS
from graph_api.api.permissions import ORGANISER_OR_READER
from graph_api.api.pagination import decode_cursor, encode_cursor
from graph_api.api.proposals import ProposalKind
from graph_api.api.types import BondKind
from graph_api.domain import snapshot as domain
from graph_api.errors import BadInputError

SNAPSHOT_PAGE_MAX = BULK_FIELDS["communitySnapshot"][1]
SNAPSHOT_PAGE_DEFAULT = 1000
BLOCK_DAYS_DEFAULT = 90
BLOCK_DAYS_MAX = 3650


@strawberry.type(description="A passion of a snapshot member.")
class SnapshotPassion:
    slug: str
    intensity: int


@strawberry.type(description="A bond of a snapshot member with another member who did not opt out.")
class SnapshotBond:
    other_key: str
    kind: BondKind


@strawberry.type(description="One member as the recommender sees them (plain store ids and slugs).")
class SnapshotMember:
    key: str
    name: str = strawberry.field(description="The member's name, for explanations people read.")
    team_key: str | None
    site_key: str | None
    passions: list[SnapshotPassion] = strawberry.field(description="Strongest first.")
    seeks: list[str] = strawberry.field(description="Slugs of the skills sought.")
    offers: list[str] = strawberry.field(description="Slugs of the skills offered.")
    bonds: list[SnapshotBond]
    wants_kinds: list[ProposalKind] = strawberry.field(
        description="The kinds of proposal the member wants: leave them out of the others."
    )


@strawberry.type(description="A page of the snapshot, in member id order.")
class CommunitySnapshot:
    members: list[SnapshotMember]
    page_info: PageInfo

    @strawberry.field(description="How many members the whole snapshot holds (all pages).")
    async def total_count(self, info: Info) -> int:
        return await info.context.repository.snapshot.count()


@strawberry.type(description="What the recommender must respect besides the snapshot; member keys throughout.")
class RecommendationContext:
    accepted_groups: list[list[str]] = strawberry.field(description="Members of each purpose community formed.")
    blocked_pairs: list[list[str]] = strawberry.field(
        description=(
            "Pairs not to propose again: met in an intro, declined recently, or one asked not to be introduced "
            "to the other; smaller key first."
        )
    )
    apart_pairs: list[list[str]] = strawberry.field(
        description=(
            "Pairs never to put together in any proposal (group, table, intro or skills pairing): one asked not "
            "to be introduced to the other (who asked is not said); smaller key first. Also in blockedPairs."
        )
    )


def _member(member: domain.SnapshotMember) -> SnapshotMember:
    return SnapshotMember(
        key=member.key,
        name=member.name,
        team_key=member.team_key,
        site_key=member.site_key,
        passions=[SnapshotPassion(slug=slug, intensity=intensity) for slug, intensity in member.passions],
        seeks=list(member.seeks),
        offers=list(member.offers),
        bonds=[SnapshotBond(other_key=other, kind=BondKind(kind)) for other, kind in member.bonds],
        wants_kinds=[ProposalKind(kind) for kind in member.wants_kinds],
    )


@strawberry.type
class SnapshotQueries:
    @strawberry.field(
        description=(
            f"The community for the recommender: members who did not opt out or pause proposals, by id, up to "
            f"{SNAPSHOT_PAGE_MAX} a page. Walk it with `after: pageInfo.endCursor`."
        ),
        permission_classes=ORGANISER_OR_READER,
    )
    async def community_snapshot(
        self, info: Info, first: int = SNAPSHOT_PAGE_DEFAULT, after: str | None = None
    ) -> CommunitySnapshot:
        if not 1 <= first <= SNAPSHOT_PAGE_MAX:
            raise BadInputError(f"first must be from 1 to {SNAPSHOT_PAGE_MAX}, not {first}", field="first")
        after_key = None
        if after is not None:
            after_key = decode_cursor(after)
            if not isinstance(after_key, str):
                raise BadInputError("that cursor does not belong to the snapshot", field="after")
        found = await info.context.repository.snapshot.page(after=after_key, limit=first + 1)
        members = [_member(member) for member in found[:first]]
        end_cursor = encode_cursor(members[-1].key) if members else None
        page_info = PageInfo(
            has_next_page=len(found) > first,
            has_previous_page=after is not None,
            start_cursor=encode_cursor(members[0].key) if members else None,
            end_cursor=end_cursor,
        )
        return CommunitySnapshot(members=members, page_info=page_info)

    @strawberry.field(
        description="Accepted groups and blocked pairs; `days`: how long a declined pair stays blocked.",
        permission_classes=ORGANISER_OR_READER,
    )
    async def recommendation_context(self, info: Info, days: int = BLOCK_DAYS_DEFAULT) -> RecommendationContext:
        if not 0 <= days <= BLOCK_DAYS_MAX:
            raise BadInputError(f"days must be from 0 to {BLOCK_DAYS_MAX}, not {days}", field="days")
        found = await info.context.repository.snapshot.recommendation_context(block_days=days)
        return RecommendationContext(
            accepted_groups=[list(group) for group in found.accepted_groups],
            blocked_pairs=[list(pair) for pair in found.blocked_pairs],
            apart_pairs=[list(pair) for pair in found.apart_pairs],
        )
