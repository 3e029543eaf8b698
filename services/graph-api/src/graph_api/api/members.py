"""Members: who is signed in, one member, the members connection, and editing oneself."""

from __future__ import annotations

import enum
from typing import Any

import strawberry
from strawberry.relay import PageInfo

from graph_api.api.context import Info
from graph_api.api.ids import plain_id
from graph_api.api.pagination import PAGE_DEFAULT, Connection, Edge, check_first, decode_cursor, encode_cursor
from graph_api.api.permissions import MEMBER, SIGNED_IN
from graph_api.api.provisioning import refuse_if_managed
from graph_api.api.read_ahead import read_member_details
from graph_api.api.types import Member
from graph_api.domain import rules
from graph_api.domain.search import search_words
from graph_api.errors import BadInputError, ForbiddenError, NotFoundError
from graph_api.store.members import MemberCriteria


@strawberry.enum(description="How to order members.")
class MemberOrder(enum.Enum):
    NAME = "NAME"
    JOINED_AT = "JOINED_AT"
    RELEVANCE = "RELEVANCE"


@strawberry.input(description="Members matching every filter given.")
class MemberFilter:
    passions: list[str] | None = strawberry.field(default=None, description="Passion slugs or names: all of them.")
    team: strawberry.ID | None = None
    site: strawberry.ID | None = None
    seeks: str | None = strawberry.field(
        default=None, description="A skill sought (slug or name): organisers only, as skills sought are private."
    )
    offers: str | None = strawberry.field(default=None, description="A skill offered (slug or name).")
    text: str | None = strawberry.field(default=None, description="Words in the name, headline or vision.")


def _criteria(filter: MemberFilter | None) -> MemberCriteria:
    f = filter or MemberFilter()
    passions: tuple[str, ...] | None = None
    if f.text is not None:
        search_words(f.text)  # refused first: no word to search for
    if f.passions is not None:
        passions = tuple(sorted({rules.slugify(p) for p in f.passions} - {""}))
        if not passions or len(passions) > 20:
            raise BadInputError("passions must name 1 to 20 passions", field="passions")
    return MemberCriteria(
        text=f.text,
        passions=passions,
        team=plain_id(f.team, "Team", field="team") if f.team is not None else None,
        site=plain_id(f.site, "Site", field="site") if f.site is not None else None,
        seeks=rules.slugify(f.seeks) if f.seeks is not None else None,
        offers=rules.slugify(f.offers) if f.offers is not None else None,
    )


def _check_filter_privacy(info: Info, filter: MemberFilter | None) -> None:
    """A filter must reveal no field the viewer cannot read: who seeks a skill is for organisers.

    Refused even for a member after their own needs (they read those from `viewer.seeks`):
    narrowing the answer to them would pass for "nobody else seeks this".
    """
    viewer = info.context.viewer
    if filter is not None and filter.seeks is not None and not (viewer is not None and viewer.is_organiser):
        raise ForbiddenError("only organisers can find members by the skills they seek", field="seeks")


async def members_connection(
    info: Info, filter: MemberFilter | None, order: MemberOrder, first: int, after: str | None
) -> Connection[Member]:
    _check_filter_privacy(info, filter)
    pages = info.context.repository.member_pages
    criteria = _criteria(filter)
    if order is MemberOrder.RELEVANCE and criteria.text is None:
        raise BadInputError("RELEVANCE ordering needs a text filter", field="orderBy")
    limit = check_first(first) + 1
    since: int | tuple[Any, str] | None = None
    if after is not None:
        cursor = decode_cursor(after)
        if order is MemberOrder.RELEVANCE:
            if not isinstance(cursor, int) or cursor < 0:
                raise BadInputError("that cursor belongs to another ordering", field="after")
            since = cursor
        else:
            if not (isinstance(cursor, list) and len(cursor) == 2):
                raise BadInputError("that cursor belongs to another ordering", field="after")
            since = (cursor[0], cursor[1])
    found = await pages.page(criteria=criteria, order=order.value, limit=limit, after=since)
    await read_member_details(info, [ranked.member.id for ranked in found[:first]])
    has_next = len(found) > first
    offset = since if isinstance(since, int) else 0
    edges = []
    for index, ranked in enumerate(found[:first]):
        member = ranked.member
        cursor_value: Any = offset + index + 1 if order is MemberOrder.RELEVANCE else [ranked.sort_key, member.id]
        edges.append(Edge(node=Member.from_model(member), cursor=encode_cursor(cursor_value)))

    async def count_total() -> int:
        return await pages.count(criteria=criteria)

    page_info = PageInfo(
        has_next_page=has_next,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=page_info, count_total=count_total)


