"""The mail worker against a real SMTP server on loopback, on both engines: what each mail says,
one digest per member per publish, and retries that lose nothing and send nothing twice."""

from __future__ import annotations

from email.message import EmailMessage

import icalendar

from graph_api.accounts.service import AccountService
from graph_api.notifications.compose import message_id
from graph_api.notifications.worker import MailWorker
from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository
from tests.conftest import free_port
from tests.notifications.conftest import Community, Mailbox, later, outbox


def _calendar_entry(message: EmailMessage) -> icalendar.Event:
    """The one event of the mail's calendar attachment, parsed back."""
    [attachment] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert attachment.get_filename() == "jazz-night.ics"
    [entry] = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    return entry


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


async def _invite(repository: GraphRepository, settings: Settings) -> str:
    olga = await repository.create_member(handle="olga", name="Olga Organiser", email="olga@example.org")
    issued = await AccountService(repository, settings).invite(olga.id, name="Zoe Zhang", email="zoe@example.org", handle="zoe")
    return issued.link


async def test_an_invitation_mail_holds_the_link_and_the_token_is_forgotten_once_sent(
    repository: GraphRepository, settings: Settings, worker: MailWorker, mailbox: Mailbox
) -> None:
    link = await _invite(repository, settings)
    token = link.rsplit("token=", 1)[1]
    assert [m["token"] is not None for m in await outbox(repository)] == [True]
    assert (await worker.run_once()).sent == 1
    [mail] = mailbox.to("zoe@example.org")
    text, html = _parts(mail)
    assert link in text and link.replace("&", "&amp;") in html
    assert mail["Subject"] == "You are invited to join Kindred" and "Olga Organiser invites you" in text
    assert mail["List-Unsubscribe"] is None  # not a member: nothing to unsubscribe from
    [record] = await outbox(repository)
    assert record["status"] == "sent" and record.get("token") is None and token not in str(record)


async def test_a_renewed_invitation_sends_only_the_new_link(
    repository: GraphRepository, settings: Settings, worker: MailWorker, mailbox: Mailbox
) -> None:
    await _invite(repository, settings)
    [record] = await outbox(repository)
    renewed = await AccountService(repository, settings).renew_invitation(record["inviteId"])
    await worker.run_once()
    [mail] = mailbox.messages
    assert renewed.link in _parts(mail)[0]
    assert sorted(m["status"] for m in await outbox(repository)) == ["sent", "superseded"]
    assert all(m.get("token") is None for m in await outbox(repository))


async def test_a_publish_sends_one_digest_to_each_member_with_their_proposals(
    community: Community, worker: MailWorker, mailbox: Mailbox
) -> None:
    await community.add("ann", "bob", "cyd")
    set_id = await community.draft("intros", ["ann", "bob"], ["ann", "cyd"])
    await community.repository.proposals.publish(set_id=set_id, mail=True)
    assert (await worker.run_once()).sent == 3
    assert sorted(m["To"] for m in mailbox.messages) == ["ann@example.org", "bob@example.org", "cyd@example.org"]
    [ann] = mailbox.to("ann@example.org")
    text, html = _parts(ann)
    assert ann["Subject"] == "You have 2 new proposals"
    assert "An introduction with Bob" in text and "An introduction with Cyd" in text
    assert "https://kindred.example.org/#/proposals" in text and 'href="https://kindred.example.org/#/proposals"' in html
    assert ann["List-Unsubscribe"].startswith("<https://kindred.example.org/mail/unsubscribe?token=")
    assert ann["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (await worker.run_once()).sent == 0


async def test_a_mail_server_that_refuses_for_a_while_delays_mail_but_loses_and_repeats_none(
    community: Community, worker: MailWorker, mailbox: Mailbox
) -> None:
    await community.add("ann", "bob", "cyd")
    await community.repository.proposals.publish(set_id=await community.draft("purpose", ["ann", "bob", "cyd"]), mail=True)
    mailbox.refuse_next = 4
    first = await worker.run_once()
    assert (first.sent, first.retried) == (0, 3)
    assert (await worker.run_once()).sent == 0  # not due yet: the first retry waits a minute
    second = await worker.run_once(now=later(minutes=2))
    assert (second.sent, second.retried) == (2, 1)
    third = await worker.run_once(now=later(minutes=5))
    assert third.sent == 1
    assert mailbox.refused == 4
    assert sorted(m["To"] for m in mailbox.messages) == ["ann@example.org", "bob@example.org", "cyd@example.org"]
    assert {(m["status"], m.get("lastError")) for m in await outbox(community.repository)} == {("sent", None)}


async def test_a_mail_server_that_is_down_delays_mail_but_loses_none(
    community: Community, repository: GraphRepository, settings: Settings, mailbox: Mailbox
) -> None:
    await community.add("ann", "bob")
    await repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]), mail=True)
    down = MailWorker(repository.outbox, settings.model_copy(update={"smtp_port": free_port()}))
    assert (await down.run_once()).retried == 2
    assert all("could not be reached" in m["lastError"] for m in await outbox(repository))
    assert (await MailWorker(repository.outbox, settings).run_once(now=later(minutes=2))).sent == 2
    assert len(mailbox.messages) == 2


