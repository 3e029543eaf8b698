"""Metrics summed over several worker processes (prometheus_client's multiprocess mode).

`serve` with several workers makes one folder per start (`shared_folder`), hands it to every
worker in PROMETHEUS_MULTIPROC_DIR before they import anything, and deletes it when it ends; each
worker writes its counters there, and a scrape answered by any worker reads them all. A worker
that ends marks itself dead. Without the variable (one process) the metrics live in memory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def enabled() -> bool:
    return bool(os.environ.get(VARIABLE))


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A fresh, empty folder in PROMETHEUS_MULTIPROC_DIR for the processes started within."""
    folder = tempfile.mkdtemp(prefix="kindred-metrics-")
    previous = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = folder
    try:
        yield Path(folder)
    finally:
        if previous is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = previous
        shutil.rmtree(folder, ignore_errors=True)


def mark_this_process_dead() -> None:
    """At a worker's exit: its live gauges no longer count (its counters do, as they should)."""
    if enabled():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())
