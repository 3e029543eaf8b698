"""Provisioning tokens: organisers make one per identity provider; it works at /scim/v2 only,
is shown once, and stops working when revoked."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.conftest import GraphQLClient, api_token
from tests.scim.conftest import SCIM_JSON, user
from tests.seeding import SeedingRepository

CREATE = 'mutation($name: String!) { createProvisioningToken(name: $name) { token provisioningToken { id name createdAt createdBy { handle } } } }'
TOKENS = "{ provisioningTokens { id name createdAt } }"
REVOKE = "mutation($id: ID!) { revokeProvisioningToken(id: $id) }"
MEMBERS = "{ members(first: 5) { totalCount } }"


async def _create(organiser: GraphQLClient, name: str = "Entra ID") -> dict[str, Any]:
    return (await organiser.data(CREATE, {"name": name}))["createProvisioningToken"]


async def _users(http: httpx.AsyncClient, authorization: str | None) -> httpx.Response:
    headers = {"Authorization": authorization} if authorization else {}
    return await http.get("/scim/v2/Users", headers=headers)


async def test_an_organiser_creates_a_token_that_is_shown_once(organiser: GraphQLClient) -> None:
    created = await _create(organiser)
    token = created["provisioningToken"]
    assert created["token"].startswith(f"ks.{token['id']}.")
    assert token["name"] == "Entra ID" and token["createdBy"] == {"handle": "olga"} and token["createdAt"]
    listed = await organiser.post(TOKENS)
    assert listed["data"]["provisioningTokens"] == [{k: token[k] for k in ("id", "name", "createdAt")}]
    assert created["token"].split(".")[2] not in str(listed)


async def test_only_a_hash_of_the_token_is_stored(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    created = await _create(organiser)
    stored = await repository.driver.read("MATCH (t:ProvisioningToken) RETURN properties(t) AS node")
    assert created["token"].split(".")[2] not in str(stored) and stored[0]["node"]["tokenHash"]


async def test_the_token_opens_the_scim_endpoint(organiser: GraphQLClient) -> None:
    created = await _create(organiser)
    response = await _users(organiser.http, f"Bearer {created['token']}")
    assert response.status_code == 200 and response.json()["totalResults"] == 0


async def test_a_revoked_token_is_refused_at_once(organiser: GraphQLClient) -> None:
    created = await _create(organiser)
    assert (await organiser.data(REVOKE, {"id": created["provisioningToken"]["id"]}))["revokeProvisioningToken"]
    response = await _users(organiser.http, f"Bearer {created['token']}")
    assert response.status_code == 401 and response.json()["status"] == "401"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


async def test_revoking_an_unknown_token_is_not_found(organiser: GraphQLClient) -> None:
    error = await organiser.error(REVOKE, {"id": "provisioning-nobody"})
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_a_token_without_a_name_or_with_a_long_one_is_refused(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    for name in ("   ", "x" * 500):
        assert (await organiser.error(CREATE, {"name": name}))["extensions"]["code"] == "BAD_USER_INPUT"
    assert await repository.driver.read("MATCH (t:ProvisioningToken) RETURN t") == []


async def test_members_cannot_make_or_list_tokens(member: GraphQLClient) -> None:
    assert (await member.error(CREATE, {"name": "Mine"}))["extensions"]["code"] == "FORBIDDEN"
    assert (await member.error(TOKENS))["extensions"]["code"] == "FORBIDDEN"


async def test_a_provisioning_token_does_not_open_graphql(organiser: GraphQLClient) -> None:
    created = await _create(organiser)
    error = await GraphQLClient(organiser.http, token=created["token"]).error(MEMBERS)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_requests_without_a_valid_token_are_refused_before_anything_is_read(
    organiser: GraphQLClient, organiser_id: str, repository: SeedingRepository
) -> None:
    created = await _create(organiser)
    wrong_secret = created["token"].rsplit(".", 1)[0] + ".not-the-secret"
    reader = await api_token(repository, organiser_id, "read", "write")
    for authorization in (None, "Basic b2xnYTpwYXNz", "Bearer", f"Bearer {wrong_secret}", f"Bearer {reader}", "Bearer " + "k" * 5000):
        response = await _users(organiser.http, authorization)
        assert response.status_code == 401, authorization
        assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


async def test_an_unauthenticated_write_writes_nothing_even_when_huge(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    body = user("ada@example.org", title="x" * 2_000_000)
    response = await organiser.http.post("/scim/v2/Users", json=body, headers={"Content-Type": SCIM_JSON})
    assert response.status_code in (401, 413)
    assert await repository.driver.read("MATCH (m:ScimUser) RETURN m") == []


async def test_the_service_provider_configuration_is_public_and_announces_the_bearer_token(
    organiser: GraphQLClient,
) -> None:
    config = (await organiser.http.get("/scim/v2/ServiceProviderConfig")).json()
    assert config["patch"]["supported"] and config["etag"]["supported"] and config["filter"]["supported"]
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    assert not config["bulk"]["supported"] and not config["sort"]["supported"]
