"""Purpose groups: constraints on random and adversarial communities, objective, explanations, determinism."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommender.algorithms import purpose as purpose_mod
from recommender.algorithms.purpose import feasible_placed, propose_purpose_groups
from recommender.model import Community, MemberSnapshot
from recommender.quality import objective
from tests.recommender.test_quality import FAST, check_reason, communities


def eligible_ids(c: Community, max_groups: int = 1, focus: frozenset[str] | None = None) -> set[str]:
    used = Counter(i for g in c.accepted_groups for i in g)
    return {
        m.id for m in c.members
        if not m.opt_out and any(focus is None or p in focus for p in m.passions) and used[m.id] < max_groups
    }


def check_proposal(c: Community, ps, *, lo=4, hi=8, max_groups=1, focus=None, cw=0.5, bw=0.5) -> None:
    """Every rule of a purpose proposal."""
    lookup = {m.id: m for m in c.members}
    eligible = eligible_ids(c, max_groups, focus)
    counts = Counter(i for g in ps.groupings for i in g.members)
    accepted_counts = Counter(i for g in c.accepted_groups for i in g)
    assert ps.kind == "purpose"
    for g in ps.groupings:
        assert lo <= len(g.members) <= hi
        assert len(set(g.members)) == len(g.members)
        assert g.members == tuple(sorted(g.members))
        assert frozenset(g.members) not in set(c.accepted_groups)
        for mid in g.members:
            assert not lookup[mid].opt_out
            assert mid in eligible
        check_reason(c, g, focus=focus)
    for mid, k in counts.items():
        assert k + accepted_counts[mid] <= max_groups
    q = ps.quality
    assert q.size_violations == 0
    n_place = feasible_placed(len(eligible), lo, hi)
    placed = set(counts) & eligible
    assert len(placed) >= n_place  # full coverage whenever the sizes allow it
    if n_place == len(eligible) and eligible:
        assert q.coverage == 1.0
    assert q.extra["objective"] == pytest.approx(
        objective(c, ps.groupings, eligible=eligible, focus_passions=focus, cohesion_weight=cw, bridging_weight=bw)
        if eligible else 0.0
    )


# ---------------------------------------------------------------------------
# random communities
# ---------------------------------------------------------------------------


@FAST
@given(communities(max_members=45))
def test_random_communities_default(c):
    check_proposal(c, propose_purpose_groups(c))


@FAST
@given(communities(max_members=30), st.integers(2, 5), st.integers(0, 4), st.integers(0, 3))
def test_random_sizes_and_weights(c, lo, extra, seed):
    hi = lo + extra
    cw, bw = seed / 3, 1 - seed / 4
    ps = propose_purpose_groups(c, min_size=lo, max_size=hi, cohesion_weight=cw, bridging_weight=bw, seed=seed)
    check_proposal(c, ps, lo=lo, hi=hi, cw=cw, bw=bw)


@FAST
@given(communities(max_members=30), st.integers(1, 3))
def test_several_groups_per_member(c, max_groups):
    ps = propose_purpose_groups(c, max_groups_per_member=max_groups)
    check_proposal(c, ps, max_groups=max_groups)


@FAST
@given(communities(min_members=4, max_members=30), st.sets(st.sampled_from(["jazz", "chess", "yoga"]), min_size=1))
def test_focus_passions(c, focus):
    focus = frozenset(focus)
    ps = propose_purpose_groups(c, focus_passions=focus)
    check_proposal(c, ps, focus=focus)
    lookup = {m.id: m for m in c.members}
    for g in ps.groupings:
        assert all(any(p in focus for p in lookup[i].passions) for i in g.members)
        assert all(slug in focus for slug, _ in g.reason.shared_passions)


@FAST
@given(communities(min_members=5, max_members=25, accepted=False), st.integers(0, 3))
def test_deterministic_and_order_independent(c, seed):
    a = propose_purpose_groups(c, seed=seed)
    b = propose_purpose_groups(c, seed=seed)
    shuffled = Community(members=tuple(reversed(c.members)), bonds=c.bonds, blocked_pairs=c.blocked_pairs)
    r = propose_purpose_groups(shuffled, seed=seed)
    assert a == b
    assert [g.members for g in a.groupings] == [g.members for g in r.groupings]


# ---------------------------------------------------------------------------
# adversarial communities
# ---------------------------------------------------------------------------


def make(n: int, *, team=lambda i: f"t{i % 5}", site=lambda i: f"s{i % 3}", passions=lambda i: {"jazz": 1 + i % 5},
         opt_out=lambda i: False, **kw) -> Community:
    members = tuple(
        MemberSnapshot(id=f"m{i:04d}", team=team(i), site=site(i), passions=passions(i), opt_out=opt_out(i))
        for i in range(n)
    )
    return Community(members=members, **kw)


@pytest.mark.parametrize("n", [0, 1, 3])
def test_below_min_size(n):
    ps = propose_purpose_groups(make(n))
    assert ps.groupings == ()
    assert ps.quality.coverage == 0.0 and ps.quality.size_violations == 0


def test_everyone_opted_out():
    c = make(30, opt_out=lambda i: True)
    ps = propose_purpose_groups(c)
    assert ps.groupings == () and ps.quality.coverage == 0.0


def test_opted_out_are_filtered_defensively():
    c = make(30, opt_out=lambda i: i % 3 == 0)
    ps = propose_purpose_groups(c)
    check_proposal(c, ps)
    assert all(int(mid[1:]) % 3 for g in ps.groupings for mid in g.members)
    assert ps.quality.coverage == 1.0


def test_all_in_one_team_and_site():
    c = make(37, team=lambda i: "one", site=lambda i: "here")
    ps = propose_purpose_groups(c)
    check_proposal(c, ps)
    assert ps.quality.coverage == 1.0 and ps.quality.bridging_teams == 0.0


def test_no_shared_passions():
    c = make(23, passions=lambda i: {f"p{i}": 3})
    ps = propose_purpose_groups(c)
    check_proposal(c, ps)
    assert ps.quality.coverage == 1.0 and ps.quality.cohesion == 0.0
    assert all("share no passion yet" in g.reason.text for g in ps.groupings)


@pytest.mark.parametrize("n", [4, 5, 9, 10, 11, 13, 17, 19, 23, 41, 97])
def test_sizes_not_divisible(n):
    c = make(n, passions=lambda i: {("jazz", "chess", "yoga")[i % 3]: 1 + i % 5})
    ps = propose_purpose_groups(c)
    check_proposal(c, ps)
    assert ps.quality.coverage == 1.0


def test_sizes_that_cannot_cover_everyone():
    c = make(7)
    ps = propose_purpose_groups(c, min_size=3, max_size=3)
    check_proposal(c, ps, lo=3, hi=3)
    assert sum(len(g.members) for g in ps.groupings) == 6


def test_lonely_passions_still_placed():
    # 12 jazz lovers, 3 members whose passions nobody else holds
    c = make(15, passions=lambda i: {"jazz": 4} if i < 12 else {f"solo{i}": 5})
    ps = propose_purpose_groups(c)
    check_proposal(c, ps)
    assert ps.quality.coverage == 1.0


def test_accepted_groups_respected():
    c = make(30, accepted_groups=(frozenset({"m0000", "m0001", "m0002", "m0003"}),
                                  frozenset({"m0004", "m0005", "m0006", "m0007", "m0008"})))
    ps = propose_purpose_groups(c)
    check_proposal(c, ps)
    placed = {i for g in ps.groupings for i in g.members}
    assert not placed & {f"m{i:04d}" for i in range(9)}
    assert len(placed) == 21
    # with two groups each, accepted members get one more group, around another passion if they have one
    c2 = make(30, passions=lambda i: {"jazz": 3, ("chess", "yoga")[i % 2]: 4},
              accepted_groups=(frozenset({"m0000", "m0002", "m0004", "m0006"}),))
    ps2 = propose_purpose_groups(c2, max_groups_per_member=2)
    check_proposal(c2, ps2, max_groups=2)


def test_cohesion_prefers_strong_shared_passions():
    # two passions, each held by 8 people: groups should keep them apart
    c = make(16, passions=lambda i: {"jazz" if i < 8 else "chess": 5})
    ps = propose_purpose_groups(c)
    check_proposal(c, ps)
    for g in ps.groupings:
        assert len({int(m[1:]) < 8 for m in g.members}) == 1
    assert ps.quality.cohesion == pytest.approx(1.0)


def test_bridging_prefers_other_teams():
    # 16 members, 4 teams of 4, everyone loves jazz equally: groups should mix teams and sites
    c = make(16, team=lambda i: f"t{i // 4}", site=lambda i: f"s{i // 4}", passions=lambda i: {"jazz": 3})
    ps = propose_purpose_groups(c)
    check_proposal(c, ps)
    assert ps.quality.bridging_teams == pytest.approx(1.0)
    assert ps.quality.bridging_sites == pytest.approx(1.0)


def test_small_instance_is_optimal_by_brute_force():
    """8 members, groups of 4: compare with every split into two groups."""
    from itertools import combinations

    rng = np.random.default_rng(3)
    c = make(8, team=lambda i: f"t{i % 3}", site=lambda i: f"s{i % 2}",
             passions=lambda i: {p: int(rng.integers(1, 6)) for p in ("jazz", "chess", "yoga") if rng.random() < 0.6}
             or {"go": 2})
    eligible = eligible_ids(c)
    ps = propose_purpose_groups(c, min_size=4, max_size=4)
    ids = sorted(eligible)
    best = max(
        objective(c, [first, tuple(i for i in ids if i not in first)], eligible=eligible)
        for first in combinations(ids, 4) if ids[0] in first
    )
    assert ps.quality.extra["objective"] == pytest.approx(best)


def test_large_pool_block_path():
    """A pool above SMALL_POOL goes through seeding + block local search."""
    rng = np.random.default_rng(0)
    n = purpose_mod.SMALL_POOL + 150
    vocab = [f"p{k}" for k in range(40)]

    def passions(i):
        k = int(rng.integers(1, 4))
        return {vocab[int(min(39, rng.zipf(1.6) - 1))]: int(rng.integers(1, 6)) for _ in range(k)}

    c = make(n, team=lambda i: f"t{i // 9}", site=lambda i: f"s{i % 7}", passions=passions,
             bonds=frozenset((f"m{i:04d}", f"m{i + 1:04d}") for i in range(0, n - 1, 2)))
    ps = propose_purpose_groups(c, seed=5)
    check_proposal(c, ps)
    assert ps.quality.coverage == 1.0
    again = propose_purpose_groups(c, seed=5)
    assert again == ps
    # better than random groups of the same sizes on the combined objective
    eligible = eligible_ids(c)
    order = sorted(eligible)
    np.random.default_rng(1).shuffle(order)
    rand, pos = [], 0
    for g in ps.groupings:
        rand.append(order[pos:pos + len(g.members)])
        pos += len(g.members)
    assert ps.quality.extra["objective"] > objective(c, rand, eligible=eligible) + 0.05


def test_parameters_validated():
    with pytest.raises(ValueError):
        propose_purpose_groups(make(10), min_size=1)
    with pytest.raises(ValueError):
        propose_purpose_groups(make(10), min_size=5, max_size=4)


def test_feasible_placed():
    assert feasible_placed(7, 4, 5) == 5
    assert feasible_placed(8, 4, 5) == 8
    assert feasible_placed(3, 4, 8) == 0
    assert all(feasible_placed(n, 4, 8) == n for n in range(4, 200))
