"""A member's consent to proposals: a pause that ends by itself, the kinds they want, and
the people they do not want to be introduced to. Pure rules, no database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from graph_api.errors import BadInputError

#: The kinds of proposal a member can choose (the store's names for them).
PROPOSAL_KINDS: tuple[str, ...] = ("purpose", "intros", "skills", "events")
#: The longest pause, in days from today.
PAUSE_DAYS_MAX = 366
#: The most people one member can keep on their "don't introduce me to" list.
NO_INTRO_MAX = 200


def check_pause_until(until: date | None, today: date) -> str | None:
    """The day proposals start again (ISO), or None to end a pause now.

    A pause runs while today is before that day, so it ends by itself: no one has to lift it.
    """
    if until is None:
        return None
    if until <= today:
        raise BadInputError("choose a day after today for proposals to start again", field="until")
    if until > today + timedelta(days=PAUSE_DAYS_MAX):
        raise BadInputError(f"a pause lasts at most {PAUSE_DAYS_MAX} days", field="until")
    return until.isoformat()


def check_kinds(kinds: Iterable[str]) -> list[str]:
    """The kinds asked for, each once, in the usual order; unknown kinds are refused."""
    chosen = list(kinds)
    unknown = sorted(set(chosen) - set(PROPOSAL_KINDS))
    if unknown:
        raise BadInputError(f"unknown kinds of proposal: {', '.join(unknown)}", field="kinds")
    if len(chosen) != len(set(chosen)):
        raise BadInputError("each kind of proposal can be listed once", field="kinds")
    return [kind for kind in PROPOSAL_KINDS if kind in chosen]


def wanted_kinds(stored: Iterable[str] | None) -> tuple[str, ...]:
    """The kinds a member wants: every kind until they choose."""
    if stored is None:
        return PROPOSAL_KINDS
    return tuple(kind for kind in PROPOSAL_KINDS if kind in set(stored))


def is_paused(paused_until: str | None, today: date) -> bool:
    return paused_until is not None and today.isoformat() < paused_until
