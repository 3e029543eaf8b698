"""The outbox's statements, on both engines: mails queued with the change that causes them,
claimed with a lease by one worker at a time, retried when due, and each member's choices."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from graph_api.store.repository import GraphRepository
from tests.notifications.conftest import Community, later, outbox, stamp

NOW = later()  # a moment for statements that only compare with events and dates given


async def _claim(
    repository: GraphRepository, owner: str, *, at: datetime | None = None, limit: int = 10, lease_minutes: int = 5
) -> list[str]:
    """The ids of the mails `owner` claims at `at` (default: now)."""
    at = at or later()
    lease_until = stamp(at + timedelta(minutes=lease_minutes))
    claimed = await repository.outbox.claim_due(owner=owner, now=stamp(at), lease_until=lease_until, limit=limit)
    return sorted(mail.id for mail in claimed)


async def _published(community: Community, kind: str, *groups: list[str], mail: bool = True) -> str:
    set_id = await community.draft(kind, *groups)
    await community.repository.proposals.publish(set_id=set_id, mail=mail)
    return set_id


async def test_publishing_queues_one_digest_per_member_of_the_set(community: Community) -> None:
    await community.add("ann", "bob", "cyd")
    set_id = await _published(community, "intros", ["ann", "bob"], ["ann", "cyd"])
    mails = await outbox(community.repository)
    assert sorted(m["memberId"] for m in mails) == sorted(community.ids[h] for h in ("ann", "bob", "cyd"))
    assert {(m["kind"], m["setId"], m["status"], m["attempts"]) for m in mails} == {("proposals", set_id, "pending", 0)}


async def test_an_events_set_queues_your_tables_mails(community: Community) -> None:
    await community.add("ann", "bob")
    await _published(community, "events", ["ann", "bob"])
    assert {m["kind"] for m in await outbox(community.repository)} == {"tables"}


async def test_publishing_with_mail_off_queues_nothing(community: Community) -> None:
    await community.add("ann", "bob")
    await _published(community, "purpose", ["ann", "bob"], mail=False)
    assert await outbox(community.repository) == []


async def test_members_without_an_address_or_who_turned_the_kind_off_get_no_digest(community: Community) -> None:
    await community.add("ann", "bob")
    await community.add("cyd", email=False)
    await community.repository.outbox.set_choices(community.ids["bob"], on=[], off=["proposals"])
    await _published(community, "purpose", ["ann", "bob", "cyd"])
    assert [m["memberId"] for m in await outbox(community.repository)] == [community.ids["ann"]]


async def test_a_claimed_mail_is_leased_to_its_worker(community: Community) -> None:
    await community.add("ann", "bob")
    await _published(community, "intros", ["ann", "bob"])
    first = await _claim(community.repository, "worker-a")
    assert len(first) == 2
    assert await _claim(community.repository, "worker-b") == []
    assert {(m["leaseOwner"], m["attempts"]) for m in await outbox(community.repository)} == {("worker-a", 1)}


async def test_two_workers_claiming_at_once_get_disjoint_mails(community: Community) -> None:
    await community.add("ann", "bob", "cyd", "dee", "eve", "fay")
    await _published(community, "purpose", ["ann", "bob", "cyd"], ["dee", "eve", "fay"])
    a, b = await asyncio.gather(
        _claim(community.repository, "worker-a", limit=4), _claim(community.repository, "worker-b", limit=4)
    )
    assert not set(a) & set(b)
    rest = await _claim(community.repository, "worker-c")
    assert sorted(a + b + rest) == sorted(m["id"] for m in await outbox(community.repository))


async def test_a_lease_that_ran_out_is_claimed_again(community: Community) -> None:
    """A worker that died mid-send: its mails go to another once the lease ends."""
    await community.add("ann", "bob")
    await _published(community, "intros", ["ann", "bob"])
    taken = await _claim(community.repository, "crashed", lease_minutes=5)
    assert await _claim(community.repository, "worker-b", at=later(minutes=4)) == []
    assert await _claim(community.repository, "worker-b", at=later(minutes=6)) == taken
    assert {m["attempts"] for m in await outbox(community.repository)} == {2}


async def test_a_retried_mail_waits_until_it_is_due(community: Community) -> None:
    await community.add("ann", "bob")
    await _published(community, "intros", ["ann", "bob"])
    for mail_id in await _claim(community.repository, "worker-a"):
        assert await community.repository.outbox.mark_retry(
            mail_id=mail_id, owner="worker-a", due_at=stamp(later(minutes=10)), error="451 busy"
        )
    assert await _claim(community.repository, "worker-a", at=later(minutes=9)) == []
    assert len(await _claim(community.repository, "worker-a", at=later(minutes=11))) == 2
    assert {m["lastError"] for m in await outbox(community.repository)} == {"451 busy"}


async def test_only_the_lease_holder_schedules_a_retry(community: Community) -> None:
    await community.add("ann", "bob")
    await _published(community, "intros", ["ann", "bob"])
    mail_id = (await _claim(community.repository, "worker-a", limit=1))[0]
    assert not await community.repository.outbox.mark_retry(
        mail_id=mail_id, owner="worker-b", due_at=stamp(later(hours=1)), error="x"
    )


async def test_reminders_are_queued_once_for_each_attendee_who_wants_them(community: Community) -> None:
    await community.add("ann", "bob", "cyd")
    await community.add("dee", email=False)
    await community.repository.outbox.set_choices(community.ids["cyd"], on=[], off=["reminders"])
    event_id = await community.event("Jazz night", later(hours=10), "ann", "bob", "cyd", "dee")
    await community.event("Far away", later(days=3), "ann")
    await community.event("Already started", later(hours=-1), "ann")
    store = community.repository.outbox
    assert await store.enqueue_reminders(now=stamp(NOW), until=stamp(later(hours=24))) == 2
    assert await store.enqueue_reminders(now=stamp(NOW), until=stamp(later(hours=24))) == 0
    mails = await outbox(community.repository)
    assert sorted(m["memberId"] for m in mails) == sorted([community.ids["ann"], community.ids["bob"]])
    assert {(m["kind"], m["eventId"]) for m in mails} == {("reminders", event_id)}


async def test_mail_choices_change_only_the_kinds_given(community: Community) -> None:
    await community.add("ann")
    store, ann = community.repository.outbox, community.ids["ann"]
    assert (await store.choices(ann)).off == frozenset()
    assert (await store.set_choices(ann, on=[], off=["reminders", "proposals"])).off == {"reminders", "proposals"}
    assert (await store.set_choices(ann, on=["proposals"], off=["tables"])).off == {"reminders", "tables"}
    assert await store.set_choices("member-nobody", on=[], off=["tables"]) is None


async def test_mails_done_with_are_pruned_after_a_while(community: Community) -> None:
    await community.add("ann", "bob")
    await _published(community, "intros", ["ann", "bob"])
    for mail_id in await _claim(community.repository, "worker-a", limit=1):
        await community.repository.outbox.mark_sent(mail_id=mail_id, now=stamp(NOW))
    assert await community.repository.outbox.prune(before=stamp(later(days=31))) == 1
    assert [m["status"] for m in await outbox(community.repository)] == ["pending"]


async def test_a_deleted_account_takes_its_mails_with_it(community: Community) -> None:
    await community.add("ann", "bob")
    await _published(community, "intros", ["ann", "bob"])
    assert await community.repository.accounts.delete_account(member_id=community.ids["ann"], handle="ann")
    assert [m["memberId"] for m in await outbox(community.repository)] == [community.ids["bob"]]
