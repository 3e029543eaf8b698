"""Passions, teams, sites and skills, with their members."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from strawberry.relay import PageInfo

from graph_api.api.context import Info
from graph_api.api.pagination import PAGE_DEFAULT, Connection, Edge, check_first, decode_cursor, encode_cursor
from graph_api.api.permissions import SIGNED_IN
from graph_api.api.types import Passion, Site, Skill, Team, skill_visibility
from graph_api.domain import rules
from graph_api.errors import BadInputError


@strawberry.enum(description="How to order passions.")
class PassionOrder(enum.Enum):
    MEMBERS = "MEMBERS"
    NAME = "NAME"


@strawberry.input(description="Passions matching every filter given.")
class PassionFilter:
    text: str | None = strawberry.field(default=None, description="Part of the name.")
    min_members: int | None = strawberry.field(default=None, description="At least this many members.")


T = TypeVar("T")
Fetch = Callable[[int, int], Awaitable[list[T]]]


async def _offset_page(
    fetch: Fetch[T], count: Callable[[], Awaitable[int]], first: int, after: str | None
) -> Connection[T]:
    """One page of a list the store pages by offset: `fetch(skip, limit)`, `count()` for the total."""
    skip = 0
    if after is not None:
        skip = decode_cursor(after)
        if not isinstance(skip, int) or skip < 0:
            raise BadInputError("that cursor belongs to another list", field="after")
    nodes = await fetch(skip, check_first(first) + 1)
    edges = [Edge(node=node, cursor=encode_cursor(skip + i + 1)) for i, node in enumerate(nodes[:first])]
    page_info = PageInfo(
        has_next_page=len(nodes) > first,
        has_previous_page=skip > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=page_info, count_total=count)


@strawberry.type
class BrowseQueries:
    @strawberry.field(description="Passions with how many members hold them and how many teams and sites those span.",
                      permission_classes=SIGNED_IN)
    async def passions(
        self,
        info: Info,
        filter: PassionFilter | None = None,
        order_by: PassionOrder = PassionOrder.MEMBERS,
        first: int = PAGE_DEFAULT,
        after: str | None = None,
    ) -> Connection[Passion]:
        f = filter or PassionFilter()
        text = rules.slugify(f.text) if f.text else ""
        minimum = f.min_members or 0
        if minimum < 0:
            raise BadInputError("minMembers must not be negative", field="minMembers")
        browse = info.context.repository.browse

        async def fetch(skip: int, limit: int) -> list[Passion]:
            found = await browse.passions(text=text, min_members=minimum, order=order_by.value, skip=skip, limit=limit)
            return [Passion.from_model(passion) for passion in found]

        return await _offset_page(
            fetch, lambda: browse.count_passions(text=text, min_members=minimum), first, after
        )

    @strawberry.field(description="One passion by slug (or any name that normalises to it).",
                      permission_classes=SIGNED_IN)
    async def passion(self, info: Info, slug: str) -> Passion | None:
        found = await info.context.loaders.passion_by_slug.load(rules.slugify(slug))
        return Passion.from_model(found) if found else None

    @strawberry.field(description="Teams, by name.", permission_classes=SIGNED_IN)
    async def teams(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Team]:
        browse = info.context.repository.browse

        async def fetch(skip: int, limit: int) -> list[Team]:
            return [Team.from_model(team) for team in await browse.teams(skip=skip, limit=limit)]

        return await _offset_page(fetch, browse.count_teams, first, after)

    @strawberry.field(description="Sites, by name.", permission_classes=SIGNED_IN)
    async def sites(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Site]:
        browse = info.context.repository.browse

        async def fetch(skip: int, limit: int) -> list[Site]:
            return [Site.from_model(site) for site in await browse.sites(skip=skip, limit=limit)]

        return await _offset_page(fetch, browse.count_sites, first, after)

    @strawberry.field(
        description="Skills, by name: those someone offers and those you seek (organisers: every skill).",
        permission_classes=SIGNED_IN,
    )
    async def skills(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Skill]:
        browse = info.context.repository.browse
        visibility = skill_visibility(info)

        async def fetch(skip: int, limit: int) -> list[Skill]:
            found = await browse.skills(visibility=visibility, skip=skip, limit=limit)
            return [Skill.from_model(skill) for skill in found]

        return await _offset_page(fetch, lambda: browse.count_skills(visibility=visibility), first, after)