@strawberry.type
class MemberQueries:
    @strawberry.field(description="The signed-in member, or null.")
    async def viewer(self, info: Info) -> Member | None:
        member_id = info.context.member_id
        if member_id is None:
            return None
        member = await info.context.loaders.member.load(member_id)
        return Member.from_model(member) if member else None

    @strawberry.field(description="One member, by id or by handle.", permission_classes=SIGNED_IN)
    async def member(self, info: Info, id: strawberry.ID | None = None, handle: str | None = None) -> Member | None:
        if (id is None) == (handle is None):
            raise BadInputError("give exactly one of id and handle", field="id")
        loaders = info.context.loaders
        if id is not None:
            found = await loaders.member.load(plain_id(id, "Member", field="id"))
        else:
            found = await loaders.member_by_handle.load((handle or "").strip().lower())
        return Member.from_model(found) if found else None

    @strawberry.field(description="Members, filtered and ordered, a page at a time.", permission_classes=SIGNED_IN)
    async def members(
        self,
        info: Info,
        filter: MemberFilter | None = None,
        order_by: MemberOrder = MemberOrder.NAME,
        first: int = PAGE_DEFAULT,
        after: str | None = None,
    ) -> Connection[Member]:
        return await members_connection(info, filter, order_by, first, after)


@strawberry.input(description="Fields to change on one's own profile; omitted fields stay as they are.")
class ProfileInput:
    name: str | None = None
    headline: str | None = None
    vision: str | None = None
    email: str | None = None


@strawberry.input(description="A passion by name (new names create the passion) and its intensity, 1 to 5.")
class PassionInput:
    passion: str
    intensity: int


@strawberry.type
class MemberMutations:
    @strawberry.mutation(description="Edit your own profile.", permission_classes=MEMBER)
    async def update_my_profile(self, info: Info, input: ProfileInput) -> Member:
        changes = {k: v for k, v in vars(input).items() if v is not None}
        if not changes:
            raise BadInputError("give at least one field to change", field="input")
        await refuse_if_managed(info, info.context.require_member_id(), set(changes))
        member = await info.context.repository.update_member(info.context.require_member_id(), **changes)
        return Member.from_model(member)

    @strawberry.mutation(
        description="Replace your passions with this list (unknown passions are created, names normalised).",
        permission_classes=MEMBER,
    )
    async def set_my_passions(self, info: Info, passions: list[PassionInput]) -> Member:
        member_id = info.context.require_member_id()
        choices = [(p.passion, p.intensity) for p in passions]
        await info.context.repository.replace_member_passions(member_id, choices)
        return await _reload(info, member_id)

    @strawberry.mutation(description="Replace the skills you seek and offer.", permission_classes=MEMBER)
    async def set_my_skills(self, info: Info, seeks: list[str], offers: list[str]) -> Member:
        member_id = info.context.require_member_id()
        await info.context.repository.replace_member_skills(member_id, seeks, offers)
        return await _reload(info, member_id)

    @strawberry.mutation(
        description="Opt out of (true) or back into (false) recommendations.", permission_classes=MEMBER
    )
    async def set_my_recommendation_opt_out(self, info: Info, opt_out: bool) -> Member:
        member = await info.context.repository.update_member(info.context.require_member_id(), optOut=opt_out)
        return Member.from_model(member)


async def _reload(info: Info, member_id: str) -> Member:
    member = await info.context.repository.member(member_id)
    if member is None:
        raise NotFoundError("your account no longer exists", field="memberId")
    return Member.from_model(member)
