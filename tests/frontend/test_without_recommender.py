"""The web app on a site whose graph-api names no recommender (KINDRED_RECOMMENDER_URL unset):
the pages that would run it say which batch command an operator runs instead."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer, TestDatabase
from tests.frontend.conftest import DESKTOP, graphql, open_tab, shoot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bare_server(frontend_bundle: object, database: TestDatabase) -> Iterator[LiveServer]:
    """graph-api over the same test graph, serving the web app, with no recommender configured."""
    with LiveServer(database.settings()) as server:
        yield server


@pytest.fixture
async def bare_page(browser: Browser, bare_server: LiveServer, http: httpx.AsyncClient) -> AsyncIterator[Page]:
    async with open_tab(browser, bare_server.url, viewport=DESKTOP) as tab:
        yield tab


async def test_the_organiser_page_explains_how_to_run_the_recommender_by_hand(
    bare_page: Page, community: dict[str, str]
) -> None:
    await sign_in(bare_page, community["organiser"], "#/organiser")
    await expect(bare_page.get_by_text("python -m recommender batch --kind purpose")).to_be_visible()
    await expect(bare_page.get_by_role("button", name="Run", exact=True)).to_have_count(0)


async def test_an_event_page_gives_the_batch_command_that_seats_its_attendees(
    bare_page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    created = await graphql(
        http, community["organiser"], "mutation($input: CreateEventInput!) { createEvent(input: $input) { key } }",
        {"input": {"name": "Quarterly mixer", "startsAt": "2030-01-15T17:00:00Z", "place": "Hall A"}},
    )
    key = created["createEvent"]["key"]
    await sign_in(bare_page, community["organiser"], f"#/events/{key}")
    await expect(bare_page.get_by_role("heading", name="No recommender on this site")).to_be_visible()
    await expect(bare_page.locator("pre")).to_contain_text(f"--kind events --event {key}")
    await expect(bare_page.get_by_role("button", name="Generate rounds")).to_have_count(0)
    await shoot(bare_page, "event-without-recommender")
