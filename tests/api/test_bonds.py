"""Bonds members make themselves, over the real API: ask, confirm, see, remove."""

from __future__ import annotations

from typing import Any

import pytest
from strawberry import relay

from graph_api.domain import rules
from tests.api.conftest import GraphQLClient, People
from tests.seeding import SeedingRepository

COUNT_GRAPH = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"
STORED_BONDS = (
    "MATCH (a:Member)-[r:BOND]->(b:Member) "
    "RETURN a.id AS a, b.id AS b, r.kind AS kind, r.strength AS strength, r.since AS since, r.source AS source"
)
STORED_REQUESTS = "MATCH (a:Member)-[r:BOND_REQUEST]->(b:Member) RETURN a.id AS a, b.id AS b, r.kind AS kind"

RECORD_BOND = """mutation($other: ID!, $kind: BondKind!) {
  recordBond(otherMemberId: $other, kind: $kind) { status bond { kind strength since source other { handle } } }
}"""
REMOVE_BOND = "mutation($other: ID!, $kind: BondKind!) { removeBond(otherMemberId: $other, kind: $kind) }"
MY_REQUESTS = """{ myBondRequests {
  incoming { kind since other { handle } }
  outgoing { kind since other { handle } }
} }"""
MY_BONDS = "{ viewer { bonds { kind other { handle } } } }"


async def graph_counts(repository: SeedingRepository) -> dict[str, int]:
    return (await repository.driver.read(COUNT_GRAPH))[0]


@pytest.fixture
async def bea(people: People) -> GraphQLClient:
    await people.add("bea", name="Bea Bond")
    return await people.client("bea")


