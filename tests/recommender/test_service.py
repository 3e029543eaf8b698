"""The recommender service end to end: graph-api under real uvicorn with the embedded database,
the recommender as a batch subprocess and as its own HTTP service, talking to graph-api over
GraphQL with tokens only."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_api.accounts.service import AccountService
from graph_api.app import create_app as create_graph_api
from graph_api.settings import Settings as GraphApiSettings
from graph_api.store import GraphStore
from graph_api.store.falkordb_driver import FalkorDBDriver
from graph_api.store.repository import GraphRepository
from recommender.__main__ import hold_lock
from recommender.app import create_app
from recommender.graph_client import GraphClient
from recommender.runs import run
from recommender.settings import Settings
from tests.api.conftest import PASSWORD, GraphQLClient, People, api_token
from tests.conftest import LiveServer, ServedApp, TestDatabase, free_port
from tests.seeding import SeedingRepository

TEAMS = ("Platform", "Design", "Sales", "Research")
SITES = ("Lyon", "Leeds")
PASSIONS = ("Jazz", "Hiking", "Chess", "Baking")

SETS = """query($kind: ProposalKind) { proposalSets(kind: $kind, first: 20) {
  totalCount
  edges { node { id kind status seed eventId algorithmVersion quality parameters
    proposals(first: 100) { totalCount edges { node { id round table reasonText reason members { key } } } } } }
} }"""
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id status } }"
MY_PROPOSALS = "{ myProposals { id kind reasonText myResponse members { key } } }"
RESPOND = """mutation($id: ID!) { respondToProposal(id: $id, accept: true) {
  id myResponse community { id name members { key } } } }"""
COMMUNITIES = """{ purposeCommunities(first: 20) { totalCount edges { node { name members { key } } } }
  viewer { communities { name } } }"""
PROPOSE = """mutation($kind: ProposalKind!, $parameters: ProposeInput) { propose(kind: $kind, parameters: $parameters) {
  proposalSetId kind algorithmVersion groupingCount memberCount notes
  quality { cohesion bridgingTeams bridgingSites novelty coverage sizeViolations repeatedPairs
            siloIndexBefore siloIndexAfter extra }
} }"""


def recommender_server_for(graph_api_url: str) -> ServedApp:
    """The recommender's HTTP service under a real uvicorn, in a thread, on loopback."""
    app = create_app(Settings(graph_api_url=graph_api_url, connect_timeout_seconds=2.0))
    return ServedApp(app, "the recommender")


@pytest.fixture
def people(repository: SeedingRepository, http: httpx.AsyncClient) -> People:
    """tests/api/conftest.py's `people`, which this folder does not see."""
    return People(repository, http)


@pytest.fixture(scope="module")
def recommender_server(live_server: LiveServer) -> Iterator[ServedApp]:
    with recommender_server_for(f"{live_server.url}/graphql") as server:
        yield server


@pytest.fixture
async def recommender_http(recommender_server: ServedApp) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=recommender_server.url, timeout=120) as client:
        yield client


@dataclass
class Community:
    ids: dict[str, str]
    token: str
    olga: GraphQLClient
    opted_out: set[str] = field(default_factory=set)

    def handle_of(self, key: str) -> str:
        return next(handle for handle, member_id in self.ids.items() if member_id == key)

    async def sign_in(self, people: People, handle: str) -> GraphQLClient:
        """A client signed in as a member created without a password (hashing one takes a second)."""
        settings = GraphApiSettings(KINDRED_JWT_SECRET="test-secret-that-is-long-enough-for-hs256")
        await AccountService(people.repository, settings).set_password(self.ids[handle], PASSWORD)
        return await people.client(handle)


