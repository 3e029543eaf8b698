"""The framework's floor: Strawberry answering a read whose answer is already in memory.

graph-api is built on Strawberry and graphql-core, so every answer it gives pays their
execution: a resolver call, an info object and a completion for each field of each member of
a page. This module measures that part alone. The answer graph-api gave to a request (its
``data``) becomes plain objects of a schema of the same shape (the fields, arguments and
types the benchmark's documents use), and the same document and variables are executed there,
with Strawberry's parse and validation caches as graph-api has them and nothing else: no HTTP,
no middleware, no session check, no permission, no database. The result must equal the answer
graph-api gave, or the measurement stops.

That time plus what the database takes for the same data (``statements_p50_ms``) is a lower
bound for graph-api's answer: it does both, one after the other, and more besides. When the
bound already exceeds a target, no change inside graph-api meets it on this framework.
"""

from __future__ import annotations

import enum
import statistics
import time
from typing import Annotated, Any

import strawberry
from strawberry.extensions import ParserCache, ValidationCache

ROUNDS = 300
WARMUP_ROUNDS = 30


@strawberry.type
class Team:
    name: str


@strawberry.type
class Site:
    name: str


@strawberry.type
class Skill:
    name: str


@strawberry.type
class Passion:
    name: str
    member_count: int
    members_page: strawberry.Private[MemberConnection | None]

    @strawberry.field
    def members(self, first: int | None = None, after: str | None = None) -> MemberConnection:
        assert self.members_page is not None
        return self.members_page


@strawberry.type
class PassionLink:
    intensity: int
    passion: Passion


@strawberry.type
class Member:
    name: str
    headline: str
    passions: list[PassionLink]
    team: Team | None
    site: Site | None
    bond_count: int


@strawberry.type
class MemberEdge:
    node: Member


@strawberry.type
class MemberConnection:
    edges: list[MemberEdge]


SearchNode = Annotated[Member | Passion | Skill, strawberry.union("SearchNode")]


@strawberry.type
class SearchHit:
    score: float
    node: SearchNode


@strawberry.enum
class MemberOrder(enum.Enum):
    NAME = "NAME"
    JOINED_AT = "JOINED_AT"


@strawberry.input
class MemberFilter:
    passions: list[str] | None = None
    team: strawberry.ID | None = None


@strawberry.type
class Query:
    """Each root field answers with the objects built from graph-api's answer (the root value)."""

    @strawberry.field
    async def members(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: MemberFilter | None = None,
        order_by: MemberOrder | None = None,
    ) -> MemberConnection:
        return info.root_value["members"]

    @strawberry.field
    async def member(self, info: strawberry.Info, id: strawberry.ID) -> Member | None:
        return info.root_value["member"]

    @strawberry.field
    async def passion(self, info: strawberry.Info, slug: str) -> Passion | None:
        return info.root_value["passion"]

    @strawberry.field
    async def search(self, info: strawberry.Info, text: str, first: int | None = None) -> list[SearchHit]:
        return info.root_value["search"]


SCHEMA = strawberry.Schema(query=Query, extensions=[lambda: ParserCache(maxsize=64), lambda: ValidationCache(maxsize=64)])


def _member(data: dict[str, Any]) -> Member:
    return Member(
        name=data.get("name", ""),
        headline=data.get("headline", ""),
        passions=[PassionLink(intensity=link["intensity"], passion=_passion(link["passion"])) for link in data.get("passions", [])],
        team=Team(name=data["team"]["name"]) if data.get("team") else None,
        site=Site(name=data["site"]["name"]) if data.get("site") else None,
        bond_count=data.get("bondCount", 0),
    )


def _connection(data: dict[str, Any]) -> MemberConnection:
    return MemberConnection(edges=[MemberEdge(node=_member(edge["node"])) for edge in data["edges"]])


def _passion(data: dict[str, Any]) -> Passion:
    members = _connection(data["members"]) if "members" in data else None
    return Passion(name=data.get("name", ""), member_count=data.get("memberCount", 0), members_page=members)


def _hit(data: dict[str, Any]) -> SearchHit:
    node = data["node"]
    # The benchmark's search asks for `name` on every kind; the kind is not in its answer, and
    # a member is the costliest to complete, so each hit is completed as one.
    return SearchHit(score=data["score"], node=_member(node))


def root_value(answer: dict[str, Any]) -> dict[str, Any]:
    """graph-api's `data` as the objects of this schema, by root field."""
    builders = {"members": _connection, "member": _member, "passion": _passion}
    root: dict[str, Any] = {}
    for field, value in answer.items():
        if value is None:
            root[field] = None
        elif field == "search":
            root[field] = [_hit(hit) for hit in value]
        else:
            root[field] = builders[field](value)
    return root


class AnswerNotReproduced(RuntimeError):
    """The floor's schema gave another answer than graph-api: it would time something else."""


async def framework_floor_ms(
    document: str, variables: dict[str, Any], answer: dict[str, Any], *, rounds: int = ROUNDS
) -> float:
    """The median milliseconds Strawberry takes to answer `document` with `answer` in memory."""
    root = root_value(answer)
    result = await SCHEMA.execute(document, variable_values=variables, root_value=root)
    if result.errors or result.data != answer:
        raise AnswerNotReproduced(f"the framework floor's schema answered {result.errors or result.data}")
    for _ in range(WARMUP_ROUNDS):
        await SCHEMA.execute(document, variable_values=variables, root_value=root)
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        await SCHEMA.execute(document, variable_values=variables, root_value=root)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000
