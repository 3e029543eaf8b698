"""End-to-end flows of the web app: headless Chromium (Debian's) against graph-api under uvicorn,
which serves the built frontend/dist at /. Each flow leaves a screenshot in test-output/."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import jwt
import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from graph_api.accounts.service import AccountService
from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository
from tests.conftest import LiveServer

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
SHOTS = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PASSWORD = "correct horse battery staple"
JWT_SECRET = "test-secret-that-is-long-enough-for-hs256"  # the live_server fixture's

pytestmark = pytest.mark.browser


def _bundle_is_stale() -> bool:
    index = FRONTEND / "dist" / "index.html"
    if not index.is_file():
        return True
    built = index.stat().st_mtime
    sources = [*(FRONTEND / "src").rglob("*"), FRONTEND / "index.html", FRONTEND / "build.mjs", FRONTEND / "package-lock.json"]
    return any(path.is_file() and path.stat().st_mtime > built for path in sources)


@pytest.fixture(scope="session")
def frontend_bundle() -> Path:
    """frontend/dist, built now when missing or older than its sources (before the server starts)."""
    if _bundle_is_stale():
        if shutil.which("npm") is None:
            pytest.skip("npm is needed to build the frontend")
        if not (FRONTEND / "node_modules").is_dir():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True, timeout=600)
        subprocess.run(["npm", "run", "build"], cwd=FRONTEND, check=True, timeout=600)
    return FRONTEND / "dist"


@pytest.fixture(scope="session")
async def browser(frontend_bundle: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@pytest.fixture
async def page(browser: Browser, live_server: LiveServer, http: httpx.AsyncClient) -> AsyncIterator[Page]:
    context = await browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860})
    tab = await context.new_page()
    yield tab
    await context.close()


@pytest.fixture
async def community(repository: GraphRepository) -> dict[str, str]:
    """A small demo community; returns the handles of a member and an organiser who can sign in."""
    demo = generate_community(60, seed=3)
    await load_community(repository.driver, demo, progress=False)
    accounts = AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET))
    first = demo.members[0]
    await accounts.set_password(first["id"], PASSWORD)
    olga = await repository.create_member(handle="olga", name="Olga Organiser", email="olga@example.org")
    await accounts.set_password(olga.id, PASSWORD, role="organiser")
    return {"member": str(first["handle"]), "member_id": str(first["id"]), "organiser": "olga", "organiser_id": olga.id}


async def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"frontend-{name}.png"), full_page=True)


async def sign_in(page: Page, handle: str, hash_: str = "#/explore") -> None:
    await page.goto(f"/{hash_}")
    await page.get_by_label("Handle").fill(handle)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()


async def graphql(http: httpx.AsyncClient, handle: str, query: str, variables: dict) -> dict:
    auth = await http.post("/graphql", json={"query": "mutation($h:String!,$p:String!){signIn(handle:$h,password:$p){accessToken}}", "variables": {"h": handle, "p": PASSWORD}})
    token = auth.json()["data"]["signIn"]["accessToken"]
    body = (await http.post("/graphql", json={"query": query, "variables": variables}, headers={"Authorization": f"Bearer {token}"})).json()
    assert not body.get("errors"), body
    return body["data"]


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
    session = json.loads(await page.evaluate("localStorage.getItem('kindred.session')"))
    claims = jwt.decode(session["accessToken"], options={"verify_signature": False})
    claims.update(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
    session["accessToken"] = jwt.encode(claims, JWT_SECRET, algorithm="HS256")
    await page.evaluate("s => localStorage.setItem('kindred.session', s)", json.dumps(session))
    await page.goto(f"/#/member/{community['member']}")
    await expect(page.locator("#member-name")).to_be_visible()
    refreshed = json.loads(await page.evaluate("localStorage.getItem('kindred.session')"))
    assert refreshed["accessToken"] != session["accessToken"]
    assert refreshed["refreshToken"] != session["refreshToken"]


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


async def test_a_published_proposal_is_accepted_and_the_group_appears(
    browser: Browser, page: Page, live_server: LiveServer, http: httpx.AsyncClient, community: dict[str, str], repository: GraphRepository
) -> None:
    others = [row["id"] for row in await repository.driver.read("MATCH (m:Member) WHERE m.id <> $me AND m.handle <> 'olga' RETURN m.id AS id ORDER BY m.id LIMIT 3", {"me": community["member_id"]})]
    stored = await graphql(http, "olga", """mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id } }""", {
        "input": {
            "kind": "PURPOSE", "parameters": {"seed": 0}, "algorithmVersion": "test-1", "quality": {"cohesion": 0.5, "coverage": 0.1},
            "groupings": [{"members": [community["member_id"], *others], "reasonText": "You all care about rivers.", "reason": {"sharedPassions": [["rivers", [5, 4]]]}}],
        }
    })
    await sign_in(page, "olga", "#/organiser")
    await page.get_by_role("link", name="purpose set").first.click()
    await page.get_by_role("button", name="Publish to members").click()
    await expect(page.locator("#set-title .badge")).to_have_text("published")
    await shoot(page, "organiser-published")
    assert stored["storeProposalSet"]["id"]

    context = await browser.new_context(base_url=live_server.url)
    member_page = await context.new_page()
    await sign_in(member_page, community["member"], "#/proposals")
    await expect(member_page.get_by_text("You all care about rivers.")).to_be_visible()
    await member_page.get_by_role("button", name="Accept").click()
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
