"""Passions with their reach (members, teams, sites), and a passion's members."""

from __future__ import annotations

import pytest

from tests.api.conftest import GraphQLClient, People
from tests.seeding import SeedingRepository

PASSIONS = """query($order: PassionOrder, $filter: PassionFilter, $first: Int, $after: String) {
  passions(orderBy: $order, filter: $filter, first: $first, after: $after) {
    totalCount
    edges { node { slug name memberCount teamCount siteCount } }
    pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture
async def community(people: People, repository: SeedingRepository) -> None:
    teams = [await repository.create_team(name) for name in ("Payments", "Search", "Sales")]
    sites = [await repository.create_site(name, city=name) for name in ("Lyon", "Oslo")]
    for n in range(6):
        member_id = await people.add(f"member{n}", name=f"Member {n}")
        await repository.assign_team(member_id, teams[n % 3].id)
        await repository.assign_site(member_id, sites[n % 2].id)
        await repository.set_member_passion(member_id, "Jazz", 3)
        if n < 2:
            await repository.set_member_passion(member_id, "Chess", 4)
    await repository.ensure_passion("Origami")


async def test_passions_are_ordered_by_members_with_the_teams_and_sites_they_span(
    organiser: GraphQLClient, community: None
) -> None:
    data = await organiser.data(PASSIONS, {"order": "MEMBERS"})
    nodes = [edge["node"] for edge in data["passions"]["edges"]]
    assert [(n["slug"], n["memberCount"], n["teamCount"], n["siteCount"]) for n in nodes] == [
        ("jazz", 6, 3, 2),
        ("chess", 2, 2, 2),
        ("origami", 0, 0, 0),
    ]


async def test_passions_filtered_by_minimum_members_and_text(organiser: GraphQLClient, community: None) -> None:
    data = await organiser.data(PASSIONS, {"filter": {"minMembers": 1}, "order": "NAME"})
    assert [e["node"]["slug"] for e in data["passions"]["edges"]] == ["chess", "jazz"]
    data = await organiser.data(PASSIONS, {"filter": {"text": "CHE"}})
    assert data["passions"]["totalCount"] == 1


async def test_walking_the_passions_connection_visits_each_once(organiser: GraphQLClient, community: None) -> None:
    seen, after = [], None
    while True:
        page = (await organiser.data(PASSIONS, {"first": 1, "after": after}))["passions"]
        seen += [e["node"]["slug"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["jazz", "chess", "origami"]


async def test_a_passion_by_any_spelling_lists_its_members(organiser: GraphQLClient, community: None) -> None:
    data = await organiser.data('{ passion(slug: " CHESS") { name members(first: 10) { totalCount edges { node { handle } } } } }')
    assert data["passion"]["members"]["totalCount"] == 2
    assert [e["node"]["handle"] for e in data["passion"]["members"]["edges"]] == ["member0", "member1"]


async def test_an_unknown_passion_is_null(organiser: GraphQLClient) -> None:
    assert (await organiser.data('{ passion(slug: "nothing") { name } }'))["passion"] is None


async def test_teams_and_sites_list_their_members(organiser: GraphQLClient, community: None) -> None:
    data = await organiser.data("{ teams(first: 10) { edges { node { name memberCount members { totalCount } } } } "
                                "sites { edges { node { name memberCount } } } }")
    assert [(e["node"]["name"], e["node"]["memberCount"]) for e in data["teams"]["edges"]] == [
        ("Payments", 2), ("Sales", 2), ("Search", 2)]
    assert [e["node"]["memberCount"] for e in data["sites"]["edges"]] == [3, 3]
    assert all(e["node"]["members"]["totalCount"] == 2 for e in data["teams"]["edges"])


async def test_skills_list_who_offers_them_and_only_organisers_see_who_seeks_them(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    ada = await people.add("ada", name="Ada")
    await repository.add_offers(ada, "Python")
    await repository.add_seeks(ada, "Go")
    query = "{ skills { edges { node { slug offeredBy { totalCount } soughtBy { totalCount } } } } }"
    as_organiser = {e["node"]["slug"]: e["node"] for e in (await organiser.data(query))["skills"]["edges"]}
    assert as_organiser["python"]["offeredBy"]["totalCount"] == 1 and as_organiser["go"]["soughtBy"]["totalCount"] == 1
    as_member = {e["node"]["slug"]: e["node"] for e in (await (await people.client("ada")).data(query))["skills"]["edges"]}
    assert as_member["go"]["soughtBy"] is None
