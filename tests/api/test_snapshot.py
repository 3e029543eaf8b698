"""The recommender's inputs: the community snapshot and the recommendation context."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import GraphQLClient, People, api_token
from tests.conftest import LiveServer
from tests.seeding import SeedingRepository

SNAPSHOT = """query($first: Int!, $after: String) { communitySnapshot(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  members { key teamKey siteKey passions { slug intensity } seeks offers bonds { otherKey kind } }
} }"""
FULL_PAGE = """{ communitySnapshot(first: 5000) {
  pageInfo { hasNextPage endCursor }
  members { key teamKey siteKey passions { slug intensity } seeks offers bonds { otherKey kind } }
} }"""
CONTEXT = "{ recommendationContext { acceptedGroups blockedPairs } }"


async def _walk(client: GraphQLClient, first: int) -> list[dict[str, Any]]:
    members: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await client.data(SNAPSHOT, {"first": first, "after": after}))["communitySnapshot"]
        members += page["members"]
        if not page["pageInfo"]["hasNextPage"]:
            return members
        after = page["pageInfo"]["endCursor"]


@pytest.fixture
async def community(repository: SeedingRepository, people: People) -> dict[str, str]:
    """ann, bob and cyd, with dee who opted out; ann is bonded with all three."""
    olga = await people.add("olga", role="organiser")
    ids = {"olga": olga}
    for handle in ("ann", "bob", "cyd"):
        ids[handle] = (await repository.create_member(handle=handle, name=handle.title())).id
    ids["dee"] = (await repository.create_member(handle="dee", name="Dee", opt_out=True)).id
    team, site = await repository.create_team("Platform"), await repository.create_site("Lyon")
    ids["team"], ids["site"] = team.id, site.id
    await repository.assign_team(ids["ann"], team.id)
    await repository.assign_site(ids["ann"], site.id)
    await repository.set_member_passion(ids["ann"], "Jazz", 5)
    await repository.set_member_passion(ids["ann"], "Cooking", 3)
    await repository.add_seeks(ids["ann"], "Python")
    await repository.add_offers(ids["ann"], "Pottery")
    for other, kind in (("bob", "colleague"), ("cyd", "friend"), ("dee", "met")):
        await repository.record_bond(ids["ann"], ids[other], kind)
    await repository.set_member_passion(ids["dee"], "Jazz", 4)
    return ids


async def test_the_snapshot_leaves_out_opted_out_members_even_as_bond_partners(
    community: dict[str, str], people: People
) -> None:
    olga = await people.client("olga")
    members = (await olga.data(SNAPSHOT, {"first": 100}))["communitySnapshot"]["members"]
    by_key = {member["key"]: member for member in members}
    assert set(by_key) == {community[h] for h in ("olga", "ann", "bob", "cyd")}
    assert community["dee"] not in str(members)
    assert by_key[community["ann"]] == {
        "key": community["ann"],
        "teamKey": community["team"],
        "siteKey": community["site"],
        "passions": [{"slug": "jazz", "intensity": 5}, {"slug": "cooking", "intensity": 3}],
        "seeks": ["python"],
        "offers": ["pottery"],
        "bonds": sorted(
            [{"otherKey": community["bob"], "kind": "COLLEAGUE"}, {"otherKey": community["cyd"], "kind": "FRIEND"}],
            key=lambda bond: bond["otherKey"],
        ),
    }
    assert by_key[community["bob"]]["bonds"] == [{"otherKey": community["ann"], "kind": "COLLEAGUE"}]


async def test_walking_the_pages_returns_every_member_once(repository: SeedingRepository, people: People) -> None:
    await people.add("olga", role="organiser")
    for n in range(23):
        await repository.create_member(handle=f"member{n:02d}", name=f"Member {n}", opt_out=n % 5 == 0)
    olga = await people.client("olga")
    keys = [member["key"] for member in await _walk(olga, 4)]
    expected = {m.id for m in await repository.members(limit=100) if not m.optOut}
    assert len(keys) == len(expected) == 19 and set(keys) == expected
    assert keys == sorted(keys)
    assert (await olga.data(SNAPSHOT, {"first": 4}))["communitySnapshot"]["totalCount"] == 19


async def test_a_snapshot_page_costs_the_same_round_trips_whatever_its_size(
    community: dict[str, str], people: People, live_server: LiveServer
) -> None:
    olga = await people.client("olga")
    costs = []
    for first in (1, 100):
        before = live_server.round_trips
        await olga.data("query($first: Int!) { communitySnapshot(first: $first) { members { key bonds { otherKey } } } }",
                        {"first": first})
        costs.append(live_server.round_trips - before)
    assert costs[0] == costs[1] <= 2  # the session check and one page statement


async def test_members_cannot_read_recommendation_inputs(community: dict[str, str], member: GraphQLClient) -> None:
    for query, variables in ((SNAPSHOT, {"first": 10}), (CONTEXT, None)):
        error = await member.error(query, variables)
        assert error["extensions"]["code"] == "FORBIDDEN"


async def test_a_token_with_the_read_scope_reads_the_snapshot(
    community: dict[str, str], repository: SeedingRepository, anonymous: GraphQLClient
) -> None:
    reader = GraphQLClient(anonymous.http, token=await api_token(repository, community["olga"], "read"))
    members = (await reader.data(SNAPSHOT, {"first": 10}))["communitySnapshot"]["members"]
    assert len(members) == 4
    assert (await reader.data(CONTEXT))["recommendationContext"] == {"acceptedGroups": [], "blockedPairs": []}


async def test_a_token_without_the_read_scope_cannot_read_the_snapshot(
    community: dict[str, str], repository: SeedingRepository, anonymous: GraphQLClient
) -> None:
    writer = GraphQLClient(anonymous.http, token=await api_token(repository, community["olga"], "write"))
    assert (await writer.error(SNAPSHOT, {"first": 10}))["extensions"]["code"] == "FORBIDDEN"


async def test_a_full_page_of_five_thousand_is_within_every_limit(
    community: dict[str, str], people: People
) -> None:
    olga = await people.client("olga")
    assert len((await olga.data(FULL_PAGE))["communitySnapshot"]["members"]) == 4
    assert len((await olga.data(SNAPSHOT, {"first": 5000}))["communitySnapshot"]["members"]) == 4


@pytest.mark.parametrize("first", [0, 5001])
async def test_a_page_size_outside_one_to_five_thousand_is_refused(
    community: dict[str, str], people: People, first: int
) -> None:
    olga = await people.client("olga")
    error = await olga.error(SNAPSHOT, {"first": first})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}


async def test_a_cursor_from_another_list_is_refused(community: dict[str, str], people: People) -> None:
    olga = await people.client("olga")
    members = (await olga.data("{ members(first: 1) { pageInfo { endCursor } } }"))["members"]
    error = await olga.error(SNAPSHOT, {"first": 10, "after": members["pageInfo"]["endCursor"]})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
