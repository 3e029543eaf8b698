"""/metrics: Prometheus's text format, read over a real server and parsed with Prometheus's own
parser; answered to loopback peers, or to others with the metrics token, and refused before
anything touches the database."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.metrics_core import Metric
from pydantic import ValidationError

from graph_api.app import create_app
from graph_api.metrics.operations import OperationNames
from graph_api.settings import Settings
from graph_api.store.driver import GraphDriver
from tests.api.conftest import PASSWORD, SIGN_IN, GraphQLClient, People
from tests.conftest import JWT_SECRET, LiveServer, TestDatabase
from tests.seeding import SeedingRepository
from tests.test_run_command import Product

TOKEN = "metrics-token-for-the-tests-0123456789"
#: What a client outside looks like once uvicorn has read the proxy's X-Forwarded-For.
REMOTE = "203.0.113.7"
PROMISED = {
    "kindred_graphql_operations",
    "kindred_graphql_operation_duration_seconds",
    "kindred_db_statements",
    "kindred_db_statement_duration_seconds",
    "kindred_dataloader_batch_size",
    "kindred_active_sessions",
    "kindred_mail_outbox",
    "kindred_webhook_deliveries",
    "kindred_metrics_store_up",
}
Families = dict[str, Metric]


@pytest.fixture(scope="module")
def metrics_server(database: TestDatabase) -> Iterator[LiveServer]:
    with LiveServer(database.settings(KINDRED_METRICS_TOKEN=TOKEN)) as server:
        yield server


@pytest.fixture
async def client(metrics_server: LiveServer, driver: GraphDriver) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=metrics_server.url, timeout=30) as http:
        yield http


async def scrape(http: httpx.AsyncClient, **headers: str) -> Families:
    response = await http.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    return {family.name: family for family in text_string_to_metric_families(response.text)}


def value(families: Families, sample: str, **labels: str) -> float:
    """The sample's value (0 when it is not there yet: a counter that has not counted)."""
    family = families[re.sub(r"_(total|count|sum|bucket)$", "", sample)]
    for found in family.samples:
        if found.name == sample and all(found.labels.get(key) == wanted for key, wanted in labels.items()):
            return found.value
    return 0.0


def labels_of(families: Families, name: str) -> set[str]:
    return {key for sample in families[name].samples for key in sample.labels if key != "le"}


