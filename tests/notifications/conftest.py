"""Fixtures for mail: a real SMTP server on loopback (aiosmtpd) that can refuse a counted number
of mails, the mail worker pointed at it, and a small community to write to.

Time never passes by sleeping: the worker takes `now`, and a test that means "later" passes a
later moment.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from graph_api.domain.events import EventDraft
from graph_api.domain.proposals import ProposalSetDraft
from graph_api.notifications.worker import MailWorker
from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository
from tests import log_capture
from tests.conftest import JWT_SECRET, free_port


class Mailbox:
    """The SMTP server's side: what it received, and how many mails it refuses before it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse_next = 0
        self.refused = 0
        self.refusal = "451 4.3.0 Busy: try again later"

    def reset(self) -> None:
        self.messages.clear()
        self.refuse_next = self.refused = 0
        self.refusal = "451 4.3.0 Busy: try again later"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        if self.refuse_next > 0:
            self.refuse_next -= 1
            self.refused += 1
            return self.refusal
        raw = envelope.original_content or envelope.content
        message = message_from_bytes(raw, policy=policy.default)  # type: ignore[arg-type]
        self.messages.append(message)
        for part in message.walk():  # unsubscribe and invitation links: their tokens are secrets
            if part.get_content_maintype() == "text":
                log_capture.remember_links("token in a mail", part.get_content())
        log_capture.remember_links("token in a mail", str(message.get("List-Unsubscribe", "")))
        return "250 2.0.0 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@dataclass
class SmtpServer:
    mailbox: Mailbox
    port: int


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[SmtpServer]:
    """One SMTP server per test module, on loopback."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield SmtpServer(mailbox, port)
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: SmtpServer) -> Mailbox:
    smtp_server.mailbox.reset()
    return smtp_server.mailbox


def mail_settings(smtp_port: int, **extra: Any) -> Settings:
    return Settings(
        KINDRED_JWT_SECRET=JWT_SECRET,
        KINDRED_PUBLIC_URL="https://kindred.example.org",
        KINDRED_SMTP_HOST="127.0.0.1",
        KINDRED_SMTP_PORT=smtp_port,
        KINDRED_SMTP_TLS="none",
        KINDRED_MAIL_FROM="Kindred <kindred@example.org>",
        **extra,
    )


@pytest.fixture
def settings(smtp_server: SmtpServer) -> Settings:
    return mail_settings(smtp_server.port, KINDRED_MAIL_MAX_ATTEMPTS=4)


@pytest.fixture
def worker(repository: GraphRepository, settings: Settings, mailbox: Mailbox) -> MailWorker:
    return MailWorker(repository.outbox, settings)


def later(**delta: float) -> datetime:
    return datetime.now(timezone.utc) + timedelta(**delta)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Community:
    """Members with addresses, events and proposal sets, written straight through the store."""

    repository: GraphRepository
    ids: dict[str, str] = field(default_factory=dict)

    async def add(self, *handles: str, email: bool = True) -> None:
        for handle in handles:
            member = await self.repository.create_member(
                handle=handle, name=handle.title(), email=f"{handle}@example.org" if email else None
            )
            self.ids[handle] = member.id

    async def draft(self, kind: str, *groups: list[str], event_id: str | None = None) -> str:
        """A draft set of `kind` with these groups of handles (events sets: one round, a table each)."""
        token = uuid.uuid4().hex[:12]
        groupings = [
            {
                "id": f"proposal-{token}-{index:05d}",
                "members": [self.ids[h] for h in group],
                "round": 0 if kind == "events" else None,
                "table": index if kind == "events" else None,
                "reasonText": f"{' and '.join(h.title() for h in group)} both love jazz",
                "reason": "{}",
            }
            for index, group in enumerate(groups)
        ]
        draft = ProposalSetDraft(
            id=f"proposalset-{token}", kind=kind, algorithm_version="test-1", parameters="{}", quality="{}",
            seed=None, event_id=event_id, groupings=groupings,
        )
        return (await self.repository.proposals.store_set(draft=draft)).id

    async def event(self, name: str, starts_at: datetime, *attendees: str) -> str:
        event = await self.repository.events.create(
            draft=EventDraft.checked(name=name, starts_at=stamp(starts_at), place="The Hall")
        )
        if attendees:
            await self.repository.events.add_attendees(event_id=event.id, member_ids=[self.ids[h] for h in attendees])
        return event.id


@pytest.fixture
async def community(repository: GraphRepository) -> AsyncIterator[Community]:
    yield Community(repository)


async def outbox(repository: GraphRepository) -> list[dict[str, Any]]:
    """Every outbox record, oldest first."""
    rows = await repository.driver.read("MATCH (o:OutboxMail) RETURN properties(o) AS mail ORDER BY o.createdAt, o.id")
    return [row["mail"] for row in rows]

