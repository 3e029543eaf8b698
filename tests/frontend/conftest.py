"""Fixtures of the web app's browser tests: headless Chromium (Debian's) against graph-api under
uvicorn, which serves the built frontend/dist at /, and the recommender service beside it, which
the pages call for fresh proposals. Each flow leaves screenshots in test-output/."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from graph_api.accounts.service import AccountService
from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository
from recommender.app import create_app as create_recommender_app
from recommender.settings import Settings as RecommenderSettings
from tests import log_capture
from tests.conftest import JWT_SECRET, LiveServer, ServedApp, TestDatabase, free_port

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
SHOTS = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PASSWORD = "correct horse battery staple"
log_capture.remember("password", PASSWORD)
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 740}


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


@pytest.fixture(scope="session", params=["falkordb"])
def database(request: pytest.FixtureRequest) -> TestDatabase:
    """The browser flows run on the embedded default; a module that runs on both engines says
    `pytestmark = pytest.mark.parametrize("database", ENGINES, indirect=True)` (test_e2e.py)."""
    return request.getfixturevalue(f"{request.param}_database")


class WebStack(LiveServer):
    """graph-api (serving the web app) and the recommender, each under its own uvicorn on loopback."""

    def __init__(self, settings: Settings, port: int, recommender: ServedApp) -> None:
        super().__init__(settings, port)
        self.recommender = recommender

    def start(self) -> None:
        super().start()
        self.recommender.start()

    def stop(self) -> None:
        self.recommender.stop()
        super().stop()


@pytest.fixture(scope="session")
def live_server(frontend_bundle: Path, database: TestDatabase) -> Iterator[WebStack]:
    """Overrides the API tests' server: the same graph-api, plus the recommender it points pages to."""
    api_port = free_port()
    recommender = ServedApp(
        create_recommender_app(
            RecommenderSettings(
                graph_api_url=f"http://127.0.0.1:{api_port}/graphql", cors_origins=[f"http://127.0.0.1:{api_port}"]
            )
        ),
        "the recommender",
    )
    settings = database.settings(KINDRED_RECOMMENDER_URL=f"{recommender.url}/graphql")
    stack = WebStack(settings, api_port, recommender)
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
async def browser(frontend_bundle: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@contextlib.asynccontextmanager
async def open_tab(browser: Browser, base_url: str, **options: Any) -> AsyncIterator[Page]:
    """A tab in a browser context of its own (its own storage), closed afterwards. Every page the
    tab showed must have kept to the Content-Security-Policy: a violation fails the test."""
    context = await browser.new_context(base_url=base_url, **options)
    violations: list[str] = []
    try:
        tab = await context.new_page()
        tab.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
        yield tab
    finally:
        await context.close()
    assert not violations, f"the page broke its Content-Security-Policy: {violations}"


@pytest.fixture
async def page(browser: Browser, live_server: WebStack, http: httpx.AsyncClient) -> AsyncIterator[Page]:
    """A desktop-sized tab on the live server (the graph behind it is fresh for each test)."""
    async with open_tab(browser, live_server.url, viewport=DESKTOP) as tab:
        yield tab


@pytest.fixture
async def phone(browser: Browser, live_server: WebStack, http: httpx.AsyncClient) -> AsyncIterator[Page]:
    """A phone-sized tab (375 x 740, touch) on the live server."""
    async with open_tab(browser, live_server.url, viewport=PHONE, is_mobile=True, has_touch=True) as tab:
        yield tab


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


# The element reaching furthest right that is not inside its own scroll container (a wide table in
# a .table-wrap scrolls inside it and is fine), as a CSS path: what makes the page too wide.
_WIDEST = """() => {
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map((c) => "." + c).join("");
  let widest = null, right = -Infinity;
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || clipped(el)) continue;
    if (box.right >= right) { right = box.right; widest = el; }  // on a tie, the innermost
  }
  if (!widest) return null;
  const path = [];
  for (let el = widest; el && el !== document.body; el = el.parentElement) path.unshift(name(el));
  const text = (widest.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
  return { right: Math.round(right), path: path.join(" > "), text };
}"""


async def assert_fits_phone(page: Page) -> None:
    """The page fits a 375 px phone: no horizontal scroll. A mobile tab widens its layout viewport
    to fit wide content (so scrollWidth <= innerWidth always holds there): innerWidth must stay 375."""
    width = PHONE["width"]
    inner, scroll = await page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    if inner == width and scroll <= width:
        return
    widest = await page.evaluate(_WIDEST)
    culprit = f"{widest['path']} reaches {widest['right']} px ({widest['text']!r})" if widest else "no element found"
    raise AssertionError(
        f"the page is wider than a {width} px phone (layout viewport {inner} px, content {scroll} px); widest: {culprit}"
    )


async def sign_in(page: Page, handle: str, hash_: str = "#/explore") -> None:
    await page.goto(f"/{hash_}")
    await page.get_by_label("Handle").fill(handle)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()


async def graphql(http: httpx.AsyncClient, handle: str, query: str, variables: dict) -> dict:
    """Run one request as `handle` (signed in with the test password); fails the test on errors."""
    auth = await http.post("/graphql", json={"query": "mutation($h:String!,$p:String!){signIn(handle:$h,password:$p){accessToken}}", "variables": {"h": handle, "p": PASSWORD}})
    token = auth.json()["data"]["signIn"]["accessToken"]
    body = (await http.post("/graphql", json={"query": query, "variables": variables}, headers={"Authorization": f"Bearer {token}"})).json()
    log_capture.remember_response(body, variables, token)  # no log may hold a secret it made or saw
    assert not body.get("errors"), body
    return body["data"]
