"""One request id follows a recommender run across both services: the recommender's HTTP service
takes or makes one per request (echoed, in its errors and its log lines), its batch command makes
one per run, and both send it to graph-api with every call, so graph-api's lines carry it too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import log_capture
from tests.api.conftest import api_token
from tests.conftest import LiveServer, ServedApp
from tests.logs.reading import access_line, lines_of
from tests.recommender.test_service import PROPOSE, recommender_server_for
from tests.seeding import SeedingRepository


@pytest.fixture(scope="module")
def recommender(live_server: LiveServer) -> Iterator[ServedApp]:
    with recommender_server_for(f"{live_server.url}/graphql") as server:
        yield server


@pytest.fixture
async def token(repository: SeedingRepository) -> str:
    """An integrator's API token that may read and write (on a graph with one member)."""
    member = await repository.create_member(handle="olga", name="Olga")
    return await api_token(repository, member.id, "read", "write")


def request_id() -> str:
    return f"run-{uuid.uuid4().hex}"


async def test_the_service_echoes_a_request_id_and_puts_it_in_its_errors(recommender: ServedApp) -> None:
    sent = request_id()
    async with httpx.AsyncClient(base_url=recommender.url) as http:
        response = await http.post(
            "/graphql", json={"query": PROPOSE, "variables": {"kind": "PURPOSE"}}, headers={"X-Request-ID": sent}
        )
        generated = (await http.get("/healthz", headers={"X-Request-ID": "no spaces allowed"})).headers["x-request-id"]
    assert response.headers["x-request-id"] == sent
    assert response.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED", "requestId": sent}
    assert generated != "no spaces allowed" and len(generated) == 32
    line = access_line(recommender, sent)
    assert (line["service"], line["method"], line["path"], line["status"]) == ("recommender", "POST", "/graphql", 200)


async def test_the_service_sends_its_request_id_to_graph_api(
    recommender: ServedApp, live_server: LiveServer, token: str
) -> None:
    sent = request_id()
    async with httpx.AsyncClient(base_url=recommender.url, timeout=60) as http:
        response = await http.post(
            "/graphql",
            json={"query": PROPOSE, "variables": {"kind": "PURPOSE"}},
            headers={"X-Request-ID": sent, "Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200 and response.headers["x-request-id"] == sent
    calls = [line for line in lines_of(live_server, sent) if line["event"] == "request"]
    assert calls and {line["path"] for line in calls} == {"/graphql"}


async def test_a_batch_run_logs_json_lines_with_one_id_that_graph_api_logs_too(
    live_server: LiveServer, token: str, tmp_path: Path
) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("RECOMMENDER_", "KINDRED_LOG"))}
    env |= {"RECOMMENDER_GRAPH_API_URL": f"{live_server.url}/graphql", "RECOMMENDER_API_TOKEN": token}
    env |= {"RECOMMENDER_LOCK_FILE": str(tmp_path / "lock")}
    done = subprocess.run(
        [sys.executable, "-m", "recommender", "batch", "--kind", "purpose"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    log_capture.child_log("recommender-batch").write_text(done.stderr)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert [line["event"] for line in lines] == ["batch run started", "batch run finished"]
    [run_id] = {line["request_id"] for line in lines}
    assert {line["service"] for line in lines} == {"recommender"}
    assert [line for line in lines_of(live_server, run_id) if line["event"] == "request"]
