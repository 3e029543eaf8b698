"""Webhook deliveries are written by the very statement that makes the change, one per endpoint
that wants the event, and nothing is written when the change is refused (both engines)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from graph_api.domain import rules
from graph_api.errors import BadInputError, ConflictError, LimitReachedError, NotFoundError
from graph_api.store.repository import GraphRepository
from graph_api.store.webhooks import WebhookStore
from tests.followups.conftest import Meeting, days_after
from tests.notifications.conftest import Community, stamp
from tests.webhooks.conftest import deliveries, first_proposal

ALL = ["proposal_published", "proposal_answered", "event_plan_published", "met_recorded"]


async def _endpoint(store: WebhookStore, name: str, events: list[str], **extra: object) -> str:
    created = await store.create(
        name=name, url=f"https://hooks.example.org/{name}", events=events, format="json", now=rules.utc_now(), **extra  # type: ignore[arg-type]
    )
    return created.id


async def test_publishing_a_set_writes_one_delivery_per_endpoint_that_wants_it(
    repository: GraphRepository, community: Community
) -> None:
    chat = await _endpoint(repository.webhooks, "chat", ["proposal_published"])
    everything = await _endpoint(repository.webhooks, "everything", ALL)
    await _endpoint(repository.webhooks, "meetings", ["met_recorded"])
    await community.add("ann", "bob", "cai")
    set_id = await community.draft("intros", ["ann", "bob"], ["bob", "cai"])
    await repository.proposals.publish(set_id=set_id)
    found = await deliveries(repository)
    assert sorted(d["endpointId"] for d in found) == sorted([chat, everything])
    assert {(d["event"], d["setId"], d["status"], d["attempts"]) for d in found} == {("proposal_published", set_id, "pending", 0)}


async def test_publishing_an_event_plan_is_its_own_event(repository: GraphRepository, community: Community) -> None:
    plans = await _endpoint(repository.webhooks, "plans", ["event_plan_published"])
    await _endpoint(repository.webhooks, "proposals", ["proposal_published"])
    await community.add("ann", "bob")
    event_id = await community.event("Picnic", datetime.now(timezone.utc) + timedelta(days=3), "ann", "bob")
    set_id = await community.draft("events", ["ann", "bob"], event_id=event_id)
    await repository.proposals.publish(set_id=set_id, mail=True)
    [delivery] = await deliveries(repository)
    assert (delivery["endpointId"], delivery["event"], delivery["eventId"]) == (plans, "event_plan_published", event_id)


async def test_publishing_again_is_refused_and_writes_no_second_delivery(
    repository: GraphRepository, community: Community
) -> None:
    await _endpoint(repository.webhooks, "all", ALL)
    await community.add("ann", "bob")
    set_id = await community.draft("intros", ["ann", "bob"])
    await repository.proposals.publish(set_id=set_id)
    with pytest.raises(ConflictError):
        await repository.proposals.publish(set_id=set_id)
    assert len(await deliveries(repository)) == 1


async def test_an_answer_writes_its_delivery_and_a_refused_answer_none(
    repository: GraphRepository, community: Community
) -> None:
    await _endpoint(repository.webhooks, "answers", ["proposal_answered"])
    await community.add("ann", "bob", "cai")
    set_id = await community.draft("intros", ["ann", "bob"])
    proposal = first_proposal(set_id)
    await repository.proposals.publish(set_id=set_id)
    with pytest.raises(NotFoundError):
        await repository.proposals.respond(member_id=community.ids["cai"], proposal_id=proposal, accept=True, community_name="x")
    assert await deliveries(repository) == []
    await repository.proposals.respond(member_id=community.ids["ann"], proposal_id=proposal, accept=False, community_name="x")
    [delivery] = await deliveries(repository)
    assert (delivery["event"], delivery["proposalId"], delivery["answer"]) == ("proposal_answered", proposal, "declined")
    assert "memberId" not in delivery


async def test_recording_a_meeting_writes_its_delivery_and_a_refused_one_none(
    repository: GraphRepository, community: Community
) -> None:
    await _endpoint(repository.webhooks, "meetings", ["met_recorded"])
    await community.add("ann", "bob", "cai")
    now = datetime.now(timezone.utc)
    past = await community.event("Picnic", now - timedelta(hours=2), "ann", "bob", "cai")
    future = await community.event("Dinner", now + timedelta(days=2), "ann", "bob")
    with pytest.raises(BadInputError):
        await repository.events.record_met(member_id=community.ids["ann"], event_id=future, others=[community.ids["bob"]])
    assert await deliveries(repository) == []
    await repository.events.record_met(
        member_id=community.ids["ann"], event_id=past, others=[community.ids["bob"], community.ids["cai"]]
    )
    [delivery] = await deliveries(repository)
    assert (delivery["event"], delivery["eventId"], delivery["people"]) == ("met_recorded", past, 2)
    bonds = await repository.driver.read("MATCH ()-[r:BOND {kind: 'met'}]->() RETURN count(r) AS n")
    assert bonds[0]["n"] == 2


async def test_a_follow_up_answer_that_names_people_writes_a_met_delivery_and_we_did_not_meet_none(
    repository: GraphRepository,
) -> None:
    await _endpoint(repository.webhooks, "meetings", ["met_recorded"])
    meeting = Meeting(repository)
    await meeting.add("ann", "bob", "cai", "dee")
    group = await meeting.proposal("purpose", ["ann", "bob", "cai"])
    intro = await meeting.proposal("intros", ["ann", "dee"])
    await repository.followups.answer(meeting.ids["ann"], intro, met=False, member_ids=None, now=days_after(8))
    assert await deliveries(repository) == []
    await repository.followups.answer(meeting.ids["ann"], group, met=True, member_ids=None, now=days_after(8))
    [delivery] = await deliveries(repository)
    assert (delivery["event"], delivery["proposalId"], delivery["people"]) == ("met_recorded", group, 2)


async def test_without_endpoints_a_change_writes_no_delivery(repository: GraphRepository, community: Community) -> None:
    await community.add("ann", "bob")
    set_id = await community.draft("intros", ["ann", "bob"])
    await repository.proposals.publish(set_id=set_id)
    assert await deliveries(repository) == []


async def test_the_endpoint_limit_refuses_one_more_and_writes_nothing(repository: GraphRepository) -> None:
    await _endpoint(repository.webhooks, "one", ALL, limit=2)
    await _endpoint(repository.webhooks, "two", ALL, limit=2)
    with pytest.raises(LimitReachedError):
        await _endpoint(repository.webhooks, "three", ALL, limit=2)
    assert sorted(e.name for e in await repository.webhooks.endpoints()) == ["one", "two"]


async def test_the_secret_is_returned_at_creation_and_rotation_only(repository: GraphRepository) -> None:
    store = repository.webhooks
    created = await store.create(name="chat", url="https://hooks.example.org/a", events=ALL, format="chat", now=rules.utc_now())
    assert created.secret and created.secret.startswith("whsec_")
    assert (await store.endpoint(created.id)).secret is None  # type: ignore[union-attr]
    assert [e.secret for e in await store.endpoints()] == [None]
    rotated = await store.rotate_secret(created.id, now=rules.utc_now())
    assert rotated.secret and rotated.secret != created.secret
    assert (await store.endpoint_for_sending(created.id))["secret"] == rotated.secret  # type: ignore[index]
    assert rotated.secret not in repr(rotated)


async def test_removing_an_endpoint_removes_its_deliveries(repository: GraphRepository, community: Community) -> None:
    gone = await _endpoint(repository.webhooks, "gone", ALL)
    kept = await _endpoint(repository.webhooks, "kept", ALL)
    await community.add("ann", "bob")
    await repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]))
    await repository.webhooks.delete(gone)
    assert [d["endpointId"] for d in await deliveries(repository)] == [kept]
    with pytest.raises(NotFoundError):
        await repository.webhooks.delete(gone)


async def test_a_claimed_delivery_is_leased_to_one_worker(repository: GraphRepository, community: Community) -> None:
    await _endpoint(repository.webhooks, "all", ALL)
    await community.add("ann", "bob")
    await repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]))
    store, now = repository.webhooks, datetime.now(timezone.utc) + timedelta(seconds=1)
    lease = stamp(now + timedelta(minutes=5))
    [first] = await store.claim_due(owner="one", now=stamp(now), lease_until=lease, limit=10)
    assert first.attempts == 1
    assert await store.claim_due(owner="two", now=stamp(now), lease_until=lease, limit=10) == []
    assert not await store.mark_retry(delivery_id=first.id, owner="two", due_at=stamp(now), http_status=503, error="x")
    later = now + timedelta(minutes=6)  # the lease ran out: "one" died
    [again] = await store.claim_due(owner="two", now=stamp(later), lease_until=stamp(later + timedelta(minutes=5)), limit=10)
    assert (again.id, again.attempts) == (first.id, 2)


async def test_old_finished_deliveries_are_pruned(repository: GraphRepository, community: Community) -> None:
    await _endpoint(repository.webhooks, "all", ALL)
    await community.add("ann", "bob")
    await repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]))
    store, now = repository.webhooks, datetime.now(timezone.utc) + timedelta(seconds=1)
    [claimed] = await store.claim_due(owner="w", now=stamp(now), lease_until=stamp(now + timedelta(minutes=5)), limit=10)
    assert await store.prune(before=stamp(now + timedelta(days=1))) == 0  # still pending
    await store.mark_delivered(delivery_id=claimed.id, now=stamp(now), http_status=204)
    assert await store.prune(before=stamp(now - timedelta(days=1))) == 0
    assert await store.prune(before=stamp(now + timedelta(days=1))) == 1
    assert await deliveries(repository) == []
