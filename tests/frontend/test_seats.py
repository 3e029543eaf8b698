"""A seat at an event is a plan, not a proposal: members find their table for each round with
the event ("My events", the event page, their table marked in the plan), never among the
proposals they accept or decline, and the numbers are the plan's own."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.frontend.conftest import graphql, shoot, sign_in
from tests.frontend.test_events import _event, _others

pytestmark = pytest.mark.browser

STORE = "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id } }"
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id } }"


@pytest.fixture
async def seated(http: httpx.AsyncClient, community: dict[str, str]) -> dict[str, object]:
    """A published plan of 2 rounds of 3 tables for 9 attendees; the signed-in member sits at
    table 2 in round 1 and table 3 in round 2."""
    people = await _others(http, community, 8)
    ids = [community["member_id"], *(p["key"] for p in people)]
    key = await _event(http, community, "Harvest supper", "2030-10-01T18:00:00Z", ids)
    round_one = [ids[1:4], [ids[0], *ids[4:6]], ids[6:9]]
    round_two = [[ids[1], ids[4], ids[7]], [ids[2], ids[5], ids[8]], [ids[0], ids[3], ids[6]]]
    groupings = [
        {"members": members, "reasonText": "mixing teams", "round": number, "table": table}
        for number, tables in ((1, round_one), (2, round_two))
        for table, members in enumerate(tables, start=1)
    ]
    stored = await graphql(
        http, community["organiser"], STORE,
        {"input": {"kind": "EVENTS", "parameters": {}, "algorithmVersion": "test", "quality": {}, "groupings": groupings, "eventId": key}},
    )
    await graphql(http, community["organiser"], PUBLISH, {"id": stored["storeProposalSet"]["id"]})
    names = {p["key"]: p["name"] for p in people}
    return {"key": key, "round_one": [names[i] for i in ids[4:6]], "round_two": [names[i] for i in (ids[3], ids[6])]}


async def test_my_events_gives_each_rounds_table_as_the_plan_does(page: Page, community: dict[str, str], seated: dict) -> None:
    await sign_in(page, community["member"], "#/events")
    mine = page.get_by_role("region", name="My events")
    await expect(mine.get_by_role("link", name="Harvest supper", exact=True)).to_be_visible()
    seats = mine.locator(".ev-seats li")
    await expect(seats).to_have_count(2)
    await expect(seats.nth(0)).to_contain_text("Round 1: table 2, with")
    await expect(seats.nth(1)).to_contain_text("Round 2: table 3, with")
    for name in seated["round_one"]:
        await expect(seats.nth(0)).to_contain_text(name)
    for name in seated["round_two"]:
        await expect(seats.nth(1)).to_contain_text(name)
    await shoot(page, "my-events")


async def test_the_event_page_marks_your_table_in_each_round(page: Page, community: dict[str, str], seated: dict) -> None:
    await sign_in(page, community["member"], f"#/events/{seated['key']}")
    await expect(page.get_by_role("region", name="Your tables").locator("li")).to_have_count(2)
    marked = page.locator(".ev-table.ev-mine")
    await expect(marked).to_have_count(2)
    await expect(page.get_by_role("region", name="Round 1").locator(".ev-mine h4")).to_contain_text("Table 2")
    await expect(page.get_by_role("region", name="Round 2").locator(".ev-mine h4")).to_contain_text("Table 3")
    await shoot(page, "event-your-tables")


async def test_seats_are_not_proposals_to_accept_or_decline(page: Page, community: dict[str, str], seated: dict) -> None:
    await sign_in(page, community["member"], "#/proposals")
    await expect(page.get_by_role("heading", name="My proposals")).to_be_visible()
    await expect(page.get_by_text("No proposals for you yet")).to_be_visible()
    await expect(page.get_by_text("table", exact=False).filter(has_text="round")).to_have_count(0)
    await expect(page.get_by_role("button", name="Accept")).to_have_count(0)


async def test_who_did_you_meet_lists_your_tablemates_first(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    people = await _others(http, community, 5)
    ids = [community["member_id"], *(p["key"] for p in people)]
    key = await _event(http, community, "Spring picnic", "2024-04-01T12:00:00Z", ids)
    groupings = [
        {"members": [ids[0], ids[5], ids[4]], "reasonText": "mixing", "round": 1, "table": 1},
        {"members": ids[1:4], "reasonText": "mixing", "round": 1, "table": 2},
    ]
    stored = await graphql(
        http, community["organiser"], STORE,
        {"input": {"kind": "EVENTS", "parameters": {}, "algorithmVersion": "test", "quality": {}, "groupings": groupings, "eventId": key}},
    )
    await graphql(http, community["organiser"], PUBLISH, {"id": stored["storeProposalSet"]["id"]})
    await sign_in(page, community["member"], f"#/events/{key}")
    choices = page.locator(".ev-choices label")
    await expect(choices).to_have_count(5)
    first_two = {await choices.nth(0).inner_text(), await choices.nth(1).inner_text()}
    assert {name.strip() for name in first_two} == {people[4]["name"], people[3]["name"]}
