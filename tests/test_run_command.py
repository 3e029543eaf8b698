"""The product as the README's run command starts it: graph-api on the embedded database,
seeded with a demo community, GraphiQL at /graphql, stopped cleanly."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any
from pathlib import Path

import httpx
import psutil
import pytest

from graph_api.store.embedded import EmbeddedFalkorDB
from tests import log_capture


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Product:
    """`python -m graph_api serve` in a child process; `env` adds to (or overrides) its environment."""

    def __init__(self, data_dir: Path, *, seed_members: int = 300, env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, "KINDRED_DATA_DIR": str(data_dir), "KINDRED_SEED_MEMBERS": str(seed_members)}
        # The defaults: the embedded database, one worker per core.
        for name in ("GRAPH_URL", "GRAPH_USER", "GRAPH_PASSWORD", "KINDRED_WORKERS", "KINDRED_DATABASE"):
            full_env.pop(name, None)
        full_env.update(env or {})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph_api", "serve", "--port", str(self.port)],
            env=full_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # Read the output as it comes, so that a full pipe never blocks the server.
        self._lines: list[str] = []
        self._reader = threading.Thread(target=self._read_output, daemon=True)
        self._reader.start()

    def _read_output(self) -> None:
        assert self.process.stdout is not None
        with log_capture.child_log("graph-api-serve").open("a", encoding="utf-8") as kept:  # searched for secrets
            for line in self.process.stdout:
                self._lines.append(line)
                kept.write(line)
                kept.flush()

    def output(self) -> str:
        """What the server printed so far (all of it once it has exited)."""
        if self.process.poll() is not None:
            self._reader.join(timeout=10)
        return "".join(self._lines)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"graph-api exited early:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200 and self._all_workers_started():
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"graph-api was not ready in time:\n{self.output()}")

    def _all_workers_started(self) -> bool:
        """Whether every worker process has opened its store: /readyz answers from whichever worker
        is ready first, and a test that kills the database while another still starts would
        make that worker (and so graph-api) fail."""
        output = self.output()
        announced = re.search(r"; (\d+) worker processes\)", output)
        workers = int(announced.group(1)) if announced else 1
        return output.count("Application startup complete.") >= workers

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)
        return self.output()


@pytest.fixture(scope="module")
def product(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Product]:
    running = Product(tmp_path_factory.mktemp("product-data"))
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()


def test_health_and_readiness_endpoints_answer(product: Product) -> None:
    assert httpx.get(f"{product.url}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{product.url}/readyz").json() == {"status": "ready", "engine": "falkordb"}


def test_graphiql_is_served_at_graphql(product: Product) -> None:
    page = httpx.get(f"{product.url}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_the_demo_organiser_sees_the_seeded_members(product: Product) -> None:
    sign_in = 'mutation { signIn(handle: "organiser", password: "kindred-demo") { accessToken } }'
    token = httpx.post(f"{product.url}/graphql", json={"query": sign_in}).json()["data"]["signIn"]["accessToken"]
    query = "{ members(first: 5) { totalCount edges { node { name team { name } site { city } passions { passion { name } } } } } }"
    body = httpx.post(f"{product.url}/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}).json()
    members = body["data"]["members"]
    assert members["totalCount"] == 301  # 300 generated members and the demo organiser
    assert all(edge["node"]["team"] and edge["node"]["site"] for edge in members["edges"])


def test_stopping_prints_nothing_alarming_and_releases_the_database(tmp_path: Path) -> None:
    running = Product(tmp_path)
    running.wait_ready()
    output = running.stop()
    assert running.process.returncode == 0, output
    assert "Traceback" not in output
    assert "http://127.0.0.1:" in output and "/graphql" in output
    # The embedded server is gone: another process can take the data folder, and finds the data.
    server = EmbeddedFalkorDB(tmp_path)
    server.start()
    server.stop()


# Worker processes: one per core, sharing the embedded database and the signing key ------------

SIGN_IN_DEMO = 'mutation { signIn(handle: "organiser", password: "kindred-demo") { accessToken } }'
VIEWER = "{ viewer { handle } }"
MEMBERS = "{ members(first: 1) { totalCount } }"  # for signed-in callers only


def _workers_of(product: Product) -> list[psutil.Process]:
    children = psutil.Process(product.process.pid).children()
    return [child for child in children if "spawn_main" in " ".join(child.cmdline())]


def _graphql(product: Product, query: str, token: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{product.url}/graphql", json={"query": query}, headers=headers, timeout=30).json()


def test_invitation_links_made_by_any_worker_follow_the_port_given_to_serve(product: Product) -> None:
    # Product passes --port (not KINDRED_PORT); fresh connections land on either worker.
    links = {_invitation_link_once(product, n) for n in range(4)}
    assert all(link.startswith(f"{product.url}/#/accept-invite?token=") for link in links), links


def _invitation_link_once(product: Product, n: int) -> str:
    token = _graphql(product, SIGN_IN_DEMO)["data"]["signIn"]["accessToken"]
    invite = f'mutation {{ inviteMember(input: {{name: "Guest {n}", email: "g{n}@example.org", handle: "guest.{n}.port"}}) {{ link }} }}'
    return _graphql(product, invite, token)["data"]["inviteMember"]["link"]


def test_serve_runs_one_worker_process_per_core(product: Product) -> None:
    assert len(_workers_of(product)) == len(os.sched_getaffinity(0))


def test_a_session_opened_on_one_worker_is_honoured_and_ended_on_every_worker(product: Product) -> None:
    # Fresh connections land on either worker; each request below is its own connection.
    token = _graphql(product, SIGN_IN_DEMO)["data"]["signIn"]["accessToken"]
    assert all(_graphql(product, VIEWER, token)["data"]["viewer"]["handle"] == "organiser" for _ in range(12))
    assert _graphql(product, "mutation { signOut }", token)["data"]["signOut"] is True
    refused = [_graphql(product, MEMBERS, token)["errors"][0]["extensions"]["code"] for _ in range(12)]
    assert refused == ["UNAUTHENTICATED"] * 12


def test_every_line_serve_and_its_workers_write_is_json(product: Product) -> None:
    request_id = f"run-command-{os.getpid()}"
    httpx.get(f"{product.url}/readyz", headers={"X-Request-ID": request_id}, timeout=30)
    deadline = time.monotonic() + 10
    while request_id not in product.output() and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = [json.loads(line) for line in product.output().splitlines()]
    assert {"graph_api", "graph_api.serving", "uvicorn.error", "graph_api.access"} <= {line["logger"] for line in lines}
    [access] = [line for line in lines if line.get("request_id") == request_id]
    assert (access["event"], access["path"], access["status"]) == ("request", "/readyz", 200)


def test_the_workers_embedded_database_is_restarted_when_it_dies(tmp_path: Path) -> None:
    running = Product(tmp_path, seed_members=20)
    try:
        running.wait_ready()
        database = next(c for c in psutil.Process(running.process.pid).children() if "redis" in c.name())
        database.kill()
        database.wait(timeout=10)
        running.wait_ready(timeout=60)
        # As the README says, a worker's next statement over a connection of the dead server may
        # get DATABASE_UNAVAILABLE (once per pooled connection) before it reconnects.
        for _ in range(10):
            answer = _graphql(running, SIGN_IN_DEMO)
            if "DATABASE_UNAVAILABLE" not in str(answer):
                break
        assert "accessToken" in str(answer), "the seeded data survived the restart"
    finally:
        running.stop()


# The README's run command itself: graph-api and the recommender side by side ---------------

ROOT = Path(__file__).resolve().parents[1]


class RunScript:
    """`scripts/run` in its own process group, as a terminal runs it (Ctrl-C reaches the group)."""

    def __init__(self, data_dir: Path) -> None:
        self.api_port, self.recommender_port = _free_port(), _free_port()
        self.url = f"http://127.0.0.1:{self.api_port}"
        self.recommender_url = f"http://127.0.0.1:{self.recommender_port}"
        env = {
            **os.environ,
            "KINDRED_DATA_DIR": str(data_dir),
            "KINDRED_SEED_MEMBERS": "20",
            "KINDRED_PORT": str(self.api_port),
            "RECOMMENDER_PORT": str(self.recommender_port),
        }
        for name in ("GRAPH_URL", "KINDRED_RECOMMENDER_URL", "RECOMMENDER_GRAPH_API_URL", "RECOMMENDER_CORS_ORIGINS"):
            env.pop(name, None)
        self.process = subprocess.Popen(
            [str(ROOT / "scripts" / "run")], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
        )

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"scripts/run exited early:\n{self.process.stdout.read() if self.process.stdout else ''}")
            try:
                api = httpx.get(f"{self.url}/readyz", timeout=2)
                recommender = httpx.get(f"{self.recommender_url}/readyz", timeout=2)
                if api.status_code == recommender.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("scripts/run was not ready in time")

    def interrupt(self) -> str:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(timeout=60)
        return self.process.stdout.read() if self.process.stdout else ""


@pytest.fixture(scope="module")
def run_script(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunScript]:
    running = RunScript(tmp_path_factory.mktemp("run-script-data"))
    try:
        running.wait_ready()
        yield running
    finally:
        running.interrupt()


def test_the_run_command_serves_the_web_app_pointed_at_its_recommender(run_script: RunScript) -> None:
    page = httpx.get(f"{run_script.url}/")
    assert page.status_code == 200 and '<script src="/config.js">' in page.text
    config = httpx.get(f"{run_script.url}/config.js").text
    assert config == f'window.KINDRED_CONFIG = {{"recommenderUrl": "{run_script.recommender_url}/graphql"}};\n'


INVITE = 'mutation { inviteMember(input: {name: "Nia New", email: "nia@example.org", handle: "nia.new"}) { link } }'


def _invitation_link(url: str) -> str:
    token = httpx.post(f"{url}/graphql", json={"query": SIGN_IN_DEMO}, timeout=30).json()["data"]["signIn"]["accessToken"]
    answer = httpx.post(f"{url}/graphql", json={"query": INVITE}, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    return answer.json()["data"]["inviteMember"]["link"]


def test_invitation_links_point_at_the_port_the_run_command_serves_on(run_script: RunScript) -> None:
    assert _invitation_link(run_script.url).startswith(f"{run_script.url}/#/accept-invite?token=")


def test_the_run_commands_recommender_reads_this_graph_api_and_lets_the_web_app_call_it(run_script: RunScript) -> None:
    assert httpx.get(f"{run_script.recommender_url}/readyz").json()["graphApi"] == f"{run_script.url}/graphql"
    preflight = httpx.options(
        f"{run_script.recommender_url}/graphql",
        headers={"origin": run_script.url, "access-control-request-method": "POST", "access-control-request-headers": "authorization"},
    )
    assert preflight.headers.get("access-control-allow-origin") == run_script.url


def test_ctrl_c_stops_both_services(tmp_path: Path) -> None:
    running = RunScript(tmp_path)
    running.wait_ready()
    output = running.interrupt()
    assert running.process.returncode == 0, output
    for url in (running.url, running.recommender_url):
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{url}/healthz", timeout=2)
