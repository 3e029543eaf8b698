""""Did you meet?" by mail, over a real SMTP server on loopback, on both engines: the worker's pass
queues each due follow-up once, the letter (plain text and HTML) asks in words and links back to
the app, respects the member's choice and carries the unsubscribe link, and tells a paused member."""

from __future__ import annotations

import re
from email.message import EmailMessage

from graph_api.notifications.compose import FOLLOWUP_PAUSE_NOTICE
from graph_api.notifications.worker import MailWorker
from tests.followups.conftest import Meeting, days_after
from tests.notifications.conftest import Mailbox

APP = "https://kindred.example.org/#/proposals?followup="


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def _without_links(text: str) -> str:
    return re.sub(r"https?://\S+", "", text)


async def test_a_due_intro_sends_one_follow_up_that_asks_in_words_and_links_back(
    meeting: Meeting, worker: MailWorker, mailbox: Mailbox
) -> None:
    await meeting.add("ann", "bob")
    proposal = await meeting.proposal("intros", ["ann", "bob"])
    assert (await worker.run_once(now=days_after(6))).followups_queued == 0
    tally = await worker.run_once(now=days_after(7.1))
    assert (tally.followups_queued, tally.sent) == (2, 2)
    [mail] = mailbox.to("ann@example.org")
    text, html = _parts(mail)
    assert mail["Subject"] == "Did you meet Bob?"
    assert "On Monday 2 November you accepted an introduction to Bob. Did you meet?" in text
    assert f"Tell us whether you met: {APP}{proposal}" in text
    assert f'href="{APP}{proposal}"' in html and "Did you meet?" in html
    assert mail["List-Unsubscribe"].startswith("<https://kindred.example.org/mail/unsubscribe?token=")
    assert "“did you meet?” follow-ups are on in your mail choices" in text
    assert "member-" not in _without_links(text) and "proposal-" not in _without_links(text)
    assert FOLLOWUP_PAUSE_NOTICE not in text
    assert (await worker.run_once(now=days_after(8))).sent == 0  # once


async def test_a_purpose_group_follow_up_names_the_group_and_the_others_who_accepted(
    meeting: Meeting, worker: MailWorker, mailbox: Mailbox
) -> None:
    await meeting.add("ann", "bob", "cyd", "dee")
    await meeting.proposal("purpose", ["ann", "bob", "cyd", "dee"], accepted_by=["ann", "bob", "cyd"])
    await worker.run_once(now=days_after(8))
    [mail] = mailbox.to("ann@example.org")
    assert mail["Subject"] == "Did you meet your group Jazz makers?"
    assert "you joined the purpose group “Jazz makers” with Bob and Cyd. Did you meet any of them?" in _parts(mail)[0]
    assert mailbox.to("dee@example.org") == []


async def test_members_who_turned_follow_ups_off_get_none_and_answered_ones_are_dropped(
    meeting: Meeting, worker: MailWorker, mailbox: Mailbox
) -> None:
    await meeting.add("ann", "bob")
    proposal = await meeting.proposal("intros", ["ann", "bob"])
    await meeting.repository.outbox.set_choices(meeting.ids["bob"], on=[], off=["followups"])
    await worker.followups.enqueue_mails(now=days_after(8), days=7)  # type: ignore[union-attr]
    await meeting.repository.followups.answer(meeting.ids["ann"], proposal, met=True, member_ids=None, now=days_after(8))
    tally = await worker.run_once(now=days_after(8))
    assert (tally.sent, tally.dropped) == (0, 1)
    assert mailbox.messages == []


async def test_the_follow_up_mail_of_a_paused_member_says_so(
    meeting: Meeting, worker: MailWorker, mailbox: Mailbox
) -> None:
    await meeting.add("ann", "bob", "cyd", "dee")
    for other in ("bob", "cyd", "dee"):
        await meeting.proposal("intros", ["ann", other])
    # the follow-ups were asked and mailed when due; a week later ann is paused, and a new one says so
    assert (await worker.run_once(now=days_after(8))).followups_asked == 6
    mailbox.reset()
    await meeting.add("eve")
    await meeting.proposal("intros", ["ann", "eve"], at=days_after(7))
    tally = await worker.run_once(now=days_after(15.1))  # asked on day 8: unanswered for 7 days
    assert tally.paused == 1
    [mail] = mailbox.to("ann@example.org")
    assert mail["Subject"] == "Did you meet Eve?"
    text, html = _parts(mail)
    assert FOLLOWUP_PAUSE_NOTICE in text and "three “did you meet?” questions are unanswered" in html


async def test_the_follow_up_scans_run_at_most_every_ten_minutes(
    meeting: Meeting, worker: MailWorker, mailbox: Mailbox
) -> None:
    await meeting.add("ann", "bob")
    await meeting.proposal("intros", ["ann", "bob"])
    await worker.run_once(now=days_after(6.999))
    assert (await worker.run_once(now=days_after(7.001))).followups_asked == 0  # two minutes later: not scanned
    assert (await worker.run_once(now=days_after(7.01))).followups_asked == 2
