"""Every statement the adapters send, counted and timed by adapter (falkordb, neo4j), kind
(read, write, bulk_read) and outcome (ok, or the error's code: DATABASE_UNAVAILABLE, CONFLICT,
...). The adapters wrap their public reads and writes in `metered`; nothing else sends one."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import Counter, Histogram

from graph_api.errors import KindredError

STATEMENTS = Counter(
    "kindred_db_statements",
    "Statements sent to the database, by adapter, kind (read, write, bulk_read) and outcome (ok or the error's code)",
    ["adapter", "kind", "outcome"],
)
STATEMENT_SECONDS = Histogram(
    "kindred_db_statement_duration_seconds",
    "Time one statement takes, retries on a fresh connection included, by adapter and kind",
    ["adapter", "kind"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


@contextmanager
def metered(adapter: str, kind: str) -> Iterator[None]:
    started = time.perf_counter()
    outcome = "ok"
    try:
        yield
    except KindredError as error:
        outcome = error.code
        raise
    except BaseException:
        outcome = "error"
        raise
    finally:
        STATEMENTS.labels(adapter, kind, outcome).inc()
        STATEMENT_SECONDS.labels(adapter, kind).observe(time.perf_counter() - started)