@pytest.fixture
async def community(repository: SeedingRepository, people: People) -> Community:
    """16 members across 4 teams and 2 sites, each with 2 passions; a few bonds and skills; plus 2
    members who opted out (and love jazz the most, so an algorithm would want them)."""
    ids = {"olga": await people.add("olga", role="organiser")}
    teams = [(await repository.create_team(name)).id for name in TEAMS]
    sites = [(await repository.create_site(name)).id for name in SITES]
    for n in range(16):
        handle = f"member{n:02d}"
        ids[handle] = (await repository.create_member(handle=handle, name=handle.title())).id
        await repository.assign_team(ids[handle], teams[n % 4])
        await repository.assign_site(ids[handle], sites[n // 8])
        await repository.set_member_passion(ids[handle], PASSIONS[n % 4], 5 - n % 3)
        await repository.set_member_passion(ids[handle], PASSIONS[(n // 4) % 4], 2 + n % 2)
    for a, b in (("member00", "member01"), ("member02", "member03"), ("member04", "member08")):
        await repository.record_bond(ids[a], ids[b], "colleague")
    await repository.add_seeks(ids["member05"], "Python")
    await repository.add_offers(ids["member10"], "Python")
    opted_out = set()
    for handle in ("hidden1", "hidden2"):
        ids[handle] = (await repository.create_member(handle=handle, name=handle.title(), opt_out=True)).id
        opted_out.add(ids[handle])
        for passion in PASSIONS:
            await repository.set_member_passion(ids[handle], passion, 5)
        await repository.assign_team(ids[handle], teams[0])
        await repository.add_offers(ids[handle], "Python")
        await repository.add_seeks(ids[handle], "Python")
    token = await api_token(repository, ids["olga"], "read", "write")
    return Community(ids=ids, token=token, olga=await people.client("olga"), opted_out=opted_out)


def _batch(url: str, token: str | None, lock_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("RECOMMENDER_")}
    env.update(
        RECOMMENDER_GRAPH_API_URL=url, RECOMMENDER_LOCK_FILE=str(lock_file), RECOMMENDER_CONNECT_TIMEOUT_SECONDS="2"
    )
    if token is not None:
        env["RECOMMENDER_API_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "recommender", "batch", *args],
        env=env,
        cwd=lock_file.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )


async def batch(
    live_server: LiveServer, token: str | None, tmp_path: Path, *args: str, url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m recommender batch ...` as a subprocess (the test's event loop keeps running)."""
    return await asyncio.to_thread(
        _batch, url or f"{live_server.url}/graphql", token, tmp_path / "recommender.lock", *args
    )


async def proposal_sets(olga: GraphQLClient, kind: str | None = None) -> list[dict[str, Any]]:
    data = await olga.data(SETS, {"kind": kind})
    return [edge["node"] for edge in data["proposalSets"]["edges"]]


def members_of(proposal_set: dict[str, Any]) -> list[list[str]]:
    return [
        [member["key"] for member in edge["node"]["members"]] for edge in proposal_set["proposals"]["edges"]
    ]


def graph_client(live_server: LiveServer, token: str) -> GraphClient:
    return GraphClient(f"{live_server.url}/graphql", token, page_size=5)


async def test_a_batch_purpose_run_is_published_accepted_and_forms_a_community(
    community: Community, live_server: LiveServer, people: People, tmp_path: Path
) -> None:
    done = await batch(live_server, community.token, tmp_path, "--kind", "purpose", "--seed", "3")
    assert done.returncode == 0, done.stderr
    assert "stored draft proposal set proposalset-" in done.stdout
    for figure in ("cohesion", "bridging teams", "bridging sites", "novelty", "coverage", "silo index"):
        assert figure in done.stdout

    (stored,) = await proposal_sets(community.olga, "PURPOSE")
    assert stored["id"] in done.stdout and stored["status"] == "DRAFT" and stored["seed"] == 3
    assert stored["algorithmVersion"].startswith("purpose-")
    assert stored["quality"]["coverage"] == 1.0 and stored["parameters"]["minSize"] == 4
    groups = members_of(stored)
    assert sorted(key for group in groups for key in group) == sorted(
        community.ids[f"member{n:02d}"] for n in range(16)
    )
    first = stored["proposals"]["edges"][0]["node"]
    assert first["reasonText"]
    assert {"sharedPassions", "teams", "sites", "newPairs", "totalPairs"} <= set(first["reason"])
    assert set(first["reason"]["sharedPassions"][0]) == {"slug", "intensities"}

    assert (await community.olga.data(PUBLISH, {"id": stored["id"]}))["publishProposalSet"]["status"] == "PUBLISHED"
    handle = community.handle_of(groups[0][0])
    member = await community.sign_in(people, handle)
    (mine,) = (await member.data(MY_PROPOSALS))["myProposals"]
    assert mine["kind"] == "PURPOSE" and mine["myResponse"] == "PENDING"
    answered = (await member.data(RESPOND, {"id": mine["id"]}))["respondToProposal"]
    assert answered["myResponse"] == "ACCEPTED"
    assert answered["community"]["name"].endswith("circle")
    views = await member.data(COMMUNITIES)
    (formed,) = [edge["node"] for edge in views["purposeCommunities"]["edges"]]
    assert formed["name"] == answered["community"]["name"]
    assert [m["key"] for m in formed["members"]] == [community.ids[handle]]
    assert views["viewer"]["communities"] == [{"name": formed["name"]}]


async def test_the_http_service_proposes_intros_on_demand(
    community: Community, recommender_http: httpx.AsyncClient
) -> None:
    response = await recommender_http.post(
        "/graphql",
        json={"query": PROPOSE, "variables": {"kind": "INTROS", "parameters": {"seed": 1, "roundIndex": 2}}},
        headers={"Authorization": f"Bearer {community.olga.token}"},
    )
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    proposed = body["data"]["propose"]
    assert proposed["kind"] == "INTROS" and proposed["memberCount"] == 17  # olga and the 16, not the 2 hidden
    assert proposed["groupingCount"] > 0 and proposed["algorithmVersion"].startswith("intros-")
    assert proposed["quality"]["sizeViolations"] == 0 and 0 < proposed["quality"]["coverage"] <= 1

    (stored,) = await proposal_sets(community.olga, "INTROS")
    assert stored["id"] == proposed["proposalSetId"] and stored["status"] == "DRAFT"
    assert stored["proposals"]["totalCount"] == proposed["groupingCount"]
    assert {edge["node"]["round"] for edge in stored["proposals"]["edges"]} == {2}
    assert all(len(pair) == 2 for pair in members_of(stored))


async def test_the_http_service_refuses_a_caller_without_a_token(
    community: Community, recommender_http: httpx.AsyncClient
) -> None:
    body = (await recommender_http.post("/graphql", json={"query": PROPOSE, "variables": {"kind": "PURPOSE"}})).json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await proposal_sets(community.olga) == []


async def test_the_http_service_passes_on_graph_apis_refusal_of_a_member(
    community: Community, people: People, recommender_http: httpx.AsyncClient
) -> None:
    member = await community.sign_in(people, "member01")
    body = (
        await recommender_http.post(
            "/graphql",
            json={"query": PROPOSE, "variables": {"kind": "PURPOSE"}},
            headers={"Authorization": f"Bearer {member.token}"},
        )
    ).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN" and error["message"].startswith("graph-api: ")
    assert await proposal_sets(community.olga) == []


async def test_the_http_service_refuses_parameters_of_another_kind(
    community: Community, recommender_http: httpx.AsyncClient
) -> None:
    response = await recommender_http.post(
        "/graphql",
        json={"query": PROPOSE, "variables": {"kind": "INTROS", "parameters": {"tableSize": 4}}},
        headers={"Authorization": f"Bearer {community.token}"},
    )
    error = response.json()["errors"][0]
    request_id = response.headers["x-request-id"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "tableSize", "requestId": request_id}
    assert "intros runs do not use table_size" in error["message"]
    assert await proposal_sets(community.olga) == []


async def test_readiness_follows_graph_api(recommender_server: ServedApp) -> None:
    async with httpx.AsyncClient(base_url=recommender_server.url) as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.get("/readyz")).status_code == 200
    down = recommender_server_for(f"http://127.0.0.1:{free_port()}/graphql")
    down.start()
    try:
        async with httpx.AsyncClient(base_url=down.url) as client:
            response = await client.get("/readyz")
        assert response.status_code == 503 and "cannot reach graph-api" in response.json()["detail"]
    finally:
        down.stop()


async def test_a_second_batch_exits_3_while_the_lock_is_held(
    community: Community, live_server: LiveServer, tmp_path: Path
) -> None:
    with hold_lock(tmp_path / "recommender.lock"):
        refused = await batch(live_server, community.token, tmp_path, "--kind", "purpose")
    assert refused.returncode == 3
    assert "another recommender run holds the lock" in refused.stderr and f"pid {os.getpid()}" in refused.stderr
    assert await proposal_sets(community.olga) == []


async def test_opted_out_members_never_appear_in_a_stored_proposal(
    community: Community, live_server: LiveServer
) -> None:
    everyone = [key for handle, key in community.ids.items() if handle != "olga"]
    async with graph_client(live_server, community.token) as client:
        for kind, parameters in (
            ("purpose", {"min_size": 2, "max_size": 3}),
            ("intros", {}),
            ("skills", {}),
            ("events", {"attendees": everyone, "table_size": 4, "rounds": 2}),
        ):
            stored = await run(kind, parameters, client)
            assert stored.proposal_set_id is not None, kind
    sets = await proposal_sets(community.olga)
    assert {s["kind"] for s in sets} == {"PURPOSE", "INTROS", "SKILLS", "EVENTS"}
    proposed = {key for s in sets for group in members_of(s) for key in group}
    assert proposed and not proposed & community.opted_out
    (events,) = [s for s in sets if s["kind"] == "EVENTS"]
    assert events["parameters"]["skippedAttendees"] == 2 and events["parameters"]["seated"] == 16


async def test_the_same_seed_gives_the_same_proposals(community: Community, live_server: LiveServer) -> None:
    async with graph_client(live_server, community.token) as client:
        first = await run("purpose", {"seed": 11, "min_size": 3, "max_size": 5}, client)
        second = await run("purpose", {"seed": 11, "min_size": 3, "max_size": 5}, client)
    assert first.proposal_set_id != second.proposal_set_id and first.quality == second.quality
    by_id = {s["id"]: s for s in await proposal_sets(community.olga, "PURPOSE")}
    one, two = by_id[first.proposal_set_id], by_id[second.proposal_set_id]
    assert members_of(one) == members_of(two)
    assert [e["node"]["reasonText"] for e in one["proposals"]["edges"]] == [
        e["node"]["reasonText"] for e in two["proposals"]["edges"]
    ]


async def graph_api_event(olga: GraphQLClient, attendees: list[str]) -> str:
    """A new event in graph-api with these attendees; returns its key."""
    created = await olga.data(
        "mutation($input: CreateEventInput!) { createEvent(input: $input) { key } }",
        {"input": {"name": "Summer party", "startsAt": "2026-07-01T18:00:00Z", "place": "Lyon"}},
    )
    key = created["createEvent"]["key"]
    await olga.data(
        "mutation($e: ID!, $m: [ID!]!) { addEventAttendees(eventId: $e, memberIds: $m) { added } }",
        {"e": key, "m": attendees},
    )
    return key


async def test_events_are_seated_round_by_round(community: Community, live_server: LiveServer, tmp_path: Path) -> None:
    attendees = [community.ids[f"member{n:02d}"] for n in range(16)]
    event_id = await graph_api_event(community.olga, attendees)
    done = await batch(
        live_server, community.token, tmp_path, "--kind", "events", "--event", event_id, "--table-size", "4", "--rounds", "3"
    )
    assert done.returncode == 0, done.stderr
    (stored,) = await proposal_sets(community.olga, "EVENTS")
    assert stored["eventId"] == event_id and stored["parameters"]["seated"] == 16
    tables = [(e["node"]["round"], e["node"]["table"]) for e in stored["proposals"]["edges"]]
    assert sorted(tables) == [(r, t) for r in (1, 2, 3) for t in (1, 2, 3, 4)]
    assert stored["quality"]["repeatedPairs"] == 0
    texts = [e["node"]["reasonText"] for e in stored["proposals"]["edges"]]
    assert all("team-" not in text and "site-" not in text for text in texts), texts[0]
    assert any(team in text for text in texts for team in TEAMS) and any(site in text for text in texts for site in SITES)


async def test_purpose_reasons_name_passions_as_people_do(community: Community, live_server: LiveServer, tmp_path: Path) -> None:
    done = await batch(live_server, community.token, tmp_path, "--kind", "purpose")
    assert done.returncode == 0, done.stderr
    (stored,) = await proposal_sets(community.olga, "PURPOSE")
    texts = [e["node"]["reasonText"] for e in stored["proposals"]["edges"]]
    assert all(any(f"love {name}" in text for name in PASSIONS) for text in texts), texts


async def test_an_events_run_for_an_unknown_event_exits_2_and_stores_nothing(
    community: Community, live_server: LiveServer, tmp_path: Path
) -> None:
    refused = await batch(live_server, community.token, tmp_path, "--kind", "events", "--event", "event-nowhere")
    assert refused.returncode == 2
    assert "event-nowhere" in refused.stderr
    assert await proposal_sets(community.olga) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (("--kind", "purpose", "--min-size", "1"), "min_size: Input should be greater than or equal to 2"),
        (("--kind", "purpose", "--min-size", "6", "--max-size", "5"), "must not exceed max_size"),
        (("--kind", "intros", "--table-size", "4"), "intros runs do not use table_size"),
        (("--kind", "events",), "needs the event's id, or its attendees"),
        (("--kind", "friends",), "invalid choice: 'friends'"),
        (("--kind", "purpose", "--seed", "many"), "invalid int value: 'many'"),
    ],
)
async def test_bad_arguments_exit_2_and_store_nothing(
    community: Community, live_server: LiveServer, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    refused = await batch(live_server, community.token, tmp_path, *args)
    assert refused.returncode == 2 and message in refused.stderr, refused.stderr
    assert await proposal_sets(community.olga) == []


async def test_a_batch_without_an_api_token_exits_2(
    community: Community, live_server: LiveServer, tmp_path: Path
) -> None:
    refused = await batch(live_server, None, tmp_path, "--kind", "purpose")
    assert refused.returncode == 2 and "RECOMMENDER_API_TOKEN is not set" in refused.stderr
    assert await proposal_sets(community.olga) == []


async def test_a_token_without_the_write_scope_fails_and_stores_nothing(
    community: Community, live_server: LiveServer, repository: SeedingRepository, tmp_path: Path
) -> None:
    reader = await api_token(repository, community.ids["olga"], "read")
    refused = await batch(live_server, reader, tmp_path, "--kind", "purpose")
    assert refused.returncode == 1
    assert "graph-api refused: FORBIDDEN" in refused.stderr and "read and write scopes" in refused.stderr
    assert await proposal_sets(community.olga) == []


async def test_a_batch_fails_clearly_when_graph_api_is_down(live_server: LiveServer, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/graphql"
    refused = await batch(live_server, "kt.some.token", tmp_path, "--kind", "purpose", url=url)
    assert refused.returncode == 1
    assert f"graph-api is unavailable: cannot reach graph-api at {url}" in refused.stderr
    assert "Traceback" not in refused.stderr


async def test_the_web_apps_origin_may_call_the_http_service_and_others_may_not(live_server: LiveServer) -> None:
    web = "http://web.example:8000"
    app = create_app(Settings(graph_api_url=f"{live_server.url}/graphql", cors_origins=[web]))
    with ServedApp(app, "the recommender") as server:
        async with httpx.AsyncClient(base_url=server.url) as client:
            asked = {"access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type"}
            allowed = await client.options("/graphql", headers={"origin": web, **asked})
            refused = await client.options("/graphql", headers={"origin": "http://elsewhere.example", **asked})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == web
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers


def test_cors_origins_are_read_comma_separated_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOMMENDER_CORS_ORIGINS", "http://127.0.0.1:8000, http://localhost:8000/")
    assert Settings().cors_origins == ["http://127.0.0.1:8000", "http://localhost:8000"]


async def test_the_http_service_says_when_graph_apis_database_is_down(falkordb_database: TestDatabase) -> None:
    """graph-api answers 503 DATABASE_UNAVAILABLE (its store points where nothing listens): the
    recommender passes that code and graph-api's words on, not a bare HTTP status."""
    driver = FalkorDBDriver("127.0.0.1", free_port(), password=None, graph_name="kindred_test", timeout=2)
    graph_api = ServedApp(
        create_graph_api(falkordb_database.settings(), store=GraphStore(driver=driver, repository=GraphRepository(driver))),
        "graph-api without a database",
    )
    graph_api.start()
    recommender = recommender_server_for(f"{graph_api.url}/graphql")
    recommender.start()
    try:
        async with httpx.AsyncClient(base_url=recommender.url, timeout=60) as client:
            body = (
                await client.post(
                    "/graphql",
                    json={"query": PROPOSE, "variables": {"kind": "PURPOSE"}},
                    headers={"Authorization": "Bearer kt.token.secret"},
                )
            ).json()
    finally:
        recommender.stop()
        graph_api.stop()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert "HTTP 503" not in error["message"]
