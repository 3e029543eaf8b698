"""A database outage as a signed-in person meets it: one notice in plain words (never "500"),
nothing else repeating it, and a "Try again" that brings the page back once the database is.

graph-api runs here over an embedded FalkorDB of this test's own, which the test stops and
starts again (the product restarts its own database by itself; this one stays down until told)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from graph_api.accounts.service import AccountService
from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.settings import Settings
from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.repository import GraphRepository
from tests.conftest import JWT_SECRET, TEST_GRAPH, LiveServer, make_driver
from tests.frontend.conftest import DESKTOP, PASSWORD, open_tab, sign_in

pytestmark = pytest.mark.browser

NOTICE = "Kindred cannot reach its database right now."


class Outage:
    def __init__(self, database: EmbeddedFalkorDB, server: LiveServer) -> None:
        self.database, self.server = database, server


@pytest.fixture
async def outage(tmp_path: Path, frontend_bundle: Path) -> AsyncIterator[Outage]:
    database = EmbeddedFalkorDB(tmp_path / "falkordb")
    database.start()
    driver = make_driver(database)
    await driver.setup_schema()
    await load_community(driver, generate_community(20, seed=2), progress=False)
    repository = GraphRepository(driver)
    olga = await repository.create_member(handle="olga", name="Olga Organiser", email="olga@example.org")
    await AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET)).set_password(olga.id, PASSWORD, role="organiser")
    await driver.close()
    settings = Settings(
        GRAPH_URL=database.url, GRAPH_PASSWORD=database.password, GRAPH_NAME=TEST_GRAPH,
        KINDRED_SEED_MEMBERS=0, KINDRED_JWT_SECRET=JWT_SECRET, GRAPH_TIMEOUT_SECONDS=3,
    )
    with LiveServer(settings) as server:
        yield Outage(database, server)
    database.stop()


@pytest.fixture
async def tab(browser: Browser, outage: Outage) -> AsyncIterator[Page]:
    async with open_tab(browser, outage.server.url, viewport=DESKTOP) as page:
        yield page


async def test_an_outage_is_said_once_in_plain_words_and_try_again_recovers(tab: Page, outage: Outage) -> None:
    await sign_in(tab, "olga", "#/passions")
    await expect(tab.get_by_role("table")).to_be_visible()
    outage.database.stop()

    await tab.goto("/#/events")
    notice = tab.get_by_role("alert").filter(has_text=NOTICE)
    await expect(notice).to_have_count(1)
    await expect(tab.get_by_text("unavailable", exact=False)).to_have_count(0)  # said once, by the notice
    await expect(tab.get_by_text("500")).to_have_count(0)

    outage.database.start()
    await notice.get_by_role("button", name="Try again").click()
    await expect(tab.get_by_role("heading", name="Events", level=1)).to_be_visible()
    await expect(tab.get_by_role("alert").filter(has_text=NOTICE)).to_have_count(0)


async def test_opening_the_app_during_an_outage_keeps_the_session_for_when_it_ends(tab: Page, outage: Outage) -> None:
    await sign_in(tab, "olga", "#/passions")
    outage.database.stop()
    await tab.reload()
    await expect(tab.get_by_role("alert").filter(has_text=NOTICE)).to_have_count(1)

    outage.database.start()
    await tab.get_by_role("button", name="Try again").click()
    await expect(tab.get_by_role("button", name="Sign out")).to_be_visible()
    await expect(tab.get_by_role("table")).to_be_visible()
