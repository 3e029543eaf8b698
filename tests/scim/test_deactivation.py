"""Deactivation (`active: false`) hides the member from everyone and ends their sessions at once,
keeping their history; reactivation brings them back as they were."""

from __future__ import annotations

from typing import Any

from graph_api.accounts.service import AccountService
from graph_api.domain.model import Member
from graph_api.settings import Settings
from tests.api.conftest import PASSWORD, GraphQLClient, People
from tests.scim.conftest import Provisioner, patch
from tests.seeding import SeedingRepository

DEACTIVATE = patch({"op": "replace", "path": "active", "value": False})
REACTIVATE = patch({"op": "replace", "path": "active", "value": True})
MEMBERS = "{ members(first: 50) { totalCount edges { node { handle } } } }"
BY_HANDLE = 'query($handle: String!) { member(handle: $handle) { handle } }'
BONDS = 'query($handle: String!) { member(handle: $handle) { bondCount bonds { other { handle } } } }'
SEARCH = 'query($text: String!) { search(text: $text) { node { __typename ... on Member { handle } } } }'
VIEWER = "{ viewer { handle } }"
MERGE_PASSIONS = 'mutation($from: String!, $into: String!) { mergePassions(from: $from, into: $into) { memberCount } }'
PASSION_COUNT = 'query($slug: String!) { passion(slug: $slug) { memberCount } }'
_VIEW = "{ nodes { key kind size } }"
NEIGHBORHOOD = "query($id: ID!) { neighborhood(memberId: $id, depth: 1) %s }" % _VIEW
COMMUNITY = "query($filter: CommunityGraphFilter) { communityGraph(filter: $filter) %s }" % _VIEW


async def _signed_in_user(provisioner: Provisioner, people: People, repository: SeedingRepository) -> tuple[dict[str, Any], GraphQLClient]:
    """A provisioned member who also has a password and a session."""
    created = await provisioner.create_user("ada.lovelace@example.org")
    settings = Settings(KINDRED_JWT_SECRET="test-secret-that-is-long-enough-for-hs256")
    await AccountService(repository, settings).set_password(created["id"], PASSWORD)
    return created, await people.client("ada.lovelace")


async def _provisioned_and_olga(
    provisioner: Provisioner, repository: SeedingRepository
) -> tuple[dict[str, Any], Member]:
    """A provisioned member, and the organiser Olga."""
    created = await provisioner.create_user("ada.lovelace@example.org")
    olga = await repository.member_by_handle("olga")
    assert olga is not None
    return created, olga


async def _handles(client: GraphQLClient) -> list[str]:
    return [edge["node"]["handle"] for edge in (await client.data(MEMBERS))["members"]["edges"]]


async def test_a_deactivated_member_disappears_from_the_members_list_and_lookups(
    provisioner: Provisioner, organiser: GraphQLClient
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    assert "ada.lovelace" in await _handles(organiser)
    assert (await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)).status_code == 200
    assert await _handles(organiser) == ["olga"]
    assert (await organiser.data(BY_HANDLE, {"handle": "ada.lovelace"}))["member"] is None
    hits = (await organiser.data(SEARCH, {"text": "Lovelace"}))["search"]
    assert all(hit["node"].get("handle") != "ada.lovelace" for hit in hits)


async def test_a_deactivated_member_disappears_from_other_members_bonds_which_are_kept(
    provisioner: Provisioner, organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    olga = await repository.member_by_handle("olga")
    await repository.record_bond(olga.id, created["id"], "met")  # type: ignore[union-attr]
    await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)
    hidden = (await organiser.data(BONDS, {"handle": "olga"}))["member"]
    assert hidden == {"bondCount": 0, "bonds": []}
    await provisioner.patch(f"/Users/{created['id']}", REACTIVATE)
    shown = (await organiser.data(BONDS, {"handle": "olga"}))["member"]
    assert shown == {"bondCount": 1, "bonds": [{"other": {"handle": "ada.lovelace"}}]}


async def test_a_deactivated_members_bonds_leave_the_size_of_others_in_every_graph_view(
    provisioner: Provisioner, organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    created, olga = await _provisioned_and_olga(provisioner, repository)
    bob = await repository.create_member(handle="bob", name="Bob")
    team = await repository.create_team("Platform")
    for member_id in (olga.id, bob.id, created["id"]):
        await repository.assign_team(member_id, team.id)
        await repository.set_member_passion(member_id, "Sailing", 3)
    await repository.record_bond(olga.id, bob.id, "met")
    await repository.record_bond(olga.id, created["id"], "met")  # from olga to ada ...
    await repository.record_bond(created["id"], olga.id, "friend")  # ... and from ada to olga
    await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)

    views = {
        "neighbourhood": (NEIGHBORHOOD, {"id": olga.id}, "neighborhood"),
        "everyone": (COMMUNITY, {}, "communityGraph"),
        "team": (COMMUNITY, {"filter": {"team": team.id}}, "communityGraph"),
        "passion": (COMMUNITY, {"filter": {"passions": ["sailing"]}}, "communityGraph"),
    }
    for name, (query, variables, field) in views.items():
        nodes = (await organiser.data(query, variables))[field]["nodes"]
        sizes = {node["key"]: node["size"] for node in nodes if node["kind"] == "MEMBER"}
        assert created["id"] not in sizes, name
        assert sizes[olga.id] == 1.0, name  # the bond with Bob only


