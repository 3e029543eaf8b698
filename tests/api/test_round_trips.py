"""DataLoaders: a page of members with their details costs a constant number of round trips."""

from __future__ import annotations

import pytest

from tests.api.conftest import GraphQLClient
from tests.conftest import LiveServer
from tests.seeding import SeedingRepository

PAGE = """query($first: Int!) { members(first: $first) { totalCount edges { node {
  handle name headline passions { intensity passion { slug name } } team { name parent { name } } site { name city }
  bondCount offers { slug }
} } } }"""


@pytest.fixture
async def hundred_and_ten_members(repository: SeedingRepository) -> None:
    unit = await repository.create_team("Engineering")
    teams = [await repository.create_team(f"Team {n}", parent_id=unit.id) for n in range(5)]
    sites = [await repository.create_site(f"Site {n}", city="Lyon") for n in range(3)]
    previous = None
    for n in range(110):
        member = await repository.create_member(handle=f"m{n:03d}", name=f"Member {n:03d}")
        await repository.assign_team(member.id, teams[n % 5].id)
        await repository.assign_site(member.id, sites[n % 3].id)
        await repository.set_member_passion(member.id, f"Passion {n % 7}", 1 + n % 5)
        await repository.add_offers(member.id, f"Skill {n % 4}")
        if previous:
            await repository.record_bond(previous, member.id, "colleague")
        previous = member.id


async def _round_trips(client: GraphQLClient, live_server: LiveServer, first: int) -> int:
    before = live_server.round_trips
    data = await client.data(PAGE, {"first": first})
    assert len(data["members"]["edges"]) == first
    return live_server.round_trips - before


async def test_a_page_of_members_costs_the_same_round_trips_whatever_its_size(
    organiser: GraphQLClient, live_server: LiveServer, hundred_and_ten_members: None
) -> None:
    await organiser.data(PAGE, {"first": 1})  # the members' order keys are sampled meanwhile
    await live_server.quiet()
    small = await _round_trips(organiser, live_server, 5)
    full = await _round_trips(organiser, live_server, 100)
    assert small == full
    # token check, page, count, passions, teams, parent units, sites, bond counts, offers
    assert full <= 9
