"""Turning the graph's facts, read column-wise, into :class:`~graph_api.kpis.health.HealthInputs`,
and reports from them (pure: the store reads the columns, see ``KpiStore.load_health_inputs``).

Eight statements (store/queries/kpis.py) read the whole graph at once, each one kind of fact
as flat columns: members, bonds, purpose groups and their members, passions, skills, answers
to proposals, event attendance. Nothing is read per member.

What the graph holds, as the health figures read it:

* **Activity** (``member_last_active``): the latest of the member's ``lastActiveAt``
  (set when they record whom they met at an event) and of their answers to proposals
  (``IN_PROPOSAL.respondedAt``); ``joinedAt`` counts too (see ``Engagement``). Profile
  edits are not recorded as activity: their statements belong to the members feature.
* **Confirmed bonds**: bonds both members asked for (source ``member``) and ``met`` bonds
  both members recorded at an event (``confirmedAt``).
* **Purpose groups**: purpose communities with at least one member, oldest first; the
  group's passion is the first shared passion named by the proposal it formed from.
* **Accepted skill matches**: a published ``skills`` pairing every participant accepted,
  whose reason names the skill, matches that skill for each participant (compute_health
  only counts those who seek it).
* **Proposals**: one entry per member's answer to a published proposal, with their answer to
  "did you meet?" (``IN_PROPOSAL.metAnswer``) for proposal conversion.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from graph_api.kpis.health import HealthInputs, HealthReport, Scope, compute_health

__all__ = ["Columns", "compute_reports", "health_inputs"]

Columns = dict[str, list[Any]]
"""One kind of fact: a list of values per column name."""


def health_inputs(
    *, members: Columns, bonds: Columns, groups: Columns, group_members: Columns, passions: Columns,
    skills: Columns, answers: Columns, events: Columns,
) -> HealthInputs:
    """The inputs of ``compute_health`` from the eight column reads (see store/queries/kpis.py)."""
    # A member with two teams or sites (never written by the API) counts in the first read.
    first: dict[str, int] = {}
    for i, member in enumerate(members["id"]):
        first.setdefault(member, i)
    member_ids, rows = list(first), list(first.values())

    last_active = {m: t for m, t in zip(members["id"], members["lastActiveAt"]) if t}
    for member, responded in zip(answers["member"], answers["respondedAt"]):
        if responded and responded > last_active.get(member, ""):
            last_active[member] = responded

    group_ids, group_passion, group_lists = _groups(groups, group_members)
    kinds, statuses, answerers, matches = _answers(answers)
    event_ids, starts_at, attendees = _events(events)
    return HealthInputs(
        member_ids=member_ids,
        member_team=[members["team"][i] for i in rows],
        member_site=[members["site"][i] for i in rows],
        member_joined_at=[members["joinedAt"][i] for i in rows],
        member_last_active=[last_active.get(m) for m in member_ids],
        bond_a=bonds["a"],
        bond_b=bonds["b"],
        bond_kind=bonds["kind"],
        bond_since=bonds["since"],
        bond_confirmed=[s == "member" or c is not None for s, c in zip(bonds["source"], bonds["confirmedAt"])],
        bond_source=bonds["source"],
        bond_event=bonds["eventId"],
        group_members=group_lists,
        group_ids=group_ids,
        group_passion=group_passion,
        member_passions=_by_member(passions["member"], passions["slug"]),
        member_seeks=_by_member(_where(skills, "SEEKS", "member"), _where(skills, "SEEKS", "slug")),
        member_offers=_by_member(_where(skills, "OFFERS", "member"), _where(skills, "OFFERS", "slug")),
        matches=matches,
        proposal_kind=kinds,
        proposal_status=statuses,
        proposal_member=answerers,
        proposal_id=list(answers["proposal"]),
        proposal_responded_at=list(answers["respondedAt"]),
        proposal_met_answer=list(answers.get("metAnswer") or [None] * len(answers["proposal"])),
        event_ids=event_ids,
        event_attendees=attendees,
        event_starts_at=starts_at,
    )


def _by_member(members: Iterable[str], values: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for member, value in zip(members, values):
        out[member].append(value)
    return dict(out)


def _where(skills: Columns, link: str, column: str) -> list[str]:
    return [value for value, kind in zip(skills[column], skills["link"]) if kind == link]


def _groups(groups: Columns, group_members: Columns) -> tuple[list[str], list[str | None], list[list[str]]]:
    """Communities with members, oldest first, with their passion and members."""
    members = _by_member(group_members["community"], group_members["member"])
    order = sorted(
        (created or "", community, reason)
        for community, created, reason in zip(groups["id"], groups["createdAt"], groups["reason"])
        if community in members
    )
    return (
        [community for _, community, _ in order],
        [_first_passion(reason) for _, _, reason in order],
        [sorted(members[community]) for _, community, _ in order],
    )


def _reason(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _first_passion(reason: str | None) -> str | None:
    """The first shared passion of a purpose group's reason: ``[{slug, ...}]`` or ``[[slug, ...]]``."""
    shared = _reason(reason).get("sharedPassions")
    if not isinstance(shared, list) or not shared:
        return None
    item = shared[0]
    slug = item.get("slug") if isinstance(item, dict) else item[0] if isinstance(item, list) and item else None
    return slug if isinstance(slug, str) and slug else None


def _answers(answers: Columns) -> tuple[list[str], list[str], list[str], list[tuple[str, str]]]:
    kinds, statuses, answerers = answers["kind"], answers["response"], answers["member"]
    # A skills pairing matches when every participant accepted it.
    pairing: dict[str, list[str]] = defaultdict(list)
    unanimous: dict[str, bool] = {}
    skill: dict[str, str] = {}
    for proposal, kind, member, response, reason in zip(
        answers["proposal"], kinds, answerers, statuses, answers["reason"]
    ):
        if kind != "skills":
            continue
        pairing[proposal].append(member)
        unanimous[proposal] = unanimous.get(proposal, True) and response == "accepted"
        named = _reason(reason).get("skill")
        if isinstance(named, str) and named:
            skill[proposal] = named
    matches = [
        (member, skill[proposal])
        for proposal, participants in pairing.items()
        if unanimous[proposal] and proposal in skill
        for member in participants
    ]
    return list(kinds), list(statuses), list(answerers), matches


def _events(events: Columns) -> tuple[list[str], list[str], list[list[str]]]:
    attendees: dict[str, list[str]] = {}
    starts: dict[str, str] = {}
    for event, starts_at, member in zip(events["id"], events["startsAt"], events["member"]):
        starts[event] = starts_at
        attending = attendees.setdefault(event, [])
        if member is not None:
            attending.append(member)
    ids = sorted(attendees)
    return ids, [starts[e] for e in ids], [attendees[e] for e in ids]


def compute_reports(
    inputs: HealthInputs,
    scopes: Sequence[Scope],
    *,
    as_of: date,
    min_passion_members: int = 5,
    brokers_top: int = 10,
    followup_days: int = 7,
) -> dict[Scope, HealthReport]:
    """One report per scope (each scope once), from the same inputs: seconds at scale."""
    return {
        scope: compute_health(inputs, as_of=as_of, scope=scope, min_passion_members=min_passion_members,
                              brokers_top=brokers_top, followup_days=followup_days)
        for scope in dict.fromkeys(scopes)
    }
