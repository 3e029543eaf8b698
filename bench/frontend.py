"""Benchmark: the web app's explore view with 5,000 members, in headless Chromium.

Seeds an embedded FalkorDB with the demo community (``generate_community(members)`` +
``load_community``), serves graph-api (with the built frontend/dist at /) in its own process
(``python -m graph_api serve``) on loopback, signs a member in through the API for each round,
puts the refresh token in the page's HttpOnly cookie (as signIn does), then times
navigation to ``#/explore`` until the graph is drawn and interactive: the sigma renderer has
drawn its first frame (``.graph[data-ready]``) and a hover over a member shows its card.
The time is read from the page's own clock (``performance.now()``, which starts with the
navigation). Also reports the main bundle's gzipped size. Progress goes to stderr; the last
stdout line is one JSON object.

    .venv/bin/python bench/frontend.py [--members 5000] [--rounds 5]

Needs the bundle built (``cd frontend && npm ci && npm run build``) and Debian's chromium
(/usr/bin/chromium) with the ``playwright`` Python package.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

# bench/graph_api.py is named like the package: keep this folder off the import path so
# that `import graph_api` finds the package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from graph_api.accounts.service import AccountService
from graph_api.app import FRONTEND_DIST
from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.settings import Settings
from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.falkordb_driver import FalkorDBDriver
from graph_api.store.repository import GraphRepository

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PASSWORD = "bench-password-123"
JWT_SECRET = "bench-secret-that-is-long-enough-for-hs256"
TARGET_MS = 2000
TARGET_BUNDLE_BYTES = 250 * 1024
SIGN_IN = "mutation($h: String!, $p: String!) { signIn(handle: $h, password: $p) { accessToken refreshToken expiresAt member { handle name role } } }"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("graph-api exited before it was ready")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("graph-api was not ready in time")


def bundle_gzip_bytes() -> int:
    """Gzipped size of the main JS bundle (the one index.html loads)."""
    bundles = sorted((FRONTEND_DIST / "assets").glob("app-*.js"))
    if not bundles:
        raise SystemExit("frontend/dist is missing: run `cd frontend && npm ci && npm run build`")
    return len(gzip.compress(bundles[0].read_bytes(), compresslevel=9))


async def seed(server: EmbeddedFalkorDB, settings: Settings, members: int) -> str:
    driver = FalkorDBDriver(server.host, server.port, password=server.password, graph_name=settings.graph_name)
    await driver.setup_schema()
    await driver.clear()
    community = generate_community(members)
    await load_community(driver, community, progress=False)
    first = community.members[0]
    await AccountService(GraphRepository(driver), settings).set_password(first["id"], PASSWORD)
    await driver.close()
    return str(first["handle"])


def measure(url: str, sign_in: Callable[[], str], rounds: int) -> list[dict[str, float]]:
    """Per round: ms from navigation to the view interactive, how long the page waited for the
    API's view, and the browser's own share (index, layout, first frame) after it arrived."""
    rounds_out: list[dict[str, float]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in range(rounds):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            # A fresh sign-in per round: each page load rotates the refresh token, and a rotated
            # token presented again would end the session.
            context.add_cookies([{"name": "kindred_refresh", "value": sign_in(), "domain": "127.0.0.1", "path": "/graphql",
                                  "httpOnly": True, "sameSite": "Strict"}])
            page = context.new_page()
            page.goto(f"{url}/#/explore", wait_until="commit")
            page.wait_for_selector('.graph[data-ready="true"]', timeout=120_000)
            # Interactive: the page answers a hover over the graph within a frame.
            box = page.locator(".graph").bounding_box()
            assert box is not None
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            elapsed = float(page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(performance.now())))"))
            timings = page.evaluate("() => window.__kindredTimings")
            members = page.locator(".graph").get_attribute("data-members")
            result = {
                "full": elapsed,
                "api": float(timings["full"] - timings["start"]),
                "browser": float(timings["drawn"] - timings["full"]),
            }
            say(
                f"round {n + 1}: {members} members interactive at {elapsed:.0f} ms; app started at {timings['start']:.0f} ms, "
                f"view received after {result['api']:.0f} ms, drawn {result['browser']:.0f} ms later"
            )
            rounds_out.append(result)
            context.close()
        browser.close()
    return rounds_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    size = bundle_gzip_bytes()
    with tempfile.TemporaryDirectory() as folder:
        server = EmbeddedFalkorDB(Path(folder))
        server.start()
        try:
            settings = Settings(
                GRAPH_URL=f"falkordb://{server.host}:{server.port}",
                GRAPH_PASSWORD=server.password,
                GRAPH_NAME="kindred_bench_frontend",
                KINDRED_SEED_MEMBERS=0,
                KINDRED_JWT_SECRET=JWT_SECRET,
            )
            started = time.monotonic()
            handle = asyncio.run(seed(server, settings, args.members))
            say(f"seeded {args.members} members in {time.monotonic() - started:.1f} s")
            # graph-api in its own process, as the product runs it (not a thread of this one,
            # which would share the interpreter with the browser driver).
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            env = {
                **os.environ,
                "GRAPH_URL": settings.graph_url or "",
                "GRAPH_PASSWORD": server.password,
                "GRAPH_NAME": settings.graph_name,
                "KINDRED_SEED_MEMBERS": "0",
                "KINDRED_JWT_SECRET": JWT_SECRET,
                "KINDRED_LOG_LEVEL": "warning",
            }
            web = subprocess.Popen([sys.executable, "-m", "graph_api", "serve", "--port", str(port)], env=env)
            wait_ready(url, web)

            def sign_in() -> str:
                auth = httpx.post(f"{url}/graphql", json={"query": SIGN_IN, "variables": {"h": handle, "p": PASSWORD}}, timeout=30).json()
                return str(auth["data"]["signIn"]["refreshToken"])

            try:
                times = measure(url, sign_in, args.rounds)
            finally:
                web.send_signal(signal.SIGINT)
                web.wait(timeout=30)
        finally:
            server.stop()
    median = statistics.median(r["full"] for r in times)
    print(
        json.dumps(
            {
                "benchmark": "frontend",
                "members": args.members,
                "time_to_interactive_ms": round(median),
                "time_to_interactive_ms_best": round(min(r["full"] for r in times)),
                "time_to_interactive_ms_rounds": [round(r["full"]) for r in times],
                "api_ms_median": round(statistics.median(r["api"] for r in times)),
                "browser_render_ms_median": round(statistics.median(r["browser"] for r in times)),
                "bundle_gzip_bytes": size,
                "targets": {"under_2s": median < TARGET_MS, "bundle_under_250kb": size < TARGET_BUNDLE_BYTES},
                "meets_targets": median < TARGET_MS and size < TARGET_BUNDLE_BYTES,
            }
        )
    )


if __name__ == "__main__":
    main()
