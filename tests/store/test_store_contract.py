"""The store contract, on both real engines (the embedded FalkorDB and the local Neo4j, through
the engine-parametrised `driver` of tests/conftest.py): every node and relationship kind can be created,
read, updated and deleted, uniqueness holds, and values come back in their Python types."""

from __future__ import annotations

import pytest

from graph_api.errors import ConflictError
from graph_api.store import queries
from graph_api.store.batch_reads import BatchReads
from tests.seeding import SeedingRepository


async def test_member_is_created_read_updated_and_deleted(repository: SeedingRepository) -> None:
    created = await repository.create_member(
        handle="ada", name="Ada Lovelace", email="ada@example.org", headline="Analyst", vision="Engines for all"
    )
    assert await repository.member(created.id) == created
    assert await repository.member_by_handle("ADA") == created

    updated = await repository.update_member(created.id, headline="Poet of science", optOut=True)
    assert (updated.headline, updated.optOut, updated.name) == ("Poet of science", True, "Ada Lovelace")

    await repository.delete_member(created.id)
    assert await repository.member(created.id) is None


async def test_passion_is_created_read_updated_and_deleted(repository: SeedingRepository) -> None:
    jazz = await repository.ensure_passion("Jazz", "Improvised music")
    assert await repository.passion(jazz.id) == jazz
    renamed = await repository.update_passion(jazz.id, name="Jazz Piano", description="Keys")
    assert (renamed.slug, renamed.name, renamed.description) == ("jazz-piano", "Jazz Piano", "Keys")
    await repository.delete_passion(jazz.id)
    assert await repository.passion(jazz.id) is None


async def test_team_is_created_read_renamed_moved_and_deleted(repository: SeedingRepository) -> None:
    unit = await repository.create_team("Engineering")
    team = await repository.create_team("Payments", parent_id=unit.id)
    assert (await repository.team(team.id)).parentId == unit.id
    assert (await repository.rename_team(team.id, "Billing")).name == "Billing"
    assert (await repository.set_team_parent(team.id, None)).parentId is None
    await repository.delete_team(team.id)
    assert await repository.team(team.id) is None
    assert await repository.team(unit.id) is not None


async def test_site_is_created_read_updated_and_deleted(repository: SeedingRepository) -> None:
    site = await repository.create_site("Lyon Hub", city="Lyon")
    assert await repository.site(site.id) == site
    assert (await repository.update_site(site.id, city="Villeurbanne")).city == "Villeurbanne"
    await repository.delete_site(site.id)
    assert await repository.site(site.id) is None


async def test_skill_is_created_read_and_deleted(repository: SeedingRepository) -> None:
    skill = await repository.ensure_skill("Public Speaking")
    assert skill.slug == "public-speaking"
    assert await repository.skill(skill.id) == skill
    assert await repository.skill_by_slug("PUBLIC speaking") == skill
    await repository.delete_skill(skill.id)
    assert await repository.skill(skill.id) is None


async def test_passionate_about_is_set_updated_and_removed(repository: SeedingRepository) -> None:
    member = await repository.create_member(handle="ada", name="Ada")
    link = await repository.set_member_passion(member.id, "Jazz", 3, since="2024-01-02")
    assert (link.passion.slug, link.intensity, link.since) == ("jazz", 3, "2024-01-02")
    await repository.set_member_passion(member.id, "jazz", 5)
    [only] = await repository.member_passions(member.id)
    assert (only.intensity, only.since) == (5, "2024-01-02")
    assert await repository.remove_member_passion(member.id, "Jazz") is True
    assert await repository.member_passions(member.id) == []


async def test_member_of_and_based_at_are_assigned_replaced_and_removed(repository: SeedingRepository) -> None:
    member = await repository.create_member(handle="ada", name="Ada")
    first, second = await repository.create_team("Payments"), await repository.create_team("Search")
    site = await repository.create_site("Lyon Hub", city="Lyon")
    await repository.assign_team(member.id, first.id)
    await repository.assign_team(member.id, second.id)
    await repository.assign_site(member.id, site.id)
    assert (await repository.member_team(member.id)).id == second.id
    assert [m.id for m in await repository.team_members(first.id)] == []
    assert (await repository.member_site(member.id)) == site
    await repository.unassign_team(member.id)
    await repository.unassign_site(member.id)
    assert await repository.member_team(member.id) is None
    assert await repository.member_site(member.id) is None


async def test_seeks_and_offers_are_added_and_removed(repository: SeedingRepository) -> None:
    member = await repository.create_member(handle="ada", name="Ada")
    await repository.add_seeks(member.id, "Kubernetes")
    await repository.add_offers(member.id, "Python")
    assert [s.slug for s in await repository.member_seeks(member.id)] == ["kubernetes"]
    assert [s.slug for s in await repository.member_offers(member.id)] == ["python"]
    assert await repository.remove_seeks(member.id, "kubernetes") is True
    assert await repository.remove_offers(member.id, "PYTHON") is True
    assert await repository.member_seeks(member.id) == await repository.member_offers(member.id) == []


