"""A member's own data: exporting everything the graph holds about them, and deleting their account."""

from __future__ import annotations

import json
from typing import Any

from tests.api.conftest import PASSWORD, SIGN_IN, GraphQLClient, People
from tests.seeding import SeedingRepository

GRAPH_SIZE = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"
EXPORT = "{ exportMyData }"
DELETE = "mutation($handle: String!) { deleteMyAccount(confirmHandle: $handle) }"
REFRESH = "mutation($token: String!) { refreshToken(refreshToken: $token) { accessToken } }"


async def _graph_size(repository: SeedingRepository) -> dict[str, int]:
    return (await repository.driver.read(GRAPH_SIZE))[0]


async def _ada_with_a_life(people: People, repository: SeedingRepository) -> tuple[str, str]:
    """Ada (passions, team, site, skills) bonded to Bob; returns their ids."""
    ada = await people.add("ada", name="Ada Lovelace", email="ada@example.org")
    bob = await people.add("bob", name="Bob Babbage")
    await repository.set_member_passion(ada, "Jazz", 5, since="2021-03-04")
    await repository.set_member_passion(ada, "Chess", 2)
    await repository.record_bond(ada, bob, "mentor", strength=0.8, since="2022-01-02", source="test")
    team, site = await repository.create_team("Engines"), await repository.create_site("Harbour", city="London")
    await repository.assign_team(ada, team.id)
    await repository.assign_site(ada, site.id)
    await repository.replace_member_skills(ada, seeks=["Rust"], offers=["Mathematics"])
    return ada, bob


async def _export(client: GraphQLClient) -> dict[str, Any]:
    return (await client.data(EXPORT))["exportMyData"]


async def test_the_export_holds_my_profile_passions_bonds_and_structure(
    people: People, repository: SeedingRepository
) -> None:
    ada, bob = await _ada_with_a_life(people, repository)
    data = await _export(await people.client("ada"))
    assert data["profile"]["id"] == ada and data["profile"]["email"] == "ada@example.org" and data["role"] == "member"
    assert [(p["name"], p["intensity"]) for p in data["passions"]] == [("Jazz", 5), ("Chess", 2)]
    assert data["passions"][0]["since"] == "2021-03-04"
    assert data["bonds"] == [{"memberId": bob, "handle": "bob", "name": "Bob Babbage", "kind": "mentor",
                              "strength": 0.8, "since": "2022-01-02", "source": "test"}]
    assert data["team"]["name"] == "Engines" and data["site"]["city"] == "London"
    assert [s["name"] for s in data["skillsSought"]] == ["Rust"]
    assert [s["name"] for s in data["skillsOffered"]] == ["Mathematics"]


async def test_the_export_holds_no_password_or_token_hash(people: People, repository: SeedingRepository) -> None:
    await _ada_with_a_life(people, repository)
    text = json.dumps(await _export(await people.client("ada")))
    assert "passwordHash" not in text and "tokenHash" not in text and "argon2" not in text


async def test_the_export_lists_my_sessions_by_time_only(people: People) -> None:
    await people.add("ada")
    first = await people.client("ada")
    await people.client("ada")
    sessions = (await _export(first))["sessions"]
    assert len(sessions) == 2 and all(set(session) == {"createdAt", "expiresAt"} for session in sessions)


async def test_the_export_holds_the_invitations_and_api_tokens_i_created(people: People) -> None:
    await people.add("olga", role="organiser")
    olga = await people.client("olga")
    invite = 'mutation { inviteMember(input: {name: "Zoe", email: "zoe@example.org", handle: "zoe"}) { token } }'
    await olga.data(invite)
    await olga.data('mutation { createApiToken(name: "Reports", scopes: [READ]) { token } }')
    data = await _export(olga)
    assert [(i["handle"], i["email"]) for i in data["invitationsCreated"]] == [("zoe", "zoe@example.org")]
    assert [(t["name"], t["scopes"]) for t in data["apiTokensCreated"]] == [("Reports", ["read"])]
    assert data["role"] == "organiser" and "tokenHash" not in json.dumps(data)


