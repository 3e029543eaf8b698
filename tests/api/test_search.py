"""`search`: members, passions and skills in one ranked list."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import GraphQLClient
from tests.conftest import LiveServer
from tests.seeding import SeedingRepository

SEARCH = """query($text: String!, $first: Int) {
  search(text: $text, first: $first) {
    score
    node {
      __typename
      ... on Member { key handle }
      ... on Passion { key slug }
      ... on Skill { key slug }
    }
  }
}"""


def described(hits: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(type, handle or slug) of each hit, in order."""
    return [(hit["node"]["__typename"], hit["node"].get("handle") or hit["node"]["slug"]) for hit in hits]


async def search(client: GraphQLClient, text: str, first: int | None = None) -> list[dict[str, Any]]:
    variables: dict[str, Any] = {"text": text}
    if first is not None:
        variables["first"] = first
    return (await client.data(SEARCH, variables))["search"]


@pytest.fixture
async def searchable(repository: SeedingRepository, member: GraphQLClient) -> GraphQLClient:
    """A few members, passions and skills about rivers, gardens and photos."""
    rhea = await repository.create_member(
        handle="rhea", name="Rhea Stone", headline="Ecologist", vision="Restore the wetlands along our river"
    )
    await repository.create_member(handle="theo", name="Theo Brook", headline="River guide", vision="Teach kids to swim")
    await repository.create_member(handle="ivy", name="Ivy Walsh", headline="Gardener", vision="A garden on every roof")
    await repository.ensure_passion("River kayaking", "Paddling down rivers")
    await repository.ensure_passion("Photography", "Taking pictures")
    await repository.ensure_passion("Garden design")
    await repository.ensure_passion("Garden")
    await repository.add_offers(rhea.id, "River rescue")  # members see the skills someone offers
    await repository.add_offers(rhea.id, "Kubernetes")
    return member


async def test_search_finds_a_member_by_a_word_of_their_vision(searchable: GraphQLClient) -> None:
    assert described(await search(searchable, "wetlands")) == [("Member", "rhea")]


async def test_search_finds_a_passion_by_the_start_of_its_name(searchable: GraphQLClient) -> None:
    assert described(await search(searchable, "photo")) == [("Passion", "photography")]


async def test_search_finds_a_skill(searchable: GraphQLClient) -> None:
    assert described(await search(searchable, "Kubernetes")) == [("Skill", "kubernetes")]


async def test_search_matches_every_word(searchable: GraphQLClient) -> None:
    assert described(await search(searchable, "river resc")) == [("Skill", "river-rescue")]


async def test_search_puts_the_exact_name_first(searchable: GraphQLClient) -> None:
    hits = described(await search(searchable, "garden"))
    assert hits[0] == ("Passion", "garden")
    assert hits[1] == ("Passion", "garden-design")  # its name starts with the text
    assert ("Member", "ivy") in hits[2:]


async def test_search_ranks_a_name_above_a_mention(searchable: GraphQLClient) -> None:
    hits = described(await search(searchable, "Theo"))
    assert hits == [("Member", "theo")]
    hits = described(await search(searchable, "river"))
    assert hits[:2] == [("Passion", "river-kayaking"), ("Skill", "river-rescue")]


async def test_search_mixes_kinds_in_one_list_best_first(searchable: GraphQLClient) -> None:
    hits = await search(searchable, "river")
    assert {hit["node"]["__typename"] for hit in hits} == {"Member", "Passion", "Skill"}
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 2 for score in scores)


async def test_search_returns_at_most_first_hits(searchable: GraphQLClient) -> None:
    assert len(await search(searchable, "river", first=2)) == 2


async def test_search_without_a_match_is_an_empty_list(searchable: GraphQLClient) -> None:
    assert await search(searchable, "zeppelin") == []


async def test_search_shows_members_who_opted_out(repository: SeedingRepository, member: GraphQLClient) -> None:
    await repository.create_member(handle="quiet", name="Quinn Quiet", vision="Bees", opt_out=True)
    assert described(await search(member, "bees")) == [("Member", "quiet")]


@pytest.mark.parametrize("text", ["", "   ", "?!.-"])
async def test_search_refuses_text_without_letters_or_digits(searchable: GraphQLClient, text: str) -> None:
    error = await searchable.error(SEARCH, {"text": text})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "text"}


async def test_search_refuses_text_over_200_characters(searchable: GraphQLClient) -> None:
    error = await searchable.error(SEARCH, {"text": "river " * 34})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "text"}
    assert "200" in error["message"]


@pytest.mark.parametrize("first", [0, 101])
async def test_search_refuses_first_out_of_range(searchable: GraphQLClient, first: int) -> None:
    error = await searchable.error(SEARCH, {"text": "river", "first": first})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}


async def test_search_needs_a_signed_in_caller(anonymous: GraphQLClient) -> None:
    error = await anonymous.error(SEARCH, {"text": "river"})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def statements_for(server: LiveServer, client: GraphQLClient, text: str) -> int:
    """Statements one search costs beyond what signing the request in costs."""
    driver = server._server.config.app.state.store.driver
    before = driver.round_trips
    await client.data("{ __typename }")
    baseline = driver.round_trips - before
    before = driver.round_trips
    await search(client, text)
    return int(driver.round_trips - before - baseline)


async def test_search_is_one_statement_for_one_hit_or_many(live_server: LiveServer, searchable: GraphQLClient) -> None:
    # The three full-text reads together, with their nodes: nothing is loaded by id after them.
    assert await statements_for(live_server, searchable, "wetlands") == 1
    # Members, a passion and a skill: the skill hits add the check of which skills someone offers.
    assert await statements_for(live_server, searchable, "river") == 2
