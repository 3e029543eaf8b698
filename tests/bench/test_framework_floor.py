"""bench/framework_floor.py: Strawberry answering the benchmark's reads from memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from graphql import build_schema, parse, validate

from bench import graph_api as bench
from bench.framework_floor import SCHEMA, AnswerNotReproduced, framework_floor_ms, http_framework_floor_ms, serving_floor
from graph_api.api.schema import schema as graph_api_schema

MEMBER = {
    "name": "Ada Lovelace",
    "headline": "Engines and poetry",
    "passions": [{"intensity": 3, "passion": {"name": "Mathematics"}}, {"intensity": 1, "passion": {"name": "Poetry"}}],
    "team": {"name": "Analytics"},
    "site": None,
    "bondCount": 7,
}
PAGE = {"edges": [{"node": MEMBER}] * 3}
#: Each read the benchmark times alone, with an answer of the shape graph-api gives it.
READS: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    "member": (bench.GQL_MEMBER, {"id": "m1"}, {"member": {k: MEMBER[k] for k in ("name", "headline", "passions")}}),
    "members_by_passion": (bench.GQL_BY_PASSION, {"slug": "poetry"}, {"members": PAGE}),
    "members_by_team": (bench.GQL_BY_TEAM, {"team": "t1"}, {"members": PAGE}),
    "passion_page": (
        bench.GQL_PASSION,
        {"slug": "poetry"},
        {"passion": {"name": "Poetry", "memberCount": 2, "members": {"edges": [{"node": {"name": "Ada"}}]}}},
    ),
    "search": (bench.GQL_SEARCH, {"text": "ada"}, {"search": [{"score": 2.5, "node": {"name": "Ada"}}]}),
    "member_page": (bench.GQL_MEMBERS, {}, {"members": PAGE}),
    "member_page_by_join_date": (bench.GQL_MEMBERS_JOINED, {}, {"members": PAGE}),
}


def test_every_read_timed_alone_has_an_answer_here() -> None:
    timed = {operation for operation, kind in bench.SINGLE_OPERATIONS.items() if kind != "write"}
    assert timed == set(READS)


@pytest.mark.parametrize("operation", sorted(READS))
def test_each_read_is_a_valid_document_of_graph_api_and_of_the_floors_schema(operation: str) -> None:
    document = parse(READS[operation][0])
    assert validate(build_schema(graph_api_schema.as_str()), document) == []
    assert validate(build_schema(SCHEMA.as_str()), document) == []


@pytest.mark.parametrize("operation", sorted(READS))
async def test_the_floor_reproduces_graph_apis_answer_before_it_times_it(operation: str) -> None:
    assert await framework_floor_ms(*READS[operation], rounds=3) > 0


async def test_an_answer_the_floor_cannot_reproduce_is_refused_not_timed() -> None:
    document, variables, answer = READS["member"]
    with pytest.raises(AnswerNotReproduced):
        await framework_floor_ms(document, variables, {"member": {**answer["member"], "vision": "unasked"}}, rounds=3)


@pytest.fixture(scope="module")
async def floor_url() -> AsyncIterator[str]:
    """The floor's app serving every read of READS, in its own process on loopback."""
    async with serving_floor(READS.values()) as url:
        yield url


@pytest.mark.parametrize("operation", sorted(READS))
async def test_the_floor_served_over_http_reproduces_graph_apis_answer_before_it_times_it(
    floor_url: str, operation: str
) -> None:
    assert await http_framework_floor_ms(floor_url, READS[operation], rounds=3) > 0


async def test_a_request_the_served_floor_has_no_answer_for_is_refused_not_timed(floor_url: str) -> None:
    document, _, answer = READS["member"]
    with pytest.raises(AnswerNotReproduced):
        await http_framework_floor_ms(floor_url, (document, {"id": "another"}, answer), rounds=3)
