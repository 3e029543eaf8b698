"""SCIM Groups are Kindred teams: their members are the provisioned members in the team."""

from __future__ import annotations

from tests.scim.conftest import GROUP_SCHEMA, Provisioner, patch
from tests.seeding import SeedingRepository


async def test_a_created_group_is_a_team_holding_its_members(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    ada = await provisioner.create_user("ada.lovelace@example.org")
    group = await provisioner.create_group("Analytical Engines", ada["id"])
    team = await repository.member_team(ada["id"])
    assert team is not None and team.id == group["id"] and team.name == "Analytical Engines"
    assert [m["value"] for m in group["members"]] == [ada["id"]]


async def test_patch_adds_and_removes_members(provisioner: Provisioner, repository: SeedingRepository) -> None:
    ada = await provisioner.create_user("ada.lovelace@example.org")
    grace = await provisioner.create_user("grace.hopper@example.org")
    group = await provisioner.create_group("Compilers", ada["id"])
    add = patch({"op": "add", "path": "members", "value": [{"value": grace["id"]}]})
    assert (await provisioner.patch(f"/Groups/{group['id']}", add)).status_code == 200
    remove = patch({"op": "remove", "path": f'members[value eq "{ada["id"]}"]'})
    response = await provisioner.patch(f"/Groups/{group['id']}", remove)
    assert [m["value"] for m in response.json()["members"]] == [grace["id"]]
    assert await repository.member_team(ada["id"]) is None
    assert (await repository.member_team(grace["id"])).id == group["id"]  # type: ignore[union-attr]


async def test_joining_a_second_group_moves_the_member_to_that_team(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    ada = await provisioner.create_user("ada.lovelace@example.org")
    await provisioner.create_group("First", ada["id"])
    second = await provisioner.create_group("Second", ada["id"])
    assert (await repository.member_team(ada["id"])).id == second["id"]  # type: ignore[union-attr]


async def test_a_group_is_found_by_display_name(provisioner: Provisioner) -> None:
    group = await provisioner.create_group("Compilers")
    await provisioner.create_group("Engines")
    found = (await provisioner.get('/Groups?filter=displayName eq "compilers"')).json()
    assert [r["id"] for r in found["Resources"]] == [group["id"]]


async def test_a_group_naming_an_unknown_user_is_refused_and_writes_nothing(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    body = {"schemas": [GROUP_SCHEMA], "displayName": "Ghosts", "members": [{"value": "member-nobody"}]}
    response = await provisioner.post("/Groups", body)
    assert response.status_code == 400 and response.json()["scimType"] == "invalidValue"
    assert await repository.teams() == []


async def test_a_nested_group_is_refused(provisioner: Provisioner) -> None:
    inner = await provisioner.create_group("Inner")
    body = {"schemas": [GROUP_SCHEMA], "displayName": "Outer", "members": [{"value": inner["id"], "type": "Group"}]}
    response = await provisioner.post("/Groups", body)
    assert response.status_code == 400 and response.json()["scimType"] == "invalidValue"


async def test_deleting_a_group_removes_the_team_and_keeps_its_members(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    ada = await provisioner.create_user("ada.lovelace@example.org")
    group = await provisioner.create_group("Compilers", ada["id"])
    assert (await provisioner.delete(f"/Groups/{group['id']}")).status_code == 204
    assert await repository.teams() == [] and await repository.member(ada["id"]) is not None


async def test_a_team_typed_in_by_hand_is_not_a_group(provisioner: Provisioner, repository: SeedingRepository) -> None:
    await repository.create_team(name="Typed by hand")
    assert (await provisioner.get("/Groups")).json()["totalResults"] == 0
