"""graph-api as several stateless replicas: two servers (each its own app, caches and verified
tokens; and once as two `python -m graph_api serve` processes) on the one test database behind
one client that alternates between them, as a load balancer would. What one replica begins, the
other honours; what one ends, both refuse; the sign-in throttle counts attempts made on either."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from itertools import cycle
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import PASSWORD, SIGN_IN, GraphQLClient, People
from tests.conftest import JWT_SECRET, LiveServer, TestDatabase
from tests.seeding import SeedingRepository
from tests.test_run_command import Product

MEMBERS = "{ members(first: 5) { totalCount } }"
SIGN_OUT = "mutation { signOut }"
REFRESH = "mutation($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken } }"


class RoundRobin(httpx.AsyncBaseTransport):
    """Sends each request to the next replica in turn, whatever URL the client asked for."""

    def __init__(self, replicas: list[LiveServer] | list[Product]) -> None:
        self._ports = cycle([replica.port for replica in replicas])
        self._inner = httpx.AsyncHTTPTransport()
        self.sent_to: list[int] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        port = next(self._ports)
        self.sent_to.append(port)
        request.url = request.url.copy_with(host="127.0.0.1", port=port)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest.fixture(scope="session")
def second_replica(database: TestDatabase, live_server: LiveServer) -> Iterator[LiveServer]:
    """A second graph-api beside `live_server`: the same settings (signing key, database)."""
    with LiveServer(database.settings()) as server:
        yield server


@pytest.fixture
async def balanced(
    live_server: LiveServer, second_replica: LiveServer, driver: object
) -> AsyncIterator[tuple[httpx.AsyncClient, RoundRobin]]:
    transport = RoundRobin([live_server, second_replica])
    async with httpx.AsyncClient(base_url="http://replicas", transport=transport, timeout=30) as client:
        yield client, transport


@pytest.fixture
def people_on_replicas(repository, balanced) -> People:  # type: ignore[no-untyped-def]
    return People(repository, balanced[0])


async def test_a_session_begun_on_one_replica_is_used_on_the_other(
    people_on_replicas: People, balanced: tuple[httpx.AsyncClient, RoundRobin]
) -> None:
    client, transport = balanced
    await people_on_replicas.add("ada")
    tokens = (await GraphQLClient(client).data(SIGN_IN, {"handle": "ada", "password": PASSWORD}))["signIn"]
    signed_in = GraphQLClient(client, token=tokens["accessToken"])
    for _ in range(2):
        assert (await signed_in.data(MEMBERS))["members"]["totalCount"] == 1
    refreshed = (await GraphQLClient(client).data(REFRESH, {"token": tokens["refreshToken"]}))["refreshToken"]
    assert (await GraphQLClient(client, token=refreshed["accessToken"]).data(MEMBERS))["members"]["totalCount"] == 1
    assert len(set(transport.sent_to)) == 2


async def test_a_session_signed_out_on_one_replica_is_refused_by_both(
    people_on_replicas: People, balanced: tuple[httpx.AsyncClient, RoundRobin]
) -> None:
    client, transport = balanced
    await people_on_replicas.add("ada")
    tokens = (await GraphQLClient(client).data(SIGN_IN, {"handle": "ada", "password": PASSWORD}))["signIn"]
    signed_in = GraphQLClient(client, token=tokens["accessToken"])
    # Both replicas have verified (and remembered) the token before it is signed out.
    await signed_in.data(MEMBERS)
    await signed_in.data(MEMBERS)
    assert (await signed_in.data(SIGN_OUT))["signOut"] is True
    refusals = [await signed_in.error(MEMBERS), await signed_in.error(MEMBERS)]
    assert [error["extensions"]["code"] for error in refusals] == ["UNAUTHENTICATED", "UNAUTHENTICATED"]
    assert len(set(transport.sent_to[-2:])) == 2
    for _ in range(2):
        error = await GraphQLClient(client).error(REFRESH, {"token": tokens["refreshToken"]})
        assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_failed_sign_ins_on_either_replica_count_towards_one_limit(
    people_on_replicas: People, balanced: tuple[httpx.AsyncClient, RoundRobin], live_server: LiveServer
) -> None:
    client, _ = balanced
    await people_on_replicas.add("ada")
    limit = live_server.app.state.settings.sign_in_failures_per_handle
    anonymous = GraphQLClient(client)
    for _ in range(limit):
        error = await anonymous.error(SIGN_IN, {"handle": "ada", "password": "not the right password"})
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
    for _ in range(2):  # refused by each replica, though each saw only half the failures
        error = await anonymous.error(SIGN_IN, {"handle": "ada", "password": PASSWORD})
        assert "retryAfter" in error["extensions"], error


async def test_two_serve_processes_share_a_session_and_its_end(falkordb_database: TestDatabase, tmp_path: Path) -> None:
    driver = falkordb_database.driver()
    await driver.clear()
    env = {**falkordb_database.environment(), "KINDRED_JWT_SECRET": JWT_SECRET, "KINDRED_WORKERS": "1"}
    replicas = [Product(tmp_path / name, seed_members=0, env=env) for name in ("a", "b")]
    try:
        for replica in replicas:
            replica.wait_ready()
        transport = RoundRobin(replicas)
        async with httpx.AsyncClient(base_url="http://replicas", transport=transport, timeout=30) as client:
            await People(SeedingRepository(driver), client).add("ada")
            tokens = (await GraphQLClient(client).data(SIGN_IN, {"handle": "ada", "password": PASSWORD}))["signIn"]
            signed_in = GraphQLClient(client, token=tokens["accessToken"])
            assert (await signed_in.data(MEMBERS))["members"]["totalCount"] == 1
            assert (await signed_in.data(SIGN_OUT))["signOut"] is True
            for _ in replicas:
                assert (await signed_in.error(MEMBERS))["extensions"]["code"] == "UNAUTHENTICATED"
            assert len(set(transport.sent_to)) == 2
    finally:
        for replica in replicas:
            replica.stop()
        await driver.clear()
        await driver.close()
