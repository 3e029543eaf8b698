"""Concurrent writes that lock the same members in opposite orders all land, exactly once, on
both engines. On Neo4j they deadlock: the server aborts one transaction with a transient error
and the adapter's managed transaction runs it again; FalkorDB writes one statement at a time.
The counts the API shows (a passion's members, teams and sites; a team's and a site's members)
are counted from the index or the passion's degree at read time, so they are exact after any mix
of concurrent writes, deactivations among them."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from graph_api.imports.parsing import ImportBond
from graph_api.store.imports import ImportStore
from tests.seeding import SeedingRepository

MEMBERS = 24
BOND_COUNT = "MATCH (:Member)-[r:BOND]->(:Member) RETURN count(r) AS bonds"


@pytest.fixture
async def handles(repository: SeedingRepository) -> list[str]:
    names = [f"member{index:02}" for index in range(MEMBERS)]
    for handle in names:
        await repository.create_member(handle=handle, name=handle.title())
    return names


async def _bond_everyone(imports: ImportStore, handles: list[str]) -> list[bool]:
    """Each member bonds with every other at once, half of them in reverse order: each
    statement locks all the members, in an order that crosses the others'."""

    async def bond_from(index: int) -> list[bool]:
        others = [other for other in handles if other != handles[index]]
        bonds = [ImportBond(handle=other, kind="met") for other in (others if index % 2 else reversed(others))]
        written = await imports.write_bonds(
            handle=handles[index], bonds=bonds, since="2026-01-01T00:00:00Z", source="test", strength=0.5
        )
        return [bond.created for bond in written]

    results = await asyncio.gather(*(bond_from(index) for index in range(len(handles))))
    return list(itertools.chain.from_iterable(results))


async def test_crossing_bond_writes_all_land_and_each_bond_is_created_once(
    repository: SeedingRepository, handles: list[str]
) -> None:
    created = await _bond_everyone(repository.imports, handles)
    pairs = MEMBERS * (MEMBERS - 1) // 2
    assert len(created) == MEMBERS * (MEMBERS - 1)  # every statement answered for every bond
    assert created.count(True) == pairs  # one writer created each bond, the other found it
    everyone = [(a, b, "met") for a, b in itertools.combinations(handles, 2)]
    assert await repository.imports.count_existing_bonds(pairs=everyone) == pairs
    assert (await repository.driver.read(BOND_COUNT))[0]["bonds"] == pairs


async def test_a_passions_counts_stay_exact_while_members_join_it_at_once(
    repository: SeedingRepository, handles: list[str]
) -> None:
    team = await repository.create_team("Payments")
    site = await repository.create_site("Lyon Hub", city="Lyon")
    ids = [member.id for member in [await repository.member_by_handle(handle) for handle in handles] if member]

    async def join(index: int) -> None:
        await repository.replace_member_passions(ids[index], [("Jazz", 3), (f"Passion {index}", 2)])
        if index % 2:
            await repository.assign_team(ids[index], team.id)
        if index % 3 == 0:
            await repository.assign_site(ids[index], site.id)

    await asyncio.gather(*(join(index) for index in range(MEMBERS)))
    jazz = await repository.passion_by_slug("jazz")
    assert jazz is not None  # created once, by whichever member came first
    [reach] = await repository.batch_reads.passion_reach([jazz.id])
    assert (reach.members, reach.teams, reach.sites) == (MEMBERS, 1, 1)
    nobody = await repository.ensure_passion("Origami")
    assert await repository.batch_reads.passion_member_counts([jazz.id, nobody.id]) == [MEMBERS, 0]
    assert await repository.batch_reads.team_member_counts([team.id]) == [MEMBERS // 2]
    assert await repository.batch_reads.site_member_counts([site.id]) == [MEMBERS // 3]


async def test_a_passions_member_count_stays_exact_while_its_holders_come_and_go_at_once(
    repository: SeedingRepository,
) -> None:
    """Provisioned members deactivated and reactivated (their passions set aside and back) while
    others take the passion up, all at once."""
    now = "2026-06-01T12:00:00Z"
    ids = [f"member-away{index:02}" for index in range(MEMBERS)]
    for index, member_id in enumerate(ids):
        user = {"name": f"Away {index}", "scimUserKey": f"away{index}@example.org"}
        assert await repository.scim.create_member(
            member_id=member_id, handle=f"away{index:02}", user_key=user["scimUserKey"], user=user, active=True, now=now
        )
    holders = ids[: MEMBERS // 2]
    for member_id in holders:
        await repository.set_member_passion(member_id, "Jazz", 3)

    async def change(member_id: str, change: str) -> None:
        index = ids.index(member_id)
        written = await repository.scim.update_member(
            member_id=member_id, user_key=f"away{index}@example.org", user={}, change=change, version=None, now=now
        )
        assert written

    leaving, back = holders[::2], holders[::4]  # half the holders leave; half of those come back
    await asyncio.gather(
        *(change(member_id, "deactivate") for member_id in leaving),
        *(repository.set_member_passion(member_id, "Jazz", 2) for member_id in ids[MEMBERS // 2 :]),
    )
    await asyncio.gather(
        *(change(member_id, "reactivate") for member_id in back),
        # Deactivated again: they have nothing left to set aside.
        *(change(member_id, "deactivate") for member_id in leaving if member_id not in back),
    )
    jazz = await repository.passion_by_slug("jazz")
    assert jazz is not None
    active_holders = MEMBERS - len(leaving) + len(back)
    assert await repository.batch_reads.passion_member_counts([jazz.id]) == [active_holders]
    [reach] = await repository.batch_reads.passion_reach([jazz.id])
    assert reach.members == active_holders
