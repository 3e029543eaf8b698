"""The explore page explains itself: a legend for its colours, a colour of its own for each team,
names on team clusters, the graph on the first screen, neighbours highlighted on hover, member
dots a finger can tap, and a purpose lens listing the accepted purpose groups. The page exposes
what sigma draws as `window.__kindredExplore` for these tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from graph_api.accounts.service import AccountService
from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository
from tests.frontend.conftest import JWT_SECRET, PASSWORD, WebStack, graphql, open_tab, shoot, sign_in
from tests.frontend.test_accessibility import Visit

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}
PACKED = "{ communityGraph(limit: 5000) { packed } }"
READY = '.graph[data-ready="true"]'
MY_PASSIONS = "query($h: String!) { member(handle: $h) { key passions { passion { slug name } } } }"
MY_PROPOSALS = "{ myProposals(kinds: [PURPOSE]) { id } }"
ACCEPT = "mutation($id: ID!) { respondToProposal(id: $id, accept: true) { id } }"


@pytest.fixture
async def wide(browser: Browser, live_server: WebStack, http: httpx.AsyncClient) -> AsyncIterator[Page]:
    """A 1440 x 900 desktop tab."""
    async with open_tab(browser, live_server.url, viewport=WIDE) as tab:
        yield tab


async def open_explore(page: Page, handle: str, hash_: str = "#/explore") -> None:
    await sign_in(page, handle, hash_)
    await expect(page.locator(READY)).to_have_attribute("data-members", "61")


async def packed_labels(http: httpx.AsyncClient, handle: str, column: str) -> set[str]:
    packed = (await graphql(http, handle, PACKED, {}))["communityGraph"]["packed"]
    return set(packed[column]["label"])


async def legend_names(page: Page) -> list[str]:
    return await page.locator(".legend li .legend-name").all_inner_texts()


async def test_the_legend_names_each_team_when_colouring_by_team(wide: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    await open_explore(wide, community["member"])
    legend = wide.get_by_role("region", name="Colour shows each member's team")
    await expect(legend).to_be_visible()
    teams = await packed_labels(http, community["member"], "teams")
    assert len(teams) <= 12, "the demo community's teams all fit the legend"
    assert set(await legend_names(wide)) - {"No team"} == teams


async def test_the_legend_follows_colour_by(wide: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    await open_explore(wide, community["member"])
    await wide.get_by_label("Colour by").select_option("site")
    await expect(wide.get_by_role("region", name="Colour shows each member's site")).to_be_visible()
    sites = await packed_labels(http, community["member"], "sites")
    assert set(await legend_names(wide)) - {"No site"} == sites


async def test_no_two_teams_share_a_colour(wide: Page, community: dict[str, str]) -> None:
    await open_explore(wide, community["member"])
    swatches = await wide.locator(".legend li .swatch").evaluate_all("els => els.map((el) => getComputedStyle(el).backgroundColor)")
    assert len(swatches) >= 3
    assert len(set(swatches)) == len(swatches), swatches


async def test_the_whole_graph_is_on_the_first_screen_at_1440_by_900(wide: Page, community: dict[str, str]) -> None:
    await open_explore(wide, community["member"])
    graph = await wide.locator(".graph").bounding_box()
    legend = await wide.locator(".legend").bounding_box()
    assert graph and legend
    assert graph["y"] < 300 and graph["y"] + graph["height"] <= WIDE["height"], graph
    assert graph["height"] >= 500, "the graph takes most of the screen's height"
    assert legend["x"] >= graph["x"] + graph["width"], "the legend sits beside the graph"
    await shoot(wide, "explore")


async def test_team_clusters_are_named_inside_the_canvas(wide: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    await open_explore(wide, community["member"])
    labels = await wide.evaluate("window.__kindredExplore.clusterLabels()")
    width = (await wide.locator(".graph").bounding_box() or {})["width"]
    assert labels, "some team clusters are named"
    assert {label["label"] for label in labels} <= await packed_labels(http, community["member"], "teams")
    for label in labels:
        assert 0 <= label["x"] and label["x"] + label["width"] <= width, label


async def point_at_a_member(page: Page) -> str:
    """Moves the pointer onto the member with the most neighbours; returns the key sigma focused."""
    keys = await page.evaluate(
        "(() => { const e = window.__kindredExplore; return e.members().sort((a, b) => e.neighbours(b).length - e.neighbours(a).length); })()"
    )
    box = await page.locator(".graph").bounding_box()
    assert box
    for key in keys[:10]:
        at = await page.evaluate("(key) => window.__kindredExplore.position(key)", key)
        await page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
        focused = await page.evaluate("window.__kindredExplore.focused()")
        if focused:
            return focused
        await page.mouse.move(box["x"] + 2, box["y"] + 2)
    raise AssertionError("no member could be pointed at")


async def test_pointing_at_a_member_highlights_them_and_their_neighbours(wide: Page, community: dict[str, str]) -> None:
    await open_explore(wide, community["member"])
    key = await point_at_a_member(wide)
    explore = "window.__kindredExplore"
    neighbours = set(await wide.evaluate(f"{explore}.neighbours({key!r})"))
    assert neighbours, "the member pointed at has neighbours"
    assert set(await wide.evaluate(f"{explore}.highlighted()")) == neighbours | {key}
    await expect(wide.locator(".hover-card")).to_be_visible()
    await shoot(wide, "explore-hover")
    box = await wide.locator(".graph").bounding_box()
    assert box
    await wide.mouse.move(box["x"] + 2, box["y"] + 2)
    await wide.wait_for_function(f"{explore}.highlighted().length === 0")


async def test_the_hover_card_shows_the_members_vision(wide: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    await open_explore(wide, community["member"])
    key = await point_at_a_member(wide)
    member = (await graphql(http, community["member"], "query($id: ID!) { member(id: $id) { vision } }", {"id": key}))["member"]
    assert member["vision"], "demo members have a vision"
    await expect(wide.locator(".hover-card .hover-vision")).to_contain_text(member["vision"][:40])


async def test_member_dots_are_big_enough_to_tap_on_a_phone(phone: Page, community: dict[str, str]) -> None:
    await open_explore(phone, community["member"])
    smallest = await phone.evaluate(
        "(() => { const e = window.__kindredExplore; return Math.min(...e.members().map((k) => e.position(k).radius)); })()"
    )
    assert smallest * 2 >= 12, f"the smallest dot is {smallest * 2:.1f} px across"


async def accepted_purpose_group(visit: Visit, repository: GraphRepository) -> tuple[str, list[str]]:
    """A purpose group proposed to the member and two others, accepted by the member and one
    other; returns its name and the keys of those who accepted."""
    me = (await graphql(visit.http, visit.member, MY_PASSIONS, {"h": visit.member}))["member"]
    passion = me["passions"][0]["passion"]
    others = await visit.others(2)
    keys = [me["key"], *(other["key"] for other in others)]
    await visit.proposal_set("PURPOSE", [{
        "members": keys, "reasonText": f"You all care about {passion['name']}.",
        "reason": {"sharedPassions": [[passion["slug"], [5, 4, 4]]]},
    }])
    await AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET)).set_password(others[0]["key"], PASSWORD)
    for handle in (visit.member, others[0]["handle"]):
        [proposal] = (await graphql(visit.http, handle, MY_PROPOSALS, {}))["myProposals"]
        await graphql(visit.http, handle, ACCEPT, {"id": proposal["id"]})
    return f"{passion['name']} circle", keys[:2]


async def test_the_purpose_lens_lists_the_accepted_purpose_groups(
    wide: Page, http: httpx.AsyncClient, community: dict[str, str], repository: GraphRepository
) -> None:
    name, members = await accepted_purpose_group(Visit(wide, http, community), repository)
    await open_explore(wide, community["member"], "#/explore?lens=purpose")
    groups = wide.get_by_role("region", name="Purpose groups")
    group = groups.get_by_role("button", name=name)
    await expect(group).to_contain_text("2 members")
    await group.click()
    await expect(group).to_have_attribute("aria-pressed", "true")
    await wide.wait_for_function("(keys) => window.__kindredExplore.highlighted().sort().join() === keys.join()", arg=sorted(members))
    await shoot(wide, "explore-purpose")
