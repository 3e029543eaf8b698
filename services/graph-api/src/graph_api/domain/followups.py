""""Did you meet?": the follow-ups of accepted intros and purpose groups. Pure rules, no database.

A member who accepted an intro or a purpose group that someone else in it accepted too is
asked, KINDRED_FOLLOWUP_DAYS (default 7) days after *they* accepted, whether they met. The
question is not a record of its own: it is open while the member's answer
(`IN_PROPOSAL.metAnswer`) is missing and it became due less than `LAPSE_DAYS` ago, so it
works without the mail worker; the worker queues its mail (once per member and proposal, by
the outbox key) and applies the pause.

Three unanswered: a member with `PAUSE_AFTER` open follow-ups each asked (noted by the mail
worker's pass that found it due, `IN_PROPOSAL.followUpAt`) at least KINDRED_FOLLOWUP_DAYS days
ago is paused from proposals (the consent pause, `Member.pausedUntil`,
set to `PAUSED_UNTIL_ACT` with `pauseReason` "followups") until they answer any follow-up or
resume. Lifting the pause forgets the follow-ups asked until then (`followUpsCountFrom`): only
follow-ups asked later can pause the member again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Final, Literal

from graph_api.errors import BadInputError

#: The proposal kinds that get a follow-up (event seats and skills pairings do not).
KINDS: Final[tuple[str, ...]] = ("intros", "purpose")
#: A follow-up no longer open this many days after it became due (no longer asked, listed or counted).
LAPSE_DAYS: Final = 90
#: Unanswered follow-ups that pause proposals.
PAUSE_AFTER: Final = 3
#: `Member.pauseReason` of that pause.
PAUSE_REASON: Final = "followups"
#: `Member.pausedUntil` of that pause: until the member acts (the consent pause compares ISO days).
PAUSED_UNTIL_ACT: Final = "9999-12-31"
#: The most people one answer can name.
MET_MAX: Final = 100

MetAnswer = Literal["met", "not met"]


def stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Window:
    """The acceptance times, as stored (ISO stamps), that make a follow-up due at `now`."""

    now: str
    #: Accepted at or before this: due.
    due_before: str
    #: Accepted after this: not lapsed.
    lapsed_before: str
    #: Asked at or before this: unanswered for `days` days (counts towards the pause).
    overdue_before: str

    @classmethod
    def at(cls, now: datetime, days: int) -> Window:
        step = timedelta(days=days)
        return cls(
            now=stamp(now),
            due_before=stamp(now - step),
            lapsed_before=stamp(now - step - timedelta(days=LAPSE_DAYS)),
            overdue_before=stamp(now - step),
        )


def due_at(accepted_at: str, days: int) -> str:
    """When the follow-up of an acceptance at `accepted_at` becomes due."""
    return stamp(datetime.fromisoformat(accepted_at.replace("Z", "+00:00")) + timedelta(days=days))


def check_answer(met: bool, member_ids: Sequence[str] | None) -> tuple[MetAnswer, list[str] | None]:
    """The answer and whom it names: None = everyone else who accepted ("we met"), [] = nobody."""
    if not met:
        if member_ids:
            raise BadInputError("“we did not meet” names nobody: leave the people out", field="memberIds")
        return "not met", []
    if member_ids is None:
        return "met", None
    named = list(dict.fromkeys(member_ids))
    if not named:
        raise BadInputError("say whom you met, or answer “we did not meet”", field="memberIds")
    if len(named) > MET_MAX:
        raise BadInputError(f"one answer names at most {MET_MAX} people", field="memberIds")
    return "met", named


def paused_by_followups(paused_until: str | None, reason: str | None) -> bool:
    return reason == PAUSE_REASON and paused_until == PAUSED_UNTIL_ACT
