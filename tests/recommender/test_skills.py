"""Skill matches: capacity, real seekers and offerers, needs matched once, maximum matched needs, preferences."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommender.algorithms import skills as skills_mod
from recommender.algorithms.skills import match_score, propose_skill_matches
from recommender.model import Community, MemberSnapshot, pair
from tests.recommender.test_quality import FAST, check_reason, communities


def check_matches(c: Community, ps, cap: int) -> None:
    lookup = {m.id: m for m in c.members}
    assert ps.kind == "skills"
    load = Counter(g.members[1] for g in ps.groupings)
    assert all(v <= cap for v in load.values())
    needs = Counter((g.members[0], g.reason.skill) for g in ps.groupings)
    assert all(v == 1 for v in needs.values())  # each (seeker, skill) at most once
    pairs = Counter(g.members for g in ps.groupings)
    assert all(v == 1 for v in pairs.values())  # no repeated pair
    for g in ps.groupings:
        seeker, offerer = (lookup[i] for i in g.members)
        assert g.reason.skill in seeker.seeks and g.reason.skill in offerer.offers
        assert seeker.id != offerer.id and not seeker.opt_out and not offerer.opt_out
        assert pair(seeker.id, offerer.id) not in c.blocked_pairs
        check_reason(c, g)


def max_needs(c: Community, cap: int) -> int:
    """Independent max flow: needs -> (seeker, offerer) pairs -> offerers."""
    g = nx.DiGraph()
    active = [m for m in c.members if not m.opt_out]
    for s in active:
        for skill in s.seeks:
            g.add_edge("S", ("n", s.id, skill), capacity=1)
            for o in active:
                if skill in o.offers and o.id != s.id and pair(s.id, o.id) not in c.blocked_pairs:
                    g.add_edge(("n", s.id, skill), ("p", s.id, o.id), capacity=1)
                    g.add_edge(("p", s.id, o.id), ("o", o.id), capacity=1)
                    g.add_edge(("o", o.id), "T", capacity=cap)
    if "S" not in g or "T" not in g:
        return 0
    return int(nx.maximum_flow_value(g, "S", "T"))


@FAST
@given(communities(max_members=25, passions=("jazz", "chess")), st.integers(0, 3))
def test_random_exact(c, cap):
    ps = propose_skill_matches(c, max_seekers_per_offerer=cap)
    check_matches(c, ps, cap)
    assert len(ps.groupings) == max_needs(c, cap)  # maximum number of matched needs


@FAST
@given(communities(min_members=5, max_members=40, passions=("jazz", "chess")), st.integers(1, 3), st.integers(0, 3))
def test_random_greedy(c, cap, seed):
    old = skills_mod.EXACT_MAX_EDGES
    skills_mod.EXACT_MAX_EDGES = -1
    try:
        ps = propose_skill_matches(c, max_seekers_per_offerer=cap, seed=seed)
    finally:
        skills_mod.EXACT_MAX_EDGES = old
    assert ps.parameters["method"] in ("greedy", "none")
    check_matches(c, ps, cap)
    best = max_needs(c, cap)
    assert len(ps.groupings) >= best / 2  # a maximal b-matching is at least half a maximum one


def _m(mid, team, site, seeks=(), offers=(), **passions):
    return MemberSnapshot(id=mid, team=team, site=site, passions=dict(passions), seeks=frozenset(seeks),
                          offers=frozenset(offers))


@pytest.mark.parametrize("force_greedy", [False, True])
def test_preferences_teams_then_sites_then_passions(force_greedy, monkeypatch):
    if force_greedy:
        monkeypatch.setattr(skills_mod, "EXACT_MAX_EDGES", -1)
    members = (
        _m("seeker", "t1", "s1", seeks={"python"}, jazz=3),
        _m("o_same_team", "t1", "s2", offers={"python"}, jazz=5),
        _m("o_same_site", "t2", "s1", offers={"python"}, jazz=5),
        _m("o_far_nothing", "t3", "s3", offers={"python"}),
        _m("o_far_jazz", "t4", "s4", offers={"python"}, jazz=1),
    )
    ps = propose_skill_matches(Community(members=members))
    assert [g.members for g in ps.groupings] == [("seeker", "o_far_jazz")]
    assert match_score(members[0], members[4]) == 7
    assert ps.groupings[0].reason.skill == "python"
    assert "seeker seeks python and o_far_jazz offers it" in ps.groupings[0].reason.text


def test_capacity_and_blocked():
    members = (
        *(_m(f"s{i}", f"t{i}", "x", seeks={"sql"}) for i in range(5)),
        _m("o1", "to", "y", offers={"sql"}),
    )
    c = Community(members=members, blocked_pairs=frozenset({pair("s0", "o1")}))
    ps = propose_skill_matches(c, max_seekers_per_offerer=3)
    check_matches(c, ps, 3)
    assert len(ps.groupings) == 3 and "s0" not in {g.members[0] for g in ps.groupings}
    assert ps.quality.extra["matched_needs"] == 3 and ps.quality.extra["needs"] == 5
    assert propose_skill_matches(c, max_seekers_per_offerer=0).groupings == ()


def test_no_self_match_and_opt_out():
    members = (
        _m("a", "t1", "s", seeks={"go"}, offers={"go"}),
        MemberSnapshot(id="b", team="t2", site="s", passions={}, offers=frozenset({"go"}), opt_out=True),
    )
    assert propose_skill_matches(Community(members=members)).groupings == ()


def test_large_greedy_deterministic():
    rng = np.random.default_rng(0)
    skills = [f"k{i}" for i in range(30)]
    members = tuple(
        _m(f"m{i:05d}", f"t{i // 8}", f"s{i % 5}",
           seeks={skills[int(rng.integers(30))]} if rng.random() < 0.6 else (),
           offers={skills[int(rng.integers(30))] for _ in range(2)} if rng.random() < 0.5 else ())
        for i in range(3000)
    )
    c = Community(members=members)
    ps = propose_skill_matches(c, seed=2)
    assert ps.parameters["method"] == "greedy"
    check_matches(c, ps, 3)
    assert ps == propose_skill_matches(c, seed=2)
    assert ps.quality.extra["matched_needs"] >= 0.97 * ps.quality.extra["matchable_needs"]
    assert ps.quality.bridging_teams > 0.95