async def test_bond_is_one_per_pair_and_kind_and_read_from_both_ends(repository: SeedingRepository) -> None:
    ada = await repository.create_member(handle="ada", name="Ada")
    bob = await repository.create_member(handle="bob", name="Bob")
    await repository.record_bond(bob.id, ada.id, "met", strength=0.2)
    await repository.record_bond(ada.id, bob.id, "met", strength=0.8)
    await repository.record_bond(ada.id, bob.id, "mentor")
    assert sorted((b.kind, b.strength) for b in await repository.member_bonds(ada.id)) == [("mentor", 0.5), ("met", 0.8)]
    assert {b.otherId for b in await repository.member_bonds(bob.id)} == {ada.id}
    assert await repository.remove_bond(bob.id, ada.id, "met") is True
    assert [b.kind for b in await repository.member_bonds(bob.id)] == ["mentor"]


async def test_a_bond_count_counts_each_kind_of_bond_from_either_end(repository: SeedingRepository) -> None:
    ada, bob, cyd, dee = [await repository.create_member(handle=h, name=h.title()) for h in ("ada", "bob", "cyd", "dee")]
    await repository.record_bond(ada.id, bob.id, "met")
    await repository.record_bond(ada.id, bob.id, "mentor")
    await repository.record_bond(cyd.id, ada.id, "friend")
    counts = await BatchReads(repository.driver).bond_count_of([ada.id, bob.id, cyd.id, dee.id])
    assert counts == [3, 2, 1, 0]


async def test_deleting_a_member_removes_all_their_relationships(repository: SeedingRepository) -> None:
    ada = await repository.create_member(handle="ada", name="Ada")
    bob = await repository.create_member(handle="bob", name="Bob")
    await repository.record_bond(ada.id, bob.id, "friend")
    await repository.set_member_passion(ada.id, "Jazz", 4)
    await repository.delete_member(ada.id)
    assert await repository.member_bonds(bob.id) == []
    assert (await repository.passion_by_slug("jazz")) is not None


async def test_passion_names_normalise_to_one_slug(repository: SeedingRepository) -> None:
    first = await repository.ensure_passion("Jazz")
    assert await repository.ensure_passion(" jazz") == first
    assert await repository.ensure_passion("JAZZ") == first
    assert await repository.count(queries.PASSION) == 1


async def test_member_handle_is_unique(repository: SeedingRepository) -> None:
    await repository.create_member(handle="ada", name="Ada")
    with pytest.raises(ConflictError, match="handle 'ada' is already taken"):
        await repository.create_member(handle="ADA", name="Another Ada")
    assert await repository.count(queries.MEMBER) == 1


async def test_unique_constraints_hold_even_against_raw_writes(repository: SeedingRepository) -> None:
    member = await repository.create_member(handle="ada", name="Ada")
    with pytest.raises(ConflictError):
        await repository.driver.write("CREATE (:Member {id: $id, handle: 'other'})", {"id": member.id})
    with pytest.raises(ConflictError):
        await repository.driver.write("CREATE (:Passion {id: 'p1', slug: 'x'}), (:Passion {id: 'p2', slug: 'x'})")
    assert await repository.count(queries.MEMBER) == 1
    assert await repository.count(queries.PASSION) == 0


async def test_renaming_a_passion_onto_an_existing_slug_is_a_conflict(repository: SeedingRepository) -> None:
    await repository.ensure_passion("Jazz")
    rock = await repository.ensure_passion("Rock")
    with pytest.raises(ConflictError):
        await repository.update_passion(rock.id, name="JAZZ")
    assert (await repository.passion(rock.id)).name == "Rock"


async def test_schema_setup_is_idempotent(repository: SeedingRepository) -> None:
    await repository.driver.setup_schema()
    await repository.driver.setup_schema()
    await repository.create_member(handle="ada", name="Ada")
    with pytest.raises(ConflictError):
        await repository.create_member(handle="ada", name="Ada again")


async def test_numbers_and_flags_come_back_in_their_python_types(repository: SeedingRepository) -> None:
    """Both engines give an int, a float and a bool back as such: a whole strength stays a float."""
    ada = await repository.create_member(handle="ada", name="Ada")
    bob = await repository.create_member(handle="bob", name="Bob")
    bond = await repository.record_bond(ada.id, bob.id, "met", strength=1)
    [read] = await repository.member_bonds(bob.id)
    assert (type(bond.strength), type(read.strength), read.strength) == (float, float, 1.0)
    link = await repository.set_member_passion(ada.id, "Jazz", 3)
    [stored] = await repository.member_passions(ada.id)
    assert (type(link.intensity), type(stored.intensity)) == (int, int)
    assert type(await repository.count(queries.MEMBER)) is int
    updated = await repository.update_member(ada.id, optOut=True)
    assert updated.optOut is True
    columns = await repository.driver.read_columns(
        "MATCH (m:Member)-[r:BOND]-(:Member) RETURN m.handle AS handle, r.strength AS strength, "
        "coalesce(m.optOut, false) AS optOut, size(m.handle) AS length ORDER BY handle",
        {"handle": str, "strength": float, "optOut": bool, "length": int},
    )
    assert columns == {"handle": ["ada", "bob"], "strength": [1.0, 1.0], "optOut": [True, False], "length": [3, 3]}
    assert [type(value) for name in ("strength", "optOut", "length") for value in columns[name]] == [
        float, float, bool, bool, int, int
    ]
