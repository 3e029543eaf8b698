"""Relay's `node(id)`: every node type by its global id."""

from __future__ import annotations

import base64

import pytest

from tests.api.conftest import GraphQLClient
from tests.seeding import SeedingRepository

NODE = """query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Member { key handle }
    ... on Passion { key slug }
    ... on Team { key name }
    ... on Site { key name }
    ... on Skill { key slug }
  }
}"""

IDS = """{
  viewer { id key }
  passions(first: 5) { edges { node { id key } } }
  teams(first: 5) { edges { node { id key } } }
  sites(first: 5) { edges { node { id key } } }
  skills(first: 5) { edges { node { id key } } }
}"""


def global_id(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


@pytest.fixture
async def one_of_each(repository: SeedingRepository, member: GraphQLClient) -> GraphQLClient:
    """Ada (signed in) with a passion, a team, a site and a skill."""
    ada = await repository.member_by_handle("ada")
    assert ada is not None
    team = await repository.create_team("Platform")
    site = await repository.create_site("Harbour Office", city="Hamburg")
    await repository.set_member_passion(ada.id, "Sailing", 4)
    await repository.assign_team(ada.id, team.id)
    await repository.assign_site(ada.id, site.id)
    await repository.add_offers(ada.id, "Rust")
    return member


async def test_every_node_type_round_trips_by_global_id(one_of_each: GraphQLClient) -> None:
    data = await one_of_each.data(IDS)
    listed = {"Member": data["viewer"]}
    for type_name, field in (("Passion", "passions"), ("Team", "teams"), ("Site", "sites"), ("Skill", "skills")):
        (edge,) = data[field]["edges"]
        listed[type_name] = edge["node"]
    for type_name, node in listed.items():
        found = (await one_of_each.data(NODE, {"id": node["id"]}))["node"]
        assert (found["__typename"], found["id"], found["key"]) == (type_name, node["id"], node["key"])


async def test_global_ids_name_their_type_and_store_id(one_of_each: GraphQLClient) -> None:
    viewer = (await one_of_each.data(IDS))["viewer"]
    assert viewer["id"] == global_id("Member", viewer["key"])


async def test_an_id_of_an_unknown_type_is_bad_input(member: GraphQLClient) -> None:
    error = await member.error(NODE, {"id": global_id("Spaceship", "member-1")})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Spaceship" in error["message"]


async def test_an_id_of_a_type_that_is_not_a_node_is_bad_input(member: GraphQLClient) -> None:
    error = await member.error(NODE, {"id": global_id("Bond", "member-1")})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Bond" in error["message"]


async def test_an_id_that_is_not_a_global_id_is_bad_input(member: GraphQLClient) -> None:
    error = await member.error(NODE, {"id": "not a global id"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_id_of_a_deleted_node_gives_null(repository: SeedingRepository, member: GraphQLClient) -> None:
    passion = await repository.ensure_passion("Chess")
    await repository.delete_passion(passion.id)
    data = await member.data(NODE, {"id": global_id("Passion", passion.id)})
    assert data == {"node": None}


async def test_the_id_of_a_deleted_member_gives_null(repository: SeedingRepository, member: GraphQLClient) -> None:
    gone = await repository.create_member(handle="gone", name="Gone Member")
    await repository.delete_member(gone.id)
    data = await member.data(NODE, {"id": global_id("Member", gone.id)})
    assert data == {"node": None}


async def test_node_needs_a_signed_in_caller(repository: SeedingRepository, anonymous: GraphQLClient) -> None:
    passion = await repository.ensure_passion("Chess")
    error = await anonymous.error(NODE, {"id": global_id("Passion", passion.id)})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
