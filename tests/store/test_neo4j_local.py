"""The local Neo4j (tools/neo4j-local, run by store/neo4j_local.py) starts, answers over Bolt
behind its password, keeps its data across a clean restart and a SIGKILL, locks its folder,
and dies with its owner. (When it may be skipped: tests/local_neo4j_marks.py.)
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import neo4j
import pytest

from graph_api.store.neo4j_local import PASSWORD_FILE, LocalNeo4j, LocalNeo4jError
from tests.local_neo4j_marks import MARKS

pytestmark = MARKS


async def _query(server: LocalNeo4j, cypher: str, **parameters: object) -> list[dict[str, object]]:
    async with neo4j.AsyncGraphDatabase.driver(server.url, auth=(server.user, server.password)) as driver:
        records, _, _ = await driver.execute_query(cypher, parameters)
        return [record.data() for record in records]


async def test_it_starts_keeps_its_data_across_restarts_and_a_kill(tmp_path: Path) -> None:
    server = LocalNeo4j(tmp_path / "neo4j")
    server.start()
    try:
        first_port, password = server.port, server.password
        assert server.url == f"bolt://127.0.0.1:{first_port}"
        assert await _query(server, "RETURN 1 AS one") == [{"one": 1}]

        # Authentication is on, and the password is out of the process list, in a 0600 file.
        async with neo4j.AsyncGraphDatabase.driver(server.url, auth=("neo4j", "neo4j")) as intruder:
            with pytest.raises(neo4j.exceptions.AuthError):
                await intruder.execute_query("RETURN 1")
        assert password not in Path(f"/proc/{server.pid}/cmdline").read_text()
        password_file = server.data_dir / PASSWORD_FILE
        assert password_file.read_text().strip() == password
        assert password_file.stat().st_mode & 0o077 == 0

        # The data folder is locked.
        with pytest.raises(LocalNeo4jError, match="already runs the local Neo4j"):
            LocalNeo4j(server.data_dir).start()

        await _query(server, "CREATE (:Probe {name: $name})", name="before restart")
        server.stop()
        assert server.pid is None

        # A clean restart: same port, same password (from the file), same data.
        restarted = LocalNeo4j(server.data_dir, port=first_port)
        restarted.start()
        server = restarted
        assert (server.port, server.password) == (first_port, password)
        assert await _query(server, "MATCH (p:Probe) RETURN p.name AS name") == [{"name": "before restart"}]
        print(f"local Neo4j restart took {server.last_start_seconds:.1f} s")

        # A crash: an acknowledged write survives SIGKILL; ensure_running brings it back.
        await _query(server, "CREATE (:Probe {name: $name})", name="before kill")
        killed_pid = server.pid
        server.kill()
        assert not server.is_running()
        server.ensure_running()
        assert server.pid != killed_pid and server.port == first_port
        names = await _query(server, "MATCH (p:Probe) RETURN p.name AS name ORDER BY name")
        assert names == [{"name": "before kill"}, {"name": "before restart"}]
    finally:
        server.stop()


def test_it_dies_with_its_owner(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                from pathlib import Path
                from graph_api.store.neo4j_local import LocalNeo4j
                server = LocalNeo4j(Path({str(tmp_path / "neo4j")!r}))
                server.start()
                print(server.pid, flush=True)
                input()  # wait to be killed
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert owner.stdout is not None
        line = owner.stdout.readline()
        assert line.strip().isdigit(), "the owner did not start the local Neo4j"
        java_pid = int(line)
        owner.kill()
        owner.wait()
        deadline = time.monotonic() + 60
        while _alive(java_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(java_pid), "the local Neo4j outlived its owner"
    finally:
        if owner.poll() is None:
            owner.kill()
            owner.wait()
    # It stopped cleanly, releasing the folder: a new owner can start it.
    server = LocalNeo4j(tmp_path / "neo4j")
    server.start()
    server.stop()


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status