def remote_app_client(**headers: str) -> httpx.AsyncClient:
    """graph-api as seen from a remote peer: no store is open (no lifespan), so anything that
    reached for the database would fail."""
    transport = httpx.ASGITransport(app=create_app(Settings(KINDRED_METRICS_TOKEN=TOKEN)), client=(REMOTE, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://graph-api", headers=headers)


# What is exposed ---------------------------------------------------------------------------------


async def test_a_loopback_scrape_parses_with_every_promised_family_and_label(client: httpx.AsyncClient) -> None:
    await GraphQLClient(client).data("query Ping { __typename }")
    response = await client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    families = {family.name: family for family in text_string_to_metric_families(response.text)}
    assert PROMISED <= families.keys()
    assert labels_of(families, "kindred_graphql_operations") == {"operation", "outcome"}
    assert labels_of(families, "kindred_graphql_operation_duration_seconds") == {"operation"}
    assert labels_of(families, "kindred_db_statements") == {"adapter", "kind", "outcome"}
    assert labels_of(families, "kindred_mail_outbox") == {"status"}
    assert value(families, "kindred_metrics_store_up") == 1


async def test_an_operation_is_counted_by_name_with_ok_or_its_first_error_code(client: httpx.AsyncClient) -> None:
    before = await scrape(client)
    await GraphQLClient(client).data("query CountedPing { __typename }")
    await GraphQLClient(client).error("query CountedBroken { noSuchField }")
    after = await scrape(client)
    counted = "kindred_graphql_operations_total"
    ok = {"operation": "CountedPing", "outcome": "ok"}
    failed = {"operation": "CountedBroken", "outcome": "GRAPHQL_VALIDATION_FAILED"}
    assert value(after, counted, **ok) == value(before, counted, **ok) + 1
    assert value(after, counted, **failed) == value(before, counted, **failed) + 1


async def test_an_unnamed_operation_is_counted_as_anonymous_and_an_overlong_name_as_other(
    client: httpx.AsyncClient,
) -> None:
    before = await scrape(client)
    await GraphQLClient(client).data("{ __typename }")
    await GraphQLClient(client).data(f"query {'N' * 65} {{ __typename }}")
    after = await scrape(client)
    for operation in ("anonymous", "other"):
        labels = {"operation": operation, "outcome": "ok"}
        assert value(after, "kindred_graphql_operations_total", **labels) >= value(
            before, "kindred_graphql_operations_total", **labels
        ) + 1
    assert not any("N" * 65 in sample.labels.values() for sample in after["kindred_graphql_operations"].samples)


def test_only_the_first_distinct_names_get_a_label_of_their_own() -> None:
    names = OperationNames(limit=2)
    assert [names.label(name) for name in ("First", "Second", "Third", "First", "bad-name")] == [
        "First",
        "Second",
        "other",
        "First",
        "other",
    ]


async def test_each_operation_has_a_latency_histogram(client: httpx.AsyncClient) -> None:
    await GraphQLClient(client).data("query TimedPing { __typename }")
    families = await scrape(client)
    histogram = "kindred_graphql_operation_duration_seconds"
    assert value(families, f"{histogram}_count", operation="TimedPing") >= 1
    assert value(families, f"{histogram}_bucket", operation="TimedPing", le="+Inf") >= 1
    assert value(families, f"{histogram}_sum", operation="TimedPing") > 0


async def test_database_statements_are_counted_under_the_adapter_that_sent_them(
    client: httpx.AsyncClient, database: TestDatabase
) -> None:
    before = await scrape(client)
    await GraphQLClient(client).error(SIGN_IN, {"handle": "nobody", "password": PASSWORD})
    after = await scrape(client)
    labels = {"adapter": database.engine, "kind": "read", "outcome": "ok"}
    # Each scrape reads its counts (three statements) before it answers; a sign-in reads more.
    assert value(after, "kindred_db_statements_total", **labels) >= value(
        before, "kindred_db_statements_total", **labels
    ) + 4
    assert value(after, "kindred_db_statement_duration_seconds_count", adapter=database.engine, kind="read") > 0


async def test_a_dataloader_batch_records_its_size_and_a_sign_in_is_an_active_session(
    client: httpx.AsyncClient, repository: SeedingRepository
) -> None:
    await People(repository, client).add("ada")
    before = await scrape(client)
    await GraphQLClient(client).data(SIGN_IN, {"handle": "ada", "password": PASSWORD})  # member { handle }: the member loader
    after = await scrape(client)
    batches = "kindred_dataloader_batch_size_count"
    assert value(after, batches, loader="member") == value(before, batches, loader="member") + 1
    assert value(after, "kindred_dataloader_batch_size_bucket", loader="member", le="1.0") >= 1
    assert value(after, "kindred_active_sessions") == value(before, "kindred_active_sessions") + 1


async def test_the_outbox_and_webhook_gauges_report_every_status_even_when_empty(client: httpx.AsyncClient) -> None:
    families = await scrape(client)
    mails = {sample.labels["status"]: sample.value for sample in families["kindred_mail_outbox"].samples}
    deliveries = {sample.labels["status"]: sample.value for sample in families["kindred_webhook_deliveries"].samples}
    assert mails == {"pending": 0, "sent": 0, "failed": 0, "dropped": 0, "superseded": 0}
    assert deliveries == {"pending": 0, "retrying": 0, "delivered": 0, "failed": 0}


# Who may read them -------------------------------------------------------------------------------


async def test_a_remote_peer_without_the_token_is_refused() -> None:
    async with remote_app_client() as remote:
        response = await remote.get("/metrics")
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "METRICS_FORBIDDEN"
    assert "kindred_" not in response.text


@pytest.mark.parametrize(
    "header",
    ["X-Forwarded-For", "X-Real-IP", "Forwarded", "True-Client-IP"],
)
async def test_a_forwarding_header_naming_loopback_does_not_make_a_remote_peer_local(header: str) -> None:
    claimed = "for=127.0.0.1" if header == "Forwarded" else "127.0.0.1"
    async with remote_app_client(**{header: claimed}) as remote:
        response = await remote.get("/metrics")
    assert response.status_code == 403


async def test_a_request_forwarded_by_a_trusted_proxy_is_not_local_even_from_loopback(
    client: httpx.AsyncClient,
) -> None:
    # uvicorn trusts the loopback proxy and takes the client from X-Forwarded-For; either way
    # the request came through a proxy, so only the token opens it.
    response = await client.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
    assert response.status_code == 403


async def test_a_client_from_elsewhere_with_the_token_is_answered(client: httpx.AsyncClient) -> None:
    families = await scrape(client, **{"X-Forwarded-For": REMOTE, "Authorization": f"Bearer {TOKEN}"})
    assert PROMISED <= families.keys()


async def test_a_wrong_token_is_refused_even_on_loopback(client: httpx.AsyncClient) -> None:
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}x"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "METRICS_TOKEN_INVALID"
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_a_refused_scrape_sends_nothing_to_the_database(
    client: httpx.AsyncClient, metrics_server: LiveServer
) -> None:
    before = metrics_server.round_trips
    for headers in ({"X-Forwarded-For": REMOTE}, {"Authorization": "Bearer wrong-token-of-some-length"}):
        assert (await client.get("/metrics", headers=headers)).status_code in (401, 403)
    assert metrics_server.round_trips == before


async def test_an_answered_scrape_reads_the_counts_in_three_statements(
    client: httpx.AsyncClient, metrics_server: LiveServer
) -> None:
    before = metrics_server.round_trips
    await scrape(client)
    assert metrics_server.round_trips == before + 3


def test_a_metrics_token_shorter_than_16_characters_is_refused_and_an_empty_one_means_none() -> None:
    with pytest.raises(ValidationError):
        Settings(KINDRED_METRICS_TOKEN="short")
    assert Settings(KINDRED_METRICS_TOKEN="").metrics_token is None


# Several worker processes ------------------------------------------------------------------------


def test_a_scrape_sums_every_worker_of_serve_and_the_shared_folder_goes_with_it(
    falkordb_database: TestDatabase, tmp_path: Path
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {
        **falkordb_database.environment(),
        "KINDRED_JWT_SECRET": JWT_SECRET,
        "KINDRED_WORKERS": "2",
        "TMPDIR": str(temporary),  # where serve makes its per-start metrics folder
    }
    product = Product(tmp_path / "data", seed_members=0, env=env)
    try:
        product.wait_ready()
        (folder,) = temporary.glob("kindred-metrics-*")
        # Each worker set up the schema through the store: each has written its own file.
        assert len({path.stem.rsplit("_", 1)[1] for path in folder.glob("counter_*.db")}) == 2
        for _ in range(6):  # a fresh connection each time: either worker may take it
            body = httpx.post(f"{product.url}/graphql", json={"query": "query Spread { __typename }"}, timeout=30)
            assert body.status_code == 200
        totals = set()
        for _ in range(4):
            families = {f.name: f for f in text_string_to_metric_families(httpx.get(f"{product.url}/metrics").text)}
            totals.add(value(families, "kindred_graphql_operations_total", operation="Spread", outcome="ok"))
        assert totals == {6}
    finally:
        product.stop()
    assert not list(temporary.glob("kindred-metrics-*"))
