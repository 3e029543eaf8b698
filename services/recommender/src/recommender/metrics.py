"""The recommender's Prometheus metrics.

The HTTP service counts the runs it serves (`observed_run`) and answers /metrics to loopback peers,
or to others with `Authorization: Bearer <KINDRED_METRICS_TOKEN>` (the same rule as graph-api's:
a request carrying a forwarding header is never local). A batch run is a short-lived process:
it writes its figures for node_exporter's textfile collector (`write_batch_textfile`), one file
per kind, carrying the run counts and the last success over from the file it replaces.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, Counter, Histogram, generate_latest, write_to_textfile
from prometheus_client.core import CollectorRegistry, CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from starlette.requests import Request
from starlette.responses import Response

from recommender.graph_client import GraphApiError, GraphApiUnavailable
from recommender.runs import ALGORITHM_VERSIONS, BadParameters

log = logging.getLogger(__name__)

#: Seconds: a run takes from under a second (a small community) to tens of minutes (event rounds at 100,000 members).
RUN_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)
OUTCOMES = ("ok", "bad_parameters", "graph_api_unavailable", "graph_api_refused", "error")

RUNS = Counter(
    "kindred_recommender_runs",
    "Runs this service served (propose), by kind and outcome",
    ["kind", "outcome"],
)
RUN_SECONDS = Histogram(
    "kindred_recommender_run_duration_seconds",
    "Time one run takes, from reading the snapshot to storing the draft, by kind",
    ["kind"],
    buckets=RUN_BUCKETS,
)


def kind_label(kind: str) -> str:
    return kind if kind in ALGORITHM_VERSIONS else "other"


def outcome_of(error: BaseException | None) -> str:
    if error is None:
        return "ok"
    if isinstance(error, BadParameters):
        return "bad_parameters"
    if isinstance(error, GraphApiUnavailable):
        return "graph_api_unavailable"
    if isinstance(error, GraphApiError):
        return "graph_api_refused"
    return "error"


@contextmanager
def observed_run(kind: str) -> Iterator[None]:
    started = time.perf_counter()
    error: BaseException | None = None
    try:
        yield
    except BaseException as raised:
        error = raised
        raise
    finally:
        RUNS.labels(kind_label(kind), outcome_of(error)).inc()
        RUN_SECONDS.labels(kind_label(kind)).observe(time.perf_counter() - started)


# Who may read /metrics ---------------------------------------------------------------------------

_FORWARDING = frozenset(
    {b"forwarded", b"x-forwarded-for", b"x-forwarded-host", b"x-real-ip", b"x-client-ip", b"true-client-ip",
     b"cf-connecting-ip", b"x-original-forwarded-for"}
)


def _loopback(host: str | None) -> bool:
    try:
        return bool(host) and ipaddress.ip_address(str(host).removeprefix("::ffff:")).is_loopback
    except ValueError:
        return False


def _token_matches(offered: str, expected: SecretStr | None) -> bool:
    if expected is None:
        return False
    digest = hashlib.sha256(offered.encode("utf-8", "surrogateescape")).digest()
    return hmac.compare_digest(digest, hashlib.sha256(expected.get_secret_value().encode()).digest())


def _refused(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def refusal(request: Request, token: SecretStr | None) -> Response | None:
    """None when the request may read the metrics, else the answer to give it."""
    authorization = request.headers.get("authorization")
    if authorization is not None:
        scheme, _, offered = authorization.partition(" ")
        if scheme.lower() == "bearer" and offered.strip() and _token_matches(offered.strip(), token):
            return None
        return _refused(401, "METRICS_TOKEN_INVALID", "the metrics token is not valid", {"www-authenticate": 'Bearer realm="metrics"'})
    forwarded = any(name.lower() in _FORWARDING for name, _ in request.scope.get("headers", []))
    if _loopback(request.client.host if request.client else None) and not forwarded:
        return None
    return _refused(403, "METRICS_FORBIDDEN", "metrics are answered on loopback, or with the metrics token")


async def metrics(request: Request) -> Response:
    refused = refusal(request, request.app.state.settings.metrics_token)
    if refused is not None:
        return refused
    return Response(generate_latest(), media_type=CONTENT_TYPE_PLAIN_0_0_4, headers={"cache-control": "no-store"})


# Batch runs: a file for node_exporter's textfile collector --------------------------------------

BATCH_RUNS = "kindred_recommender_batch_runs"
LAST_SUCCESS = "kindred_recommender_batch_last_success_timestamp_seconds"


def textfile_for(folder: Path, kind: str) -> Path:
    return folder / f"kindred_recommender_{kind_label(kind)}.prom"


def _previous(path: Path) -> tuple[dict[str, float], float | None]:
    """The run counts by outcome and the last success the file being replaced held."""
    counts: dict[str, float] = {}
    last_success = None
    try:
        text = path.read_text()
    except OSError:
        return counts, None
    try:
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == f"{BATCH_RUNS}_total" and sample.labels.get("outcome") in OUTCOMES:
                    counts[sample.labels["outcome"]] = sample.value
                elif sample.name == LAST_SUCCESS:
                    last_success = sample.value
    except ValueError:
        log.warning("metrics: %s could not be read; its run counts start again", path)
    return counts, last_success


class _Families:
    def __init__(self, families: list[Metric]) -> None:
        self._families = families

    def collect(self) -> Iterator[Metric]:
        return iter(self._families)


def write_batch_textfile(folder: Path, kind: str, outcome: str, *, finished: float, seconds: float) -> Path:
    """Replace the kind's file (atomically: write_to_textfile renames a temporary file)."""
    label = kind_label(kind)
    path = textfile_for(folder, kind)
    counts, last_success = _previous(path)
    counts[outcome] = counts.get(outcome, 0) + 1
    if outcome == "ok":
        last_success = finished
    runs = CounterMetricFamily(BATCH_RUNS, "Scheduled (batch) runs, by kind and outcome", labels=["kind", "outcome"])
    for name in OUTCOMES:
        runs.add_metric([label, name], counts.get(name, 0))
    families: list[Metric] = [runs]
    for name, help_text, figure in (
        ("kindred_recommender_batch_last_run_timestamp_seconds", "When the last batch run ended (Unix time)", finished),
        ("kindred_recommender_batch_last_run_duration_seconds", "How long the last batch run took", seconds),
        ("kindred_recommender_batch_last_run_success", "1 when the last batch run stored its draft, else 0", float(outcome == "ok")),
        (LAST_SUCCESS, "When a batch run last stored its draft (Unix time)", last_success),
    ):
        if figure is None:
            continue
        family = GaugeMetricFamily(name, help_text, labels=["kind"])
        family.add_metric([label], figure)
        families.append(family)
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Families(families))  # type: ignore[arg-type]
    folder.mkdir(parents=True, exist_ok=True)
    write_to_textfile(str(path), registry)
    return path
