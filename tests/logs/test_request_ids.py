"""Every answer of graph-api carries a request id in `X-Request-ID`: the caller's when it is sane,
a fresh one otherwise; every line logged while handling the request carries it, and so does every
GraphQL error (beside `errorId`, for masked ones)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from graph_api.accounts.service import AccountService
from tests.api.conftest import GraphQLClient, People, SIGN_IN, organiser, people  # noqa: F401 (fixtures)
from tests.conftest import LiveServer
from tests.logs.reading import lines_of

GENERATED = re.compile(r"[0-9a-f]{32}")
# Ids no other request has: a server's log holds the lines of every test that used it.
REFUSED, WRONG, MASKED, CRASHED = (f"{name}-{uuid.uuid4().hex}" for name in ("refused", "wrong", "masked", "crash"))


async def test_a_sane_request_id_is_echoed(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz", headers={"X-Request-ID": "checkout-42:retry.1_a"})
    assert response.headers["x-request-id"] == "checkout-42:retry.1_a"


async def test_a_request_id_is_generated_when_none_is_sent(http: httpx.AsyncClient) -> None:
    first, second = (await http.get("/healthz")).headers["x-request-id"], (await http.get("/healthz")).headers["x-request-id"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second) and first != second


@pytest.mark.parametrize("sent", ["x" * 129, "has spaces", "semi;colon", 'quo"te', "é-accent", "slash/ed"])
async def test_an_insane_request_id_is_replaced_and_not_echoed(http: httpx.AsyncClient, sent: str) -> None:
    response = await http.get("/healthz", headers={"X-Request-ID": sent.encode()})
    assert GENERATED.fullmatch(response.headers["x-request-id"])


async def test_a_refusal_at_the_edge_carries_the_request_id(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json", "X-Request-ID": REFUSED}
    )
    assert response.status_code == 400 and response.headers["x-request-id"] == REFUSED
    assert response.json()["errors"][0]["extensions"]["requestId"] == REFUSED


async def test_every_line_written_for_a_request_is_json_and_carries_its_id(
    http: httpx.AsyncClient, live_server: LiveServer, people: People  # noqa: F811
) -> None:
    await people.add("ada")
    sent = {"handle": "ada", "password": "not the password at all"}
    response = await http.post("/graphql", json={"query": SIGN_IN, "variables": sent}, headers={"X-Request-ID": WRONG})
    assert response.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED", "requestId": WRONG}
    lines = lines_of(live_server, WRONG)
    assert [line["event"] for line in lines] == ["sign-in refused: handle 'ada' from 127.0.0.1", "request"]
    assert {line["service"] for line in lines} == {"graph-api"} and all(line["time"] for line in lines)


async def test_a_masked_graphql_error_carries_its_error_id_and_the_request_id(
    organiser: GraphQLClient, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    async def broken(self: AccountService) -> list[Any]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(AccountService, "api_tokens", broken)
    response = await organiser.http.post(
        "/graphql",
        json={"query": "{ apiTokens { id } }"},
        headers={"Authorization": f"Bearer {organiser.token}", "X-Request-ID": MASKED},
    )
    extensions = response.json()["errors"][0]["extensions"]
    assert extensions["code"] == "INTERNAL_SERVER_ERROR" and extensions["requestId"] == MASKED
    logged = [line for line in lines_of(live_server, MASKED) if line["level"] == "error"]
    assert len(logged) == 1 and extensions["errorId"] in logged[0]["event"] and "RuntimeError: a bug" in logged[0]["exception"]


async def test_an_unexpected_failure_outside_graphql_is_a_500_with_the_request_id(
    organiser: GraphQLClient, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    async def broken(self: AccountService, token: str) -> Any:
        raise RuntimeError("a bug before any resolver")

    monkeypatch.setattr(AccountService, "authenticate", broken)
    response = await organiser.http.post(
        "/graphql", json={"query": "{ viewer { handle } }"},
        headers={"Authorization": f"Bearer {organiser.token}", "X-Request-ID": CRASHED},
    )
    assert response.status_code == 500 and response.headers["x-request-id"] == CRASHED
    assert response.json()["errors"][0]["extensions"] == {
        "code": "INTERNAL_SERVER_ERROR", "errorId": CRASHED, "requestId": CRASHED
    }
    assert response.headers["x-content-type-options"] == "nosniff"  # still behind the security headers
    lines = lines_of(live_server, CRASHED)
    assert [line["level"] for line in lines] == ["error", "info"] and "a bug before any resolver" in lines[0]["exception"]
    assert lines[1] | {"duration_ms": 0} == {**lines[1], "status": 500, "duration_ms": 0}