async def test_asking_for_a_bond_leaves_a_pending_request_for_both_to_see(
    member: GraphQLClient, bea: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    result = (await member.data(RECORD_BOND, {"other": people.ids["bea"], "kind": "MENTOR"}))["recordBond"]
    assert result == {"status": "PENDING", "bond": None}
    today = rules.today()
    assert (await member.data(MY_REQUESTS))["myBondRequests"] == {
        "incoming": [],
        "outgoing": [{"kind": "MENTOR", "since": today, "other": {"handle": "bea"}}],
    }
    assert (await bea.data(MY_REQUESTS))["myBondRequests"] == {
        "incoming": [{"kind": "MENTOR", "since": today, "other": {"handle": "ada"}}],
        "outgoing": [],
    }
    assert (await member.data(MY_BONDS))["viewer"]["bonds"] == []
    assert await repository.driver.read(STORED_BONDS) == []


async def test_asking_twice_stores_one_request(
    member: GraphQLClient, bea: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    variables = {"other": relay.to_base64("Member", people.ids["bea"]), "kind": "FRIEND"}
    await member.data(RECORD_BOND, variables)
    before = await graph_counts(repository)
    assert (await member.data(RECORD_BOND, variables))["recordBond"]["status"] == "PENDING"
    assert await graph_counts(repository) == before
    assert len(await repository.driver.read(STORED_REQUESTS)) == 1


async def test_the_other_member_asking_back_confirms_the_bond_for_both(
    member: GraphQLClient, bea: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    ada_id, bea_id = people.ids["ada"], people.ids["bea"]
    await member.data(RECORD_BOND, {"other": bea_id, "kind": "COLLABORATED"})
    result = (await bea.data(RECORD_BOND, {"other": ada_id, "kind": "COLLABORATED"}))["recordBond"]
    today = rules.today()
    assert result == {
        "status": "CONFIRMED",
        "bond": {"kind": "COLLABORATED", "strength": 0.5, "since": today, "source": "member", "other": {"handle": "ada"}},
    }
    assert (await member.data(MY_BONDS))["viewer"]["bonds"] == [{"kind": "COLLABORATED", "other": {"handle": "bea"}}]
    assert (await bea.data(MY_BONDS))["viewer"]["bonds"] == [{"kind": "COLLABORATED", "other": {"handle": "ada"}}]
    assert (await member.data(MY_REQUESTS))["myBondRequests"] == {"incoming": [], "outgoing": []}
    assert await repository.driver.read(STORED_REQUESTS) == []
    stored = {"a": min(ada_id, bea_id), "b": max(ada_id, bea_id), "kind": "collaborated",
              "strength": 0.5, "since": today, "source": "member"}
    assert await repository.driver.read(STORED_BONDS) == [stored]


async def test_asking_for_a_bond_that_exists_changes_nothing(
    member: GraphQLClient, bea: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    await repository.record_bond(people.ids["ada"], people.ids["bea"], "met", strength=0.9, since="2020-05-05",
                                 source="import")
    before = await graph_counts(repository)
    result = (await member.data(RECORD_BOND, {"other": people.ids["bea"], "kind": "MET"}))["recordBond"]
    assert result["status"] == "CONFIRMED"
    assert result["bond"] == {"kind": "MET", "strength": 0.9, "since": "2020-05-05", "source": "import",
                              "other": {"handle": "bea"}}
    assert await graph_counts(repository) == before


async def test_a_request_of_another_kind_does_not_confirm(
    member: GraphQLClient, bea: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    await member.data(RECORD_BOND, {"other": people.ids["bea"], "kind": "MENTOR"})
    result = (await bea.data(RECORD_BOND, {"other": people.ids["ada"], "kind": "FRIEND"}))["recordBond"]
    assert result["status"] == "PENDING"
    assert len(await repository.driver.read(STORED_REQUESTS)) == 2
    assert await repository.driver.read(STORED_BONDS) == []


async def test_either_member_can_remove_a_confirmed_bond(
    member: GraphQLClient, bea: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    await member.data(RECORD_BOND, {"other": people.ids["bea"], "kind": "FRIEND"})
    await bea.data(RECORD_BOND, {"other": people.ids["ada"], "kind": "FRIEND"})
    assert (await bea.data(REMOVE_BOND, {"other": people.ids["ada"], "kind": "FRIEND"}))["removeBond"] is True
    assert (await member.data(MY_BONDS))["viewer"]["bonds"] == []
    assert (await bea.data(MY_BONDS))["viewer"]["bonds"] == []


async def test_removing_withdraws_my_pending_request(
    member: GraphQLClient, bea: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    await member.data(RECORD_BOND, {"other": people.ids["bea"], "kind": "MENTOR"})
    assert (await member.data(REMOVE_BOND, {"other": people.ids["bea"], "kind": "MENTOR"}))["removeBond"] is True
    assert (await bea.data(MY_REQUESTS))["myBondRequests"]["incoming"] == []
    assert await repository.driver.read(STORED_REQUESTS) == []


async def test_removing_declines_a_request_made_to_me(
    member: GraphQLClient, bea: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    await member.data(RECORD_BOND, {"other": people.ids["bea"], "kind": "MENTOR"})
    assert (await bea.data(REMOVE_BOND, {"other": people.ids["ada"], "kind": "MENTOR"}))["removeBond"] is True
    assert (await member.data(MY_REQUESTS))["myBondRequests"]["outgoing"] == []
    assert await repository.driver.read(STORED_REQUESTS) == []


async def test_removing_only_touches_the_kind_named(
    member: GraphQLClient, bea: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    await repository.record_bond(people.ids["ada"], people.ids["bea"], "met")
    await member.data(RECORD_BOND, {"other": people.ids["bea"], "kind": "MENTOR"})
    await member.data(REMOVE_BOND, {"other": people.ids["bea"], "kind": "MENTOR"})
    assert (await member.data(MY_BONDS))["viewer"]["bonds"] == [{"kind": "MET", "other": {"handle": "bea"}}]


async def assert_refused(
    client: GraphQLClient, repository: SeedingRepository, query: str, variables: dict[str, Any], code: str, field: str
) -> None:
    before = await graph_counts(repository)
    error = await client.error(query, variables)
    assert (error["extensions"]["code"], error["extensions"].get("field")) == (code, field), error
    assert await graph_counts(repository) == before


async def test_removing_a_bond_that_does_not_exist_is_not_found(
    member: GraphQLClient, bea: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    variables = {"other": people.ids["bea"], "kind": "FRIEND"}
    await assert_refused(member, repository, REMOVE_BOND, variables, "NOT_FOUND", "otherMemberId")


@pytest.mark.parametrize("query", [RECORD_BOND, REMOVE_BOND], ids=["record", "remove"])
async def test_a_bond_with_an_unknown_member_is_not_found(
    member: GraphQLClient, repository: SeedingRepository, query: str
) -> None:
    variables = {"other": "member-missing", "kind": "FRIEND"}
    await assert_refused(member, repository, query, variables, "NOT_FOUND", "otherMemberId")


async def test_a_bond_with_oneself_is_bad_input(
    member: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    variables = {"other": people.ids["ada"], "kind": "FRIEND"}
    await assert_refused(member, repository, RECORD_BOND, variables, "BAD_USER_INPUT", "otherMemberId")


async def test_a_bond_with_the_id_of_another_type_is_bad_input(
    member: GraphQLClient, repository: SeedingRepository
) -> None:
    team = await repository.create_team("Platform")
    variables = {"other": relay.to_base64("Team", team.id), "kind": "FRIEND"}
    await assert_refused(member, repository, RECORD_BOND, variables, "BAD_USER_INPUT", "otherMemberId")
