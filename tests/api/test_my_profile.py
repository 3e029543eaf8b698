"""Members edit only themselves: profile, passions, skills, recommendation opt-out."""

from __future__ import annotations

from tests.api.conftest import GraphQLClient, People
from tests.seeding import SeedingRepository

GRAPH_SIZE = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"

SET_PASSIONS = """mutation($passions: [PassionInput!]!) {
  setMyPassions(passions: $passions) { passions { intensity passion { slug name } } }
}"""


async def _size(repository: SeedingRepository) -> dict[str, int]:
    return (await repository.driver.read(GRAPH_SIZE))[0]


async def test_updating_my_profile_changes_only_the_fields_given(member: GraphQLClient) -> None:
    data = await member.data(
        'mutation { updateMyProfile(input: {headline: "Engine poet", vision: "Teach machines music"}) '
        "{ name headline vision } }"
    )
    assert data["updateMyProfile"] == {"name": "Ada Lovelace", "headline": "Engine poet", "vision": "Teach machines music"}


async def test_an_over_long_headline_is_refused_and_nothing_changes(member: GraphQLClient) -> None:
    error = await member.error("mutation($h: String!) { updateMyProfile(input: {headline: $h}) { headline } }", {"h": "x" * 141})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "headline"}
    assert (await member.data("{ viewer { headline } }"))["viewer"]["headline"] == ""


async def test_setting_my_passions_normalises_names_and_reuses_existing_passions(
    member: GraphQLClient, repository: SeedingRepository
) -> None:
    await repository.ensure_passion("Jazz")
    data = await member.data(SET_PASSIONS, {"passions": [{"passion": " JAZZ", "intensity": 5}, {"passion": "Rock Climbing", "intensity": 2}]})
    assert data["setMyPassions"]["passions"] == [
        {"intensity": 5, "passion": {"slug": "jazz", "name": "Jazz"}},
        {"intensity": 2, "passion": {"slug": "rock-climbing", "name": "Rock Climbing"}},
    ]


async def test_setting_my_passions_replaces_the_previous_list(member: GraphQLClient) -> None:
    await member.data(SET_PASSIONS, {"passions": [{"passion": "Jazz", "intensity": 5}, {"passion": "Chess", "intensity": 1}]})
    data = await member.data(SET_PASSIONS, {"passions": [{"passion": "Chess", "intensity": 3}]})
    assert data["setMyPassions"]["passions"] == [{"intensity": 3, "passion": {"slug": "chess", "name": "Chess"}}]


async def test_an_intensity_outside_one_to_five_writes_nothing(member: GraphQLClient, repository: SeedingRepository) -> None:
    await member.data(SET_PASSIONS, {"passions": [{"passion": "Jazz", "intensity": 5}]})
    before = await _size(repository)
    error = await member.error(SET_PASSIONS, {"passions": [{"passion": "Chess", "intensity": 9}]})
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "intensity" in error["message"]
    assert await _size(repository) == before


async def test_the_same_passion_twice_is_refused(member: GraphQLClient) -> None:
    error = await member.error(SET_PASSIONS, {"passions": [{"passion": "Jazz", "intensity": 5}, {"passion": "jazz", "intensity": 1}]})
    assert "listed twice" in error["message"]


async def test_setting_my_skills_replaces_both_lists(member: GraphQLClient) -> None:
    query = "mutation($s: [String!]!, $o: [String!]!) { setMySkills(seeks: $s, offers: $o) { seeks { slug } offers { slug } } }"
    await member.data(query, {"s": ["Kubernetes"], "o": ["Python", "SQL"]})
    data = await member.data(query, {"s": ["Public Speaking"], "o": ["Python"]})
    assert data["setMySkills"] == {"seeks": [{"slug": "public-speaking"}], "offers": [{"slug": "python"}]}


async def test_a_skill_both_sought_and_offered_is_refused(member: GraphQLClient) -> None:
    query = "mutation { setMySkills(seeks: [\"Python\"], offers: [\"python\"]) { key } }"
    assert "both sought and offered" in (await member.error(query))["message"]


async def test_opting_out_of_recommendations_is_recorded(member: GraphQLClient) -> None:
    data = await member.data("mutation { setMyRecommendationOptOut(optOut: true) { recommendationOptOut } }")
    assert data["setMyRecommendationOptOut"]["recommendationOptOut"] is True


async def test_anonymous_visitors_cannot_edit_profiles(anonymous: GraphQLClient) -> None:
    error = await anonymous.error('mutation { updateMyProfile(input: {headline: "x"}) { headline } }')
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_editing_my_profile_leaves_other_members_untouched(member: GraphQLClient, people: People) -> None:
    await people.add("bob", name="Bob", headline="Builder")
    await member.data('mutation { updateMyProfile(input: {headline: "Changed"}) { headline } }')
    assert (await member.data('{ member(handle: "bob") { headline } }'))["member"]["headline"] == "Builder"
