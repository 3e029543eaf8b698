"""Webhooks through graph-api over real HTTP, on both engines: organisers (only) register, list,
change, rotate and remove endpoints, with clear refusals; and end to end, a change in the app
reaches a receiver on loopback that checks the signature and fails the first attempts, through
the worker's retries, and the organiser reads the delivery's status."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from graph_api.domain.webhooks import ENDPOINTS_MAX
from graph_api.store.driver import GraphDriver
from graph_api.store.repository import GraphRepository
from graph_api.webhooks.worker import WebhookWorker
from tests.api.conftest import GraphQLClient, People
from tests.conftest import LiveServer, TestDatabase
from tests.notifications.conftest import Community
from tests.seeding import SeedingRepository
from tests.webhooks.conftest import Receiver, deliveries

_ENDPOINT = "id name url events format createdAt"
CREATE = f"""mutation($input: CreateWebhookEndpointInput!) {{
  createWebhookEndpoint(input: $input) {{ secret endpoint {{ {_ENDPOINT} }} }}
}}"""
UPDATE = f"""mutation($id: ID!, $input: UpdateWebhookEndpointInput!) {{
  updateWebhookEndpoint(id: $id, input: $input) {{ {_ENDPOINT} }}
}}"""
ROTATE = "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id } } }"
REMOVE = "mutation($id: ID!) { removeWebhookEndpoint(id: $id) }"
LIST = f"{{ webhookEndpoints {{ {_ENDPOINT} }} }}"
DELIVERIES = """query($first: Int, $after: String) { webhookEndpoints { name deliveries(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id event status attempts lastHttpStatus lastError createdAt deliveredAt nextAttemptAt } } } } }"""
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id status } }"


def _input(url: str = "https://hooks.example.org/kindred", **extra: Any) -> dict[str, Any]:
    return {"name": "Organisers' chat", "url": url, "events": ["PROPOSAL_PUBLISHED"], **extra}


@pytest.fixture(scope="module")
def hook_server(database: TestDatabase) -> Iterator[LiveServer]:
    """graph-api that accepts loopback receivers, started once per module and engine."""
    with LiveServer(database.settings(KINDRED_WEBHOOK_ALLOW_HTTP_LOOPBACK=True)) as server:
        yield server


@pytest.fixture
async def client(hook_server: LiveServer, driver: GraphDriver) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=hook_server.url, timeout=30) as http:
        yield http


@pytest.fixture
def people(repository: SeedingRepository, client: httpx.AsyncClient) -> People:
    return People(repository, client)


@pytest.fixture
async def olga(people: People) -> GraphQLClient:
    await people.add("olga", role="organiser")
    return await people.client("olga")


async def test_an_organiser_registers_an_endpoint_and_sees_its_secret_once(olga: GraphQLClient) -> None:
    created = (await olga.data(CREATE, {"input": _input(format="CHAT", events=["MET_RECORDED", "PROPOSAL_PUBLISHED"])}))
    answer = created["createWebhookEndpoint"]
    assert answer["secret"].startswith("whsec_") and len(answer["secret"]) > 40
    endpoint = answer["endpoint"]
    assert (endpoint["name"], endpoint["format"]) == ("Organisers' chat", "CHAT")
    assert endpoint["events"] == ["PROPOSAL_PUBLISHED", "MET_RECORDED"]
    assert (await olga.data(LIST))["webhookEndpoints"] == [endpoint]
    refused = await olga.error("{ webhookEndpoints { secret } }")
    assert refused["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_an_organiser_changes_rotates_and_removes_an_endpoint(olga: GraphQLClient) -> None:
    created = (await olga.data(CREATE, {"input": _input()}))["createWebhookEndpoint"]
    endpoint_id = created["endpoint"]["id"]
    changed = (await olga.data(UPDATE, {"id": endpoint_id, "input": {"name": "Team chat", "events": ["PROPOSAL_ANSWERED"]}}))
    assert changed["updateWebhookEndpoint"]["name"] == "Team chat"
    assert changed["updateWebhookEndpoint"]["events"] == ["PROPOSAL_ANSWERED"]
    assert changed["updateWebhookEndpoint"]["url"] == "https://hooks.example.org/kindred"
    rotated = (await olga.data(ROTATE, {"id": endpoint_id}))["rotateWebhookSecret"]
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    assert (await olga.data(REMOVE, {"id": endpoint_id}))["removeWebhookEndpoint"] is True
    assert (await olga.data(LIST))["webhookEndpoints"] == []
    assert (await olga.error(REMOVE, {"id": endpoint_id}))["extensions"]["code"] == "NOT_FOUND"


async def test_members_may_not_see_or_register_endpoints(people: People, olga: GraphQLClient) -> None:
    await people.add("mia")
    mia = await people.client("mia")
    assert (await mia.error(CREATE, {"input": _input()}))["extensions"]["code"] == "FORBIDDEN"
    assert (await mia.error(LIST))["extensions"]["code"] == "FORBIDDEN"
    assert (await olga.data(LIST))["webhookEndpoints"] == []


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://hooks.example.org/x", "https://"),
        ("http://hooks.example.org/x", "https://"),
        ("https://user:pass@hooks.example.org/x", "user name or password"),
        ("https://hooks.example.org/" + "x" * 2000, "longer than 2000"),
        ("https://10.0.0.7/x", "private"),
        ("https://169.254.169.254/latest", "private"),
        ("not-a-url", "https://"),
    ],
)
async def test_addresses_that_are_not_public_https_are_refused(olga: GraphQLClient, url: str, words: str) -> None:
    error = await olga.error(CREATE, {"input": _input(url)})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert words in error["message"]
    assert (await olga.data(LIST))["webhookEndpoints"] == []


async def test_a_name_and_at_least_one_event_are_needed(olga: GraphQLClient) -> None:
    assert (await olga.error(CREATE, {"input": _input(name=" ")}))["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await olga.error(CREATE, {"input": _input(name="x" * 81)}))["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await olga.error(CREATE, {"input": _input(events=[])}))["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await olga.data(LIST))["webhookEndpoints"] == []


async def test_a_community_has_at_most_so_many_endpoints(olga: GraphQLClient) -> None:
    for n in range(ENDPOINTS_MAX):
        await olga.data(CREATE, {"input": _input(f"https://hooks.example.org/{n}")})
    error = await olga.error(CREATE, {"input": _input("https://hooks.example.org/one-more")})
    assert error["extensions"]["code"] == "LIMIT_REACHED"
    assert len((await olga.data(LIST))["webhookEndpoints"]) == ENDPOINTS_MAX


async def _register(olga: GraphQLClient, receiver: Receiver, **extra: Any) -> str:
    created = (await olga.data(CREATE, {"input": _input(receiver.url, **extra)}))["createWebhookEndpoint"]
    receiver.secret = created["secret"]
    return str(created["endpoint"]["id"])


async def test_a_publication_reaches_a_receiver_that_fails_twice_through_the_retries(
    olga: GraphQLClient, repository: GraphRepository, receiver: Receiver, worker: WebhookWorker
) -> None:
    await _register(olga, receiver)
    community = Community(repository)
    await community.add("ann", "bob", "cai")
    set_id = await community.draft("intros", ["ann", "bob"], ["bob", "cai"])
    await olga.data(PUBLISH, {"id": set_id})
    receiver.fail_next = 2

    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    assert (await worker.run_once(now=now)).retried == 1
    assert (await worker.run_once(now=now + timedelta(seconds=10))).retried == 0  # not due yet: 30 s
    assert (await worker.run_once(now=now + timedelta(seconds=31))).retried == 1
    listed = (await olga.data(DELIVERIES))["webhookEndpoints"][0]["deliveries"]["edges"][0]["node"]
    assert (listed["status"], listed["attempts"], listed["lastHttpStatus"]) == ("RETRYING", 2, 503)
    assert listed["lastError"] == "the receiver answered 503 Service Unavailable"
    assert (await worker.run_once(now=now + timedelta(minutes=5))).delivered == 1
    assert (await worker.run_once(now=now + timedelta(hours=5))).delivered == 0  # nothing more to send

    assert [r.answered for r in receiver.seen] == [503, 503, 204]
    assert all(r.verified for r in receiver.seen)
    [accepted] = receiver.accepted
    body = accepted.json
    assert (body["event"], body["data"]["proposalSet"]["id"]) == ("proposal_published", set_id)
    assert body["text"] == "New proposals were published: 2 introductions for 3 members."
    assert {r.headers["kindred-webhook-id"] for r in receiver.seen} == {body["id"]}
    assert accepted.headers["kindred-webhook-event"] == "proposal_published"
    page = (await olga.data(DELIVERIES))["webhookEndpoints"][0]["deliveries"]
    node = page["edges"][0]["node"]
    assert (page["totalCount"], node["status"], node["attempts"], node["lastHttpStatus"]) == (1, "DELIVERED", 3, 204)
    assert node["lastError"] is None and node["deliveredAt"] and node["nextAttemptAt"] is None


async def test_a_chat_endpoint_gets_a_sentence_without_ids_or_names(
    olga: GraphQLClient, repository: GraphRepository, receiver: Receiver, worker: WebhookWorker
) -> None:
    await _register(olga, receiver, format="CHAT", events=["MET_RECORDED"])
    community = Community(repository)
    await community.add("ann", "bob", "cai")
    event_id = await community.event(
        "Spring picnic", datetime(2026, 3, 5, 18, 0, tzinfo=timezone.utc), "ann", "bob", "cai"
    )
    await people_met(repository, community, event_id)
    await worker.run_once(now=datetime.now(timezone.utc) + timedelta(seconds=1))
    [accepted] = receiver.accepted
    assert accepted.json == {"text": "A member recorded meeting 2 people at “Spring picnic” on Thursday 5 March 2026."}
    assert accepted.headers["kindred-webhook-signature"].startswith("sha256=")


async def people_met(repository: GraphRepository, community: Community, event_id: str) -> None:
    await repository.events.record_met(
        member_id=community.ids["ann"], event_id=event_id, others=[community.ids["bob"], community.ids["cai"]]
    )


async def test_a_refusal_is_final_and_listed_in_words(
    olga: GraphQLClient, repository: GraphRepository, receiver: Receiver, worker: WebhookWorker
) -> None:
    await _register(olga, receiver)
    community = Community(repository)
    await community.add("ann", "bob")
    await olga.data(PUBLISH, {"id": await community.draft("purpose", ["ann", "bob"])})
    receiver.fail_next, receiver.fail_status = 1, 410
    tally = await worker.run_once(now=datetime.now(timezone.utc) + timedelta(seconds=1))
    assert (tally.failed, tally.retried) == (1, 0)
    node = (await olga.data(DELIVERIES))["webhookEndpoints"][0]["deliveries"]["edges"][0]["node"]
    assert (node["status"], node["lastHttpStatus"], node["lastError"]) == ("FAILED", 410, "the receiver answered 410 Gone")
    assert len(await deliveries(repository)) == 1


async def test_deliveries_are_listed_newest_first_a_page_at_a_time(
    olga: GraphQLClient, repository: GraphRepository, receiver: Receiver
) -> None:
    await _register(olga, receiver)
    community = Community(repository)
    await community.add("ann", "bob")
    for _ in range(3):
        await olga.data(PUBLISH, {"id": await community.draft("intros", ["ann", "bob"])})
    first = (await olga.data(DELIVERIES, {"first": 2}))["webhookEndpoints"][0]["deliveries"]
    assert (first["totalCount"], len(first["edges"]), first["pageInfo"]["hasNextPage"]) == (3, 2, True)
    rest = (await olga.data(DELIVERIES, {"first": 2, "after": first["pageInfo"]["endCursor"]}))
    page = rest["webhookEndpoints"][0]["deliveries"]
    assert (len(page["edges"]), page["pageInfo"]["hasNextPage"]) == (1, False)
    ids = [e["node"]["id"] for e in first["edges"] + page["edges"]]
    assert len(set(ids)) == 3
    assert (await olga.error(DELIVERIES, {"first": 51}))["extensions"]["code"] == "BAD_USER_INPUT"
