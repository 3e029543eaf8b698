"""Queries over members: one member, the members connection, filters, ordering, privacy."""

from __future__ import annotations

import base64

import pytest

from tests.api.conftest import GraphQLClient, People
from tests.seeding import SeedingRepository

PAGE = """query($first: Int!, $after: String, $filter: MemberFilter, $order: MemberOrder) {
  members(first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount
    edges { cursor node { key handle name joinedAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def _walk(client: GraphQLClient, first: int, **variables: object) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        data = await client.data(PAGE, {"first": first, "after": after, **variables})
        page = data["members"]
        seen += [edge["node"]["handle"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


@pytest.fixture
async def crowd(people: People, repository: SeedingRepository) -> list[str]:
    """23 members; several share a name so ordering must break ties by id."""
    handles = []
    for n in range(23):
        handle = f"person{n:02d}"
        await repository.create_member(
            handle=handle,
            name=f"Person {n % 7}",
            joined_at=f"2024-01-{(n % 28) + 1:02d}T09:00:00Z",
            headline="Gardener" if n % 5 == 0 else "Engineer",
        )
        handles.append(handle)
    return handles


async def test_walking_the_members_connection_by_name_visits_every_member_once(
    organiser: GraphQLClient, crowd: list[str]
) -> None:
    seen = await _walk(organiser, 4)
    assert sorted(seen) == sorted([*crowd, "olga"])
    assert len(seen) == len(set(seen))


async def test_walking_the_members_connection_by_join_date_visits_every_member_once(
    organiser: GraphQLClient, crowd: list[str]
) -> None:
    seen = await _walk(organiser, 5, order="JOINED_AT")
    assert sorted(seen) == sorted([*crowd, "olga"])


async def test_members_ordered_by_join_date_come_newest_first(organiser: GraphQLClient, crowd: list[str]) -> None:
    data = await organiser.data(PAGE, {"first": 100, "order": "JOINED_AT"})
    dates = [edge["node"]["joinedAt"] for edge in data["members"]["edges"]]
    assert dates == sorted(dates, reverse=True)


async def test_total_count_counts_all_pages(organiser: GraphQLClient, crowd: list[str]) -> None:
    data = await organiser.data(PAGE, {"first": 3})
    assert data["members"]["totalCount"] == 24
    assert data["members"]["pageInfo"]["hasNextPage"] is True


async def test_a_page_larger_than_one_hundred_is_refused(organiser: GraphQLClient) -> None:
    error = await organiser.error(PAGE, {"first": 101})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first must be from 1 to 100" in error["message"]


async def test_a_forged_cursor_is_refused(organiser: GraphQLClient) -> None:
    error = await organiser.error(PAGE, {"first": 3, "after": "not-a-cursor"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_cursor_of_another_ordering_is_refused(organiser: GraphQLClient, crowd: list[str]) -> None:
    cursor = base64.urlsafe_b64encode(b"7").decode()
    error = await organiser.error(PAGE, {"first": 3, "after": cursor})
    assert "another ordering" in error["message"]


async def test_members_filtered_by_team_site_passion_and_skills(
    organiser: GraphQLClient, repository: SeedingRepository, people: People
) -> None:
    team = await repository.create_team("Payments")
    site = await repository.create_site("Lyon Hub", city="Lyon")
    ada = await people.add("ada", name="Ada")
    bob = await people.add("bob", name="Bob")
    await people.add("cyd", name="Cyd")
    await repository.assign_team(ada, team.id)
    await repository.assign_site(bob, site.id)
    await repository.set_member_passion(ada, "Jazz", 4)
    await repository.set_member_passion(bob, "Jazz", 2)
    await repository.set_member_passion(bob, "Chess", 5)
    await repository.add_offers(ada, "Python")
    await repository.add_seeks(bob, "Python")

    async def handles(filter: dict[str, object]) -> list[str]:
        data = await organiser.data(PAGE, {"first": 50, "filter": filter})
        return [edge["node"]["handle"] for edge in data["members"]["edges"]]

    assert await handles({"team": team.id}) == ["ada"]
    assert await handles({"site": site.id}) == ["bob"]
    assert await handles({"passions": ["JAZZ"]}) == ["ada", "bob"]
    assert await handles({"passions": ["jazz", "chess"]}) == ["bob"]
    assert await handles({"offers": "python"}) == ["ada"]
    assert await handles({"seeks": "Python"}) == ["bob"]
    assert await handles({"passions": ["jazz"], "team": team.id}) == ["ada"]


async def test_several_passions_find_the_members_with_all_of_them_whichever_is_rarest(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    for handle in ("ada", "bob", "cyd", "dee"):
        await repository.set_member_passion(await people.add(handle), "Jazz", 3)
    for handle in ("bob", "dee"):
        await repository.set_member_passion(people.ids[handle], "Chess", 3)
    await repository.set_member_passion(people.ids["dee"], "Go", 3)
    for passions, found in (
        (["jazz", "chess"], ["bob", "dee"]),
        (["chess", "jazz", "go"], ["dee"]),
        (["jazz", "knitting"], []),  # nobody has knitting: nobody has them all
    ):
        data = await organiser.data(PAGE, {"first": 10, "filter": {"passions": passions}})
        assert [edge["node"]["handle"] for edge in data["members"]["edges"]] == found
        assert data["members"]["totalCount"] == len(found)


async def test_members_found_by_words_of_their_vision_ranked_by_relevance(
    organiser: GraphQLClient, people: People
) -> None:
    await people.add("ada", name="Ada", vision="Build a mentoring circle for new engineers")
    await people.add("bob", name="Bob", vision="Grow urban gardens with my neighbours")
    data = await organiser.data(PAGE, {"first": 10, "filter": {"text": "mentor"}, "order": "RELEVANCE"})
    assert [edge["node"]["handle"] for edge in data["members"]["edges"]] == ["ada"]


async def test_relevance_order_without_text_is_refused(organiser: GraphQLClient) -> None:
    error = await organiser.error(PAGE, {"first": 10, "order": "RELEVANCE"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_member_by_handle_and_by_global_id(member: GraphQLClient, people: People) -> None:
    data = await member.data('{ member(handle: "ADA") { id key name } }')
    found = data["member"]
    again = await member.data("query($id: ID!) { member(id: $id) { handle } }", {"id": found["id"]})
    plain = await member.data("query($id: ID!) { member(id: $id) { handle } }", {"id": found["key"]})
    assert again["member"]["handle"] == plain["member"]["handle"] == "ada"


async def test_member_needs_exactly_one_of_id_and_handle(member: GraphQLClient) -> None:
    error = await member.error('{ member(id: "x", handle: "ada") { name } }')
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_viewer_is_the_signed_in_member(member: GraphQLClient) -> None:
    assert (await member.data("{ viewer { handle email } }"))["viewer"] == {"handle": "ada", "email": "ada@example.org"}


async def test_viewer_is_null_for_anonymous_visitors(anonymous: GraphQLClient) -> None:
    assert (await anonymous.data("{ viewer { handle } }"))["viewer"] is None


async def test_anonymous_visitors_cannot_list_members(anonymous: GraphQLClient) -> None:
    error = await anonymous.error(PAGE, {"first": 5})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_garbage_token_is_refused_with_a_reason(anonymous: GraphQLClient) -> None:
    anonymous.headers["Authorization"] = "Bearer garbage"
    error = await anonymous.error(PAGE, {"first": 5})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "not valid" in error["message"]


PRIVATE = """query($handle: String!) { member(handle: $handle) {
  name headline vision email recommendationOptOut seeks { slug } offers { slug }
  bondCount bonds { kind } passions { intensity passion { slug } } team { name } site { name }
} }"""


@pytest.fixture
async def bob_with_private_details(people: People, repository: SeedingRepository) -> str:
    bob = await people.add("bob", name="Bob", email="bob@example.org", vision="Teach chess")
    carol = await people.add("carol", name="Carol")
    await repository.add_seeks(bob, "Negotiation")
    await repository.add_offers(bob, "Chess Coaching")
    await repository.record_bond(bob, carol, "friend")
    await repository.set_member_passion(bob, "Chess", 5)
    return bob


async def test_members_see_names_visions_and_passions_but_not_private_fields_of_others(
    member: GraphQLClient, bob_with_private_details: str
) -> None:
    bob = (await member.data(PRIVATE, {"handle": "bob"}))["member"]
    assert bob["name"] == "Bob" and bob["vision"] == "Teach chess"
    assert bob["passions"] == [{"intensity": 5, "passion": {"slug": "chess"}}]
    assert bob["offers"] == [{"slug": "chess-coaching"}] and bob["bondCount"] == 1
    assert bob["email"] is None and bob["seeks"] is None and bob["bonds"] is None
    assert bob["recommendationOptOut"] is None


async def test_members_see_their_own_private_fields(people: People, bob_with_private_details: str) -> None:
    bob_client = await people.client("bob")
    bob = (await bob_client.data(PRIVATE, {"handle": "bob"}))["member"]
    assert bob["email"] == "bob@example.org"
    assert bob["seeks"] == [{"slug": "negotiation"}] and bob["bonds"] == [{"kind": "FRIEND"}]
    assert bob["recommendationOptOut"] is False


async def test_organisers_see_private_fields(organiser: GraphQLClient, bob_with_private_details: str) -> None:
    bob = (await organiser.data(PRIVATE, {"handle": "bob"}))["member"]
    assert bob["email"] == "bob@example.org" and bob["seeks"] == [{"slug": "negotiation"}]