async def test_a_deactivated_member_leaves_the_member_count_of_their_passions(
    provisioner: Provisioner, organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    created, olga = await _provisioned_and_olga(provisioner, repository)
    for member_id in (olga.id, created["id"]):
        await repository.set_member_passion(member_id, "Sailing", 3)
    await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)
    assert (await organiser.data(PASSION_COUNT, {"slug": "sailing"}))["passion"]["memberCount"] == 1
    await provisioner.patch(f"/Users/{created['id']}", REACTIVATE)
    assert (await organiser.data(PASSION_COUNT, {"slug": "sailing"}))["passion"]["memberCount"] == 2


async def test_a_deactivated_members_passions_follow_a_merge_and_come_back_with_them(
    provisioner: Provisioner, organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    await repository.set_member_passion(created["id"], "Jazz music", 4, since="2024-01-01")
    await repository.set_member_passion(created["id"], "Jazz", 2, since="2025-01-01")
    await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)
    merged = (await organiser.data(MERGE_PASSIONS, {"from": "jazz-music", "into": "jazz"}))["mergePassions"]
    assert merged["memberCount"] == 0
    await provisioner.patch(f"/Users/{created['id']}", REACTIVATE)
    (link,) = await repository.member_passions(created["id"])
    assert (link.passion.slug, link.intensity, link.since) == ("jazz", 4, "2024-01-01")
    assert (await organiser.data(PASSION_COUNT, {"slug": "jazz"}))["passion"]["memberCount"] == 1


async def test_members_deactivated_before_the_upgrade_have_their_passions_set_aside_at_start(
    provisioner: Provisioner, organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    await repository.set_member_passion(created["id"], "Sailing", 3)
    # Deactivated as the earlier version did: the label taken, the passion left as it was.
    await repository.driver.write("MATCH (m:Member {id: $id}) REMOVE m:Member", {"id": created["id"]})
    assert await repository.scim.set_aside_passions_of_the_away() == 1
    assert await repository.scim.set_aside_passions_of_the_away() == 0
    assert (await organiser.data(PASSION_COUNT, {"slug": "sailing"}))["passion"]["memberCount"] == 0
    await provisioner.patch(f"/Users/{created['id']}", REACTIVATE)
    assert [link.passion.slug for link in await repository.member_passions(created["id"])] == ["sailing"]


async def test_deactivation_ends_the_members_sessions_at_once(
    provisioner: Provisioner, people: People, repository: SeedingRepository
) -> None:
    created, ada = await _signed_in_user(provisioner, people, repository)
    assert (await ada.data(VIEWER))["viewer"] == {"handle": "ada.lovelace"}
    await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)
    error = await ada.error(MEMBERS)
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "ended" in error["message"]
    sessions = await repository.driver.read(
        "MATCH (m:ScimUser {id: $id})-[:HAS_SESSION]->(s) RETURN count(s) AS n", {"id": created["id"]}
    )
    assert sessions == [{"n": 0}]


async def test_a_deactivated_member_cannot_sign_in(
    provisioner: Provisioner, people: People, repository: SeedingRepository
) -> None:
    created, _ = await _signed_in_user(provisioner, people, repository)
    await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)
    sign_in = 'mutation($h: String!, $p: String!) { signIn(handle: $h, password: $p) { accessToken } }'
    error = await GraphQLClient(people.http).error(sign_in, {"h": "ada.lovelace", "p": PASSWORD})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_reactivation_restores_the_member_with_their_team(
    provisioner: Provisioner, organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    group = await provisioner.create_group("Engines", created["id"])
    await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)
    reactivated = (await provisioner.patch(f"/Users/{created['id']}", REACTIVATE)).json()
    assert reactivated["active"] is True
    assert "ada.lovelace" in await _handles(organiser)
    assert (await repository.member_team(created["id"])).id == group["id"]  # type: ignore[union-attr]


async def test_a_deactivated_user_still_answers_get_and_lists_as_inactive(provisioner: Provisioner) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)
    response = await provisioner.get(f"/Users/{created['id']}")
    assert response.status_code == 200 and response.json()["active"] is False
    found = (await provisioner.get('/Users?filter=userName eq "ada.lovelace@example.org"')).json()
    assert [r["active"] for r in found["Resources"]] == [False]


async def test_a_user_created_inactive_is_hidden_from_the_start(
    provisioner: Provisioner, organiser: GraphQLClient
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org", active=False)
    assert created["active"] is False and await _handles(organiser) == ["olga"]


async def test_the_only_organiser_cannot_be_deactivated(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    await repository.driver.write("MATCH (m:Member) SET m.role = 'member'")
    await repository.driver.write("MATCH (m:Member {id: $id}) SET m.role = 'organiser'", {"id": created["id"]})
    response = await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)
    assert response.status_code == 400 and response.json()["scimType"] == "invalidValue"
    assert "only organiser" in response.json()["detail"]
    assert (await provisioner.get(f"/Users/{created['id']}")).json()["active"] is True


async def test_a_member_who_took_the_handle_meanwhile_blocks_reactivation(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    await provisioner.patch(f"/Users/{created['id']}", DEACTIVATE)
    await repository.create_member(handle="ada.lovelace", name="Another Ada")
    response = await provisioner.patch(f"/Users/{created['id']}", REACTIVATE)
    assert response.status_code == 409 and response.json()["scimType"] == "uniqueness"
    assert (await provisioner.get(f"/Users/{created['id']}")).json()["active"] is False
