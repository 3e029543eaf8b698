"""communityHealth's computation core (graph_api.kpis), one behaviour per test.

Most tests use one hand-built community (below), with every expected number worked out by
hand in a comment, and many also check it against an independent computation with
networkx. A random-graph test compares modularity, E-I and brokers with networkx at scale.

The hand-built community (as_of 2026-01-01):

    team A: m01 m02 m03 m04      site North: m01 m02 m03 m05 m06 m12
    team B: m05 m06 m07 m08      site South: m04 m07 m08 m09 m10 m11
    team C: m09 m10 m11          m12: no team
    m11: no bond at all

    ties (pairs; since = first bond; team / site of the ends):
    T1  m01-m02  colleague 2024-01-10 + friend 2025-12-20   A-A  N-N
    T2  m02-m03  colleague 2024-02-01                       A-A  N-N
    T3  m03-m04  colleague 2024-03-01                       A-A  N-S
    T4  m01-m04  mentor    2025-11-15                       A-A  N-S
    T5  m05-m06  colleague 2024-01-05                       B-B  N-N
    T6  m06-m07  colleague 2024-01-06                       B-B  N-S
    T7  m07-m08  colleague 2024-01-07                       B-B  S-S
    T8  m09-m10  colleague 2024-05-01                       C-C  S-S
    T9  m03-m05  met       2025-12-15 (event ev1)           A-B  N-N
    T10 m04-m09  met       2025-12-16 (event ev1)           A-C  S-S
    T11 m08-m10  friend    2025-10-01                       B-C  S-S
    T12 m01-m12  collaborated 2025-06-01                    A-?  N-N
    T13 m05-m09  friend    2025-08-01                       B-C  N-S
    plus two ignored bonds: m05-m99 (unknown member) and m06-m06 (self).

    degrees: m01 3, m02 2, m03 3, m04 3, m05 3, m06 2, m07 2, m08 2, m09 3, m10 2, m11 0,
    m12 1 (sum 26 = 2 x 13 ties).
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from datetime import date

import networkx as nx
import pytest

from graph_api.kpis import HealthInputs, HealthReport, Scope, compute_health

AS_OF = date(2026, 1, 1)

MEMBERS = [f"m{i:02d}" for i in range(1, 13)]
TEAM = {**{m: "A" for m in ("m01", "m02", "m03", "m04")}, **{m: "B" for m in ("m05", "m06", "m07", "m08")},
        **{m: "C" for m in ("m09", "m10", "m11")}, "m12": None}
SITE = {**{m: "North" for m in ("m01", "m02", "m03", "m05", "m06", "m12")},
        **{m: "South" for m in ("m04", "m07", "m08", "m09", "m10", "m11")}}
# (a, b, kind, since, confirmed, event)
BONDS = [
    ("m01", "m02", "colleague", "2024-01-10", True, None),
    ("m02", "m01", "friend", "2025-12-20", False, None),  # same pair, another kind: one tie
    ("m02", "m03", "colleague", "2024-02-01", True, None),
    ("m03", "m04", "colleague", "2024-03-01", False, None),
    ("m01", "m04", "mentor", "2025-11-15", True, None),
    ("m05", "m06", "colleague", "2024-01-05", True, None),
    ("m06", "m07", "colleague", "2024-01-06", False, None),
    ("m07", "m08", "colleague", "2024-01-07", False, None),
    ("m09", "m10", "colleague", "2024-05-01", True, None),
    ("m03", "m05", "met", "2025-12-15", True, "ev1"),
    ("m04", "m09", "met", "2025-12-16", False, "ev1"),
    ("m08", "m10", "friend", "2025-10-01", False, None),
    ("m01", "m12", "collaborated", "2025-06-01", False, None),
    ("m05", "m09", "friend", "2025-08-01", True, None),
    ("m05", "m99", "friend", "2025-08-01", True, None),  # unknown member: ignored
    ("m06", "m06", "friend", "2025-08-01", True, None),  # self: ignored
]
PASSIONS = {
    "m01": ["climbing"], "m02": ["jazz", "chess"], "m03": ["climbing"], "m04": ["climbing"],
    "m05": ["climbing", "jazz"], "m06": ["climbing"], "m07": ["chess"], "m08": ["jazz"],
    "m10": ["jazz"], "m11": ["chess"], "m12": ["climbing"],
}
# g-climb formed around climbing; g-jazz names no passion. m05 is in both (g-climb listed first).
GROUPS = [("g-climb", "climbing", ["m03", "m05", "m06"]), ("g-jazz", None, ["m05", "m08", "m10"])]
SEEKS = {"m01": ["python", "sql"], "m02": ["python"], "m06": ["figma"], "m09": ["go"], "m10": ["rust"]}
OFFERS = {"m03": ["python"], "m05": ["figma", "sql"], "m06": ["sql"], "m10": ["rust"]}
MATCHES = [("m01", "python"), ("m09", "go"), ("m03", "python"), ("m02", "python")]
# (kind, status, member answering)
PROPOSALS = [
    ("intro", "accepted", "m01"), ("intro", "declined", "m05"), ("intro", "pending", "m09"),
    ("group", "accepted", "m03"), ("group", "accepted", "m05"), ("group", "declined", "m10"),
    ("skill", "pending", "m02"),
]
JOINED = {m: "2023-03-01T09:00:00Z" for m in MEMBERS} | {"m12": "2025-12-01T09:00:00Z"}
LAST_ACTIVE = {
    "m01": "2025-12-30T10:00:00Z",  # active
    "m02": "2025-10-03T23:00:00Z",  # exactly 90 days before as_of: outside the window
    "m03": "2025-10-04T00:00:00Z",  # first day of the window: active
    "m05": "2025-06-01T10:00:00Z",
    "m06": "2026-02-01T10:00:00Z",  # after as_of: not in the window
}
EVENTS = [
    ("ev1", "2025-12-14T18:00:00Z", ["m03", "m04", "m05", "m09", "m10", "m07", "m42"]),  # m42 unknown
    ("ev2", "2025-09-01T18:00:00Z", ["m08", "m10", "m01", "m04", "m09"]),
]


def make_inputs(**overrides) -> HealthInputs:
    fields = dict(
        member_ids=MEMBERS,
        member_team=[TEAM[m] for m in MEMBERS],
        member_site=[SITE[m] for m in MEMBERS],
        member_joined_at=[JOINED[m] for m in MEMBERS],
        member_last_active=[LAST_ACTIVE.get(m) for m in MEMBERS],
        bond_a=[b[0] for b in BONDS],
        bond_b=[b[1] for b in BONDS],
        bond_kind=[b[2] for b in BONDS],
        bond_since=[b[3] for b in BONDS],
        bond_confirmed=[b[4] for b in BONDS],
        bond_source=["member"] * len(BONDS),
        bond_event=[b[5] for b in BONDS],
        group_ids=[g[0] for g in GROUPS],
        group_passion=[g[1] for g in GROUPS],
        group_members=[g[2] for g in GROUPS],
        member_passions=PASSIONS,
        member_seeks=SEEKS,
        member_offers=OFFERS,
        matches=MATCHES,
        proposal_kind=[p[0] for p in PROPOSALS],
        proposal_status=[p[1] for p in PROPOSALS],
        proposal_member=[p[2] for p in PROPOSALS],
        event_ids=[e[0] for e in EVENTS],
        event_starts_at=[e[1] for e in EVENTS],
        event_attendees=[e[2] for e in EVENTS],
    )
    fields.update(overrides)
    return HealthInputs(**fields)


def report(scope: Scope = Scope(), **kwargs) -> HealthReport:
    return compute_health(make_inputs(), as_of=AS_OF, scope=scope, **kwargs)


@pytest.fixture(scope="module")
def community() -> HealthReport:
    return report()


# --- an independent computation with networkx ----------------------------------


def nx_graph(inputs: HealthInputs) -> nx.Graph:
    graph = nx.Graph()
    for m, t, s in zip(inputs.member_ids, inputs.member_team, inputs.member_site):
        graph.add_node(m, team=t, site=s)
    for a, b in zip(inputs.bond_a, inputs.bond_b):
        if a != b and a in graph and b in graph:
            graph.add_edge(a, b)
    return graph


def nx_ei(graph: nx.Graph, attribute: str, scope: set[str]) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """(internal, external, {group: (internal, external)}) over the ties touching the scope."""
    label = nx.get_node_attributes(graph, attribute)
    internal = external = 0
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for u, v in graph.edges():
        if (u not in scope and v not in scope) or label[u] is None or label[v] is None:
            continue
        if label[u] == label[v]:
            internal += 1
            per[label[u]][0] += 1
        else:
            external += 1
            for x, y in ((u, v), (v, u)):
                if x in scope:
                    per[label[x]][1] += 1
    groups = {label[m] for m in scope if label[m] is not None}
    return internal, external, {g: tuple(per[g]) for g in groups}


def nx_modularity(graph: nx.Graph, scope: set[str], label: dict[str, object]) -> float | None:
    sub = graph.subgraph(scope)
    if sub.number_of_edges() == 0:
        return None
    blocks: dict[object, set[str]] = defaultdict(set)
    for node in sub:
        blocks[label.get(node) if label.get(node) is not None else ("alone", node)].add(node)
    return nx.community.modularity(sub, list(blocks.values()))


def first_group(inputs: HealthInputs) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, members in enumerate(inputs.group_members):
        for m in members:
            out.setdefault(m, i)
    return out


def ei(external: int, internal: int) -> float | None:
    return (external - internal) / (external + internal) if external + internal else None


# --- counts and conventions ------------------------------------------------------


def test_bonds_of_one_pair_collapse_into_one_tie(community: HealthReport) -> None:
    # 16 bonds - 2 ignored = 14 bonds (pair, kind); m01-m02 has two kinds -> 13 ties
    assert (community.members, community.ties, community.bonds, community.ignored_bonds) == (12, 13, 14, 2)


def test_a_repeated_bond_of_one_pair_and_kind_counts_once() -> None:
    # the colleague bond m01-m02 given again, reversed and earlier: still 14 bonds, 13 ties,
    # and T1 is now older (2023-12-01), which does not change any window figure
    inputs = make_inputs(
        bond_a=[b[0] for b in BONDS] + ["m02"], bond_b=[b[1] for b in BONDS] + ["m01"],
        bond_kind=[b[2] for b in BONDS] + ["colleague"], bond_since=[b[3] for b in BONDS] + ["2023-12-01"],
        bond_confirmed=[b[4] for b in BONDS] + [False], bond_source=None,
        bond_event=[b[5] for b in BONDS] + [None],
    )
    r = compute_health(inputs, as_of=AS_OF, scope=Scope())
    assert (r.ties, r.bonds, r.trust.confirmed) == (13, 14, 7)


# --- silo index -------------------------------------------------------------------


def test_ei_by_team_whole_community(community: HealthReport) -> None:
    # 12 ties with two known teams (T12 has m12, no team): internal T1-T8 = 8,
    # external T9 T10 T11 T13 = 4 -> (4 - 8) / 12 = -1/3
    silo = community.silo_by_team
    assert (silo.internal, silo.external) == (8, 4)
    assert silo.ei == pytest.approx(-1 / 3)


def test_ei_per_team(community: HealthReport) -> None:
    # A: internal T1-T4 = 4, external T9 T10 = 2 -> -2/6; B: 3 (T5-T7), 3 (T9 T11 T13) -> 0;
    # C: 1 (T8), 3 (T10 T11 T13) -> +2/4; most siloed first
    rows = [(g.group, g.members, g.internal, g.external) for g in community.silo_by_team.groups]
    assert rows == [("A", 4, 4, 2), ("B", 4, 3, 3), ("C", 3, 1, 3)]
    assert [g.ei for g in community.silo_by_team.groups] == pytest.approx([-1 / 3, 0.0, 0.5])


def test_ei_by_site(community: HealthReport) -> None:
    # all 13 ties have two known sites; external T3 T4 T6 T13 = 4, internal 9 -> -5/13;
    # North: internal T1 T2 T5 T9 T12 = 5, external 4 -> -1/9; South: internal T7 T8 T10 T11 = 4, external 4 -> 0
    silo = community.silo_by_site
    assert (silo.internal, silo.external, silo.ei) == (9, 4, pytest.approx(-5 / 13))
    assert [(g.group, g.internal, g.external, g.ei) for g in silo.groups] == [
        ("North", 5, 4, pytest.approx(-1 / 9)), ("South", 4, 4, 0.0),
    ]


def test_ei_matches_networkx_edge_iteration() -> None:
    inputs = make_inputs()
    graph = nx_graph(inputs)
    for scope, members in ((Scope(), set(MEMBERS)), (Scope.team("A"), {"m01", "m02", "m03", "m04"}),
                           (Scope.site("South"), {m for m in MEMBERS if SITE[m] == "South"})):
        r = compute_health(inputs, as_of=AS_OF, scope=scope)
        for attribute, silo in (("team", r.silo_by_team), ("site", r.silo_by_site)):
            internal, external, per = nx_ei(graph, attribute, members)
            assert (silo.internal, silo.external) == (internal, external)
            assert {g.group: (g.internal, g.external) for g in silo.groups} == per


def test_ei_in_a_team_scope_counts_ties_with_one_end_in_scope() -> None:
    # scope team A: the ties touching A are T1-T4 (internal), T9 T10 (external), T12 (no team)
    r = report(Scope.team("A"))
    assert r.members == 4 and r.ties == 7
    assert [(g.group, g.internal, g.external) for g in r.silo_by_team.groups] == [("A", 4, 2)]
    assert r.silo_by_team.ei == pytest.approx(-1 / 3)
    # by site: North (m01 m02 m03): internal T1 T2 T9 T12, external T3 T4 -> -1/3;
    # South (m04): internal T10, external T3 T4 -> +1/3; whole scope: internal 5, external 2 -> -3/7
    assert [(g.group, g.members, g.internal, g.external) for g in r.silo_by_site.groups] == [
        ("North", 3, 4, 2), ("South", 1, 1, 2),
    ]
    assert r.silo_by_site.ei == pytest.approx(-3 / 7)


# --- modularity ---------------------------------------------------------------------


def test_modularity_by_team(community: HealthReport) -> None:
    # m = 13; A: L 4, d 11; B: L 3, d 3+2+2+2 = 9; C: L 1, d 3+2+0 = 5; {m12}: d 1
    # Q = 8/13 - (121 + 81 + 25 + 1) / 26^2 = 416/676 - 228/676 = 47/169
    assert community.modularity.by_team == pytest.approx(47 / 169)
    assert community.modularity.by_team == pytest.approx(nx_modularity(nx_graph(make_inputs()), set(MEMBERS), TEAM))


def test_modularity_by_site(community: HealthReport) -> None:
    # North: L 5, d 3+2+3+3+2+1 = 14; South: L 4, d 3+2+2+3+2+0 = 12
    # Q = 9/13 - (196 + 144) / 676 = 128/676 = 32/169
    assert community.modularity.by_site == pytest.approx(32 / 169)
    assert community.modularity.by_site == pytest.approx(nx_modularity(nx_graph(make_inputs()), set(MEMBERS), SITE))


def test_modularity_by_purpose_puts_a_member_of_two_groups_in_the_first(community: HealthReport) -> None:
    # g-climb {m03 m05 m06}: L 2 (T5 T9), d 8; g-jazz {m08 m10} (m05 counts in g-climb): L 1, d 4;
    # singletons m01 3, m02 2, m04 3, m07 2, m09 3, m11 0, m12 1 -> squares 36
    # Q = 3/13 - (64 + 16 + 36) / 676 = 40/676 = 10/169
    assert community.modularity.by_purpose == pytest.approx(10 / 169)
    label = first_group(make_inputs())
    assert community.modularity.by_purpose == pytest.approx(nx_modularity(nx_graph(make_inputs()), set(MEMBERS), label))


def test_modularity_of_a_scope_uses_the_induced_graph() -> None:
    # team A induces T1-T4 (every degree 2): by team one community -> 0;
    # by site North {m01 m02 m03}: L 2, d 6; South {m04}: d 2 -> 2/4 - (36 + 4)/64 = -1/8
    r = report(Scope.team("A"))
    assert (r.modularity.members, r.modularity.ties) == (4, 4)
    assert r.modularity.by_team == pytest.approx(0.0)
    assert r.modularity.by_site == pytest.approx(-1 / 8)
    assert r.modularity.by_site == pytest.approx(nx_modularity(nx_graph(make_inputs()), {"m01", "m02", "m03", "m04"}, SITE))


# --- cross-silo share ---------------------------------------------------------------


def test_cross_team_share(community: HealthReport) -> None:
    # 12 ties with two known teams, 4 across teams -> 1/3
    c = community.cross_silo
    assert (c.ties, c.cross_team, c.share) == (12, 4, pytest.approx(1 / 3))


def test_cross_team_share_of_recent_ties(community: HealthReport) -> None:
    # 30 days before 2026-01-01: since in (2025-12-02, 2026-01-01]: T9, T10 (both across) -> 2/2.
    # T1 got a friend bond on 2025-12-20 but the pair dates from 2024: not a new tie.
    # 90 days: since in (2025-10-03, 2026-01-01]: T4 (inside A), T9, T10 -> 2/3 (T11 on 10-01 is out)
    c = community.cross_silo
    assert (c.ties_30d, c.cross_team_30d, c.share_30d) == (2, 2, 1.0)
    assert (c.ties_90d, c.cross_team_90d, c.share_90d) == (3, 2, pytest.approx(2 / 3))


# --- purpose coverage ----------------------------------------------------------------


def test_purpose_coverage_share(community: HealthReport) -> None:
    # in a group: m03 m05 m06 m08 m10 -> 5/12
    p = community.purpose
    assert (p.members, p.in_group, p.share) == (12, 5, pytest.approx(5 / 12))


def test_members_with_passions_and_no_group(community: HealthReport) -> None:
    # passions but no group: m01 m02 m04 m07 m11 m12 (m09 has no passion)
    p = community.purpose
    assert p.passions_no_group == 6
    assert p.passions_no_group_ids == ("m01", "m02", "m04", "m07", "m11", "m12")


def test_passions_with_enough_members_and_no_group() -> None:
    # climbing 6 members (g-climb formed around it), jazz 4 (g-jazz names no passion), chess 3
    assert [(x.slug, x.members) for x in report(min_passion_members=3).purpose.passions_without_group] == [
        ("jazz", 4), ("chess", 3),
    ]
    assert [x.slug for x in report(min_passion_members=4).purpose.passions_without_group] == ["jazz"]
    assert report().purpose.passions_without_group == ()  # default 5: only climbing, which has a group


def test_has_passions_flag_overrides_the_passion_map() -> None:
    flags = [m in {"m09"} for m in MEMBERS]  # only m09 (no group) has passions by the flag
    r = compute_health(make_inputs(member_has_passions=flags), as_of=AS_OF, scope=Scope())
    assert r.purpose.passions_no_group_ids == ("m09",)


# --- isolation ---------------------------------------------------------------------------


def test_isolated_members(community: HealthReport) -> None:
    # m11 has no bond -> 1/12
    i = community.isolation
    assert (i.isolated, i.isolated_ids, i.isolated_share) == (1, ("m11",), pytest.approx(1 / 12))
    graph = nx_graph(make_inputs())
    assert list(i.isolated_ids) == sorted(nx.isolates(graph))


def test_members_with_no_tie_outside_their_team(community: HealthReport) -> None:
    # 11 members with a team; no tie to another team: m01 (its tie to m12, no team, does not count),
    # m02, m06, m07, m11 -> 5/11
    i = community.isolation
    assert (i.with_team, i.team_bound, i.team_bound_share) == (11, 5, pytest.approx(5 / 11))
    graph = nx_graph(make_inputs())
    bound = [m for m in MEMBERS if TEAM[m] and not any(TEAM[v] and TEAM[v] != TEAM[m] for v in graph[m])]
    assert len(bound) == i.team_bound


# --- brokers ---------------------------------------------------------------------------


def test_brokers_rank_by_teams_bridged(community: HealthReport) -> None:
    # m05 bridges A (m03) and C (m09); m09 bridges A (m04) and B (m05): 2 teams, 2 cross ties each;
    # then 1 team each: m03 m04 (3 ties), m08 m10 (2 ties), by id
    rows = [(b.member, b.team, b.teams_bridged, b.cross_team_ties, b.ties) for b in community.brokers]
    assert rows == [
        ("m05", "B", 2, 2, 3), ("m09", "C", 2, 2, 3), ("m03", "A", 1, 1, 3),
        ("m04", "A", 1, 1, 3), ("m08", "B", 1, 1, 2), ("m10", "C", 1, 1, 2),
    ]


def test_brokers_top_n() -> None:
    assert [b.member for b in report(brokers_top=3).brokers] == ["m05", "m09", "m03"]
    assert report(brokers_top=0).brokers == ()


def test_brokers_match_networkx_neighbour_teams() -> None:
    graph = nx_graph(make_inputs())
    bridged = {m: len({TEAM[v] for v in graph[m] if TEAM[v] and TEAM[v] != TEAM[m]}) for m in MEMBERS if TEAM[m]}
    assert {b.member: b.teams_bridged for b in report().brokers} == {m: k for m, k in bridged.items() if k}


# --- needs met ---------------------------------------------------------------------------


def test_needs_offered_by_someone_else(community: HealthReport) -> None:
    # needs: m01 python, m01 sql, m02 python, m06 figma, m09 go, m10 rust = 6;
    # offered by another member: python (m03), sql (m05, m06), figma (m05) -> 4;
    # go: nobody; rust: only m10 itself -> 4/6
    n = community.needs
    assert (n.needs, n.offered, n.offered_share) == (6, 4, pytest.approx(4 / 6))


def test_needs_with_an_accepted_match(community: HealthReport) -> None:
    # matches m01 python, m09 go, m02 python; m03 python is no need of m03 -> 3/6
    n = community.needs
    assert (n.matched, n.matched_share) == (3, 0.5)


# --- trust -------------------------------------------------------------------------------


def test_confirmed_and_mentor_bonds(community: HealthReport) -> None:
    # 14 bonds (pair, kind); confirmed: m01-m02 colleague, m02-m03, m01-m04, m05-m06, m09-m10,
    # m03-m05, m05-m09 = 7 -> 1/2; one mentor bond (m01-m04) -> 1/14
    t = community.trust
    assert (t.bonds, t.confirmed, t.confirmed_share) == (14, 7, 0.5)
    assert (t.mentor, t.mentor_share) == (1, pytest.approx(1 / 14))


def test_trust_in_a_team_scope() -> None:
    # bonds touching team A: m01-m02 x2, m02-m03, m03-m04, m01-m04, m03-m05, m04-m09, m01-m12 = 8;
    # confirmed: m01-m02 colleague, m02-m03, m01-m04, m03-m05 = 4
    t = report(Scope.team("A")).trust
    assert (t.bonds, t.confirmed, t.mentor) == (8, 4, 1)


# --- engagement ----------------------------------------------------------------------------


def test_acceptance_rate_by_kind(community: HealthReport) -> None:
    # all: 3 accepted, 2 declined, 2 pending -> 3/5; group 2/3; intro 1/2; skill: nothing answered
    rates = {r.kind: (r.accepted, r.declined, r.pending, r.rate) for r in community.engagement.proposals}
    assert rates == {
        "*": (3, 2, 2, pytest.approx(0.6)), "group": (2, 1, 0, pytest.approx(2 / 3)),
        "intro": (1, 1, 1, 0.5), "skill": (0, 0, 1, None),
    }


def test_acceptance_rate_in_a_scope_counts_proposals_of_its_members() -> None:
    # team A answered: m01 intro accepted, m03 group accepted (m02's is pending) -> 2/2
    total = report(Scope.team("A")).engagement.proposals[0]
    assert (total.kind, total.accepted, total.declined, total.pending, total.rate) == ("*", 2, 0, 1, 1.0)


def test_active_members(community: HealthReport) -> None:
    # window (2025-10-03, 2026-01-01]: m01 (12-30), m03 (10-04), m12 (joined 12-01) -> 3/12;
    # m02 on 10-03 is just out, m06 after as_of is out
    e = community.engagement
    assert (e.members, e.active, e.active_share) == (12, 3, 0.25)


# --- event conversion ---------------------------------------------------------------------


def test_event_new_ties_between_attendees(community: HealthReport) -> None:
    # ev1 (2025-12-14), attendees m03 m04 m05 m09 m10 m07 (m42 unknown): among them T3 and T8 are
    # older; new: T9 m03-m05, T10 m04-m09 (also recorded at ev1), both across teams;
    # T13 m05-m09 (2025-08-01) is older -> 2 new, 2 cross, 2 x 2 / 6 per attendee
    ev1 = next(e for e in community.events if e.event == "ev1")
    assert (ev1.attendees, ev1.new_ties, ev1.cross_team_new_ties) == (6, 2, 2)
    assert ev1.new_ties_per_attendee == pytest.approx(4 / 6)


def test_event_conversion_skips_ties_recorded_at_another_event(community: HealthReport) -> None:
    # ev2 (2025-09-01), attendees m08 m10 m01 m04 m09: new T11 m08-m10 (across B-C) and T4 m01-m04;
    # T10 m04-m09 is after ev2 but recorded at ev1 -> not ev2's; T8 is older -> 2 new, 1 cross, 4/5
    ev2 = next(e for e in community.events if e.event == "ev2")
    assert (ev2.attendees, ev2.new_ties, ev2.cross_team_new_ties) == (5, 2, 1)
    assert ev2.new_ties_per_attendee == pytest.approx(0.8)


def test_events_are_listed_latest_first(community: HealthReport) -> None:
    assert [e.event for e in community.events] == ["ev1", "ev2"]


def test_event_conversion_in_a_team_scope() -> None:
    # team A attends ev1 as m03 m04: new ties touching A: T9, T10 (each gives its A end 1) -> 2/2;
    # ev2 as m01 m04: T4 only (T11 is outside A) -> 1 new, 0 cross, 2/2
    events = {e.event: (e.attendees, e.new_ties, e.cross_team_new_ties, e.new_ties_per_attendee)
              for e in report(Scope.team("A")).events}
    assert events == {"ev1": (2, 2, 2, 1.0), "ev2": (2, 1, 0, 1.0)}


def test_event_conversion_matches_networkx_subgraphs() -> None:
    # without event ids every tie first made on or after the start counts
    inputs = make_inputs(bond_event=None)
    graph = nx.Graph()
    for a, b, _, since, _, _ in BONDS:
        if a != b and a in TEAM and b in TEAM:
            graph.add_edge(a, b, since=min(since, graph.edges[a, b]["since"]) if graph.has_edge(a, b) else since)
    r = compute_health(inputs, as_of=AS_OF, scope=Scope())
    for event, starts, attendees in EVENTS:
        sub = graph.subgraph(a for a in attendees if a in TEAM)
        new = [1 for _, _, since in sub.edges(data="since") if since >= starts[:10]]
        assert next(e.new_ties for e in r.events if e.event == event) == len(new)


# --- scopes and edge cases --------------------------------------------------------------------


def test_site_scope_restricts_members() -> None:
    r = report(Scope.site("South"))
    assert r.members == 6
    assert [g.group for g in r.silo_by_site.groups] == ["South"]
    assert r.isolation.isolated_ids == ("m11",)


def test_passion_scope_restricts_members() -> None:
    # chess: m02 m07 m11; ties touching them: T1 T2 (m02), T6 T7 (m07) -> 4
    r = report(Scope.passion("chess"))
    assert (r.members, r.ties) == (3, 4)
    assert r.purpose.passions_no_group_ids == ("m02", "m07", "m11")
    assert r.modularity.ties == 0 and r.modularity.by_team is None  # no tie among them


def test_empty_scope_gives_zeros_and_none() -> None:
    r = report(Scope.team("no-such-team"))
    assert (r.members, r.ties, r.bonds) == (0, 0, 0)
    assert r.silo_by_team.ei is None and r.silo_by_team.groups == ()
    assert r.modularity.by_team is None and r.modularity.by_purpose is None
    assert r.cross_silo.share is None and r.purpose.share is None and r.isolation.isolated_share is None
    assert r.brokers == () and r.needs.needs == 0 and r.needs.offered_share is None
    assert r.trust.confirmed_share is None and r.engagement.active_share is None and r.events == ()


def test_no_bonds_gives_undefined_ratios_not_a_crash() -> None:
    inputs = make_inputs(bond_a=[], bond_b=[], bond_kind=[], bond_since=[], bond_confirmed=[], bond_source=[],
                         bond_event=[])
    r = compute_health(inputs, as_of=AS_OF, scope=Scope())
    assert r.ties == 0 and r.silo_by_team.ei is None and r.silo_by_site.ei is None
    assert all(g.ei is None for g in r.silo_by_team.groups)
    assert (r.modularity.by_team, r.modularity.by_site, r.modularity.by_purpose) == (None, None, None)
    assert r.isolation.isolated == 12 and r.brokers == ()
    assert [(e.new_ties, e.new_ties_per_attendee) for e in r.events] == [(0, 0.0), (0, 0.0)]


def test_no_members_at_all() -> None:
    empty = HealthInputs(member_ids=[], member_team=[], member_site=[])
    r = compute_health(empty, as_of=AS_OF, scope=Scope())
    assert r.members == 0 and r.silo_by_team.ei is None and r.modularity.by_team is None


def test_mismatched_lists_are_refused() -> None:
    with pytest.raises(ValueError, match="member_team"):
        compute_health(make_inputs(member_team=["A"]), as_of=AS_OF, scope=Scope())
    with pytest.raises(ValueError, match="bond_since"):
        compute_health(make_inputs(bond_since=["2024-01-01"]), as_of=AS_OF, scope=Scope())


def test_scope_needs_an_id_except_for_the_community() -> None:
    with pytest.raises(ValueError):
        Scope("team")
    with pytest.raises(ValueError):
        Scope("community", "x")
    with pytest.raises(ValueError):
        Scope("galaxy", "x")  # type: ignore[arg-type]


def test_report_is_json_ready(community: HealthReport) -> None:
    data = json.loads(json.dumps(community.to_dict()))
    assert data["as_of"] == "2026-01-01" and data["scope"] == {"kind": "community", "id": None}
    assert data["silo_by_team"]["groups"][0]["group"] == "A"


# --- random graphs against networkx ---------------------------------------------------------


def random_inputs(seed: int, n: int = 300, bonds: int = 1500) -> HealthInputs:
    rng = random.Random(seed)
    ids = [f"u{i:04d}" for i in range(n)]
    teams = [None if rng.random() < 0.05 else f"t{rng.randrange(15)}" for _ in ids]
    sites = [None if rng.random() < 0.05 else f"s{rng.randrange(4)}" for _ in ids]
    a, b, kind, since = [], [], [], []
    kinds = ("colleague", "friend", "met", "mentor", "collaborated")
    for _ in range(bonds):
        x = rng.randrange(n)
        # two thirds inside the team when possible: a siloed graph
        same = [j for j in range(max(0, x - 40), min(n, x + 40)) if teams[j] == teams[x]]
        y = rng.choice(same) if same and rng.random() < 0.66 else rng.randrange(n)
        a.append(ids[x])
        b.append(ids[y])
        kind.append(rng.choice(kinds))
        since.append(f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}")
    groups = [rng.sample(ids, rng.randrange(3, 30)) for _ in range(8)]
    return HealthInputs(
        member_ids=ids, member_team=teams, member_site=sites,
        bond_a=a, bond_b=b, bond_kind=kind, bond_since=since, group_members=groups,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_graph_modularity_matches_networkx(seed: int) -> None:
    inputs = random_inputs(seed)
    graph = nx_graph(inputs)
    team = dict(zip(inputs.member_ids, inputs.member_team))
    site = dict(zip(inputs.member_ids, inputs.member_site))
    purpose = first_group(inputs)
    for scope, members in ((Scope(), set(inputs.member_ids)),
                           (Scope.site("s1"), {m for m in inputs.member_ids if site[m] == "s1"})):
        m = compute_health(inputs, as_of=AS_OF, scope=scope).modularity
        assert m.ties == graph.subgraph(members).number_of_edges()
        assert m.by_team == pytest.approx(nx_modularity(graph, members, team), abs=1e-12)
        assert m.by_site == pytest.approx(nx_modularity(graph, members, site), abs=1e-12)
        assert m.by_purpose == pytest.approx(nx_modularity(graph, members, purpose), abs=1e-12)


@pytest.mark.parametrize("seed", [4, 5])
def test_random_graph_ei_and_brokers_match_networkx(seed: int) -> None:
    inputs = random_inputs(seed)
    graph = nx_graph(inputs)
    team = dict(zip(inputs.member_ids, inputs.member_team))
    for scope, members in ((Scope(), set(inputs.member_ids)),
                           (Scope.team("t3"), {m for m in inputs.member_ids if team[m] == "t3"})):
        r = compute_health(inputs, as_of=AS_OF, scope=scope, brokers_top=1000)
        internal, external, per = nx_ei(graph, "team", members)
        assert (r.silo_by_team.internal, r.silo_by_team.external) == (internal, external)
        assert r.silo_by_team.ei == (pytest.approx(ei(external, internal)) if internal + external else None)
        for g in r.silo_by_team.groups:
            assert (g.internal, g.external) == per[g.group]
            assert g.ei == (pytest.approx(ei(g.external, g.internal)) if g.internal + g.external else None)
        bridged = {}
        for x in members:
            if team[x] is None:
                continue
            k = len({team[v] for v in graph[x] if team[v] is not None and team[v] != team[x]})
            if k:
                bridged[x] = k
        assert {b.member: b.teams_bridged for b in r.brokers} == bridged
        assert [b.teams_bridged for b in r.brokers] == sorted(bridged.values(), reverse=True)
        assert all(math.isfinite(b.ties) for b in r.brokers)
