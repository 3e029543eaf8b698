"""Over-limit queries are refused before execution, with a clear error and a code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from graph_api.api.limits import MAX_ALIASES, MAX_COST, MAX_DEPTH, MAX_TOKENS, query_limit_errors
from graph_api.api.schema import schema
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
    query = "{ viewer { " + " ".join(["name"] * (MAX_TOKENS + 1000)) + " } }"
    error = await _refused_before_execution(organiser, live_server, query)
    assert f"more than {MAX_TOKENS} tokens" in error["message"]


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


# The web app's own queries, read from its source, must fit every limit at their largest
# (a size given by a variable counts at its maximum): the web app is never refused.

FRONTEND_SRC = Path(__file__).resolve().parents[2] / "frontend" / "src"
_CONSTANT = re.compile(r"^(?:export )?const ([A-Z][A-Z0-9_]*) = (`[^`]*`|\"[^\"]*\"|\d+);", re.MULTILINE)
_INTERPOLATION = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def _constants(source: str) -> dict[str, str]:
    return {name: value.strip('`"') for name, value in _CONSTANT.findall(source)}


def _resolve(text: str, local: dict[str, str], shared: dict[str, str]) -> str:
    for _ in range(5):
        text = _INTERPOLATION.sub(lambda m: local.get(m.group(1), shared.get(m.group(1), m.group(0))), text)
    return text


def web_app_operations() -> dict[str, str]:
    """Every query and mutation the web app sends graph-api, by its constant's file and name
    (recommender.js speaks to the recommender's own API)."""
    sources = {path.name: path.read_text() for path in sorted(FRONTEND_SRC.glob("*.js")) if path.name != "recommender.js"}
    shared: dict[str, str] = {}
    for source in sources.values():
        shared.update(_constants(source))
    operations: dict[str, str] = {}
    for file, source in sources.items():
        local = _constants(source)
        for name, value in local.items():
            if value.lstrip().startswith(("query", "mutation")):
                operations[f"{file}:{name}"] = _resolve(value, local, shared)
    kpis = re.findall(r"^  ([A-Z][A-Z0-9_]+)$", schema.as_str().split("enum KpiName {", 1)[1].split("}", 1)[0], re.MULTILINE)
    fields = "\n  ".join(
        f"{kpi}: communityHealthHistory(kpi: {kpi}, from: $from, to: $to, scope: $scope) {{ at value }}" for kpi in kpis
    )
    operations["dashboard-kpis.js:historyQuery"] = (
        f"query DashboardHistory($from: Date!, $to: Date!, $scope: HealthScopeInput) {{\n  {fields}\n}}"
    )
    return operations


def test_the_web_app_sends_a_known_set_of_operations() -> None:
    operations = web_app_operations()
    assert len(operations) >= 40, sorted(operations)
    assert not [name for name, text in operations.items() if "${" in text]
    assert "explore-data.js:GRAPH_QUERY" in operations


@pytest.mark.parametrize("name", sorted(web_app_operations()))
def test_every_web_app_operation_fits_every_limit(name: str) -> None:
    document = parse(web_app_operations()[name], max_tokens=MAX_TOKENS)
    assert not validate(schema._schema, document), name
    assert query_limit_errors(document) == [], name


def test_graph_views_are_costed_at_the_sizes_they_accept() -> None:
    from graph_api.api import graph_views, snapshot
    from graph_api.api.limits import BULK_DEFAULTS, BULK_FIELDS

    assert BULK_FIELDS["communityGraph"][:2] == ("limit", graph_views.COMMUNITY_MAX)
    assert BULK_DEFAULTS["communityGraph"] == graph_views.COMMUNITY_DEFAULT
    assert BULK_FIELDS["neighborhood"][1] == BULK_DEFAULTS["neighborhood"] == graph_views.NEIGHBORHOOD_MAX_MEMBERS
    assert BULK_DEFAULTS["communitySnapshot"] == snapshot.SNAPSHOT_PAGE_DEFAULT


def test_measuring_doubling_fragments_takes_linear_time() -> None:
    import time

    def seconds(levels: int) -> float:
        fragments = "".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} a{i}: __typename }} " for i in range(levels))
        document = parse("query { ...F0 } " + fragments + f"fragment F{levels} on Query {{ __typename }}")
        started = time.perf_counter()
        errors = query_limit_errors(document)
        assert errors and all(e.extensions["code"] == "QUERY_TOO_LARGE" for e in errors)
        return time.perf_counter() - started

    seconds(20)  # warm up
    # Walked naively, 40 levels take a million times longer than 20; measured once per fragment, about twice.
    assert seconds(40) < 20 * max(seconds(20), 1e-4)


DRAWN = "truncated nodes { id key kind label team site passions size } edges { source target kind bondKind weight }"


@pytest.mark.parametrize(
    ("views", "selection", "fits"),
    [(4, "truncated packed", True), (5, "truncated packed", False), (1, DRAWN, True), (2, DRAWN, False), (30, "packed", False)],
)
def test_full_size_graph_views_cost_by_their_limit(views: int, selection: str, fits: bool) -> None:
    query = "{ " + " ".join(f"v{n}: communityGraph(limit: 5000) {{ {selection} }}" for n in range(views)) + " }"
    errors = query_limit_errors(parse(query))
    assert (errors == []) is fits, errors
    assert all(e.extensions["code"] == "QUERY_TOO_LARGE" for e in errors)
