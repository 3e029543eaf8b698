"""The recommender's metrics: /metrics on its HTTP service counts the runs it serves (parsed with
Prometheus's own parser), answered to loopback or with the metrics token; a batch run leaves its
figures in a file for node_exporter's textfile collector."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families

from recommender.__main__ import EXIT_FAILED, main
from recommender.app import create_app
from recommender.metrics import textfile_for, write_batch_textfile
from recommender.settings import Settings
from tests.conftest import ServedApp, free_port

TOKEN = "metrics-token-for-the-tests-0123456789"
PROPOSE = "mutation { propose(kind: PURPOSE) { proposalSetId } }"
Families = dict[str, Metric]


def settings_without_graph_api() -> Settings:
    """graph-api nowhere to be found: a run ends at once, graph_api_unavailable."""
    return Settings(
        graph_api_url=f"http://127.0.0.1:{free_port()}/graphql", connect_timeout_seconds=1.0, KINDRED_METRICS_TOKEN=TOKEN
    )


@pytest.fixture(scope="module")
def recommender() -> Iterator[ServedApp]:
    with ServedApp(create_app(settings_without_graph_api()), "the recommender") as server:
        yield server


@pytest.fixture
async def http(recommender: ServedApp) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=recommender.url, timeout=30) as client:
        yield client


def parsed(text: str) -> Families:
    return {family.name: family for family in text_string_to_metric_families(text)}


async def scrape(http: httpx.AsyncClient) -> Families:
    response = await http.get("/metrics")
    assert response.status_code == 200, response.text
    return parsed(response.text)


def value(families: Families, sample: str, **labels: str) -> float:
    family = families.get(re.sub(r"_(total|count|sum|bucket)$", "", sample))
    for found in family.samples if family else []:
        if found.name == sample and all(found.labels.get(key) == wanted for key, wanted in labels.items()):
            return found.value
    return 0.0


async def test_the_service_counts_each_run_it_serves_by_kind_and_outcome(http: httpx.AsyncClient) -> None:
    before = await scrape(http)
    answer = await http.post("/graphql", json={"query": PROPOSE}, headers={"Authorization": "Bearer kt.some.token"})
    assert answer.json()["errors"][0]["extensions"]["code"] == "GRAPH_API_UNAVAILABLE"
    after = await scrape(http)
    labels = {"kind": "purpose", "outcome": "graph_api_unavailable"}
    assert value(after, "kindred_recommender_runs_total", **labels) == value(before, "kindred_recommender_runs_total", **labels) + 1
    duration = "kindred_recommender_run_duration_seconds_count"
    assert value(after, duration, kind="purpose") == value(before, duration, kind="purpose") + 1


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 403), ({"X-Forwarded-For": "127.0.0.1"}, 403), ({"Authorization": f"Bearer {TOKEN}x"}, 401)],
    ids=["no token", "a forwarded loopback address", "a wrong token"],
)
async def test_a_remote_peer_is_refused_without_the_right_token(headers: dict[str, str], status: int) -> None:
    transport = httpx.ASGITransport(app=create_app(settings_without_graph_api()), client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://recommender") as remote:
        response = await remote.get("/metrics", headers=headers)
    assert response.status_code == status
    assert "kindred_" not in response.text


async def test_a_remote_peer_with_the_token_is_answered() -> None:
    transport = httpx.ASGITransport(app=create_app(settings_without_graph_api()), client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://recommender") as remote:
        response = await remote.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert "kindred_recommender_runs" in parsed(response.text)


def test_batch_runs_add_up_in_their_textfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOMMENDER_GRAPH_API_URL", f"http://127.0.0.1:{free_port()}/graphql")
    monkeypatch.setenv("RECOMMENDER_CONNECT_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("RECOMMENDER_API_TOKEN", "kt.some.token")
    monkeypatch.setenv("RECOMMENDER_LOCK_FILE", str(tmp_path / "recommender.lock"))
    monkeypatch.setenv("RECOMMENDER_METRICS_TEXTFILE_DIR", str(tmp_path / "textfiles"))
    for _ in range(2):
        assert main(["batch", "--kind", "intros", "--no-progress"]) == EXIT_FAILED
    families = parsed(textfile_for(tmp_path / "textfiles", "intros").read_text())
    assert value(families, "kindred_recommender_batch_runs_total", kind="intros", outcome="graph_api_unavailable") == 2
    assert value(families, "kindred_recommender_batch_last_run_success", kind="intros") == 0
    assert "kindred_recommender_batch_last_success_timestamp_seconds" not in families


def test_a_successful_batch_run_records_its_time_and_keeps_the_earlier_counts(tmp_path: Path) -> None:
    write_batch_textfile(tmp_path, "skills", "error", finished=1000.0, seconds=3.0)
    write_batch_textfile(tmp_path, "skills", "ok", finished=2000.0, seconds=4.5)
    write_batch_textfile(tmp_path, "skills", "graph_api_refused", finished=3000.0, seconds=1.0)
    families = parsed(textfile_for(tmp_path, "skills").read_text())
    runs = "kindred_recommender_batch_runs_total"
    assert [value(families, runs, kind="skills", outcome=name) for name in ("ok", "error", "graph_api_refused")] == [1, 1, 1]
    assert value(families, "kindred_recommender_batch_last_success_timestamp_seconds", kind="skills") == 2000.0
    assert value(families, "kindred_recommender_batch_last_run_timestamp_seconds", kind="skills") == 3000.0
    assert value(families, "kindred_recommender_batch_last_run_duration_seconds", kind="skills") == 1.0
