"""Over-limit queries are refused before execution, with a clear error and a code."""

from __future__ import annotations

from graph_api.api.limits import MAX_ALIASES, MAX_COST, MAX_DEPTH
from tests.api.conftest import GraphQLClient
from tests.conftest import LiveServer


async def _refused_before_execution(client: GraphQLClient, live_server: LiveServer, query: str) -> dict:
    before = live_server.round_trips
    body = await client.post(query)
    after = live_server.round_trips
    assert body.get("data") is None, body
    # Only the token check touches the database: the query itself never ran.
    assert after - before <= 1
    error = body["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_LARGE", error
    return error


async def test_a_query_deeper_than_the_limit_is_refused(organiser: GraphQLClient, live_server: LiveServer) -> None:
    nested = "{ member(handle: \"olga\") { " + "bonds { other { " * 5 + "name" + " } }" * 5 + " } }"
    error = await _refused_before_execution(organiser, live_server, nested)
    assert f"exceeds maximum operation depth of {MAX_DEPTH}" in error["message"]


async def test_too_many_aliases_are_refused(organiser: GraphQLClient, live_server: LiveServer) -> None:
    query = "{ " + " ".join(f"a{n}: viewer {{ name }}" for n in range(MAX_ALIASES + 1)) + " }"
    error = await _refused_before_execution(organiser, live_server, query)
    assert "aliases" in error["message"]


async def test_too_many_tokens_are_refused(organiser: GraphQLClient, live_server: LiveServer) -> None:
    query = "{ viewer { " + " ".join(["name"] * 5000) + " } }"
    error = await _refused_before_execution(organiser, live_server, query)
    assert "more than 4000 tokens" in error["message"]


async def test_a_query_over_the_cost_limit_is_refused(organiser: GraphQLClient, live_server: LiveServer) -> None:
    query = (
        "{ passions(first: 100) { edges { node { members(first: 100) { edges { node { "
        "name passions { passion { slug } } offers { slug } } } } } } } }"
    )
    error = await _refused_before_execution(organiser, live_server, query)
    assert f"exceeds the cost limit of {MAX_COST}" in error["message"]


async def test_a_page_size_given_by_a_variable_counts_at_its_maximum(
    organiser: GraphQLClient, live_server: LiveServer
) -> None:
    query = (
        "query($n: Int) { passions(first: $n) { edges { node { members(first: $n) { edges { node { "
        "name passions { passion { slug } } offers { slug } } } } } } } }"
    )
    await _refused_before_execution(organiser, live_server, query)


async def test_a_full_page_of_members_with_their_details_is_within_every_limit(organiser: GraphQLClient) -> None:
    query = (
        "{ members(first: 100) { totalCount edges { cursor node { id handle name headline vision "
        "passions { intensity passion { slug name } } team { name } site { name } bondCount } } "
        "pageInfo { hasNextPage endCursor } } }"
    )
    assert (await organiser.data(query))["members"]["totalCount"] == 1


async def test_a_malformed_query_carries_a_code(organiser: GraphQLClient) -> None:
    error = (await organiser.post("{ members(first: 5) { nope } }"))["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
