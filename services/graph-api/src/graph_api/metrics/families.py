"""The metric families graph-api keeps in process (or, under several workers, in the shared
multiprocess folder). The database's statements are counted in store/statement_metrics.py; the
gauges read from the database at scrape time are built in endpoint.py."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

#: Seconds: a GraphQL operation takes from a millisecond (a cached page) to tens of seconds (a KPI report).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

GRAPHQL_OPERATIONS = Counter(
    "kindred_graphql_operations",
    "GraphQL operations answered, by operation name and outcome (ok, or the first error's extensions.code)",
    ["operation", "outcome"],
)
GRAPHQL_SECONDS = Histogram(
    "kindred_graphql_operation_duration_seconds",
    "Time from parsing a GraphQL operation to its answer, by operation name",
    ["operation"],
    buckets=LATENCY_BUCKETS,
)
DATALOADER_BATCH = Histogram(
    "kindred_dataloader_batch_size",
    "Keys read together by one DataLoader batch (one statement each), by loader",
    ["loader"],
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000),
)
