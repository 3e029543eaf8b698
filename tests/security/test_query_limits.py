"""Query-shape attacks (the OWASP GraphQL cheat sheet's list): each is refused before it
runs, with its code, in about the time of a trivial query; and production mode keeps the
schema to signed-in callers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from graphql import get_introspection_query

from graph_api.api.limits import MAX_ALIASES, MAX_COST, MAX_DEPTH
from graph_api.store.repository import GraphRepository
from tests.api.conftest import GraphQLClient, People, api_token
from tests.conftest import DEFAULT_PASSWORD_COST, LiveServer, TestDatabase
from tests.security.conftest import assert_cheap

INTROSPECTION = get_introspection_query(descriptions=True)
#: Attacks near the token limit: lexing and parsing 4,000 tokens alone takes some twenty
#: trivial queries' time, so they get more room; unbounded, the same attacks took thousands.
NEAR_TOKEN_LIMIT = 100.0
GRAPH_VIEW = "nodes { id key kind label team site passions size } edges { source target kind bondKind weight }"


def doubling_fragments(levels: int) -> str:
    """Each fragment spreads the next twice: 2**levels spreads if walked naively."""
    fragments = "".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }} " for i in range(levels))
    return "query { ...F0 } " + fragments + f"fragment F{levels} on Query {{ __typename }}"


async def refused(client: GraphQLClient, query: str, code: str, variables: dict[str, Any] | None = None) -> dict:
    body = await client.post(query, variables)
    assert body.get("data") is None, body
    error = body["errors"][0]
    assert error["extensions"]["code"] == code, error
    return error


async def refused_cheaply(client: GraphQLClient, query: str, code: str, *, ratio: float = 50.0) -> dict:
    errors: list[dict] = []

    async def attack() -> None:
        errors.append(await refused(client, query, code))

    await assert_cheap(client.http, attack, ratio=ratio)
    return errors[0]


@pytest.mark.parametrize("levels", [21, 30])
async def test_fragments_spreading_the_next_twice_are_refused_quickly(
    anonymous: GraphQLClient, live_server: LiveServer, levels: int
) -> None:
    before = live_server.round_trips
    error = await refused_cheaply(anonymous, doubling_fragments(levels), "QUERY_TOO_LARGE")
    assert f"exceeds the cost limit of {MAX_COST}" in error["message"]
    assert live_server.round_trips == before


async def test_circular_fragments_are_refused(anonymous: GraphQLClient) -> None:
    query = "query { ...A } fragment A on Query { ...B ...B __typename } fragment B on Query { ...A ...A }"
    error = await refused_cheaply(anonymous, query, "GRAPHQL_VALIDATION_FAILED")
    assert "Cannot spread fragment 'A' within itself" in error["message"]


async def test_a_fragment_spreading_itself_is_refused(anonymous: GraphQLClient) -> None:
    await refused_cheaply(anonymous, "query { ...A } fragment A on Query { __typename ...A }", "GRAPHQL_VALIDATION_FAILED")


async def test_a_long_chain_of_fragments_is_refused(anonymous: GraphQLClient) -> None:
    chain = "".join(f"fragment F{i} on Query {{ ...F{i + 1} }} " for i in range(300))
    query = "query { ...F0 } " + chain + "fragment F300 on Query { __typename }"
    error = await refused_cheaply(anonymous, query, "QUERY_TOO_LARGE", ratio=NEAR_TOKEN_LIMIT)
    assert "levels deep" in error["message"]


async def test_aliases_overload_is_refused(anonymous: GraphQLClient) -> None:
    query = "{ " + " ".join(f"a{n}: __typename" for n in range(1300)) + " }"
    error = await refused_cheaply(anonymous, query, "QUERY_TOO_LARGE", ratio=NEAR_TOKEN_LIMIT)
    assert f"Allowed: {MAX_ALIASES}" in error["message"]


async def test_aliases_multiplied_through_fragments_count_each_time_they_are_spread(anonymous: GraphQLClient) -> None:
    aliases = " ".join(f"a{n}: __typename" for n in range(MAX_ALIASES // 2 + 1))
    query = f"query {{ ...A }} fragment A on Query {{ ...B ...B }} fragment B on Query {{ {aliases} }}"
    error = await refused(anonymous, query, "QUERY_TOO_LARGE")
    assert f"{2 * (MAX_ALIASES // 2 + 1)} aliases found" in error["message"]


async def test_aliases_through_doubling_fragments_are_refused_quickly(anonymous: GraphQLClient) -> None:
    query = doubling_fragments(30).replace("{ __typename }", "{ a: __typename }")
    await refused_cheaply(anonymous, query, "QUERY_TOO_LARGE")


async def test_field_duplication_is_refused_quickly(anonymous: GraphQLClient) -> None:
    query = "{ " + " ".join(["__typename"] * 3990) + " }"
    await refused_cheaply(anonymous, query, "QUERY_TOO_LARGE", ratio=NEAR_TOKEN_LIMIT)


async def test_duplicated_nested_fields_are_refused_quickly(member: GraphQLClient) -> None:
    query = "{ " + " ".join(["viewer { team { name } }"] * 560) + " }"
    await refused_cheaply(member, query, "QUERY_TOO_LARGE", ratio=NEAR_TOKEN_LIMIT)


async def test_duplicated_inline_fragments_are_refused_quickly(member: GraphQLClient) -> None:
    query = "{ " + " ".join(["... on Query { viewer { name } }"] * 400) + " }"
    await refused_cheaply(member, query, "QUERY_TOO_LARGE", ratio=NEAR_TOKEN_LIMIT)


async def test_copies_merged_across_selections_are_refused_quickly(member: GraphQLClient) -> None:
    # Each selection repeats a field only 20 times, but merged they make 300 copies of `team` to compare.
    query = "{ " + " ".join(["viewer { " + " ".join(["team { name }"] * 15) + " }"] * 20) + " }"
    error = await refused_cheaply(member, query, "QUERY_TOO_LARGE")
    assert "too complex to check" in error["message"]


async def test_a_field_repeated_a_few_times_is_still_answered(member: GraphQLClient) -> None:
    data = await member.data("{ " + " ".join(["viewer { handle }"] * 20) + " }")
    assert data["viewer"]["handle"] == "ada"


@pytest.mark.parametrize("directive", ["@include(if: true)", "@skip(if: false)", "@deprecated"])
async def test_directives_overloading_is_refused_quickly(anonymous: GraphQLClient, directive: str) -> None:
    query = "{ __typename " + " ".join([directive] * 500) + " }"
    error = await refused_cheaply(anonymous, query, "QUERY_TOO_LARGE", ratio=NEAR_TOKEN_LIMIT)
    assert "directives" in error["message"]


async def test_a_batch_of_operations_in_one_request_is_refused(
    http: httpx.AsyncClient, live_server: LiveServer, nothing_written: Any
) -> None:
    batch = [{"query": "{ __typename }"}] * 50 + [{"query": 'mutation { signIn(handle: "x", password: "y") { accessToken } }'}]
    before = live_server.round_trips
    async with nothing_written():
        response = await http.post("/graphql", json=batch)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "BATCHING_NOT_SUPPORTED", response.text
    assert live_server.round_trips == before


async def test_nesting_beyond_the_depth_limit_is_refused_quickly(anonymous: GraphQLClient, live_server: LiveServer) -> None:
    nested = '{ member(handle: "ada") { ' + "bonds { other { " * 6 + "name" + " } }" * 6 + " } }"
    before = live_server.round_trips
    error = await refused_cheaply(anonymous, nested, "QUERY_TOO_LARGE")
    assert f"exceeds maximum operation depth of {MAX_DEPTH}" in error["message"]
    assert live_server.round_trips == before


async def test_nesting_hidden_in_fragments_counts_towards_the_depth(anonymous: GraphQLClient) -> None:
    levels = "".join(f"fragment F{i} on Member {{ bonds {{ other {{ ...F{i + 1} }} }} }} " for i in range(6))
    query = '{ member(handle: "ada") { ...F0 } } ' + levels + "fragment F6 on Member { name }"
    error = await refused_cheaply(anonymous, query, "QUERY_TOO_LARGE")
    assert "exceeds maximum operation depth" in error["message"]


async def test_nesting_past_the_parser_limit_is_refused(anonymous: GraphQLClient) -> None:
    query = "{ " + "viewer { team { " * 150 + "name" + " } }" * 150 + " }"
    await refused_cheaply(anonymous, query, "QUERY_TOO_LARGE")


async def test_deep_type_references_in_introspection_are_refused(anonymous: GraphQLClient) -> None:
    query = '{ __type(name: "Member") { ' + "ofType { " * 30 + "name" + " }" * 30 + " } }"
    error = await refused_cheaply(anonymous, query, "QUERY_TOO_LARGE")
    assert "introspection depth" in error["message"]


async def test_introspection_lists_nested_in_each_other_are_refused(anonymous: GraphQLClient) -> None:
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    await refused_cheaply(anonymous, query, "QUERY_TOO_LARGE")


async def test_amplification_through_community_graph_aliases_is_refused(
    member: GraphQLClient, live_server: LiveServer
) -> None:
    query = "{ " + " ".join(f"v{n}: communityGraph(limit: 5000) {{ truncated {GRAPH_VIEW} }}" for n in range(30)) + " }"
    before = live_server.round_trips
    error = await refused(member, query, "QUERY_TOO_LARGE")
    assert live_server.round_trips - before <= 1  # the token check only
    assert f"exceeds the cost limit of {MAX_COST}" in error["message"]
    await refused_cheaply(member, query, "QUERY_TOO_LARGE")


async def test_thirty_packed_full_size_views_are_refused(member: GraphQLClient) -> None:
    query = "{ " + " ".join(f"v{n}: communityGraph(limit: 5000) {{ packed }}" for n in range(30)) + " }"
    await refused_cheaply(member, query, "QUERY_TOO_LARGE")


async def test_thirty_neighbourhoods_are_refused(member: GraphQLClient) -> None:
    query = "{ " + " ".join(f'v{n}: neighborhood(memberId: "m{n}", depth: 2) {{ packed }}' for n in range(30)) + " }"
    await refused_cheaply(member, query, "QUERY_TOO_LARGE")


async def test_a_few_full_size_packed_views_fit(member: GraphQLClient) -> None:
    query = "{ " + " ".join(f"v{n}: communityGraph(limit: 5000) {{ truncated packed }}" for n in range(4)) + " }"
    data = await member.data(query)
    assert all(view["truncated"] is False for view in data.values())


async def test_the_web_app_graph_query_fits_at_its_largest(member: GraphQLClient) -> None:
    query = "query CommunityGraph($limit: Int!) { communityGraph(limit: $limit) { truncated packed } }"
    assert (await member.data(query, {"limit": 5000}))["communityGraph"]["truncated"] is False


# Production mode: a second graph-api on the same test graph, with KINDRED_PRODUCTION on.


@pytest.fixture(scope="module")
def production_server(database: TestDatabase) -> Iterator[LiveServer]:
    with LiveServer(database.settings(KINDRED_PRODUCTION=True, **DEFAULT_PASSWORD_COST)) as server:
        yield server


@pytest.fixture
async def production_http(production_server: LiveServer, http: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the production server; `http` empties the graph first, as for the other tests."""
    async with httpx.AsyncClient(base_url=production_server.url, timeout=30) as client:
        yield client


