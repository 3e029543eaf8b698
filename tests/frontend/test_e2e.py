"""End-to-end flows of the web app: headless Chromium (Debian's) against graph-api under uvicorn,
which serves the built frontend/dist at /, on each engine. Each flow leaves a screenshot in
test-output/."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import jwt
import pytest
from playwright.async_api import Browser, Page, Route, expect

from graph_api.accounts.service import AccountService
from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository
from tests.conftest import ENGINES, LiveServer
from tests.frontend.conftest import DESKTOP, JWT_SECRET, PASSWORD, graphql, open_tab, shoot, sign_in

# The main flows run on both engines: the web app on Neo4j is the production stack.
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("database", ENGINES, indirect=True)]


async def expire_access_token(page: Page) -> dict[str, str]:
    """The page's next GraphQL request (other than a refresh) leaves with its access token expired an
    hour ago, as if the tab had been left open (the token lives in the page's memory only).
    Returns what happened: the expired token sent, and the token of the request after it."""
    seen: dict[str, str] = {}

    async def expire(route: Route) -> None:
        request = route.request
        auth = request.headers.get("authorization", "")
        if "expired" in seen or not auth or "refreshToken" in (request.post_data or ""):
            if "expired" in seen and auth and "retried" not in seen:
                seen["retried"] = auth
            await route.continue_()
            return
        claims = jwt.decode(auth.split()[1], options={"verify_signature": False})
        claims.update(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
        seen["expired"] = f"Bearer {jwt.encode(claims, JWT_SECRET, algorithm='HS256')}"
        await route.continue_(headers={**request.headers, "authorization": seen["expired"]})

    await page.route("**/graphql", expire)
    return seen


async def test_a_member_signs_in_and_explores_the_graph_in_both_lenses(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["member"])
    graph = page.locator('.graph[data-ready="true"]')
    await expect(graph).to_have_attribute("data-members", "61")
    await page.get_by_label("Purpose (who cares about what)").check()
    await expect(page.locator('.graph[data-ready="true"]')).to_be_visible()
    await shoot(page, "explore-purpose-lens")  # test_explore.py takes "explore-purpose", a group shown


async def test_a_session_survives_a_reload(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["member"], "#/passions")
    await page.reload()
    await expect(page.get_by_role("heading", name="Passions")).to_be_visible()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()


async def test_an_expired_access_token_is_refreshed_without_leaving_the_page(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["member"], "#/passions")
    seen = await expire_access_token(page)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.post_data or "") if request.url.endswith("/graphql") else None)
    await page.evaluate(f"location.hash = '#/member/{community['member']}'")
    await expect(page.locator("#member-name")).to_be_visible()
    assert seen["retried"] != seen["expired"], "the request was retried with a fresh token"
    assert len([body for body in asked if "refreshToken" in body]) == 1


async def test_a_reload_on_explore_resumes_the_session_once_and_asks_for_the_graph_early(
    page: Page, community: dict[str, str]
) -> None:
    await sign_in(page, community["member"], "#/passions")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.post_data or "") if request.url.endswith("/graphql") else None)
    await page.goto("about:blank")
    await page.goto("/#/explore")  # a fresh load: index.html's script resumes the session, then asks
    await expect(page.locator('.graph[data-ready="true"]')).to_have_attribute("data-members", "61")
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert len([body for body in asked if "refreshToken" in body]) == 1, "one refresh: a second would replay a rotated token"
    assert len([body for body in asked if "CommunityGraph" in body]) == 1, "the early answer is used"


async def test_no_token_is_kept_where_a_script_could_read_it(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["member"], "#/passions")
    readable = await page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])")
    assert "eyJ" not in readable and "kr." not in readable, readable
    [cookie] = [c for c in await page.context.cookies() if c["name"] == "kindred_refresh"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/graphql"


async def test_a_member_changes_their_password_on_their_profile(page: Page, community: dict[str, str]) -> None:
    handle = community["member"]
    await sign_in(page, handle, f"#/member/{handle}")
    await page.get_by_role("button", name="Edit my profile").click()
    await page.get_by_label("Current password").fill("not my password")
    await page.get_by_label("New password", exact=True).fill("a brand new password")
    await page.get_by_label("New password again").fill("a brand new password")
    await page.get_by_role("button", name="Change password").click()
    await expect(page.locator("form.change-password [role=alert]")).to_contain_text("current password is not right")
    await page.get_by_label("Current password").fill(PASSWORD)
    await page.get_by_role("button", name="Change password").click()
    await expect(page.locator("form.change-password [role=status]")).to_have_text("Password changed.")
    await shoot(page, "change-password")


async def test_an_organiser_gives_a_reset_link_and_the_member_chooses_a_new_password(
    browser: Browser, page: Page, live_server: LiveServer, community: dict[str, str]
) -> None:
    handle = community["member"]
    await sign_in(page, community["organiser"], f"#/organiser/people?q={handle}")
    row = page.locator("tr", has_text=f"@{handle}")
    await row.get_by_role("button", name=re.compile("^Edit ")).click()
    await page.get_by_role("button", name="Password reset link").click()
    link = await page.get_by_label("Password reset link").input_value()
    await shoot(page, "password-reset-link")
    async with open_tab(browser, live_server.url, viewport=DESKTOP) as member_tab:
        await member_tab.goto("/" + link.split("/", 3)[3])
        await member_tab.get_by_label("New password", exact=True).fill("a brand new password")
        await member_tab.get_by_label("New password again").fill("a brand new password")
        await member_tab.get_by_role("button", name="Set password and sign in").click()
        await expect(member_tab.get_by_role("button", name="Sign out")).to_be_visible()
        await expect(member_tab.locator("#member-name")).to_contain_text(f"@{handle}")
        await shoot(member_tab, "reset-password-done")


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
    await expect(report).to_contain_text("1 member created")
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
    await page.get_by_role("link", name=re.compile("^Purpose groups of")).first.click()
    await page.get_by_role("button", name="Publish to members…").click()
    confirm = page.get_by_role("alertdialog")
    await expect(confirm).to_contain_text(re.compile(r"Publish and tell \d+ members\?"))
    await confirm.get_by_role("button", name=re.compile(r"^Yes, publish to \d+ members$")).click()
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
