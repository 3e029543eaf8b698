"""A provisioned member's name, e-mail and team belong to the identity provider: Kindred shows
that they are managed, and refuses to change those three."""

from __future__ import annotations

from typing import Any

from graph_api.accounts.service import AccountService
from graph_api.settings import Settings
from tests.api.conftest import PASSWORD, GraphQLClient, People
from tests.scim.conftest import Provisioner
from tests.seeding import SeedingRepository

MANAGED = 'query($handle: String!) { member(handle: $handle) { managedByProvider } }'
UPDATE = 'mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { name headline } }'
ASSIGN = 'mutation($m: ID!, $t: ID) { assignMemberToTeam(memberId: $m, teamId: $t) { handle } }'
MY_PROFILE = 'mutation($input: ProfileInput!) { updateMyProfile(input: $input) { name headline } }'


async def _provisioned(provisioner: Provisioner) -> dict[str, Any]:
    return await provisioner.create_user("ada.lovelace@example.org")


async def test_a_provisioned_member_is_marked_as_managed_and_others_are_not(
    provisioner: Provisioner, organiser: GraphQLClient
) -> None:
    await _provisioned(provisioner)
    assert (await organiser.data(MANAGED, {"handle": "ada.lovelace"}))["member"] == {"managedByProvider": True}
    assert (await organiser.data(MANAGED, {"handle": "olga"}))["member"] == {"managedByProvider": False}


async def test_an_organiser_cannot_rename_a_managed_member_and_nothing_changes(
    provisioner: Provisioner, organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    created = await _provisioned(provisioner)
    for change in ({"name": "Renamed"}, {"email": "other@example.org"}, {"name": "Renamed", "headline": "Hi"}):
        error = await organiser.error(UPDATE, {"id": created["id"], "input": change})
        assert error["extensions"]["code"] == "MANAGED_BY_PROVIDER" and "identity provider" in error["message"]
    member = await repository.member(created["id"])
    assert member is not None and member.name == "Ada Lovelace" and member.headline == ""


async def test_an_organiser_still_edits_what_kindred_owns_on_a_managed_member(
    provisioner: Provisioner, organiser: GraphQLClient
) -> None:
    created = await _provisioned(provisioner)
    updated = await organiser.data(UPDATE, {"id": created["id"], "input": {"headline": "Poet of science"}})
    assert updated["updateMember"] == {"name": "Ada Lovelace", "headline": "Poet of science"}


async def test_an_organiser_cannot_move_a_managed_member_to_another_team(
    provisioner: Provisioner, organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    created = await _provisioned(provisioner)
    team = await repository.create_team(name="Typed by hand")
    error = await organiser.error(ASSIGN, {"m": created["id"], "t": team.id})
    assert error["extensions"]["code"] == "MANAGED_BY_PROVIDER"
    assert await repository.member_team(created["id"]) is None


async def test_a_managed_member_cannot_rename_themselves_but_can_write_their_headline(
    provisioner: Provisioner, people: People, repository: SeedingRepository
) -> None:
    created = await _provisioned(provisioner)
    settings = Settings(KINDRED_JWT_SECRET="test-secret-that-is-long-enough-for-hs256")
    await AccountService(repository, settings).set_password(created["id"], PASSWORD)
    ada = await people.client("ada.lovelace")
    error = await ada.error(MY_PROFILE, {"input": {"name": "Someone Else"}})
    assert error["extensions"]["code"] == "MANAGED_BY_PROVIDER"
    updated = await ada.data(MY_PROFILE, {"input": {"headline": "Numbers and poetry"}})
    assert updated["updateMyProfile"] == {"name": "Ada Lovelace", "headline": "Numbers and poetry"}
