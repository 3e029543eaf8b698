"""The product on the local Neo4j (`KINDRED_DATABASE=neo4j scripts/run`), with the embedded
default's guarantees: it starts seeded and serves the demo; a second start over the same data
folder finds the data and does not seed again; a SIGKILL of the database loses no acknowledged
write (the supervisor, or the single process, restarts it). Without java or the launcher, it
says what to do instead of printing a traceback.

The Neo4j runs are skipped only when java or the launcher jar is missing (scripts/setup builds
it when Maven is there); with CI set in the environment, a missing jar fails instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
import pydantic
import pytest

from graph_api.settings import Settings
from graph_api.store.neo4j_local import unavailable_reason
from tests.test_run_command import Product

_REASON = unavailable_reason()
if _REASON and os.environ.get("CI"):
    pytest.fail(f"the local Neo4j must run in CI: {_REASON}", pytrace=False)
needs_local_neo4j = pytest.mark.skipif(_REASON is not None, reason=f"local Neo4j unavailable: {_REASON}")

ON_NEO4J = {"KINDRED_DATABASE": "neo4j"}
SIGN_IN = 'mutation { signIn(handle: "organiser", password: "kindred-demo") { accessToken } }'
MEMBERS = "{ members(first: 5) { totalCount edges { node { handle team { name } site { city } } } } }"
SET_HEADLINE = 'mutation($h: String!) { updateMyProfile(input: {headline: $h}) { handle headline } }'
MY_HEADLINE = "{ viewer { handle headline } }"


def _graphql(product: Product, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = httpx.post(
        f"{product.url}/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=60
    ).json()
    assert "errors" not in answer, answer
    return dict(answer["data"])


def _organiser_token(product: Product) -> str:
    return str(_graphql(product, SIGN_IN)["signIn"]["accessToken"])


def _java_of(product: Product) -> psutil.Process:
    children = psutil.Process(product.process.pid).children(recursive=True)
    return next(child for child in children if child.name() == "java")


def _kill_database_and_wait_for_its_restart(product: Product) -> None:
    """SIGKILL the local Neo4j, as a crash would; wait for a new one and for /readyz."""
    java = _java_of(product)
    java.kill()
    java.wait(timeout=10)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if _java_of(product).pid != java.pid:
                break
        except (StopIteration, psutil.Error):
            pass
        time.sleep(0.2)
    else:
        raise AssertionError(f"the local Neo4j was not restarted:\n{product.output()}")
    product.wait_ready(timeout=120)


# Settings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("database", "url", "kind"),
    [
        (None, None, "embedded"),
        ("falkordb", None, "embedded"),
        ("neo4j", None, "local-neo4j"),
        ("neo4j", "bolt://db.example:7687", "neo4j"),  # GRAPH_URL names an existing server
        ("falkordb", "falkordb://127.0.0.1:6379", "falkordb"),
    ],
)
def test_kindred_database_chooses_the_server_run_when_graph_url_is_unset(
    database: str | None, url: str | None, kind: str
) -> None:
    settings = Settings(**({"KINDRED_DATABASE": database} if database else {}), GRAPH_URL=url, KINDRED_DATA_DIR="d")
    assert settings.store_kind == kind
    assert settings.neo4j_data_dir == Path("d") / "neo4j"


def test_contradictory_or_unknown_databases_are_refused() -> None:
    with pytest.raises(ValueError, match="KINDRED_DATABASE=neo4j, but GRAPH_URL"):
        Settings(KINDRED_DATABASE="neo4j", GRAPH_URL="falkordb://127.0.0.1:6379").store_kind
    with pytest.raises(pydantic.ValidationError):
        Settings(KINDRED_DATABASE="postgres")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_without_the_launcher_serve_says_what_to_do_instead_of_a_traceback(tmp_path: Path, workers: str) -> None:
    env = {
        **os.environ,
        "KINDRED_DATABASE": "neo4j",
        "KINDRED_DATA_DIR": str(tmp_path),
        "KINDRED_NEO4J_JAR": str(tmp_path / "missing" / "neo4j-local.jar"),
        "KINDRED_WORKERS": workers,
    }
    env.pop("GRAPH_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "graph_api", "serve", "--port", "0"], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    error = run.stderr.strip().splitlines()[-1]
    assert error.startswith("error: the local Neo4j cannot start: the Neo4j launcher")
    assert "JDK 17" in error and "Maven" in error and "scripts/setup" in error and "GRAPH_URL" in error


# The product on the local Neo4j -----------------------------------------------------------------


@needs_local_neo4j
@pytest.mark.slow
def test_the_product_runs_on_the_local_neo4j_and_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    # Worker processes (one per core, at least two): the parent runs, seeds and supervises Neo4j.
    workers = str(max(2, len(os.sched_getaffinity(0))))
    first = Product(tmp_path, seed_members=20, env={**ON_NEO4J, "KINDRED_WORKERS": workers})
    try:
        first.wait_ready(timeout=180)
        assert httpx.get(f"{first.url}/readyz").json() == {"status": "ready", "engine": "neo4j"}
        assert (tmp_path / "neo4j" / "data" / "databases" / "neo4j").is_dir(), "the data is in KINDRED_DATA_DIR/neo4j"
        token = _organiser_token(first)
        members = _graphql(first, MEMBERS, token)["members"]
        assert members["totalCount"] == 21  # 20 generated members and the demo organiser
        generated = [edge["node"] for edge in members["edges"] if edge["node"]["handle"] != "organiser"]
        assert generated and all(node["team"] and node["site"] for node in generated)

        # An acknowledged write survives a SIGKILL of the database.
        written = _graphql(first, SET_HEADLINE, token, h="written before the crash")["updateMyProfile"]
        assert written == {"handle": "organiser", "headline": "written before the crash"}
        _kill_database_and_wait_for_its_restart(first)
        assert _graphql(first, MY_HEADLINE, token)["viewer"]["headline"] == "written before the crash"
        java = _java_of(first)
    finally:
        output = first.stop()
    assert first.process.returncode == 0, output
    assert "Traceback" not in output
    assert not java.is_running(), "the local Neo4j outlived graph-api"

    # A second start, in one process this time, finds the data and does not seed again; the
    # single process restarts a killed database too, and a request sent meanwhile waits for it
    # (Neo4j's driver retries for up to GRAPH_TIMEOUT_SECONDS; generous here for a loaded machine).
    second = Product(tmp_path, seed_members=20, env={**ON_NEO4J, "KINDRED_WORKERS": "1", "GRAPH_TIMEOUT_SECONDS": "120"})
    try:
        second.wait_ready(timeout=180)
        assert httpx.get(f"{second.url}/readyz").json()["engine"] == "neo4j"
        token = _organiser_token(second)  # the session store, passwords and signing key survived
        assert _graphql(second, MEMBERS, token)["members"]["totalCount"] == 21
        assert _graphql(second, MY_HEADLINE, token)["viewer"]["headline"] == "written before the crash"
        _graphql(second, SET_HEADLINE, token, h="written before the second crash")
        java = _java_of(second)
        java.kill()
        java.wait(timeout=10)
        assert _graphql(second, MY_HEADLINE, token)["viewer"]["headline"] == "written before the second crash"
        assert _java_of(second).pid != java.pid
        second.wait_ready(timeout=60)
    finally:
        output = second.stop()
    assert second.process.returncode == 0, output
    assert "seeding a demo community" not in output
    assert "Traceback" not in output
