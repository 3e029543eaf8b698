"""The small things issue 14 found, each kept fixed: the passion card in the purpose lens, the
purpose lens opened from a passion's page, the page's sentence around that link, counts with
their nouns in the import report, the snapshot status after a scope change, and the start of a
new event echoed in the page's own date format."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.frontend.conftest import graphql, sign_in

pytestmark = pytest.mark.browser

TOP_PASSION = "{ passions(first: 1, orderBy: MEMBERS) { edges { node { key slug name } } } }"


async def _top_passion(http: httpx.AsyncClient, handle: str) -> dict[str, str]:
    return (await graphql(http, handle, TOP_PASSION, {}))["passions"]["edges"][0]["node"]


async def test_the_passion_card_in_the_purpose_lens_speaks_of_a_passion(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    passion = await _top_passion(http, community["member"])
    await sign_in(page, community["member"], "#/explore?lens=purpose")
    await expect(page.locator('.graph[data-ready="true"]')).to_be_visible()
    at = await page.evaluate("(key) => window.__kindredExplore.position(key)", f"passion:{passion['key']}")
    box = await page.locator(".graph").bounding_box()
    assert box is not None
    await page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
    card = page.locator(".hover-card")
    await expect(card).to_contain_text(passion["name"])
    await expect(card).to_contain_text("A passion")
    await expect(card).not_to_contain_text("No passions yet")
    await expect(card).not_to_contain_text("bonds")


async def test_see_it_in_the_purpose_lens_opens_the_lens_filtered_to_that_passion(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    passion = await _top_passion(http, community["member"])
    await sign_in(page, community["member"], f"#/passion/{passion['slug']}")
    sentence = page.locator("p", has=page.get_by_role("link", name="See it in the purpose lens"))
    await expect(sentence).to_contain_text(". See it in the purpose lens")  # a space after the full stop
    await page.get_by_role("link", name="See it in the purpose lens").click()
    await expect(page.get_by_label("Filter by passion")).to_have_value(passion["key"])
    await expect(page.get_by_role("radio", name="Purpose (who cares about what)")).to_be_checked()


async def test_the_import_report_gives_each_count_its_noun(page: Page, community: dict[str, str], tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text(f"handle,name,bonds\nnew.person,New Person,{community['member']}:friend\n")
    await sign_in(page, community["organiser"], "#/organiser/import")
    await page.get_by_label("File").set_input_files(str(csv))
    await page.get_by_role("button", name="Import").click()
    await expect(page.locator(".report")).to_contain_text("1 member created · 0 members updated · 1 bond created · 0 rows rejected")


async def test_a_recorded_snapshot_is_not_announced_on_another_scope(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    await sign_in(page, community["organiser"], "#/dashboard")
    await page.get_by_role("button", name="Record today's snapshot").click()
    status = page.get_by_role("status").filter(has_text="Recorded the KPIs")
    await expect(status).to_be_visible()
    scope = page.get_by_label("Scope", exact=True)
    await scope.select_option(index=1)
    await expect(page.get_by_text("Recorded the KPIs")).to_have_count(0)


async def test_a_new_events_start_is_echoed_as_the_page_writes_dates(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["organiser"], "#/events")
    await page.get_by_label("Starts").fill("2030-04-02T18:30")
    await expect(page.get_by_text("Tue 2 Apr 2030, 18:30")).to_be_visible()
