"""End-to-end flows of the web app: headless Chromium (Debian's) against graph-api under uvicorn,
which serves the built frontend/dist at /. Each flow leaves a screenshot in test-output/."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import jwt
import pytest
from playwright.async_api import Browser, Page, expect

from graph_api.accounts.service import AccountService
from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository
from tests.conftest import LiveServer
from tests.frontend.conftest import JWT_SECRET, PASSWORD, graphql, shoot, sign_in

pytestmark = pytest.mark.browser


async def expire_access_token(page: Page) -> dict[str, str]:
    """Replace the page's stored access token by one that expired an hour ago; returns the session stored."""
    session = json.loads(await page.evaluate("localStorage.getItem('kindred.session')"))
    claims = jwt.decode(session["accessToken"], options={"verify_signature": False})
    claims.update(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
    session["accessToken"] = jwt.encode(claims, JWT_SECRET, algorithm="HS256")
    await page.evaluate("s => localStorage.setItem('kindred.session', s)", json.dumps(session))
    return session


async def test_a_member_signs_in_and_explores_the_graph_in_both_lenses(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["member"])
    graph = page.locator('.graph[data-ready="true"]')
    await expect(graph).to_have_attribute("data-members", "61")
    await page.get_by_label("Purpose (who cares about what)").check()
    await expect(page.locator('.graph[data-ready="true"]')).to_be_visible()
    await shoot(page, "explore-purpose")


async def test_a_session_survives_a_reload(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["member"], "#/passions")
    await page.reload()
    await expect(page.get_by_role("heading", name="Passions")).to_be_visible()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()


async def test_an_expired_access_token_is_refreshed_without_leaving_the_page(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["member"], "#/passions")
    session = await expire_access_token(page)
    await page.goto(f"/#/member/{community['member']}")
    await expect(page.locator("#member-name")).to_be_visible()
    refreshed = json.loads(await page.evaluate("localStorage.getItem('kindred.session')"))
    assert refreshed["accessToken"] != session["accessToken"]
    assert refreshed["refreshToken"] != session["refreshToken"]


async def test_the_explore_view_asked_for_early_with_an_expired_token_is_asked_again_after_a_refresh(
    page: Page, community: dict[str, str]
) -> None:
    await sign_in(page, community["member"], "#/passions")
    await expire_access_token(page)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.post_data or "") if request.url.endswith("/graphql") else None)
    await page.goto("about:blank")
    await page.goto("/#/explore")  # a fresh load: index.html's early request carries the expired token
    await expect(page.locator('.graph[data-ready="true"]')).to_have_attribute("data-members", "61")
    assert len([body for body in asked if "CommunityGraph" in body]) >= 2, "asked early, then again after a refresh"
    assert any("refreshToken" in body for body in asked)


async def test_a_wrong_password_is_reported_next_to_the_form(page: Page, community: dict[str, str]) -> None:
    await page.goto("/#/explore")
    await page.get_by_label("Handle").fill(community["member"])
    await page.get_by_label("Password").fill("not the password")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("alert")).to_be_visible()
    await shoot(page, "sign-in-error")


async def test_edited_passions_show_on_the_profile_and_in_the_graph(page: Page, community: dict[str, str]) -> None:
    handle = community["member"]
    await sign_in(page, handle, f"#/member/{handle}")
    await page.get_by_role("button", name="Edit my profile").click()
    await page.get_by_label("Add a passion").fill("Urban Beekeeping")
    await page.locator("select[name=new-intensity]").select_option("5")
    await page.get_by_role("button", name="Add", exact=True).click()
    await page.get_by_role("button", name="Save passions").click()
    await expect(page.locator("form[aria-labelledby=edit-passions] [role=status]")).to_have_text("Saved")
    await expect(page.locator("ul.passions").get_by_role("link", name="Urban Beekeeping")).to_be_visible()
    await shoot(page, "profile-passions")
    await page.goto("/#/explore?lens=purpose")
    await expect(page.locator('.graph[data-ready="true"]')).to_be_visible()
    await page.get_by_label("Filter by passion").select_option(label="Urban Beekeeping")
    await expect(page.get_by_text("1 match")).to_be_visible()
    await shoot(page, "explore-passion-filter")


async def test_a_bad_import_row_is_reported(page: Page, community: dict[str, str], tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text(
        "handle,name,email,headline,vision,team,site,city,passions,seeks,offers,bonds\n"
        "new.person,New Person,new@example.org,,,Platform,,,Chess:3,,,\n"
        "bad.email,Bad Email,not-an-email,,,,,,,,,\n"
    )
    await sign_in(page, community["organiser"], "#/organiser/import")
    await page.get_by_label("File").set_input_files(str(csv))
    await page.get_by_role("button", name="Import").click()
    report = page.locator(".report")
    await expect(report).to_contain_text("1 created")
    rejected = page.locator("table.rejected tbody tr")
    await expect(rejected).to_have_count(1)
    await expect(rejected.first).to_contain_text("bad.email")
    await shoot(page, "import-report")


async def test_an_organiser_runs_a_purpose_grouping_a_member_accepts_and_the_group_appears(
    browser: Browser, page: Page, live_server: LiveServer, http: httpx.AsyncClient, community: dict[str, str], repository: GraphRepository
) -> None:
    await sign_in(page, community["organiser"], "#/organiser")
    await page.get_by_label("What to propose").select_option("PURPOSE")
    await page.get_by_role("button", name="Run", exact=True).click()
    await expect(page.get_by_role("status").filter(has_text="groupings over")).to_be_visible(timeout=60_000)
    await page.get_by_role("link", name="purpose set").first.click()
    await page.get_by_role("button", name="Publish to members").click()
    await expect(page.locator("#set-title .badge")).to_have_text("published")
    await shoot(page, "organiser-published")

    # Someone the recommender grouped signs in, sees why, and accepts.
    sets = await graphql(http, "olga", "{ proposalSets(kind: PURPOSE) { edges { node { proposals(first: 1) { edges { node { reasonText members { key handle } } } } } } } }", {})
    (set_edge,) = sets["proposalSets"]["edges"]
    (proposal,) = [edge["node"] for edge in set_edge["node"]["proposals"]["edges"]]
    grouped = proposal["members"][0]
    await AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET)).set_password(grouped["key"], PASSWORD)
    context = await browser.new_context(base_url=live_server.url)
    member_page = await context.new_page()
    await sign_in(member_page, grouped["handle"], "#/proposals")
    await expect(member_page.get_by_text(proposal["reasonText"])).to_be_visible()
    await member_page.get_by_role("button", name="Accept").first.click()
    await expect(member_page.locator("ul.groups li")).to_have_count(1)
    await shoot(member_page, "proposal-accepted")
    await context.close()


async def test_an_organiser_creates_an_api_token_shown_once(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["organiser"], "#/organiser/tokens")
    await page.get_by_label("Name").fill("crm sync")
    await page.get_by_role("button", name="Create token").click()
    token = page.locator("input.token")
    await expect(token).not_to_have_value("")
    await shoot(page, "api-token")
