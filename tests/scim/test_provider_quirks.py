"""What Microsoft Entra ID and Okta actually send, beyond the letter of RFC 7644."""

from __future__ import annotations

from tests.api.conftest import GraphQLClient
from tests.scim.conftest import Provisioner, patch
from tests.seeding import SeedingRepository

MEMBERS = "{ members(first: 50) { edges { node { handle } } } }"


async def _handles(client: GraphQLClient) -> list[str]:
    return [edge["node"]["handle"] for edge in (await client.data(MEMBERS))["members"]["edges"]]


async def test_entra_deactivates_with_active_as_the_string_false_and_a_capitalised_op(
    provisioner: Provisioner, organiser: GraphQLClient
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    body = patch({"op": "Replace", "path": "active", "value": "False"})
    response = await provisioner.patch(f"/Users/{created['id']}", body)
    assert response.status_code == 200 and response.json()["active"] is False
    assert await _handles(organiser) == ["olga"]


async def test_entra_reactivates_with_the_string_true(provisioner: Provisioner, organiser: GraphQLClient) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org", active=False)
    body = patch({"op": "Replace", "path": "active", "value": "True"})
    assert (await provisioner.patch(f"/Users/{created['id']}", body)).json()["active"] is True
    assert "ada.lovelace" in await _handles(organiser)


async def test_entra_unassigns_with_a_patch_without_path(provisioner: Provisioner, organiser: GraphQLClient) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    body = patch({"op": "Replace", "value": {"active": False}})
    response = await provisioner.patch(f"/Users/{created['id']}", body)
    assert response.status_code == 200 and response.json()["active"] is False
    assert await _handles(organiser) == ["olga"]


async def test_entra_patches_without_path_with_several_attributes_at_once(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    body = patch({"op": "Add", "value": {"displayName": "Ada King", "name.familyName": "King"}})
    response = await provisioner.patch(f"/Users/{created['id']}", body)
    assert response.status_code == 200, response.text
    assert response.json()["displayName"] == "Ada King" and response.json()["name"]["familyName"] == "King"
    member = await repository.member(created["id"])
    assert member is not None and member.name == "Ada King"


async def test_entra_replaces_the_work_email_through_a_filtered_path(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    body = patch({"op": "Replace", "path": 'emails[type eq "work"].value', "value": "ada.king@example.org"})
    response = await provisioner.patch(f"/Users/{created['id']}", body)
    assert response.status_code == 200, response.text
    assert response.json()["emails"][0]["value"] == "ada.king@example.org"
    member = await repository.member(created["id"])
    assert member is not None and member.email == "ada.king@example.org"


async def test_entra_finds_a_user_by_user_name_before_creating_it(provisioner: Provisioner) -> None:
    response = await provisioner.get("/Users?filter=userName+eq+%22ada.lovelace%40example.org%22")
    assert response.status_code == 200 and response.json()["totalResults"] == 0


async def test_entra_adds_a_member_to_a_group_with_a_capitalised_op(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    ada = await provisioner.create_user("ada.lovelace@example.org")
    group = await provisioner.create_group("Engines")
    body = patch({"op": "Add", "path": "members", "value": [{"value": ada["id"]}]})
    assert (await provisioner.patch(f"/Groups/{group['id']}", body)).status_code == 200
    assert (await repository.member_team(ada["id"])).id == group["id"]  # type: ignore[union-attr]


async def test_okta_deactivates_with_patch_and_reads_the_user_back(
    provisioner: Provisioner, organiser: GraphQLClient
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    body = patch({"op": "replace", "value": {"active": False}})
    response = await provisioner.patch(f"/Users/{created['id']}", body)
    assert response.status_code == 200 and response.json()["id"] == created["id"]
    assert response.json()["active"] is False
    read = await provisioner.get(f"/Users/{created['id']}")
    assert read.status_code == 200 and read.json()["active"] is False
    assert await _handles(organiser) == ["olga"]


async def test_okta_patches_a_deactivated_user_and_gets_the_resource(provisioner: Provisioner) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org", active=False)
    body = patch({"op": "replace", "value": {"title": "Retired"}})
    response = await provisioner.patch(f"/Users/{created['id']}", body)
    assert response.status_code == 200 and response.json()["title"] == "Retired"
    assert response.json()["active"] is False


async def test_okta_replaces_a_deactivated_user_with_put(provisioner: Provisioner) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org", active=False)
    replacement = {**created, "displayName": "Ada L."}
    replacement.pop("meta")
    response = await provisioner.put(f"/Users/{created['id']}", replacement)
    assert response.status_code == 200 and response.json()["displayName"] == "Ada L."
    assert response.json()["active"] is False
