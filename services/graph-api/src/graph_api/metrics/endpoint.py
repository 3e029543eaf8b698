"""GET /metrics: the Prometheus text format, to loopback peers or with the metrics token
(access.py), checked before anything else runs. The gauges that live in the database (sessions,
the mail outbox, webhook deliveries) are read at scrape time through the store, within
`STORE_TIMEOUT`; when it cannot answer they are left out and kindred_metrics_store_up says 0."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Iterator

from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response

from graph_api.domain import rules
from graph_api.errors import KindredError
from graph_api.metrics import multiprocess
from graph_api.metrics.access import refusal
from graph_api.settings import Settings
from graph_api.store.metrics import OperationalCounts

log = logging.getLogger(__name__)

#: Seconds the scrape-time counts may take (Prometheus's own scrape timeout is 10 s by default).
STORE_TIMEOUT = 5.0


class _Families:
    """A collector of families built for one scrape."""

    def __init__(self, families: Iterable[Metric]) -> None:
        self._families = list(families)

    def collect(self) -> Iterator[Metric]:
        return iter(self._families)


class _Forward:
    """The default registry's families (this process's metrics, when there is one process)."""

    def collect(self) -> Iterator[Metric]:
        return REGISTRY.collect()


def store_families(counts: OperationalCounts | None) -> list[Metric]:
    up = GaugeMetricFamily("kindred_metrics_store_up", "1 when this scrape could read the database's counts, else 0")
    up.add_metric([], 0 if counts is None else 1)
    if counts is None:
        return [up]
    sessions = GaugeMetricFamily("kindred_active_sessions", "Signed-in sessions that have not expired")
    sessions.add_metric([], counts.active_sessions)
    mails = GaugeMetricFamily(
        "kindred_mail_outbox",
        "Mails in the outbox by status: pending is the queue to send, failed the mails given up after the last attempt",
        labels=["status"],
    )
    for status, total in counts.mails.items():
        mails.add_metric([status], total)
    deliveries = GaugeMetricFamily(
        "kindred_webhook_deliveries",
        "Webhook deliveries by status: pending and retrying are the queue, failed the deliveries given up",
        labels=["status"],
    )
    for status, total in counts.deliveries.items():
        deliveries.add_metric([status], total)
    return [up, sessions, mails, deliveries]


def exposition(extra: list[Metric]) -> bytes:
    """Every family of this process (or, in multiprocess mode, of every worker) and `extra`."""
    registry = CollectorRegistry(auto_describe=False)
    if multiprocess.enabled():
        MultiProcessCollector(registry)
    else:
        registry.register(_Forward())  # type: ignore[arg-type]
    registry.register(_Families(extra))  # type: ignore[arg-type]
    return generate_latest(registry)


async def _counts(request: Request) -> OperationalCounts | None:
    repository = request.app.state.store.repository
    try:
        return await asyncio.wait_for(repository.metrics.operational_counts(now=rules.utc_now()), STORE_TIMEOUT)
    except (KindredError, TimeoutError) as error:
        log.warning("metrics: the database's counts could not be read: %s", type(error).__name__)
        return None


async def metrics(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    refused = refusal(request.scope, settings.metrics_token)
    if refused is not None:
        return refused.response()
    body = exposition(store_families(await _counts(request)))
    return Response(body, media_type=CONTENT_TYPE_PLAIN_0_0_4, headers={"cache-control": "no-store"})
