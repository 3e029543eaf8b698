"""Reading :class:`~graph_api.kpis.health.HealthInputs` from the graph, and reports from it.

Eight statements (store/queries/kpis.py) read the whole graph at once, concurrently, each
one kind of fact as flat columns: members, bonds, purpose groups and their members,
passions, skills, answers to proposals, event attendance. Nothing is read per member.

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
* **Proposals**: one entry per member's answer to a published proposal.

On FalkorDB the columns come from the verbose reply of ``GRAPH.RO_QUERY`` decoded by the
redis client (hiredis): the FalkorDB client decodes every value of a reply with its own
coroutine, some 1.4 microseconds each, i.e. about 6 seconds for the bonds of a
100,000-member community. Other drivers go through ``driver.read``.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from graph_api.kpis.health import HealthInputs, HealthReport, Scope, compute_health
from graph_api.store.bulk import cyclic_gc_paused
from graph_api.store.driver import GraphDriver
from graph_api.store.queries import kpis as q

__all__ = ["health_report", "health_reports", "load_health_inputs", "read_columns"]

Columns = dict[str, list[Any]]

def _text(*names: str) -> dict[str, type]:
    return dict.fromkeys(names, str)


_MEMBERS = _text("id", "team", "site", "joinedAt", "lastActiveAt")
_BONDS = _text("a", "b", "kind", "since", "source", "eventId", "confirmedAt")
_GROUPS = _text("id", "createdAt", "reason")
_GROUP_MEMBERS = _text("community", "member")
_PASSIONS = _text("member", "slug")
_SKILLS = _text("member", "link", "slug")
_ANSWERS = _text("proposal", "kind", "member", "response", "respondedAt", "reason")
_EVENTS = _text("id", "startsAt", "member")


async def read_columns(driver: GraphDriver, statement: str, columns: dict[str, type]) -> Columns:
    """The rows of a parameterless read, as one list per column (``columns``: its names)."""
    return await driver.read_columns(statement, columns)


async def load_health_inputs(driver: GraphDriver) -> HealthInputs:
    """Everything ``compute_health`` needs, read from the graph in eight concurrent statements."""
    with cyclic_gc_paused():
        members, bonds, groups, group_members, passions, skills, answers, events = await asyncio.gather(
            read_columns(driver, q.KPI_MEMBERS, _MEMBERS),
            read_columns(driver, q.KPI_BONDS, _BONDS),
            read_columns(driver, q.KPI_GROUPS, _GROUPS),
            read_columns(driver, q.KPI_GROUP_MEMBERS, _GROUP_MEMBERS),
            read_columns(driver, q.KPI_PASSIONS, _PASSIONS),
            read_columns(driver, q.KPI_SKILLS, _SKILLS),
            read_columns(driver, q.KPI_ANSWERS, _ANSWERS),
            read_columns(driver, q.KPI_EVENTS, _EVENTS),
        )
        return _inputs(members, bonds, groups, group_members, passions, skills, answers, events)


def _inputs(
    members: Columns, bonds: Columns, groups: Columns, group_members: Columns, passions: Columns,
    skills: Columns, answers: Columns, events: Columns,
) -> HealthInputs:
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


async def health_reports(
    driver: GraphDriver,
    scopes: Sequence[Scope],
    *,
    as_of: date,
    min_passion_members: int = 5,
    brokers_top: int = 10,
) -> dict[Scope, HealthReport]:
    """One report per scope, from one load; computed in a worker thread (seconds at scale)."""
    inputs = await load_health_inputs(driver)

    def compute() -> dict[Scope, HealthReport]:
        return {
            scope: compute_health(inputs, as_of=as_of, scope=scope, min_passion_members=min_passion_members,
                                  brokers_top=brokers_top)
            for scope in dict.fromkeys(scopes)
        }

    return await asyncio.to_thread(compute)


async def health_report(driver: GraphDriver, scope: Scope, *, as_of: date, **options: int) -> HealthReport:
    return (await health_reports(driver, [scope], as_of=as_of, **options))[scope]
