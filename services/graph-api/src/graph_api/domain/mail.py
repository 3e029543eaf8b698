"""The kinds of mail Kindred sends, and a member's choice of which they want.

An invitation goes to someone who is not a member yet: it is sent once, when an organiser
invites (or renews the link), and has no choice to unsubscribe from. Every other kind goes to a
member, who may turn it off (from their profile page or the one-click link in each mail).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from graph_api.errors import BadInputError

MailKind = Literal["invitation", "proposals", "tables", "reminders", "followups"]
#: The kinds a member can turn off, in the order they are shown.
CHOICE_KINDS: Final[tuple[str, ...]] = ("proposals", "tables", "reminders", "followups")
INVITATION: Final = "invitation"
#: The "did you meet?" follow-ups of accepted intros and purpose groups (domain/followups.py;
#: queued by the mail worker's scan, FollowUpStore.enqueue_mails).
FOLLOWUPS: Final = "followups"


@dataclass(frozen=True, slots=True)
class MailChoices:
    """Which kinds of mail a member wants (all of them unless they turned some off)."""

    off: frozenset[str]

    def wants(self, kind: str) -> bool:
        return kind not in self.off

    @classmethod
    def from_stored(cls, off: list[str] | None) -> MailChoices:
        return cls(frozenset(k for k in off or () if k in CHOICE_KINDS))


def check_choice_kind(kind: str, *, field: str = "kind") -> str:
    if kind not in CHOICE_KINDS:
        raise BadInputError(f"{kind!r} is not a kind of mail one can turn off: {', '.join(CHOICE_KINDS)}", field=field)
    return kind


@dataclass(frozen=True, slots=True)
class OutboxMail:
    """One queued mail as the worker claims it. `token` is set only on an invitation not yet sent."""

    id: str
    key: str
    kind: str
    status: str
    attempts: int
    due_at: str
    created_at: str
    member_id: str | None = None
    invite_id: str | None = None
    token: str | None = None
    set_id: str | None = None
    event_id: str | None = None
    proposal_id: str | None = None
    last_error: str | None = None
    sent_at: str | None = None

    @classmethod
    def from_record(cls, node: dict[str, object]) -> OutboxMail:
        def text(name: str) -> str | None:
            value = node.get(name)
            return None if value is None else str(value)

        return cls(
            id=str(node["id"]),
            key=str(node["key"]),
            kind=str(node["kind"]),
            status=str(node["status"]),
            attempts=int(node.get("attempts") or 0),  # type: ignore[call-overload]
            due_at=str(node["dueAt"]),
            created_at=str(node["createdAt"]),
            member_id=text("memberId"),
            invite_id=text("inviteId"),
            token=text("token"),
            set_id=text("setId"),
            event_id=text("eventId"),
            proposal_id=text("proposalId"),
            last_error=text("lastError"),
            sent_at=text("sentAt"),
        )

    def __repr__(self) -> str:  # never the token, in a log or a traceback
        return f"OutboxMail(id={self.id!r}, kind={self.kind!r}, status={self.status!r}, attempts={self.attempts})"
