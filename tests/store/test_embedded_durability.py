"""The embedded database keeps what it acknowledged: across a clean restart, after SIGKILL,
and it answers "database unavailable" while down, then reconnects. Its log is compacted so
that starts stay fast."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.errors import DatabaseUnavailableError
from graph_api.settings import Settings
from graph_api.store import open_store, queries
from graph_api.store.embedded import _COMPACT_AFTER_START_BYTES, EmbeddedDatabaseError, EmbeddedFalkorDB
from graph_api.store.falkordb_driver import FalkorDBDriver
from graph_api.store.repository import GraphRepository


def _driver(server: EmbeddedFalkorDB) -> FalkorDBDriver:
    return FalkorDBDriver(server.host, server.port, password=server.password, graph_name="durability")


async def test_a_second_start_finds_the_data_of_the_first(tmp_path: Path) -> None:
    settings = Settings(KINDRED_DATA_DIR=tmp_path, KINDRED_SEED_MEMBERS=0)
    store = await open_store(settings)
    await store.repository.create_member(handle="ada", name="Ada")
    await store.close()

    reopened = await open_store(settings)
    try:
        assert (await reopened.repository.member_by_handle("ada")).name == "Ada"
    finally:
        await reopened.close()


async def test_the_server_listens_on_loopback_with_a_password_and_fsynced_append_only_file(tmp_path: Path) -> None:
    server = EmbeddedFalkorDB(tmp_path)
    server.start()
    try:
        config = (tmp_path / "falkordb.conf").read_text()
        assert "bind 127.0.0.1" in config and "appendonly yes" in config and "appendfsync always" in config
        assert f'requirepass "{server.password}"' in config
        assert (tmp_path / "falkordb.conf").stat().st_mode & 0o077 == 0
        unauthenticated = FalkorDBDriver(server.host, server.port, password=None, graph_name="x")
        with pytest.raises(DatabaseUnavailableError, match="authentication"):
            await unauthenticated.read("RETURN 1 AS one")
        await unauthenticated.close()
    finally:
        server.stop()


async def test_two_processes_cannot_share_one_data_folder(tmp_path: Path) -> None:
    first = EmbeddedFalkorDB(tmp_path)
    first.start()
    try:
        with pytest.raises(EmbeddedDatabaseError, match="already runs the embedded database"):
            EmbeddedFalkorDB(tmp_path).start()
    finally:
        first.stop()


async def test_a_killed_server_loses_no_acknowledged_write(tmp_path: Path) -> None:
    server = EmbeddedFalkorDB(tmp_path)
    server.start()
    driver = _driver(server)
    repository = GraphRepository(driver)
    await driver.setup_schema()
    acknowledged: list[str] = []

    async def writer(worker: int) -> None:
        for n in range(10_000):
            try:
                member = await repository.create_member(handle=f"w{worker}-{n}", name=f"Writer {worker} {n}")
            except DatabaseUnavailableError:
                return
            acknowledged.append(member.id)

    writers = [asyncio.create_task(writer(w)) for w in range(4)]
    while len(acknowledged) < 200:
        await asyncio.sleep(0.01)
    await asyncio.to_thread(server.kill)
    await asyncio.gather(*writers)
    await driver.close()

    server.start()
    driver = _driver(server)
    try:
        found = await GraphRepository(driver).existing_member_ids(acknowledged)
        assert len(acknowledged) >= 200
        assert found == set(acknowledged)
    finally:
        await driver.close()
        server.stop()


async def test_a_dead_server_gives_database_unavailable_then_the_store_reconnects(tmp_path: Path) -> None:
    store = await open_store(Settings(KINDRED_DATA_DIR=tmp_path, KINDRED_SEED_MEMBERS=0))
    try:
        await store.repository.create_member(handle="ada", name="Ada")
        assert store.embedded is not None
        await asyncio.to_thread(store.embedded.kill)

        with pytest.raises(DatabaseUnavailableError, match="database unavailable"):
            await store.repository.member_by_handle("ada")

        for _ in range(200):  # the embedded supervisor restarts the server in the background
            try:
                member = await store.repository.member_by_handle("ada")
                break
            except DatabaseUnavailableError:
                await asyncio.sleep(0.05)
        assert member is not None and member.name == "Ada"
        assert (await store.driver.read(queries.MEMBER.count))[0]["count"] == 1
    finally:
        await store.close()


def _logged_writes(folder: Path) -> int:
    return sum(path.stat().st_size for path in (folder / "appendonly").glob("*.incr.aof"))


async def _load_demo(server: EmbeddedFalkorDB, members: int) -> None:
    driver = _driver(server)
    await driver.setup_schema()
    await load_community(driver, generate_community(members, seed=1), progress=False)
    await driver.close()


async def _member_count(server: EmbeddedFalkorDB) -> int:
    driver = _driver(server)
    try:
        return int((await driver.read("MATCH (m:Member) RETURN count(m) AS n"))[0]["n"])
    finally:
        await driver.close()


async def test_a_clean_stop_leaves_a_snapshot_so_the_next_start_replays_nothing(tmp_path: Path) -> None:
    server = EmbeddedFalkorDB(tmp_path)
    server.start()
    await _load_demo(server, 300)
    assert _logged_writes(tmp_path) > 0
    server.stop()

    assert _logged_writes(tmp_path) == 0
    assert any(path.stat().st_size > 0 for path in (tmp_path / "appendonly").glob("*.base.rdb"))
    server.start()
    try:
        assert await _member_count(server) == 300
    finally:
        server.stop()


async def test_a_start_that_replayed_a_long_log_compacts_it(tmp_path: Path) -> None:
    server = EmbeddedFalkorDB(tmp_path)
    server.start()
    await _load_demo(server, 400)
    await asyncio.to_thread(server.kill)  # a crash: no compaction on the way down
    assert _logged_writes(tmp_path) > _COMPACT_AFTER_START_BYTES

    server.start()
    try:
        assert await _member_count(server) == 400
        for _ in range(600):  # the compaction runs in the server's background
            if _logged_writes(tmp_path) < _COMPACT_AFTER_START_BYTES:
                break
            await asyncio.sleep(0.05)
        assert _logged_writes(tmp_path) < _COMPACT_AFTER_START_BYTES
    finally:
        server.stop()
