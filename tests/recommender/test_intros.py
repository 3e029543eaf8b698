"""Coffee-chat intros: every pair allowed, one intro per member, maximum matching, determinism."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommender.algorithms import intros as intros_mod
from recommender.algorithms.intros import propose_intros
from recommender.model import Community, MemberSnapshot, pair
from tests.recommender.test_quality import FAST, check_reason, communities


def allowed(c: Community, a: MemberSnapshot, b: MemberSnapshot) -> bool:
    return (
        not a.opt_out and not b.opt_out
        and bool(set(a.passions) & set(b.passions))
        and pair(a.id, b.id) not in c.bonds
        and pair(a.id, b.id) not in c.blocked_pairs
        and not (a.team is not None and a.team == b.team)
    )


def check_intros(c: Community, ps, round_index: int = 0) -> None:
    lookup = {m.id: m for m in c.members}
    counts = Counter(i for g in ps.groupings for i in g.members)
    assert ps.kind == "intros"
    assert all(v == 1 for v in counts.values())  # at most one intro per member per round
    for g in ps.groupings:
        assert len(g.members) == 2 and g.round == round_index
        a, b = (lookup[i] for i in g.members)
        assert allowed(c, a, b), g.members
        assert g.reason.shared_passions  # they share a passion, and the reason says which
        check_reason(c, g)
    assert ps.quality.size_violations == 0 and ps.quality.novelty in (0.0, 1.0)
    if ps.groupings:
        assert ps.quality.novelty == 1.0 and ps.quality.repeated_pairs == 0


def max_matching_size(c: Community) -> int:
    graph = nx.Graph()
    for a, b in combinations(c.members, 2):
        if allowed(c, a, b):
            graph.add_edge(a.id, b.id)
    return len(nx.max_weight_matching(graph, maxcardinality=True))


@FAST
@given(communities(max_members=30), st.integers(0, 3), st.integers(0, 2))
def test_random_communities(c, round_index, seed):
    ps = propose_intros(c, round_index=round_index, seed=seed)
    check_intros(c, ps, round_index)
    assert ps.parameters["method"] == "exact"
    assert len(ps.groupings) == max_matching_size(c)  # as many pairs as possible


@FAST
@given(communities(min_members=10, max_members=40, passions=("jazz", "chess")))
def test_greedy_path_is_valid_and_nearly_maximal(c):
    exact = propose_intros(c)
    old = intros_mod.EXACT_MAX_EDGES
    intros_mod.EXACT_MAX_EDGES = -1
    try:
        greedy = propose_intros(c)
    finally:
        intros_mod.EXACT_MAX_EDGES = old
    assert greedy.parameters["method"] == "greedy"
    check_intros(c, greedy)
    assert len(greedy.groupings) >= 0.5 * len(exact.groupings)  # a maximal matching is at least half a maximum one
    # maximal: no two unmatched members could still be introduced (lookahead never runs out at this size)
    matched = {i for g in greedy.groupings for i in g.members}
    free = [m for m in c.members if m.id not in matched]
    assert not any(allowed(c, a, b) for a, b in combinations(free, 2))


def test_blocked_pairs_and_rounds():
    members = tuple(MemberSnapshot(id=f"m{i}", team=f"t{i}", site="s", passions={"jazz": 3}) for i in range(4))
    c = Community(members=members)
    first = propose_intros(c, round_index=0)
    assert len(first.groupings) == 2
    blocked = frozenset(g.members for g in first.groupings)
    second = propose_intros(Community(members=members, blocked_pairs=blocked), round_index=1)
    check_intros(Community(members=members, blocked_pairs=blocked), second, 1)
    assert len(second.groupings) == 2
    assert not {g.members for g in second.groupings} & blocked


def test_same_team_bonded_and_opted_out_never_paired():
    members = (
        MemberSnapshot(id="a", team="t1", site="s", passions={"jazz": 5}),
        MemberSnapshot(id="b", team="t1", site="s", passions={"jazz": 5}),  # same team as a
        MemberSnapshot(id="c", team="t2", site="s", passions={"jazz": 5}),  # bonded with a and b
        MemberSnapshot(id="d", team="t3", site="s", passions={"jazz": 5}, opt_out=True),
        MemberSnapshot(id="e", team="t4", site="s", passions={"chess": 5}),  # shares nothing
    )
    c = Community(members=members, bonds=frozenset({("a", "c"), ("b", "c")}))
    ps = propose_intros(c)
    assert ps.groupings == ()


def test_prefers_stronger_shared_passions():
    # a-b and c-d share jazz at 5; a-c, b-d share jazz at lower levels: the matching keeps the strong pairs
    members = (
        MemberSnapshot(id="a", team="t1", site="s", passions={"jazz": 5}),
        MemberSnapshot(id="b", team="t2", site="s", passions={"jazz": 5}),
        MemberSnapshot(id="c", team="t3", site="s", passions={"jazz": 1}),
        MemberSnapshot(id="d", team="t4", site="s", passions={"jazz": 1}),
    )
    ps = propose_intros(Community(members=members))
    assert {g.members for g in ps.groupings} == {("a", "b"), ("c", "d")}


@FAST
@given(communities(min_members=2, max_members=25), st.integers(0, 5))
def test_deterministic(c, seed):
    assert propose_intros(c, seed=seed) == propose_intros(c, seed=seed)


def test_large_community_uses_greedy():
    rng = np.random.default_rng(0)
    n = 3000
    members = tuple(
        MemberSnapshot(id=f"m{i:05d}", team=f"t{i // 10}", site=f"s{i % 7}",
                       passions={f"p{int(min(59, rng.zipf(1.5) - 1))}": int(rng.integers(1, 6)) for _ in range(2)})
        for i in range(n)
    )
    c = Community(members=members, bonds=frozenset((f"m{i:05d}", f"m{i + 1:05d}") for i in range(0, n - 1)))
    ps = propose_intros(c, seed=1)
    assert ps.parameters["method"] == "greedy"
    check_intros(c, ps)
    assert ps.quality.coverage > 0.9
    assert propose_intros(c, seed=1) == ps


def test_no_members():
    ps = propose_intros(Community(members=()))
    assert ps.groupings == () and ps.quality.coverage == 0.0


@pytest.mark.parametrize("n", [2, 3])
def test_tiny(n):
    members = tuple(MemberSnapshot(id=f"m{i}", team=f"t{i}", site=None, passions={"go": 2}) for i in range(n))
    ps = propose_intros(Community(members=members))
    assert len(ps.groupings) == 1
