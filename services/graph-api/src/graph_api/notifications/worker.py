"""The mail worker: queues the reminders that are due and the "did you meet?" follow-ups (pausing
the proposals of members who leave three unanswered, domain/followups.py), claims due mails with a lease, sends them,
and marks each sent, retried (exponential backoff, capped) or given up.

What it guarantees: every queued mail is handed to the SMTP server at least once, unless it is
given up after KINDRED_MAIL_MAX_ATTEMPTS failed attempts (it stays in the outbox with its last
error) or is no longer wanted (dropped, with the reason). A mail the server refused (4xx) or that
could not be handed over was not sent, so retrying it cannot send it twice. SMTP cannot be made
exactly-once: if the worker dies after the server accepted a mail and before the outbox records
it as sent, the mail is sent again once its lease ends, with the same Message-ID (derived from
the outbox record), by which mail systems and people can tell it is the same mail. Two workers
never send the same mail at the same time: a claim is one statement that leases each mail to one
worker, for longer than any send takes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from graph_api.domain.mail import OutboxMail
from graph_api.notifications.compose import Dropped, compose
from graph_api.notifications.smtp import PermanentFailure, SmtpConnection, TemporaryFailure
from graph_api.settings import Settings
from graph_api.store.followups import FollowUpStore
from graph_api.store.outbox import OutboxStore

log = logging.getLogger(__name__)

#: Mails claimed at a time (a batch shares one SMTP connection).
BATCH = 50
#: Mails done with are deleted from the outbox after this long.
KEEP_DONE = timedelta(days=30)
#: The "did you meet?" scans read every answer to a proposal: a pass runs them at most this often
#: (follow-ups are due days after an acceptance; minutes do not matter).
FOLLOWUP_SCAN_EVERY = timedelta(minutes=10)


def stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def retry_delay(settings: Settings, attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: base * 2^(attempts-1), capped."""
    seconds = settings.mail_retry_base_seconds * 2 ** min(max(attempts - 1, 0), 30)
    return timedelta(seconds=min(seconds, settings.mail_retry_max_seconds))


@dataclass
class Tally:
    """What one pass did."""

    reminders_queued: int = 0
    followups_asked: int = 0
    followups_queued: int = 0
    paused: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    dropped: int = 0


@dataclass
class MailWorker:
    outbox: OutboxStore
    settings: Settings
    #: Opens an SMTP connection (tests pass one to a server of theirs).
    connect: Callable[[Settings], SmtpConnection] = SmtpConnection
    owner: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}")
    #: The "did you meet?" scans (default: on the outbox's database).
    followups: FollowUpStore | None = None

    #: When this worker last ran the follow-up scans.
    followups_scanned_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.followups is None:
            self.followups = FollowUpStore(self.outbox.driver)

    async def run_once(self, *, now: datetime | None = None) -> Tally:
        """One pass at `now` (default: the clock): queue due reminders, then send every mail due."""
        moment = now or datetime.now(timezone.utc)
        tally = Tally()
        tally.reminders_queued = await self.outbox.enqueue_reminders(
            now=stamp(moment), until=stamp(moment + timedelta(hours=self.settings.mail_reminder_hours))
        )
        last = self.followups_scanned_at
        if last is None or not last <= moment < last + FOLLOWUP_SCAN_EVERY:
            await self._scan_followups(moment, tally)
        while True:
            claimed = await self.outbox.claim_due(
                owner=self.owner,
                now=stamp(moment),
                lease_until=stamp(moment + timedelta(seconds=self.settings.mail_lease_seconds)),
                limit=BATCH,
            )
            if not claimed:
                break
            await self._send_batch(claimed, moment, tally)
        await self.outbox.prune(before=stamp(moment - KEEP_DONE))
        return tally

    async def _scan_followups(self, moment: datetime, tally: Tally) -> None:
        """Ask the follow-ups now due, pause members who left three unanswered, queue the mails
        (in this order: a follow-up mailed in this pass can say the member is paused)."""
        assert self.followups is not None
        days = self.settings.followup_days
        tally.followups_asked = await self.followups.ask_due(now=moment, days=days)
        tally.paused = await self.followups.pause_unanswered(now=moment, days=days)
        tally.followups_queued = await self.followups.enqueue_mails(now=moment, days=days)
        self.followups_scanned_at = moment

    async def run_forever(self, *, stop: asyncio.Event) -> None:
        """Pass after pass, every KINDRED_MAIL_POLL_SECONDS, until `stop` is set. A database that
        is away is waited for: the mails wait in it."""
        while not stop.is_set():
            try:
                tally = await self.run_once()
                if tally.sent or tally.retried or tally.failed or tally.dropped:
                    log.info(
                        "mail: %d sent, %d to retry, %d given up, %d dropped",
                        tally.sent, tally.retried, tally.failed, tally.dropped,
                    )
            except Exception:  # the next pass tries again; leases free what this one held
                log.exception("mail: a pass failed")
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.settings.mail_poll_seconds)
            except TimeoutError:
                pass

    async def _send_batch(self, mails: list[OutboxMail], moment: datetime, tally: Tally) -> None:
        connection = self.connect(self.settings)
        try:
            for mail in mails:
                await self._send_one(mail, connection, moment, tally)
        finally:
            await asyncio.to_thread(connection.close)

    async def _send_one(self, mail: OutboxMail, connection: SmtpConnection, moment: datetime, tally: Tally) -> None:
        now = stamp(moment)
        message = await compose(mail, self.outbox, self.settings, now=now)
        if isinstance(message, Dropped):
            await self.outbox.mark_dropped(mail_id=mail.id, why=message.why)
            tally.dropped += 1
            return
        try:
            await asyncio.to_thread(connection.send, message)
        except PermanentFailure as failure:
            log.warning("mail %s (%s) refused for good: %s", mail.id, mail.kind, failure)
            await self.outbox.mark_failed(mail_id=mail.id, error=str(failure))
            tally.failed += 1
            return
        except TemporaryFailure as failure:
            if mail.attempts >= self.settings.mail_max_attempts:
                log.warning("mail %s (%s) given up after %d attempts: %s", mail.id, mail.kind, mail.attempts, failure)
                await self.outbox.mark_failed(mail_id=mail.id, error=str(failure))
                tally.failed += 1
            else:
                due = stamp(moment + retry_delay(self.settings, mail.attempts))
                await self.outbox.mark_retry(mail_id=mail.id, owner=self.owner, due_at=due, error=str(failure))
                tally.retried += 1
            return
        await self.outbox.mark_sent(mail_id=mail.id, now=now)
        tally.sent += 1
