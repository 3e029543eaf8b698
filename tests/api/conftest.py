"""Fixtures for the GraphQL API: accounts that can sign in, and a client that speaks GraphQL over HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from graph_api.accounts.credentials import hash_secret, new_secret
from graph_api.accounts.service import AccountService
from graph_api.domain import rules
from graph_api.settings import Settings
from graph_api.store.queries.accounts import CREATE_API_TOKEN
from graph_api.store.repository import GraphRepository, new_id
from tests import log_capture
from tests.seeding import SeedingRepository

PASSWORD = "correct horse battery staple"
log_capture.remember("password", PASSWORD)


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = dict(self.headers)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = await self.http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        log_capture.remember_response(body, variables, self.token)
        return without_request_ids(body, response.headers["x-request-id"])

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a query that must succeed."""
        body = await self.post(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def error(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The first error of a query that must fail."""
        body = await self.post(query, variables)
        assert body.get("errors"), body
        return body["errors"][0]


def without_request_ids(body: dict[str, Any], request_id: str) -> dict[str, Any]:
    """`body` with the request id set aside from every error, once checked to be the response's
    (so the API tests compare each error's own extensions)."""
    for error in body.get("errors") or ():
        extensions = error.get("extensions") or {}
        assert extensions.pop("requestId", None) == request_id, error
    return body


SIGN_IN = """mutation($handle: String!, $password: String!) {
  signIn(handle: $handle, password: $password) { accessToken refreshToken expiresAt member { handle } }
}"""


@dataclass
class People:
    """Creates members with passwords and hands out clients signed in as them."""

    repository: SeedingRepository
    http: httpx.AsyncClient
    ids: dict[str, str] = field(default_factory=dict)

    async def add(self, handle: str, *, role: str = "member", name: str | None = None, **profile: Any) -> str:
        member = await self.repository.create_member(handle=handle, name=name or handle.title(), **profile)
        settings = Settings(KINDRED_JWT_SECRET="test-secret-that-is-long-enough-for-hs256")
        await AccountService(self.repository, settings).set_password(member.id, PASSWORD, role=role)
        self.ids[handle] = member.id
        return member.id

    async def client(self, handle: str) -> GraphQLClient:
        anonymous = GraphQLClient(self.http)
        data = await anonymous.data(SIGN_IN, {"handle": handle, "password": PASSWORD})
        return GraphQLClient(self.http, token=data["signIn"]["accessToken"])


@pytest.fixture
def anonymous(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


@pytest.fixture
def people(repository: SeedingRepository, http: httpx.AsyncClient) -> People:
    return People(repository, http)


@pytest.fixture
async def organiser(people: People) -> GraphQLClient:
    await people.add("olga", role="organiser", name="Olga Organiser", email="olga@example.org")
    return await people.client("olga")


@pytest.fixture
async def member(people: People) -> GraphQLClient:
    await people.add("ada", name="Ada Lovelace", email="ada@example.org")
    return await people.client("ada")


async def api_token(repository: GraphRepository, created_by: str, *scopes: str) -> str:
    """An API token written straight into the graph, as an organiser would create one for an integrator."""
    token_id, secret = new_id("apitoken"), new_secret()
    params = {
        "createdBy": created_by,
        "id": token_id,
        "name": "Recommender",
        "scopes": list(scopes),
        "tokenHash": hash_secret(secret),
        "now": rules.utc_now(),
    }
    assert await repository.driver.write(CREATE_API_TOKEN, params)
    log_capture.remember("API token", secret)
    return f"kt.{token_id}.{secret}"
