"""An organiser reviews a draft proposal set group by group before publishing: titles from the
shared passion, groups flagged when someone shares no passion with most of them, sorting and
finding, taking a member or a whole group out, with the figures following."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.frontend.conftest import graphql, shoot, sign_in
from tests.frontend.test_accessibility import Visit

pytestmark = pytest.mark.browser

STORE = "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id } }"
SET_MEMBERS = "query($id: ID!) { proposalSet(id: $id) { memberCount proposals(first: 10) { edges { node { members { key } } } } } }"


async def _draft(v: Visit) -> tuple[str, list[dict]]:
    """A draft of two purpose groups: one sharing gardening, one flagged (its last member an outsider)."""
    people = await v.others(9)
    passions = (await graphql(v.http, v.organiser, "{ passions(first: 2, orderBy: MEMBERS) { edges { node { slug } } } }", {}))
    slug = passions["passions"]["edges"][0]["node"]["slug"]
    groups = [
        {"members": [p["key"] for p in people[:4]], "reasonText": "They all love the same thing.",
         "reason": {"sharedPassions": [{"slug": slug, "intensities": [3, 3, 3, 3]}]}},
        {"members": [p["key"] for p in people[4:9]], "reasonText": "A mixed group.",
         "reason": {"sharedPassions": [], "outsiders": [people[8]["key"]]}},
    ]
    stored = await graphql(v.http, v.organiser, STORE, {"input": {
        "kind": "PURPOSE", "parameters": {}, "algorithmVersion": "test-1", "quality": {"coverage": 1.0, "bridgingTeams": 0.5},
        "groupings": groups}})
    return stored["storeProposalSet"]["id"], people


async def test_a_draft_is_reviewed_group_by_group_with_flags(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    set_id, people = await _draft(Visit(page, http, community))
    await sign_in(page, community["organiser"], f"#/organiser/sets/{set_id}")
    cards = page.locator("li.review-card")
    await expect(cards).to_have_count(2)
    flagged = page.locator("li.review-card.flagged")
    await expect(flagged).to_have_count(1)
    await expect(flagged).to_contain_text(f"{people[8]['name']} shares no passion with most of it")
    await expect(page.get_by_text("Members placed in a group")).to_be_visible()
    await page.get_by_label("Sort").select_option("flagged")
    await expect(cards.first).to_have_class("card review-card flagged")
    await page.get_by_label("Find").fill(people[0]["name"])
    await expect(cards).to_have_count(1)
    await shoot(page, "proposal-review")


async def test_taking_a_member_or_a_group_out_updates_the_figures(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    set_id, people = await _draft(Visit(page, http, community))
    await sign_in(page, community["organiser"], f"#/organiser/sets/{set_id}")
    figures = page.get_by_label("The groups as they stand")
    await expect(figures).to_contain_text("Members in them9")
    await page.get_by_role("button", name=f"Take {people[8]['name']} out of", exact=False).click()
    await expect(page.get_by_role("status").filter(has_text=f"Took {people[8]['name']} out")).to_be_visible()
    await expect(figures).to_contain_text("Members in them8")
    await page.locator("li.review-card").last.get_by_role("button", name="Remove the group", exact=False).click()
    await expect(page.locator("li.review-card")).to_have_count(1)
    await expect(figures).to_contain_text("Groups1")
    left = (await graphql(http, community["organiser"], SET_MEMBERS, {"id": set_id}))["proposalSet"]
    assert left["memberCount"] == 4  # one group of four stays
