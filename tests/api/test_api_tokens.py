"""API tokens: organisers issue them to integrators, who act with the token's scopes."""

from __future__ import annotations

from typing import Any

from graph_api.store.repository import GraphRepository
from tests.api.conftest import GraphQLClient, People

GRAPH_SIZE = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"
CREATE = """mutation($name: String!, $scopes: [ApiScope!]!) {
  createApiToken(name: $name, scopes: $scopes) { token apiToken { id name scopes createdAt createdBy { handle } } }
}"""
TOKENS = "{ apiTokens { id name scopes createdAt } }"
REVOKE = "mutation($id: ID!) { revokeApiToken(id: $id) }"
MEMBERS = "{ members(first: 5) { totalCount edges { node { handle } } } }"
UPDATE_PROFILE = 'mutation { updateMyProfile(input: {headline: "written by a robot"}) { headline } }'


async def _graph_size(repository: GraphRepository) -> dict[str, int]:
    return (await repository.driver.read(GRAPH_SIZE))[0]


async def _create(organiser: GraphQLClient, *scopes: str, name: str = "Reporting") -> dict[str, Any]:
    return (await organiser.data(CREATE, {"name": name, "scopes": list(scopes)}))["createApiToken"]


def _integrator(organiser: GraphQLClient, token: str) -> GraphQLClient:
    return GraphQLClient(organiser.http, token=token)


async def test_an_organiser_creates_a_token_that_is_shown_once(organiser: GraphQLClient) -> None:
    created = await _create(organiser, "READ", "WRITE")
    api_token = created["apiToken"]
    assert created["token"].startswith(f"kt.{api_token['id']}.")
    assert api_token["name"] == "Reporting" and api_token["scopes"] == ["READ", "WRITE"]
    assert api_token["createdAt"] and api_token["createdBy"] == {"handle": "olga"}


async def test_organisers_list_tokens_without_their_secrets(organiser: GraphQLClient) -> None:
    created = await _create(organiser, "READ")
    body = await organiser.post(TOKENS)
    expected = {key: created["apiToken"][key] for key in ("id", "name", "scopes", "createdAt")}
    assert body["data"]["apiTokens"] == [expected]
    assert created["token"].split(".")[2] not in str(body)


async def test_a_read_token_can_query_members(organiser: GraphQLClient) -> None:
    reader = _integrator(organiser, (await _create(organiser, "READ"))["token"])
    assert (await reader.data(MEMBERS))["members"]["edges"] == [{"node": {"handle": "olga"}}]


async def test_a_token_without_the_read_scope_cannot_query_members(organiser: GraphQLClient) -> None:
    writer = _integrator(organiser, (await _create(organiser, "WRITE"))["token"])
    error = await writer.error(MEMBERS)
    assert error["extensions"]["code"] == "FORBIDDEN" and "read scope" in error["message"]


async def test_a_read_token_is_forbidden_on_a_write_mutation_and_writes_nothing(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    reader = _integrator(organiser, (await _create(organiser, "READ"))["token"])
    error = await reader.error(UPDATE_PROFILE)
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await repository.member_by_handle("olga")).headline == ""


async def test_a_token_cannot_manage_tokens_even_with_write_scope(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    writer = _integrator(organiser, (await _create(organiser, "READ", "WRITE"))["token"])
    before = await _graph_size(repository)
    error = await writer.error(CREATE, {"name": "Another", "scopes": ["READ"]})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await _graph_size(repository) == before


async def test_a_revoked_token_is_unauthenticated(organiser: GraphQLClient) -> None:
    created = await _create(organiser, "READ")
    reader = _integrator(organiser, created["token"])
    assert (await organiser.data(REVOKE, {"id": created["apiToken"]["id"]}))["revokeApiToken"] is True
    error = await reader.error(MEMBERS)
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "API token" in error["message"]
    assert (await organiser.data(TOKENS))["apiTokens"] == []


async def test_a_token_with_a_wrong_secret_is_unauthenticated(organiser: GraphQLClient) -> None:
    prefix, token_id, _ = (await _create(organiser, "READ"))["token"].split(".")
    error = await _integrator(organiser, f"{prefix}.{token_id}.guessed").error(MEMBERS)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_token_needs_at_least_one_scope_and_nothing_is_written(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    before = await _graph_size(repository)
    error = await organiser.error(CREATE, {"name": "Nothing", "scopes": []})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "scopes"}
    assert await _graph_size(repository) == before


async def test_a_token_needs_a_name_and_nothing_is_written(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    before = await _graph_size(repository)
    error = await organiser.error(CREATE, {"name": "  ", "scopes": ["READ"]})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    assert await _graph_size(repository) == before


async def test_a_member_cannot_create_a_token(people: People, member: GraphQLClient, repository: GraphRepository) -> None:
    before = await _graph_size(repository)
    error = await member.error(CREATE, {"name": "Mine", "scopes": ["READ"]})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await _graph_size(repository) == before


async def test_a_member_cannot_list_tokens(people: People, member: GraphQLClient) -> None:
    assert (await member.error(TOKENS))["extensions"]["code"] == "FORBIDDEN"


async def test_revoking_an_unknown_token_is_not_found(organiser: GraphQLClient) -> None:
    error = await organiser.error(REVOKE, {"id": "apitoken-unknown"})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "id"}
