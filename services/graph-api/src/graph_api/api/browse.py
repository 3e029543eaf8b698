"""Passions, teams, sites and skills, with their members."""

from __future__ import annotations

import enum
from typing import Any

import strawberry
from strawberry.relay import PageInfo

from graph_api.api.context import Info
from graph_api.api.pagination import PAGE_DEFAULT, Connection, Edge, check_first, decode_cursor, encode_cursor
from graph_api.api.permissions import SIGNED_IN
from graph_api.api.types import Passion, Site, Skill, Team, skill_visibility
from graph_api.domain import model, rules
from graph_api.errors import BadInputError
from graph_api.store.queries import browse as q


@strawberry.enum(description="How to order passions.")
class PassionOrder(enum.Enum):
    MEMBERS = "MEMBERS"
    NAME = "NAME"


@strawberry.input(description="Passions matching every filter given.")
class PassionFilter:
    text: str | None = strawberry.field(default=None, description="Part of the name.")
    min_members: int | None = strawberry.field(default=None, description="At least this many members.")


async def _offset_page(
    info: Info,
    statement: str,
    count: str,
    params: dict[str, Any],
    first: int,
    after: str | None,
    build: Any,
) -> Connection[Any]:
    skip = 0
    if after is not None:
        skip = decode_cursor(after)
        if not isinstance(skip, int) or skip < 0:
            raise BadInputError("that cursor belongs to another list", field="after")
    driver = info.context.repository.driver
    rows = await driver.read(statement, {**params, "skip": skip, "limit": check_first(first) + 1})
    edges = [Edge(node=build(row), cursor=encode_cursor(skip + i + 1)) for i, row in enumerate(rows[:first])]

    async def count_total() -> int:
        return int((await driver.read(count, params))[0]["total"])

    page_info = PageInfo(
        has_next_page=len(rows) > first,
        has_previous_page=skip > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=page_info, count_total=count_total)


def _passion(row: dict[str, Any]) -> Passion:
    return Passion.from_model(model.Passion.from_record(row["node"]))


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
        statement = q.PASSIONS_BY_MEMBERS if order_by is PassionOrder.MEMBERS else q.PASSIONS_BY_NAME
        params = {"text": text, "minMembers": minimum}
        return await _offset_page(info, statement, q.COUNT_PASSIONS, params, first, after, _passion)

    @strawberry.field(description="One passion by slug (or any name that normalises to it).",
                      permission_classes=SIGNED_IN)
    async def passion(self, info: Info, slug: str) -> Passion | None:
        found = await info.context.loaders.passion_by_slug.load(rules.slugify(slug))
        return Passion.from_model(found) if found else None

    @strawberry.field(description="Teams, by name.", permission_classes=SIGNED_IN)
    async def teams(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Team]:
        build = lambda row: Team.from_model(model.Team.from_record({**row["node"], "parentId": row["parentId"]}))  # noqa: E731
        return await _offset_page(info, q.TEAMS_PAGE, q.COUNT_TEAMS, {}, first, after, build)

    @strawberry.field(description="Sites, by name.", permission_classes=SIGNED_IN)
    async def sites(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Site]:
        build = lambda row: Site.from_model(model.Site.from_record(row["node"]))  # noqa: E731
        return await _offset_page(info, q.SITES_PAGE, q.COUNT_SITES, {}, first, after, build)

    @strawberry.field(
        description="Skills, by name: those someone offers and those you seek (organisers: every skill).",
        permission_classes=SIGNED_IN,
    )
    async def skills(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Skill]:
        build = lambda row: Skill.from_model(model.Skill.from_record(row["node"]))  # noqa: E731
        return await _offset_page(info, q.SKILLS_PAGE, q.COUNT_SKILLS, skill_visibility(info), first, after, build)
