"""Health inputs from a generated demo community, for bench/kpis.py (tested by tests/kpis/test_demo_inputs.py).

:func:`build_inputs_from_demo` maps a :class:`~graph_api.demo.generator.DemoCommunity`
to :class:`~graph_api.kpis.health.HealthInputs` faithfully: members, teams, sites,
passions (as slugs), bonds, skills sought and offered (as slugs). The generator has no
purpose groups, events, proposals, skill matches, activity or confirmations: those come
from an optional :class:`DemoExtras`, e.g. the deterministic :func:`synthetic_extras`, so
the same extras can be written to a database and read back for a comparison.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from graph_api.demo.generator import DemoCommunity
from graph_api.kpis.health import HealthInputs

__all__ = ["DemoExtras", "build_inputs_from_demo", "synthetic_extras"]


@dataclass(frozen=True)
class DemoExtras:
    """What the generator does not make.

    ``groups``: accepted purpose groups ``(id, passion slug or None, member ids)``;
    ``events``: ``(id, startsAt, attendee ids)``; ``proposals``: ``(kind, status, member id)``;
    ``matches``: accepted ``(seeker id, skill slug)``; ``last_active``: member id -> ISO
    timestamp; ``confirmed``: per demo bond (same order as ``demo.bonds``), or ``None`` (no
    demo bond is confirmed by its members: they were seeded).
    """

    groups: Sequence[tuple[str, str | None, Sequence[str]]] = ()
    events: Sequence[tuple[str, str, Sequence[str]]] = ()
    proposals: Sequence[tuple[str, str, str | None]] = ()
    matches: Sequence[tuple[str, str]] = ()
    last_active: dict[str, str] = field(default_factory=dict)
    confirmed: Sequence[bool] | None = None


def build_inputs_from_demo(demo: DemoCommunity, extras: DemoExtras | None = None) -> HealthInputs:
    """The :class:`HealthInputs` of a demo community (plus ``extras`` when given)."""
    extras = extras or DemoExtras()
    member_ids = [m["id"] for m in demo.members]
    team_of = {row["member"]: row["team"] for row in demo.member_teams}
    site_of = {row["member"]: row["site"] for row in demo.member_sites}
    slug_of = {p["id"]: p["slug"] for p in demo.passions}
    skill_slug = {s["id"]: s["slug"] for s in demo.skills}

    passions: dict[str, list[str]] = {}
    for link in demo.passion_links:
        passions.setdefault(link["member"], []).append(slug_of[link["passion"]])
    seeks: dict[str, list[str]] = {}
    for row in demo.seeks:
        seeks.setdefault(row["member"], []).append(skill_slug[row["skill"]])
    offers: dict[str, list[str]] = {}
    for row in demo.offers:
        offers.setdefault(row["member"], []).append(skill_slug[row["skill"]])

    bonds = demo.bonds
    last_active = extras.last_active
    return HealthInputs(
        member_ids=member_ids,
        member_team=[team_of.get(m) for m in member_ids],
        member_site=[site_of.get(m) for m in member_ids],
        member_has_passions=[m in passions for m in member_ids],
        member_joined_at=[m["joinedAt"] for m in demo.members],
        member_last_active=[last_active.get(m) for m in member_ids],
        bond_a=[b["a"] for b in bonds],
        bond_b=[b["b"] for b in bonds],
        bond_kind=[b["kind"] for b in bonds],
        bond_since=[b["since"] for b in bonds],
        bond_confirmed=list(extras.confirmed) if extras.confirmed is not None else [False] * len(bonds),
        bond_source=[b["source"] for b in bonds],
        bond_event=[None] * len(bonds),
        group_ids=[g[0] for g in extras.groups],
        group_passion=[g[1] for g in extras.groups],
        group_members=[list(g[2]) for g in extras.groups],
        member_passions=passions,
        member_seeks=seeks,
        member_offers=offers,
        matches=list(extras.matches),
        proposal_kind=[p[0] for p in extras.proposals],
        proposal_status=[p[1] for p in extras.proposals],
        proposal_member=[p[2] for p in extras.proposals],
        event_ids=[e[0] for e in extras.events],
        event_starts_at=[e[1] for e in extras.events],
        event_attendees=[list(e[2]) for e in extras.events],
    )


PROPOSAL_KINDS = ("introduction", "purpose-group", "skill-match")


def synthetic_extras(
    demo: DemoCommunity,
    *,
    seed: int = 1,
    groups: int = 50,
    group_size: int = 40,
    events: int = 200,
    event_size: int = 30,
    proposals: int = 5000,
    match_share: float = 0.2,
    active_share: float = 0.4,
    confirmed_share: float = 0.3,
) -> DemoExtras:
    """Deterministic extras for a demo community (the same ``seed`` gives the same extras).

    Groups form around the most popular passions (up to ``group_size`` of their members);
    each event gathers ``event_size`` members of one site on a day of 2025; proposals have
    random kinds and statuses; a share of needs has an accepted match, of members a recent
    activity (autumn 2025) and of bonds a confirmation.
    """
    rng = random.Random(seed)
    slug_of = {p["id"]: p["slug"] for p in demo.passions}
    skill_slug = {s["id"]: s["slug"] for s in demo.skills}
    member_ids = [m["id"] for m in demo.members]

    by_passion: dict[str, list[str]] = {}
    for link in demo.passion_links:
        by_passion.setdefault(slug_of[link["passion"]], []).append(link["member"])
    popular = [slug for slug, _ in Counter({s: len(ms) for s, ms in by_passion.items()}).most_common(groups)]
    group_rows = [
        (f"group-{i + 1:04d}", slug, sorted(rng.sample(by_passion[slug], min(group_size, len(by_passion[slug])))))
        for i, slug in enumerate(popular)
    ]

    by_site: dict[str, list[str]] = {}
    for row in demo.member_sites:
        by_site.setdefault(row["site"], []).append(row["member"])
    sites = sorted(by_site)
    day0 = date(2025, 1, 1)
    event_rows = []
    for i in range(events):
        pool = by_site[sites[rng.randrange(len(sites))]]
        starts = day0 + timedelta(days=rng.randrange(365))
        event_rows.append(
            (f"event-{i + 1:04d}", f"{starts.isoformat()}T18:00:00Z", sorted(rng.sample(pool, min(event_size, len(pool)))))
        )

    statuses = ("accepted", "accepted", "declined", "pending")
    proposal_rows = [
        (PROPOSAL_KINDS[rng.randrange(3)], statuses[rng.randrange(4)], member_ids[rng.randrange(len(member_ids))])
        for _ in range(proposals)
    ]
    matches = [(row["member"], skill_slug[row["skill"]]) for row in demo.seeks if rng.random() < match_share]
    autumn = date(2025, 9, 1)
    last_active = {
        m: f"{(autumn + timedelta(days=rng.randrange(122))).isoformat()}T12:00:00Z"
        for m in member_ids
        if rng.random() < active_share
    }
    rnd = rng.random
    confirmed = [rnd() < confirmed_share for _ in demo.bonds]
    return DemoExtras(group_rows, event_rows, proposal_rows, matches, last_active, confirmed)
