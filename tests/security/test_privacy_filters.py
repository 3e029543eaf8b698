"""Filters, orderings, counts and search hits reveal no private field to a member.

Private fields (README, Privacy): e-mail, skills sought, bond details and the opt-out flag,
readable by the member themselves and organisers only. Each test plays one way a member
could rebuild one of them without reading the field itself.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from strawberry.relay import to_base64

from tests.api.conftest import GraphQLClient, People, api_token
from tests.seeding import SeedingRepository

MEMBERS = """query($filter: MemberFilter, $order: MemberOrder! = NAME) {
  members(filter: $filter, orderBy: $order, first: 50) { totalCount edges { node { handle } } }
}"""
SKILLS = "{ skills(first: 100) { totalCount edges { node { slug } } } }"
SEARCH = """query($text: String!) {
  search(text: $text, first: 50) { node { __typename ... on Member { handle } ... on Skill { slug } } }
}"""
NODE = "query($id: ID!) { node(id: $id) { __typename ... on Skill { slug } } }"
VIEW = "truncated nodes { key kind size } edges { source target kind bondKind weight } packed"
NEIGHBORHOOD = "query($id: ID!) { neighborhood(memberId: $id, depth: 2) { " + VIEW + " } }"
COMMUNITY = "{ communityGraph(limit: 100) { " + VIEW + " } }"
RECORD_BOND = "mutation($other: ID!) { recordBond(otherMemberId: $other, kind: FRIEND) { status } }"


@pytest.fixture
async def community(people: People, repository: SeedingRepository) -> People:
    """Bob seeks a skill nobody offers and has a distinctive e-mail; Carol offers Python; Dan opted out."""
    bob = await people.add("bob", name="Bob Stone", email="zanzibar.secret@hidden-mail.example")
    carol = await people.add("carol", name="Carol King")
    dan = await people.add("dan", name="Dan Field")
    await repository.add_seeks(bob, "Negotiation")
    await repository.add_seeks(bob, "Python")
    await repository.add_offers(carol, "Python")
    await repository.record_bond(bob, carol, "friend", since="2024-02-03", source="event:secret-retreat")
    await repository.update_member(dan, optOut=True)
    return people


def handles(data: dict[str, Any]) -> list[str]:
    return [edge["node"]["handle"] for edge in data["members"]["edges"]]


async def test_a_member_filtering_members_by_a_skill_sought_is_forbidden(
    member: GraphQLClient, community: People
) -> None:
    error = await member.error(MEMBERS, {"filter": {"seeks": "negotiation"}})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "organisers" in error["message"] and "bob" not in json.dumps(error)


async def test_a_member_filtering_by_a_skill_they_seek_themselves_is_forbidden_too(
    member: GraphQLClient, repository: SeedingRepository, people: People
) -> None:
    await repository.add_seeks(people.ids["ada"], "Rust")
    error = await member.error(MEMBERS, {"filter": {"seeks": "rust", "text": "ada"}})
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_an_api_token_filtering_members_by_a_skill_sought_is_forbidden(
    organiser: GraphQLClient, community: People, repository: SeedingRepository, http: Any
) -> None:
    reader = GraphQLClient(http, token=await api_token(repository, community.ids["olga"], "read"))
    error = await reader.error(MEMBERS, {"filter": {"seeks": "python"}})
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_organisers_still_find_members_by_a_skill_sought(organiser: GraphQLClient, community: People) -> None:
    assert handles(await organiser.data(MEMBERS, {"filter": {"seeks": "Negotiation"}})) == ["bob"]


async def test_the_skills_list_hides_skills_only_others_seek(member: GraphQLClient, community: People) -> None:
    skills = (await member.data(SKILLS))["skills"]
    assert [edge["node"]["slug"] for edge in skills["edges"]] == ["python"] and skills["totalCount"] == 1


async def test_the_skills_list_shows_a_member_the_skills_they_seek(community: People) -> None:
    bob = await community.client("bob")
    slugs = [edge["node"]["slug"] for edge in (await bob.data(SKILLS))["skills"]["edges"]]
    assert slugs == ["negotiation", "python"]


async def test_organisers_list_every_skill(organiser: GraphQLClient, community: People) -> None:
    assert (await organiser.data(SKILLS))["skills"]["totalCount"] == 2


async def test_search_finds_no_skill_only_others_seek(member: GraphQLClient, community: People) -> None:
    assert (await member.data(SEARCH, {"text": "negotiation"}))["search"] == []


async def test_node_gives_no_skill_only_others_seek(
    member: GraphQLClient, community: People, repository: SeedingRepository
) -> None:
    skill = await repository.skill_by_slug("negotiation")
    assert skill is not None
    found = await member.data(NODE, {"id": to_base64("Skill", skill.id)})
    assert found["node"] is None


async def test_search_by_an_email_fragment_finds_nobody(member: GraphQLClient, community: People) -> None:
    for text in ("zanzibar", "hidden-mail", "zanzibar.secret@hidden-mail.example"):
        assert (await member.data(SEARCH, {"text": text}))["search"] == [], text


async def test_the_members_text_filter_never_matches_an_email(member: GraphQLClient, community: People) -> None:
    for order in ("NAME", "RELEVANCE"):
        data = await member.data(MEMBERS, {"filter": {"text": "zanzibar"}, "order": order})
        assert data["members"]["totalCount"] == 0 and handles(data) == []


async def test_a_pending_bond_request_shows_in_no_count_or_view(
    member: GraphQLClient, community: People
) -> None:
    """Only the two members see a request; bondCount and the graph views count confirmed bonds."""
    dan = community.ids["dan"]
    assert (await member.data(RECORD_BOND, {"other": dan}))["recordBond"]["status"] == "PENDING"
    carol = await community.client("carol")
    count = await carol.data("query($id: ID!) { member(id: $id) { bondCount } }", {"id": dan})
    assert count["member"]["bondCount"] == 0
    around_dan = (await carol.data(NEIGHBORHOOD, {"id": dan}))["neighborhood"]
    assert [node["key"] for node in around_dan["nodes"]] == [dan] and around_dan["edges"] == []
    everyone = (await carol.data(COMMUNITY))["communityGraph"]
    assert not any(edge["kind"] == "BOND" and dan in (edge["source"], edge["target"]) for edge in everyone["edges"])


async def test_graph_views_carry_no_bond_date_or_source(member: GraphQLClient, community: People) -> None:
    for query, variables in ((NEIGHBORHOOD, {"id": community.ids["bob"]}), (COMMUNITY, None)):
        text = json.dumps(await member.data(query, variables))
        assert "2024-02-03" not in text and "secret-retreat" not in text


async def test_opted_out_members_are_listed_and_drawn_like_everyone(member: GraphQLClient, community: People) -> None:
    """Leaving anyone out of a list or view would tell that they opted out."""
    assert "dan" in handles(await member.data(MEMBERS))
    keys = [node["key"] for node in (await member.data(COMMUNITY))["communityGraph"]["nodes"]]
    assert community.ids["dan"] in keys
    found = await member.data('{ member(handle: "dan") { recommendationOptOut } }')
    assert found["member"]["recommendationOptOut"] is None
