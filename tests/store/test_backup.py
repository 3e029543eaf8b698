"""`python -m graph_api backup FILE` / `restore FILE`: a whole community to a file and back on
each engine, with counts per label and type and a checksum of every property equal to the
original's (test_copy's seeded community and fingerprint); a non-empty store is refused
unless --replace, and a damaged or foreign file before anything is written."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graph_api.store.backup import BackupError, backup, read_backup, restore
from graph_api.store.driver import GraphDriver
from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.neo4j_local import LocalNeo4j
from graph_api.store.queries import copying as copy_queries
from tests.conftest import make_driver, make_neo4j_driver
from tests.store.test_copy import fingerprint, seed

GRAPH = "kindred_backup"
#: Enough members for every label and relationship type; small, to keep the test fast.
MEMBERS = 60


@pytest.fixture(scope="module")
async def seeded_falkordb(falkordb_server: EmbeddedFalkorDB, _schema_ready: None) -> Any:
    driver = make_driver(falkordb_server, GRAPH)
    await driver.clear()
    await driver.setup_schema()
    await seed(driver, MEMBERS)
    yield driver
    await driver.clear()
    await driver.close()


async def test_a_backup_restores_every_node_relationship_and_property_on_falkordb(
    seeded_falkordb: GraphDriver, falkordb_server: EmbeddedFalkorDB, tmp_path: Path
) -> None:
    original = await fingerprint(seeded_falkordb)
    assert sorted(original["labels"]) == sorted(copy_queries.NODE_KEYS)
    assert sorted(original["types"]) == sorted(copy_queries.RELATIONSHIP_TYPES)
    file = tmp_path / "kindred.jsonl.gz"
    summary = await backup(seeded_falkordb, file, engine="falkordb")
    assert summary.nodes == original["labels"] and summary.relationships == original["types"]

    fresh = make_driver(falkordb_server, GRAPH + "_restored")
    try:
        await fresh.clear()
        await fresh.setup_schema()
        await restore(fresh, file)
        assert await fingerprint(fresh) == original
    finally:
        await fresh.clear()
        await fresh.close()


async def test_a_backup_restores_every_node_relationship_and_property_on_neo4j(
    seeded_falkordb: GraphDriver, neo4j_server: LocalNeo4j, _neo4j_schema_ready: None, tmp_path: Path
) -> None:
    original = await fingerprint(seeded_falkordb)
    neo4j = make_neo4j_driver(neo4j_server)
    try:
        await neo4j.clear()
        # A FalkorDB backup restores into Neo4j; Neo4j's own backup restores into a Neo4j emptied.
        await backup(seeded_falkordb, tmp_path / "from-falkordb.jsonl.gz", engine="falkordb")
        await restore(neo4j, tmp_path / "from-falkordb.jsonl.gz")
        await backup(neo4j, tmp_path / "kindred.jsonl.gz", engine="neo4j")
        await neo4j.clear()
        await restore(neo4j, tmp_path / "kindred.jsonl.gz")
        assert await fingerprint(neo4j) == original
    finally:
        await neo4j.clear()
        await neo4j.close()


async def test_restore_refuses_a_store_that_is_not_empty_unless_replace(
    seeded_falkordb: GraphDriver, tmp_path: Path
) -> None:
    file = tmp_path / "kindred.jsonl.gz"
    await backup(seeded_falkordb, file, engine="falkordb")
    original = await fingerprint(seeded_falkordb)
    with pytest.raises(BackupError, match="not empty"):
        await restore(seeded_falkordb, file)
    await seeded_falkordb.write("MATCH (m:Member) WITH m LIMIT 1 SET m.name = 'Changed'")
    await restore(seeded_falkordb, file, replace=True)
    assert await fingerprint(seeded_falkordb) == original


def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    file = tmp_path / "kindred.jsonl.gz"
    header = b'{"format": "kindred-backup", "version": 1, "nodes": {"Member": 1}, "relationships": {}, "sha256": "00"}\n'
    file.write_bytes(gzip.compress(header + b'{"labels": ["Member"], "props": {"id": "member-1"}}\n'))
    with pytest.raises(BackupError, match="damaged"):
        read_backup(file)
    (tmp_path / "other.gz").write_bytes(gzip.compress(b'{"something": "else"}\n'))
    with pytest.raises(BackupError, match="not a Kindred backup"):
        read_backup(tmp_path / "other.gz")


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph_api", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd, env={**os.environ, **env},
    )


async def test_the_commands_back_up_and_restore_the_store_graph_api_is_set_up_for(
    seeded_falkordb: GraphDriver, falkordb_server: EmbeddedFalkorDB, tmp_path: Path
) -> None:
    original = await fingerprint(seeded_falkordb)
    env = {
        "KINDRED_DATABASE": "falkordb", "GRAPH_URL": f"falkordb://{falkordb_server.host}:{falkordb_server.port}",
        "GRAPH_PASSWORD": falkordb_server.password or "", "GRAPH_NAME": GRAPH,
    }
    file = tmp_path / "kindred.jsonl.gz"
    made = run("backup", str(file), cwd=tmp_path, env=env)
    assert made.returncode == 0, made.stderr
    assert f"{sum(original['labels'].values())} nodes" in made.stdout

    refused = run("restore", str(file), cwd=tmp_path, env=env)
    assert refused.returncode == 2 and "not empty" in refused.stderr, refused.stderr
    fresh = {**env, "GRAPH_NAME": GRAPH + "_fresh"}
    restored = run("restore", str(file), cwd=tmp_path, env=fresh)
    assert restored.returncode == 0, restored.stderr
    driver = make_driver(falkordb_server, GRAPH + "_fresh")
    try:
        assert await fingerprint(driver) == original
    finally:
        await driver.clear()
        await driver.close()
