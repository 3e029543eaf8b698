""""Did you meet?" (domain/followups.py, statements in queries/followups.py): a member's open
follow-ups, their answer (one statement that closes the follow-up, lifts a pause the follow-ups
caused and writes the `met` bonds), and the two scans the mail worker runs each pass."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph_api.domain import followups as rules
from graph_api.errors import BadInputError, ConflictError, NotFoundError
from graph_api.store.driver import GraphDriver
from graph_api.store.events import MET_BOND_STRENGTH
from graph_api.store.queries import followups as q
from graph_api.store.webhooks import new_delivery_prefix

#: The most open follow-ups listed at once.
LIST_MAX = 50


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    handle: str


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One open "did you meet?" question: the proposal, the others who accepted it, since when."""

    proposal_id: str
    kind: str
    accepted_at: str
    due_at: str
    others: tuple[Person, ...]
    group_name: str | None


@dataclass(frozen=True, slots=True)
class Answered:
    """What an answer wrote: whom it recorded meeting, and whether it lifted the pause."""

    proposal_id: str
    met: tuple[str, ...]
    lifted_pause: bool


class FollowUpStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def open_for(self, member_id: str, *, now: datetime, days: int) -> list[FollowUp]:
        """The member's open follow-ups at `now`, the oldest first."""
        window = rules.Window.at(now, days)
        params = {"memberId": member_id, "kinds": list(rules.KINDS), "dueBefore": window.due_before,
                  "lapsedBefore": window.lapsed_before, "limit": LIST_MAX}
        rows = await self._driver.read(q.MY_FOLLOWUPS, params)
        return [
            FollowUp(
                proposal_id=str(row["proposalId"]),
                kind=str(row["kind"]),
                accepted_at=str(row["acceptedAt"]),
                due_at=str(row.get("askedAt") or rules.due_at(str(row["acceptedAt"]), days)),
                others=tuple(sorted((Person(str(o["id"]), str(o["name"]), str(o["handle"])) for o in row["others"]),
                                    key=lambda p: (p.name, p.id))),
                group_name=row.get("groupName"),
            )
            for row in rows
        ]

    async def answer(
        self, member_id: str, proposal_id: str, *, met: bool, member_ids: Sequence[str] | None, now: datetime
    ) -> Answered:
        """Record the answer in one write (see queries.followups.ANSWER_FOLLOWUP); refused, with
        the reason and nothing written, unless the member accepted this intro or group, someone
        else did too, it is not answered yet and everyone named accepted it. Answering twice is
        refused (CONFLICT)."""
        answer, named = rules.check_answer(met, member_ids)
        stamp = rules.stamp(now)
        params = {
            "memberId": member_id, "proposalId": proposal_id, "kinds": list(rules.KINDS), "answer": answer,
            "met": named, "now": stamp, "today": stamp[:10], "strength": MET_BOND_STRENGTH,
            "pauseReason": rules.PAUSE_REASON, "hookIdPrefix": new_delivery_prefix(),
        }
        rows = await self._driver.write(q.ANSWER_FOLLOWUP, params)
        if not rows:
            await self._why_not(member_id, proposal_id, named)
        row = rows[0]
        return Answered(str(row["proposalId"]), tuple(sorted(row["met"])), bool(row["lifting"]))

    async def _why_not(self, member_id: str, proposal_id: str, named: list[str] | None) -> None:
        rows = await self._driver.read(q.FOLLOWUP_CHECK, {"memberId": member_id, "proposalId": proposal_id})
        if not rows:
            raise NotFoundError(f"you have no published proposal with the id {proposal_id!r}", field="proposalId")
        row = rows[0]
        if row["kind"] not in rules.KINDS:
            raise BadInputError("only introductions and purpose groups are followed up", field="proposalId")
        if row["response"] != "accepted":
            raise BadInputError("you did not accept this proposal: there is nothing to follow up", field="proposalId")
        if row["answer"] is not None:
            raise ConflictError("you already said whether you met: the answer stands", field="proposalId")
        namable = set(row["namable"])
        if not namable:
            raise BadInputError("nobody else accepted this proposal yet: there was no one to meet", field="proposalId")
        if named is not None and not set(named) <= namable:
            raise BadInputError(
                "you can only name people who are in this proposal and accepted it", field="memberIds"
            )
        raise ConflictError("the proposal changed meanwhile: nothing was recorded", field="proposalId")

    # The mail worker's scans ----------------------------------------------------------------------

    async def ask_due(self, *, now: datetime, days: int) -> int:
        """Note `now` as the time each follow-up due and not asked yet was asked; how many."""
        window = rules.Window.at(now, days)
        params = {"kinds": list(rules.KINDS), "dueBefore": window.due_before, "lapsedBefore": window.lapsed_before,
                  "now": window.now}
        rows = await self._driver.write(q.ASK_DUE, params)
        return int(rows[0]["asked"]) if rows else 0

    async def pause_unanswered(self, *, now: datetime, days: int) -> int:
        """Pause (until they act) each member who leaves PAUSE_AFTER follow-ups unanswered for
        `days` days after they were asked; how many were paused."""
        window = rules.Window.at(now, days)
        params = {
            "kinds": list(rules.KINDS), "overdueBefore": window.overdue_before, "lapsedBefore": window.lapsed_before,
            "today": window.now[:10], "pauseAfter": rules.PAUSE_AFTER, "pausedUntil": rules.PAUSED_UNTIL_ACT,
            "pauseReason": rules.PAUSE_REASON,
        }
        rows = await self._driver.write(q.PAUSE_UNANSWERED, params)
        return int(rows[0]["paused"]) if rows else 0

    async def enqueue_mails(self, *, now: datetime, days: int) -> int:
        """Queue the mail of every open follow-up not mailed yet (once per member and proposal)."""
        window = rules.Window.at(now, days)
        params = {
            "kinds": list(rules.KINDS), "dueBefore": window.due_before, "lapsedBefore": window.lapsed_before,
            "now": window.now, "mailIdPrefix": f"mail-{uuid.uuid4().hex}",
        }
        rows = await self._driver.write(q.ENQUEUE_FOLLOWUPS, params)
        return int(rows[0]["queued"]) if rows else 0

    async def mail_content(self, *, member_id: str, proposal_id: str) -> dict[str, Any] | None:
        """What the follow-up mail says; None once answered (the mail is then dropped)."""
        params = {"memberId": member_id, "proposalId": proposal_id, "pauseReason": rules.PAUSE_REASON}
        rows = await self._driver.read(q.MAIL_FOLLOWUP, params)
        return rows[0] if rows else None