async def test_the_export_lists_every_relationship_including_bond_requests(
    people: People, repository: SeedingRepository
) -> None:
    ada, bob = await _ada_with_a_life(people, repository)
    await repository.driver.write(
        "MATCH (b:Member {id: $bob}), (a:Member {id: $ada}) CREATE (b)-[:BOND_REQUEST {kind: 'met'}]->(a)",
        {"ada": ada, "bob": bob},
    )
    data = await _export(await people.client("ada"))
    assert [(r["handle"], r["direction"], r["details"]) for r in data["bondRequests"]] == [("bob", "received", {"kind": "met"})]
    kinds = {(r["type"], r["direction"], tuple(r["otherLabels"])) for r in data["relationships"]}
    assert ("BOND_REQUEST", "incoming", ("Member",)) in kinds and ("PASSIONATE_ABOUT", "outgoing", ("Passion",)) in kinds
    assert {"BOND", "MEMBER_OF", "BASED_AT", "SEEKS", "OFFERS", "HAS_SESSION"} <= {t for t, _, _ in kinds}


async def test_an_api_token_cannot_export_data(people: People) -> None:
    await people.add("olga", role="organiser")
    olga = await people.client("olga")
    token = (await olga.data('mutation { createApiToken(name: "R", scopes: [READ, WRITE]) { token } }'))
    integrator = GraphQLClient(olga.http, token=token["createApiToken"]["token"])
    assert (await integrator.error(EXPORT))["extensions"]["code"] == "FORBIDDEN"


async def test_an_anonymous_caller_cannot_export_data(anonymous: GraphQLClient) -> None:
    assert (await anonymous.error(EXPORT))["extensions"]["code"] == "UNAUTHENTICATED"


async def test_deleting_my_account_removes_me_and_all_my_relationships(
    people: People, repository: SeedingRepository
) -> None:
    ada, bob = await _ada_with_a_life(people, repository)
    ada_client = await people.client("ada")
    assert (await ada_client.data(DELETE, {"handle": "ada"}))["deleteMyAccount"] is True
    assert await repository.member(ada) is None
    assert await repository.member_bonds(bob) == []
    assert await repository.driver.read("MATCH (s:Session) RETURN s.id AS id") == []
    assert await repository.driver.read(
        "MATCH (m:Member)-[r]-() WHERE m.id = $id OR m.handle = 'ada' RETURN type(r) AS type", {"id": ada}
    ) == []
    assert (await repository.member(bob)).handle == "bob"
    assert await repository.passion_by_slug("jazz") is not None


async def test_after_deleting_my_account_my_tokens_stop_working(people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    tokens = (await anonymous.data(SIGN_IN, {"handle": "ada", "password": PASSWORD}))["signIn"]
    ada = GraphQLClient(anonymous.http, token=tokens["accessToken"])
    await ada.data(DELETE, {"handle": "ada"})
    assert (await ada.error(EXPORT))["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await anonymous.error(REFRESH, {"token": tokens["refreshToken"]}))["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await anonymous.error(SIGN_IN, {"handle": "ada", "password": PASSWORD}))["extensions"]["code"] == "UNAUTHENTICATED"


async def test_deleting_my_account_with_the_wrong_handle_is_bad_input_and_deletes_nothing(
    people: People, repository: SeedingRepository
) -> None:
    await _ada_with_a_life(people, repository)
    ada = await people.client("ada")
    before = await _graph_size(repository)
    error = await ada.error(DELETE, {"handle": "bob"})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "confirmHandle"}
    assert await _graph_size(repository) == before
    assert (await ada.data("{ viewer { handle } }"))["viewer"]["handle"] == "ada"


async def test_an_api_token_cannot_delete_an_account(people: People, repository: SeedingRepository) -> None:
    await people.add("olga", role="organiser")
    olga = await people.client("olga")
    token = (await olga.data('mutation { createApiToken(name: "R", scopes: [READ, WRITE]) { token } }'))
    integrator = GraphQLClient(olga.http, token=token["createApiToken"]["token"])
    before = await _graph_size(repository)
    assert (await integrator.error(DELETE, {"handle": "olga"}))["extensions"]["code"] == "FORBIDDEN"
    assert await _graph_size(repository) == before


async def test_the_only_organiser_cannot_delete_their_account(people: People, repository: SeedingRepository) -> None:
    await people.add("olga", role="organiser")
    olga = await people.client("olga")
    before = await _graph_size(repository)
    error = await olga.error(DELETE, {"handle": "olga"})
    assert error["extensions"] == {"code": "CONFLICT", "field": "confirmHandle"}
    assert "only organiser" in error["message"]
    assert await _graph_size(repository) == before


async def test_an_organiser_may_delete_their_account_while_another_organiser_remains(
    people: People, repository: SeedingRepository
) -> None:
    await people.add("olga", role="organiser")
    await people.add("oscar", role="organiser")
    olga = await people.client("olga")
    assert (await olga.data(DELETE, {"handle": "olga"}))["deleteMyAccount"] is True
    assert await repository.member_by_handle("olga") is None
