"""What the two database servers this process can run itself share (store/embedded.py's
FalkorDB, store/neo4j_local.py's Neo4j): one child process over one data folder that

- is locked (kindred.lock), so two processes cannot run over the same data;
- keeps its secrets in 0600 files there, never on the command line;
- runs in its own session and never outlives its owner: it is stopped when the owning process
  exits, and the kernel's parent-death signal sends it SIGTERM if that process dies without
  running its exit handlers;
- can be killed, as a crash would (for failure tests), and restarted by `ensure_running()`.

Each subclass says how to start its server (`start()`) and stop it (`stop()`), and how it
knows the server is ready.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import logging
import os
import signal
import subprocess
import threading
from pathlib import Path
from typing import IO, Any

_PR_SET_PDEATHSIG = 1
LOCK_FILE = "kindred.lock"


def die_with_parent() -> None:
    """A `preexec_fn`: runs in the child before exec, so that if the owning process is killed,
    the server receives SIGTERM and shuts down cleanly instead of lingering."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def write_private_file(path: Path, text: str) -> None:
    """Write `text` to `path`, readable and writable by this user only (mode 0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def log_tail(path: Path, chars: int) -> str:
    """The last `chars` characters of a server's log file ("" when there is none)."""
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""


class LocalServerError(RuntimeError):
    """A server this process runs itself could not be started (the command line shows the message
    alone: it says what to do)."""


class LocalServer:
    """Supervises one server process over one data folder (see the module's docstring)."""

    #: Raised when the server cannot be started (the folder is locked, it did not come up...).
    error: type[LocalServerError] = LocalServerError
    #: How log messages name the server, e.g. "the local Neo4j".
    label = "the local server"

    def __init__(self, data_dir: Path, *, port: int = 0, start_timeout: float = 120.0) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.host = "127.0.0.1"
        self.port = port
        self._start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._lock_file: IO[str] | None = None
        self._restart_lock = threading.Lock()
        self._atexit_registered = False
        # Messages go to the subclass's module logger (graph_api.store.embedded, ...).
        self._log = logging.getLogger(type(self).__module__)

    @property
    def url(self) -> str:
        """How a client reaches the server (falkordb://... or bolt://...)."""
        raise NotImplementedError

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        raise NotImplementedError

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the server to shut down cleanly (SIGTERM) and wait for it; release the folder."""
        self._terminate(timeout)

    def kill(self) -> None:
        """SIGKILL the server, as a crash would (for failure tests). The folder stays locked."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
            self._after_exit(self._process)

    def ensure_running(self) -> None:
        """Restart a server that died, on the same port, password and data."""
        with self._restart_lock:
            if self.is_running():
                return
            self._log.warning("%s is not running; restarting it", self.label)
            if self._process is not None:
                self._after_exit(self._process)
            self._process = None
            self.start()

    def supervise(self, stop: threading.Event, every: float = 1.0) -> None:
        """Until `stop` is set, check every `every` s that the server runs, and restart it if it
        died. Run it in a thread that lives as long as the server (the parent-death signal is
        tied to the thread that started the server)."""
        while not stop.wait(every):
            try:
                self.ensure_running()
            except Exception:  # keep supervising: the next check retries
                self._log.exception("could not restart %s", self.label)

    def _after_exit(self, process: subprocess.Popen[bytes]) -> None:
        """Release what the process held open on this side (its pipes), once it has exited."""

    def _spawn(self, command: list[str], **popen: Any) -> subprocess.Popen[bytes]:
        """Run the server in the data folder, in its own session, dying with this process."""
        self._process = subprocess.Popen(
            command,
            cwd=self.data_dir,
            preexec_fn=die_with_parent,
            # Its own session: a Ctrl-C in the terminal reaches graph-api, which stops it cleanly.
            start_new_session=True,
            **popen,
        )
        if not self._atexit_registered:
            atexit.register(self.stop)
            self._atexit_registered = True
        return self._process

    def _terminate(self, timeout: float) -> None:
        """SIGTERM the server and wait for it (SIGKILL after `timeout` s); release the folder."""
        process = self._process
        self._process = None
        if process is not None:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self._log.warning("%s did not stop within %s s; killing it", self.label, timeout)
                    process.kill()
                    process.wait()
            self._after_exit(process)
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def _take_folder_lock(self, in_use: str) -> None:
        """Lock the data folder for the server's lifetime; `in_use` is the error's message when
        another process holds it."""
        if self._lock_file is not None:
            return
        handle = open(self.data_dir / LOCK_FILE, "w")  # noqa: SIM115 - held for the server's lifetime
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise self.error(in_use) from None
        self._lock_file = handle
