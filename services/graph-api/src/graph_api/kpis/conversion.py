"""Proposal conversion: the share of accepted intros and purpose groups whose members met.

Read from the members' answers to proposals and to "did you meet?" (domain/followups.py):

* an **accepted** proposal is an intro or purpose group (the kinds followed up) that at least
  two of its members accepted;
* it **counts** once its members have been asked: one of its acceptances is at least
  ``followup_days`` days before ``as_of`` (or someone answered already);
* it **met** when at least one member answered "we met"; it was **answered** when at least one
  member answered at all;
* ``rate = met / counted`` (``None`` when nothing counts): unanswered proposals count as not
  met, so the rate is a floor; ``answered`` says how much of it is known.

A proposal is in a scope when one of the members who accepted it is. One row for every kind
(``"*"``) then one per kind, always both kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

#: The kinds followed up ("did you meet?"), as domain/followups.KINDS.
KINDS: tuple[str, ...] = ("intros", "purpose")


@dataclass(frozen=True, slots=True)
class ProposalConversion:
    """Accepted intros or purpose groups of one kind (or both: ``kind`` ``"*"``) that met.

    ``accepted``: accepted proposals whose members have been asked (two or more accepted, one
    of them ``followup_days`` or more before the report date); ``answered``: of those, with at
    least one answer to "did you meet?"; ``met``: with at least one "we met"; ``rate`` = met /
    accepted (``None`` when none).
    """

    kind: str
    accepted: int
    answered: int
    met: int
    rate: float | None


def proposal_conversion(
    *,
    proposal: Sequence[str],
    kind: Sequence[str],
    member: Sequence[str | None],
    response: Sequence[str],
    responded_at: Sequence[str | None],
    met_answer: Sequence[str | None],
    as_of: date,
    followup_days: int,
    in_scope: Callable[[str], bool] | None = None,
) -> tuple[ProposalConversion, ...]:
    """The conversion rows from one entry per member's answer (parallel sequences)."""
    asked_by = (as_of - timedelta(days=followup_days)).isoformat()
    seen: dict[str, dict[str, object]] = {}
    for p, k, m, r, at, answer in zip(proposal, kind, member, response, responded_at, met_answer):
        if k not in KINDS:
            continue
        entry = seen.setdefault(p, {"kind": k, "acceptors": [], "asked": False, "answered": False, "met": False})
        if answer is not None:
            entry["answered"] = True
            entry["met"] = bool(entry["met"]) or answer == "met"
        if r == "accepted":
            entry["acceptors"].append(m)  # type: ignore[union-attr]
            if at is not None and str(at)[:10] <= asked_by:
                entry["asked"] = True
    tally = {k: [0, 0, 0] for k in ("*", *KINDS)}
    for entry in seen.values():
        acceptors = entry["acceptors"]
        if len(acceptors) < 2 or not (entry["asked"] or entry["answered"]):  # type: ignore[arg-type]
            continue
        if in_scope is not None and not any(m is not None and in_scope(m) for m in acceptors):  # type: ignore[union-attr]
            continue
        for key in ("*", str(entry["kind"])):
            tally[key][0] += 1
            tally[key][1] += bool(entry["answered"])
            tally[key][2] += bool(entry["met"])
    return tuple(
        ProposalConversion(k, accepted, answered, met, met / accepted if accepted else None)
        for k, (accepted, answered, met) in tally.items()
    )
