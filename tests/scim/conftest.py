"""Fixtures for SCIM provisioning: a provisioning client speaking SCIM over HTTP to the live server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from graph_api.scim import tokens
from tests.api.conftest import GraphQLClient, People, anonymous, member, people  # noqa: F401 - shared fixtures
from tests.seeding import SeedingRepository

SCIM_JSON = "application/scim+json"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def user(user_name: str, **extra: Any) -> dict[str, Any]:
    """A User resource as an identity provider sends it."""
    given, _, family = user_name.split("@")[0].partition(".")
    return {
        "schemas": [USER_SCHEMA],
        "userName": user_name,
        "name": {"givenName": given.title(), "familyName": family.title() or "Tester"},
        "emails": [{"value": user_name, "type": "work", "primary": True}],
        "active": True,
        **extra,
    }


def patch(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH_SCHEMA], "Operations": list(operations)}


@dataclass
class Provisioner:
    """An identity provider's SCIM client, with its provisioning token."""

    http: httpx.AsyncClient
    token: str

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Content-Type": SCIM_JSON, **extra}

    async def request(self, method: str, path: str, body: Any = None, **headers: str) -> httpx.Response:
        return await self.http.request(method, f"/scim/v2{path}", json=body, headers=self.headers(**headers))

    async def get(self, path: str, **headers: str) -> httpx.Response:
        return await self.request("GET", path, **headers)

    async def post(self, path: str, body: Any) -> httpx.Response:
        return await self.request("POST", path, body)

    async def put(self, path: str, body: Any, **headers: str) -> httpx.Response:
        return await self.request("PUT", path, body, **headers)

    async def patch(self, path: str, body: Any, **headers: str) -> httpx.Response:
        return await self.request("PATCH", path, body, **headers)

    async def delete(self, path: str, **headers: str) -> httpx.Response:
        return await self.request("DELETE", path, **headers)

    async def create_user(self, user_name: str, **extra: Any) -> dict[str, Any]:
        response = await self.post("/Users", user(user_name, **extra))
        assert response.status_code == 201, response.text
        return response.json()

    async def create_group(self, name: str, *member_ids: str) -> dict[str, Any]:
        body = {"schemas": [GROUP_SCHEMA], "displayName": name, "members": [{"value": i} for i in member_ids]}
        response = await self.post("/Groups", body)
        assert response.status_code == 201, response.text
        return response.json()


@pytest.fixture
async def organiser_id(people: People) -> str:
    return await people.add("olga", role="organiser", name="Olga Organiser", email="olga@example.org")


@pytest.fixture
async def provisioner(repository: SeedingRepository, http: httpx.AsyncClient, organiser_id: str) -> Provisioner:
    issued = await tokens.create(repository, organiser_id, "Entra ID")
    return Provisioner(http, issued.token)


@pytest.fixture
async def organiser(people: People, organiser_id: str) -> GraphQLClient:
    """Olga, the community's organiser, signed in (the one who made the provisioning token)."""
    return await people.client("olga")
