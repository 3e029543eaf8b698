"""SCIM Users are Kindred members: created, read, found, replaced, patched and deleted."""

from __future__ import annotations

from tests.scim.conftest import Provisioner, patch, user
from tests.seeding import SeedingRepository


async def test_a_created_user_is_a_member_with_its_name_and_email(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    member = await repository.member(created["id"])
    assert member is not None and member.name == "Ada Lovelace" and member.email == "ada.lovelace@example.org"
    assert created["userName"] == "ada.lovelace@example.org" and created["active"] is True
    assert created["meta"]["resourceType"] == "User" and created["meta"]["version"]
