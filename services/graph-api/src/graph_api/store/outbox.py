"""The mail outbox (statements in queries/outbox.py): claiming due mails with a lease, marking
them sent, retried, given up or dropped, the reminders the worker queues, the reads a mail is
written from, and each member's choice of mails."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from graph_api.domain.mail import MailChoices, OutboxMail
from graph_api.store.driver import GraphDriver
from graph_api.store.queries import outbox as q


def new_mail_id() -> str:
    return f"mail-{uuid.uuid4().hex}"


@dataclass(frozen=True, slots=True)
class InvitationMail:
    """The mail to queue with an invitation: it carries the link's token until it is sent."""

    token: str = field(repr=False)
    id: str = field(default_factory=new_mail_id)

    def params(self) -> dict[str, str]:
        return {"id": self.id, "key": f"invitation:{self.id}", "token": self.token}


class OutboxStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    @property
    def driver(self) -> GraphDriver:
        """The driver, for the worker's other scans (store/followups.py)."""
        return self._driver

    # The worker --------------------------------------------------------------------------------

    async def claim_due(self, *, owner: str, now: str, lease_until: str, limit: int) -> list[OutboxMail]:
        """Up to `limit` due mails, leased to `owner` until `lease_until` (one statement: two
        workers never hold the same mail)."""
        params = {"owner": owner, "now": now, "leaseUntil": lease_until, "limit": limit}
        rows = await self._driver.write(q.CLAIM_DUE, params)
        return [OutboxMail.from_record(row["mail"]) for row in rows]

    async def mark_sent(self, *, mail_id: str, now: str) -> bool:
        return bool(await self._driver.write(q.MARK_SENT, {"id": mail_id, "now": now}))

    async def mark_retry(self, *, mail_id: str, owner: str, due_at: str, error: str) -> bool:
        params = {"id": mail_id, "owner": owner, "dueAt": due_at, "error": error[:500]}
        return bool(await self._driver.write(q.MARK_RETRY, params))

    async def mark_failed(self, *, mail_id: str, error: str) -> bool:
        """Given up after its last attempt (kept, with the error, until pruned)."""
        params = {"id": mail_id, "status": "failed", "error": error[:500]}
        return bool(await self._driver.write(q.MARK_FINAL, params))

    async def mark_dropped(self, *, mail_id: str, why: str) -> bool:
        """No longer to be sent (unsubscribed, no address, invitation gone)."""
        return bool(await self._driver.write(q.MARK_FINAL, {"id": mail_id, "status": "dropped", "error": why}))

    async def enqueue_reminders(self, *, now: str, until: str) -> int:
        """Queue the reminders of events starting in (now, until]; how many were queued."""
        params = {"now": now, "until": until, "mailIdPrefix": new_mail_id()}
        rows = await self._driver.write(q.ENQUEUE_REMINDERS, params)
        return int(rows[0]["queued"]) if rows else 0

    async def prune(self, *, before: str, limit: int = 1000) -> int:
        rows = await self._driver.write(q.PRUNE, {"before": before, "limit": limit})
        return int(rows[0]["pruned"]) if rows else 0

    async def by_key(self, key: str) -> OutboxMail | None:
        rows = await self._driver.read(q.MAIL_BY_KEY, {"key": key})
        return OutboxMail.from_record(rows[0]["mail"]) if rows else None

    # What a mail says ---------------------------------------------------------------------------

    async def member(self, member_id: str) -> dict[str, Any] | None:
        rows = await self._driver.read(q.MAIL_MEMBER, {"id": member_id})
        return rows[0] if rows else None

    async def invitation(self, invite_id: str, *, now: str) -> dict[str, Any] | None:
        """The pending invitation (None when accepted, revoked or expired)."""
        rows = await self._driver.read(q.MAIL_INVITATION, {"id": invite_id, "now": now})
        return rows[0] if rows else None

    async def digest(self, *, set_id: str, member_id: str) -> list[dict[str, Any]]:
        return await self._driver.read(q.MAIL_DIGEST, {"setId": set_id, "memberId": member_id})

    async def events(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = await self._driver.read(q.MAIL_EVENT, {"ids": ids})
        return {str(row["id"]): row for row in rows}

    # A member's choices -------------------------------------------------------------------------

    async def choices(self, member_id: str) -> MailChoices | None:
        rows = await self._driver.read(q.MAIL_CHOICES, {"id": member_id})
        return MailChoices.from_stored(rows[0]["off"]) if rows else None

    async def set_choices(self, member_id: str, *, on: list[str], off: list[str]) -> MailChoices | None:
        """Turn kinds on and off in one write; None when the member is gone."""
        rows = await self._driver.write(q.SET_MAIL_CHOICES, {"id": member_id, "on": on, "off": off})
        return MailChoices.from_stored(rows[0]["off"]) if rows else None
