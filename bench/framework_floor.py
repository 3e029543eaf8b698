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

The same schema is also served over HTTP (``serving_floor``): Strawberry's own ASGI app under
uvicorn, with uvicorn's defaults as graph-api runs it (uvloop, httptools), in a process of its
own on loopback, asked by the client the benchmark times graph-api with. That median
(``http_framework_floor_ms``) adds what any request pays before and after execution: the
connection, the HTTP parse, Strawberry's view and the JSON both ways. It has no session check,
no middleware and no database, so it is a floor too, and a tighter one.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import gc
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Annotated, Any

import aiohttp
import strawberry
import uvicorn
from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache

from graph_api.store.local_server import die_with_parent

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


# The floor over HTTP ------------------------------------------------------------------------

Answer = tuple[str, dict[str, Any], dict[str, Any]]  # a document, its variables, graph-api's data


def _request_key(document: str, variables: dict[str, Any]) -> str:
    return json.dumps([document, variables], sort_keys=True)


class AnswersInMemory(GraphQL[None, dict[str, Any]]):
    """Strawberry's ASGI app over the floor's schema: each request it knows (a document and its
    variables) is executed over its answer in memory; any other finds no root and fails."""

    def __init__(self, answers: Iterable[Answer]) -> None:
        super().__init__(SCHEMA, graphql_ide=None)
        self._roots = {_request_key(document, variables): root_value(data) for document, variables, data in answers}

    async def get_root_value(self, request: Request | WebSocket) -> dict[str, Any] | None:
        if not isinstance(request, Request):
            return None
        body = await request.json()  # Starlette keeps the body: Strawberry reads it again
        return self._roots.get(_request_key(body.get("query", ""), body.get("variables") or {}))


def _serve(port: int, answers_file: Path) -> None:
    answers = [(document, variables, data) for document, variables, data in json.loads(answers_file.read_text())]
    app = AnswersInMemory(answers)
    gc.freeze()  # as graph-api does once started: the answers are long-lived
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def serving_floor(answers: Iterable[Answer]) -> AsyncIterator[str]:
    """The floor's app serving `answers` in a process of its own on loopback; yields its URL."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="kindred-floor-") as folder:
        answers_file = Path(folder) / "answers.json"
        answers_file.write_text(json.dumps([list(answer) for answer in answers]))
        process = subprocess.Popen(
            # -P: this folder holds bench/graph_api.py, which would hide the graph_api package
            [sys.executable, "-P", __file__, "serve", str(port), str(answers_file)], preexec_fn=die_with_parent
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the floor's server exited with {process.returncode}")
                with contextlib.suppress(OSError):
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("the floor's server did not start in time")
                await asyncio.sleep(0.05)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)


async def http_framework_floor_ms(url: str, answer: Answer, *, rounds: int = ROUNDS) -> float:
    """The median milliseconds of the floor's app answering `answer`'s request over one
    keep-alive connection, as the benchmark's clients ask graph-api (aiohttp)."""
    document, variables, data = answer
    payload = {"query": document, "variables": variables}
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(base_url=url, connector=connector) as client:

        async def ask() -> dict[str, Any]:
            async with client.post("/graphql", json=payload) as response:
                return dict(await response.json(content_type=None))

        body = await ask()
        if body.get("errors") or body.get("data") != data:
            raise AnswerNotReproduced(f"the floor's server answered {body.get('errors') or body.get('data')}")
        for _ in range(WARMUP_ROUNDS):
            await ask()
        seconds = []
        for _ in range(rounds):
            started = time.perf_counter()
            await ask()
            seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000


if __name__ == "__main__" and sys.argv[1:2] == ["serve"]:
    _serve(int(sys.argv[2]), Path(sys.argv[3]))
