"""The webhook worker against a receiver on loopback (both engines): what each event says, the
receiver's Retry-After, giving up, and addresses that lead into a private network."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from graph_api.domain import rules
from graph_api.domain.webhooks import WebhookDelivery
from graph_api.store.repository import GraphRepository
from graph_api.webhooks.messages import describe
from graph_api.webhooks.worker import WebhookWorker
from tests.notifications.conftest import Community
from tests.webhooks.conftest import Receiver, deliveries, first_proposal, hook_settings

SOON = timedelta(seconds=1)


async def _endpoint(repository: GraphRepository, receiver: Receiver, events: list[str], format: str = "json") -> str:
    created = await repository.webhooks.create(name="hooks", url=receiver.url, events=events, format=format, now=rules.utc_now())
    receiver.secret = created.secret or ""
    return created.id


async def test_an_answer_tells_the_kind_and_the_count_not_who(
    repository: GraphRepository, community: Community, receiver: Receiver, worker: WebhookWorker
) -> None:
    await _endpoint(repository, receiver, ["proposal_answered"])
    await community.add("ann", "bob", "cai")
    set_id = await community.draft("purpose", ["ann", "bob", "cai"])
    await repository.proposals.publish(set_id=set_id)
    await repository.proposals.respond(member_id=community.ids["bob"], proposal_id=first_proposal(set_id), accept=True, community_name="Jazz")
    await worker.run_once(now=datetime.now(timezone.utc) + SOON)
    [got] = receiver.accepted
    assert got.json["text"] == "A member accepted a purpose group proposal (1 of 3 accepted so far)."
    assert got.json["data"]["proposal"] == {
        "id": first_proposal(set_id), "kind": "purpose", "answer": "accepted", "accepted": 1, "declined": 0, "waiting": 2,
    }
    assert not any(name in got.body.decode() for name in ("Ann", "Bob", "Cai", community.ids["bob"]))


async def test_a_table_plan_names_its_event_and_counts_tables(
    repository: GraphRepository, community: Community, receiver: Receiver, worker: WebhookWorker
) -> None:
    await _endpoint(repository, receiver, ["event_plan_published"], format="chat")
    await community.add("ann", "bob", "cai", "dan")
    event_id = await community.event("Supper club", datetime(2026, 12, 7, 18, 0, tzinfo=timezone.utc), "ann", "bob", "cai", "dan")
    await repository.proposals.publish(set_id=await community.draft("events", ["ann", "bob"], ["cai", "dan"], event_id=event_id))
    await worker.run_once(now=datetime.now(timezone.utc) + SOON)
    [got] = receiver.accepted
    assert got.json == {"text": "The table plan of “Supper club” on Monday 7 December 2026 was published: 2 tables for 4 members."}


async def test_the_receivers_retry_after_sets_the_next_attempt(
    repository: GraphRepository, community: Community, receiver: Receiver, worker: WebhookWorker
) -> None:
    await _endpoint(repository, receiver, ["proposal_published"])
    await community.add("ann", "bob")
    await repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]))
    receiver.fail_next, receiver.fail_status, receiver.retry_after = 1, 429, "120"
    now = datetime.now(timezone.utc) + SOON
    assert (await worker.run_once(now=now)).retried == 1
    assert (await worker.run_once(now=now + timedelta(seconds=100))).delivered == 0  # the base wait (30 s) is not enough
    assert (await worker.run_once(now=now + timedelta(seconds=121))).delivered == 1
    assert [r.answered for r in receiver.seen] == [429, 204]


async def test_a_delivery_is_given_up_after_the_last_attempt(
    repository: GraphRepository, community: Community, receiver: Receiver, worker: WebhookWorker
) -> None:
    await _endpoint(repository, receiver, ["proposal_published"])
    await community.add("ann", "bob")
    await repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]))
    receiver.fail_next = 10
    now = datetime.now(timezone.utc) + SOON
    for hours in range(4):  # KINDRED_WEBHOOK_MAX_ATTEMPTS=4 in these tests
        await worker.run_once(now=now + timedelta(hours=hours))
    [delivery] = await deliveries(repository)
    assert (delivery["status"], delivery["attempts"], delivery["lastStatus"]) == ("failed", 4, 503)
    assert delivery["lastError"] == "the receiver answered 503 Service Unavailable; given up after 4 attempts"
    assert len(receiver.seen) == 4


async def test_an_address_that_leads_into_a_private_network_is_not_called(
    repository: GraphRepository, community: Community, receiver: Receiver
) -> None:
    await repository.webhooks.create(
        name="inside", url="https://intranet.example.org/hook", events=["proposal_published"], format="json", now=rules.utc_now()
    )

    async def private(host: str, port: int) -> list[str]:
        return ["10.1.2.3"]

    worker = WebhookWorker(repository.webhooks, hook_settings(), resolve=private)
    await community.add("ann", "bob")
    await repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]))
    assert (await worker.run_once(now=datetime.now(timezone.utc) + SOON)).failed == 1
    [delivery] = await deliveries(repository)
    assert (delivery["status"], delivery["lastError"]) == ("failed", "not sent: the address leads into a private network")


async def test_a_meeting_after_a_proposal_is_told_of_the_group_for_the_follow_ups(
    repository: GraphRepository, community: Community
) -> None:
    await community.add("ann", "bob", "cai")
    set_id = await community.draft("purpose", ["ann", "bob", "cai"])
    delivery = WebhookDelivery(id="hook-1", endpoint_id="webhook-1", event="met_recorded", status="pending", attempts=0,
                               created_at="2026-03-05T18:00:00Z", due_at="2026-03-05T18:00:00Z",
                               occurred_at="2026-03-05T18:00:00Z", proposal_id=first_proposal(set_id), people=2)
    message = await describe(delivery, repository.webhooks, hook_settings())
    assert message.text == "A member said they met 2 people of their purpose group."