@pytest.fixture
def production_anonymous(production_http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(production_http)


async def test_anonymous_introspection_is_refused_in_production(production_anonymous: GraphQLClient) -> None:
    error = await refused_cheaply(production_anonymous, INTROSPECTION, "INTROSPECTION_DISABLED")
    assert "sign in" in error["message"]


@pytest.mark.parametrize(
    "query",
    [
        '{ __type(name: "Member") { fields { name } } }',
        "{ ...F } fragment F on Query { __schema { queryType { name } } }",
        "{ ... on Query { __schema { types { name } } } }",
        '{ t: __type(name: "Query") { name } }',
    ],
)
async def test_anonymous_introspection_is_refused_in_production_however_it_is_spelt(
    production_anonymous: GraphQLClient, query: str
) -> None:
    await refused(production_anonymous, query, "INTROSPECTION_DISABLED")


async def test_an_invalid_token_does_not_open_introspection_in_production(production_http: httpx.AsyncClient) -> None:
    client = GraphQLClient(production_http, token="not-a-token")
    await refused(client, "{ __schema { queryType { name } } }", "INTROSPECTION_DISABLED")


async def test_typename_stays_open_to_anonymous_callers_in_production(production_anonymous: GraphQLClient) -> None:
    assert (await production_anonymous.data("{ __typename }")) == {"__typename": "Query"}


async def test_members_may_introspect_in_production(member: GraphQLClient, production_http: httpx.AsyncClient) -> None:
    client = GraphQLClient(production_http, token=member.token)
    schema = (await client.data(INTROSPECTION))["__schema"]
    assert schema["queryType"]["name"] == "Query"


async def test_api_tokens_may_introspect_in_production(
    people: People, repository: GraphRepository, production_http: httpx.AsyncClient
) -> None:
    organiser = await people.add("olga", role="organiser")
    client = GraphQLClient(production_http, token=await api_token(repository, organiser, "READ"))
    assert (await client.data('{ __type(name: "Member") { name } }'))["__type"]["name"] == "Member"


async def test_no_field_suggestions_in_production(production_anonymous: GraphQLClient) -> None:
    error = await refused(production_anonymous, "{ membrs(first: 1) { totalCount } }", "GRAPHQL_VALIDATION_FAILED")
    assert error["message"] == "Cannot query field 'membrs' on type 'Query'."


async def test_no_enum_value_suggestions_in_production(member: GraphQLClient, production_http: httpx.AsyncClient) -> None:
    client = GraphQLClient(production_http, token=member.token)
    error = await refused(client, "{ members(orderBy: NAM) { totalCount } }", "GRAPHQL_VALIDATION_FAILED")
    assert "Did you mean" not in error["message"] and "NAME" not in error["message"]
    query = "query($o: MemberOrder!) { members(orderBy: $o) { totalCount } }"
    body = await client.post(query, {"o": "NAM"})
    assert body["errors"] and all("Did you mean" not in e["message"] for e in body["errors"]), body


async def test_no_argument_suggestions_in_production(production_anonymous: GraphQLClient) -> None:
    error = await refused(production_anonymous, "{ members(frist: 1) { totalCount } }", "GRAPHQL_VALIDATION_FAILED")
    assert "Did you mean" not in error["message"]


async def test_suggestions_and_introspection_stay_outside_production(anonymous: GraphQLClient) -> None:
    error = await refused(anonymous, "{ membrs(first: 1) { totalCount } }", "GRAPHQL_VALIDATION_FAILED")
    assert "Did you mean 'members'" in error["message"]
    assert (await anonymous.data(INTROSPECTION))["__schema"]["queryType"]["name"] == "Query"


async def test_the_standard_introspection_query_fits_every_limit(anonymous: GraphQLClient) -> None:
    full = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    assert (await anonymous.data(full))["__schema"]["types"]