async def test_a_mail_is_given_up_after_its_last_attempt_and_its_token_forgotten(
    repository: GraphRepository, settings: Settings, worker: MailWorker, mailbox: Mailbox
) -> None:
    await _invite(repository, settings)
    mailbox.refuse_next = 100
    for hours in range(settings.mail_max_attempts):
        await worker.run_once(now=later(hours=hours * 2))
    [record] = await outbox(repository)
    assert (record["status"], record["attempts"], record.get("token")) == ("failed", settings.mail_max_attempts, None)
    assert "451" in record["lastError"] and mailbox.messages == []


async def test_a_mail_refused_for_good_is_not_retried(
    community: Community, worker: MailWorker, mailbox: Mailbox
) -> None:
    await community.add("ann", "bob")
    await community.repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]), mail=True)
    mailbox.refuse_next, mailbox.refusal = 1, "550 5.1.1 No such mailbox"
    tally = await worker.run_once()
    assert (tally.failed, tally.sent) == (1, 1)
    assert sorted(m["status"] for m in await outbox(community.repository)) == ["failed", "sent"]


async def test_a_mail_sent_again_after_a_crash_keeps_its_message_id(
    community: Community, repository: GraphRepository, worker: MailWorker, mailbox: Mailbox
) -> None:
    await community.add("ann", "bob")
    await repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]), mail=True)
    # A worker claims both and dies before sending: another takes them over once the lease ends.
    from tests.notifications.conftest import stamp

    await repository.outbox.claim_due(owner="crashed", now=stamp(later()), lease_until=stamp(later(minutes=5)), limit=10)
    assert (await worker.run_once()).sent == 0
    assert (await worker.run_once(now=later(minutes=6))).sent == 2
    ids = {m["memberId"]: m["id"] for m in await outbox(repository)}
    [ann] = mailbox.to("ann@example.org")
    assert ann["Message-ID"] == message_id(ids[community.ids["ann"]], "Kindred <kindred@example.org>")


async def test_attendees_get_a_reminder_the_day_before_an_event_once(
    community: Community, worker: MailWorker, mailbox: Mailbox
) -> None:
    await community.add("ann", "bob")
    await community.event("Jazz night", later(hours=30), "ann", "bob")
    assert (await worker.run_once()).reminders_queued == 0  # more than a day ahead
    tally = await worker.run_once(now=later(hours=7))
    assert (tally.reminders_queued, tally.sent) == (2, 2)
    [ann] = mailbox.to("ann@example.org")
    assert ann["Subject"] == "Reminder: Jazz night" and "at The Hall" in _parts(ann)[0]
    assert (await worker.run_once(now=later(hours=8))).sent == 0


async def test_a_reminder_carries_the_event_as_a_calendar_file(
    community: Community, worker: MailWorker, mailbox: Mailbox
) -> None:
    await community.add("ann")
    starts = later(hours=20)
    await community.event("Jazz night", starts, "ann")
    await worker.run_once()
    [ann] = mailbox.to("ann@example.org")
    entry = _calendar_entry(ann)
    assert (str(entry["SUMMARY"]), str(entry["LOCATION"])) == ("Jazz night", "The Hall")
    assert entry.decoded("DTSTART") == starts.replace(microsecond=0)


async def test_the_tables_mail_carries_the_event_with_my_tables_as_a_calendar_file(
    community: Community, worker: MailWorker, mailbox: Mailbox
) -> None:
    await community.add("ann", "bob", "cyd")
    event_id = await community.event("Jazz night", later(days=10), "ann", "bob", "cyd")
    set_id = await community.draft("events", ["cyd"], ["ann", "bob"], event_id=event_id)
    await community.repository.proposals.publish(set_id=set_id, mail=True)
    await worker.run_once()
    [ann] = mailbox.to("ann@example.org")
    assert ann["Subject"] == "Your tables at Jazz night"
    assert "table 1, with Bob." in str(_calendar_entry(ann)["DESCRIPTION"])


async def test_a_member_who_turns_a_kind_off_before_it_is_sent_gets_none(
    community: Community, worker: MailWorker, mailbox: Mailbox
) -> None:
    await community.add("ann", "bob")
    await community.repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]), mail=True)
    await community.repository.outbox.set_choices(community.ids["ann"], on=[], off=["proposals"])
    tally = await worker.run_once()
    assert (tally.sent, tally.dropped) == (1, 1)
    assert [m["To"] for m in mailbox.messages] == ["bob@example.org"]
