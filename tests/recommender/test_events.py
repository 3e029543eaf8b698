"""Event breakout rounds: seating rules, repeats (counted here independently), explanations,
determinism, bad parameters, the engine's pieces, and the social-golfer instances near their limits."""

from __future__ import annotations

import random
import time
from collections import Counter
from itertools import combinations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.algorithms.events import propose_event_rounds
from recommender.explain import explain_group
from recommender.algorithms.golfer import (
    ScheduleState,
    construct,
    count_repeats,
    improve_mixing,
    repeat_lower_bound,
    table_layout,
    tabu_search,
    zero_repeat_capacity,
)
from recommender.model import Community, MemberSnapshot, ProposalSet, pair
from tests.recommender.test_quality import check_reason

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PASSIONS = ("jazz", "hiking", "chess", "baking", "yoga", "go")


def make_community(n: int, seed: int = 0, *, opt_out: set[int] = frozenset(), teams: int = 4) -> Community:
    rng = random.Random(seed)
    members = []
    for i in range(n):
        members.append(
            MemberSnapshot(
                id=f"m{i:03d}",
                team=None if rng.random() < 0.1 else f"team{rng.randrange(teams)}",
                site=rng.choice(["s0", "s1", "s2", None]),
                passions={p: rng.randint(1, 5) for p in rng.sample(PASSIONS, rng.randint(0, 3))},
                opt_out=i in opt_out,
            )
        )
    ids = [m.id for m in members]
    pairs = list(combinations(ids, 2))
    bonds = frozenset(rng.sample(pairs, min(len(pairs), 2 * n)))
    return Community(members=tuple(members), bonds=bonds)


def layout_ok(n: int, k: int) -> bool:
    try:
        table_layout(n, k)
    except ValueError:
        return False
    return True


def check_proposal(community: Community, seated: list[str], ps: ProposalSet, table_size: int, rounds: int) -> int:
    """Every rule of the module doc, recomputed here; returns the real number of repeats."""
    assert ps.kind == "events"
    n = len(seated)
    tables = -(-n // table_size)
    assert [g.round for g in ps.groupings] == sorted(g.round for g in ps.groupings)
    counts: Counter[tuple[str, str]] = Counter()
    earlier: set[tuple[str, str]] = set()
    for r in range(1, rounds + 1):
        groups = [g for g in ps.groupings if g.round == r]
        assert [g.table for g in groups] == list(range(1, tables + 1))
        everyone = [m for g in groups for m in g.members]
        assert sorted(everyone) == sorted(seated)  # everyone once, nobody else
        sizes = [len(g.members) for g in groups]
        assert max(sizes) <= table_size and min(sizes) >= table_size - 1
        if n % table_size == 0:
            assert set(sizes) == {table_size}
        now: set[tuple[str, str]] = set()
        for g in groups:
            assert list(g.members) == sorted(g.members)
            if len(g.members) > 1:  # the shared checker is for groups (a table of 1 shares nothing)
                check_reason(community, g)
            else:
                assert g.reason.shared_passions == () and g.reason.total_pairs == 0
            text = g.reason.text
            assert text.startswith(f"Round {r}, table {g.table}: ")
            firsts = [pair(a, b) for a, b in combinations(g.members, 2)
                      if pair(a, b) not in earlier and pair(a, b) not in community.bonds]
            agains = [pair(a, b) for a, b in combinations(g.members, 2) if pair(a, b) in earlier]
            if firsts and len(firsts) == g.reason.total_pairs and len(firsts) > 1:
                assert f"everyone else for the first time ({len(firsts)} new pairs)" in text
            elif firsts and len(g.members) > 2:
                for a, b in firsts:
                    assert f"{a} meets" in text and b in text
            elif len(g.members) == 1:
                assert "sits alone this round" in text
            elif not firsts:
                assert "Nobody here meets anyone new." in text
            assert ("Sitting together again:" in text) == bool(agains)
            for a, b in agains:
                assert f"{a} and {b} (round" in text
            for team in g.reason.teams:
                assert team in text
            pairs = [pair(a, b) for a, b in combinations(g.members, 2)]
            counts.update(pairs)
            now.update(pairs)
        earlier |= now
    repeats = sum(c - 1 for c in counts.values())
    q = ps.quality
    assert q.repeated_pairs == repeats
    assert q.extra["max_meetings"] == max(counts.values(), default=1) or not counts
    assert q.coverage == 1.0
    assert q.size_violations == 0
    sizes = table_layout(n, table_size)
    assert q.extra["repeat_lower_bound"] == repeat_lower_bound(n, sizes, rounds) <= repeats
    assert ps.parameters["repeat_lower_bound"] == q.extra["repeat_lower_bound"]
    assert ps.parameters["mixing_score"] >= ps.parameters["mixing_score_start"] - 1e-9
    return repeats


# ---------------------------------------------------------------------------
# random instances
# ---------------------------------------------------------------------------


@FAST
@given(
    n=st.integers(2, 26),
    table_size=st.integers(2, 6),
    rounds=st.integers(1, 5),
    seed=st.integers(0, 10_000),
    opt_outs=st.sets(st.integers(0, 25), max_size=3),
)
def test_random_instances_follow_every_rule(n, table_size, rounds, seed, opt_outs):
    community = make_community(n, seed, opt_out={i for i in opt_outs if i < n})
    attendees = [m.id for m in community.members]
    seated = sorted(m.id for m in community.members if not m.opt_out)
    dropped = sorted(m.id for m in community.members if m.opt_out)
    if not layout_ok(len(seated), table_size):
        with pytest.raises(ValueError):
            propose_event_rounds(community, attendees, table_size=table_size, rounds=rounds, seed=seed)
        return
    ps = propose_event_rounds(community, attendees, table_size=table_size, rounds=rounds, seed=seed, time_limit=2.0)
    repeats = check_proposal(community, seated, ps, table_size, rounds)
    assert ps.parameters["dropped_opted_out"] == dropped
    if dropped:
        assert any(all(d in note for d in dropped) and "opted out" in note for note in ps.parameters["notes"])
    for g in ps.groupings:
        assert not set(g.members) & set(dropped)
    # zero repeats wherever the constructions guarantee it (always for one round)
    if rounds <= zero_repeat_capacity(len(seated), table_size):
        assert repeats == 0
    if rounds == 1:
        assert repeats == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(4, 40), table_size=st.integers(2, 6), seed=st.integers(0, 100))
def test_zero_repeats_up_to_the_construction_capacity(n, table_size, seed):
    if not layout_ok(n, table_size):
        return
    cap = zero_repeat_capacity(n, table_size)
    rounds = min(cap, 10)
    community = make_community(n, seed)
    ids = [m.id for m in community.members]
    ps = propose_event_rounds(community, ids, table_size=table_size, rounds=rounds, seed=seed)
    assert check_proposal(community, ids, ps, table_size, rounds) == 0
    assert ps.quality.extra["max_meetings"] <= 1


@pytest.mark.parametrize(
    "n, k, rounds",
    [
        (9, 4, 2),  # three tables of 3: no construction seats two rounds of them
        (16, 5, 2),  # uneven (tables of 5 and 4), beyond the construction (1 round)
    ],
)
def test_search_finds_zero_repeat_schedules_beyond_the_constructions(n, k, rounds):
    """Empirical (deterministic for the seed): instances where only the local search can reach 0."""
    community = make_community(n, 3)
    ids = [m.id for m in community.members]
    assert zero_repeat_capacity(n, k) < rounds
    ps = propose_event_rounds(community, ids, table_size=k, rounds=rounds, seed=0)
    assert check_proposal(community, ids, ps, k, rounds) == 0


def test_forced_repeats_are_few_and_reported():
    # 20 people at 4 tables of 5: every table of the next round has two people from one
    # table of the previous round, so 4 repeats per round change at least: 12 in 4 rounds
    community = make_community(20, 1)
    ids = [m.id for m in community.members]
    ps = propose_event_rounds(community, ids, table_size=5, rounds=4, seed=0)
    repeats = check_proposal(community, ids, ps, 5, 4)
    assert ps.quality.extra["repeat_lower_bound"] == 12
    assert repeats == 12  # the search reaches the bound here
    assert "12 repeated meetings: no seating of 20 people at these tables for 4 rounds has fewer" in (
        ps.parameters["notes"]
    )
    assert any("Sitting together again:" in g.reason.text for g in ps.groupings)


def test_one_table_repeats_everyone():
    community = make_community(4, 0)
    ids = [m.id for m in community.members]
    ps = propose_event_rounds(community, ids, table_size=4, rounds=3, seed=0)
    assert check_proposal(community, ids, ps, 4, 3) == 2 * 6
    assert ps.quality.extra["max_meetings"] == 3
    assert ps.quality.repeated_pairs == ps.quality.extra["repeat_lower_bound"] == 12


# ---------------------------------------------------------------------------
# determinism, parameters, explanations
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("n, k, rounds", [(24, 4, 5), (31, 4, 10), (50, 6, 4), (13, 3, 4)])
def test_deterministic_for_a_seed_and_independent_of_attendee_order(n, k, rounds):
    community = make_community(n, 5, opt_out={2})
    ids = [m.id for m in community.members]
    a = propose_event_rounds(community, ids, table_size=k, rounds=rounds, seed=7)
    b = propose_event_rounds(community, list(reversed(ids)), table_size=k, rounds=rounds, seed=7)
    assert a == b
    c = propose_event_rounds(community, ids, table_size=k, rounds=rounds, seed=8)
    assert [g.members for g in c.groupings] != [g.members for g in a.groupings]
    d = propose_event_rounds(community, ids, table_size=k, rounds=rounds, seed=-8)  # any integer seed
    assert d == propose_event_rounds(community, ids, table_size=k, rounds=rounds, seed=-8)


@pytest.mark.parametrize(
    "kwargs, attendees, message",
    [
        ({"table_size": 1, "rounds": 2}, 8, "table_size"),
        ({"table_size": 0, "rounds": 2}, 8, "table_size"),
        ({"table_size": 4, "rounds": 0}, 8, "rounds"),
        ({"table_size": 4, "rounds": -1}, 8, "rounds"),
        ({"table_size": 4.0, "rounds": 2}, 8, "table_size"),
        ({"table_size": True, "rounds": 2}, 8, "table_size"),
        ({"table_size": 4, "rounds": 2}, 3, "fewer than one table"),
        ({"table_size": 4, "rounds": 2}, 5, "fewer than 3"),  # 5 people: tables of 4 and 1
        ({"table_size": 6, "rounds": 2}, 7, "fewer than 5"),
        ({"table_size": 4, "rounds": 2, "time_limit": 0}, 8, "time_limit"),
        ({"table_size": 4, "rounds": 201}, 8, "rounds must be at most 200"),
        ({"table_size": 4, "rounds": 2, "seed": "x"}, 8, "seed"),
    ],
)
def test_bad_parameters_raise(kwargs, attendees, message):
    community = make_community(10, 0)
    ids = [m.id for m in community.members][:attendees]
    with pytest.raises(ValueError, match=message):
        propose_event_rounds(community, ids, **kwargs)


def test_unknown_duplicate_and_opted_out_attendees():
    community = make_community(10, 0, opt_out={0, 1, 2})
    ids = [m.id for m in community.members]
    with pytest.raises(ValueError, match="unknown attendee ids.*nobody"):
        propose_event_rounds(community, ids + ["nobody"], table_size=3, rounds=2)
    with pytest.raises(ValueError, match="duplicate attendee ids: m005"):
        propose_event_rounds(community, ids + ["m005"], table_size=3, rounds=2)
    # 7 remain after the 3 opt-outs: too few for tables of 8
    with pytest.raises(ValueError, match=r"7 attendees \(3 opted out\)"):
        propose_event_rounds(community, ids, table_size=8, rounds=2)
    ps = propose_event_rounds(community, ids, table_size=3, rounds=2)
    assert ps.parameters["dropped_opted_out"] == ["m000", "m001", "m002"]
    assert ps.parameters["seated"] == 7 and ps.parameters["attendees"] == 10
    assert "3 attendees opted out and were not seated: m000, m001, m002" in ps.parameters["notes"]
    assert {m for g in ps.groupings for m in g.members} == set(ids[3:])


def test_explanation_words():
    members = (
        MemberSnapshot("ada", "design", "berlin", {"jazz": 5, "chess": 2}),
        MemberSnapshot("bob", "ops", "lyon", {"jazz": 4}),
        MemberSnapshot("cy", "sales", "berlin", {"chess": 3}),
        MemberSnapshot("dee", "ops", "lyon", {}),
    )
    community = Community(members=members, bonds=frozenset({pair("bob", "dee")}))
    ps = propose_event_rounds(community, ["ada", "bob", "cy", "dee"], table_size=4, rounds=2, seed=0)
    first, second = ps.groupings
    assert first.members == ("ada", "bob", "cy", "dee")
    assert first.reason.teams == ("design", "ops", "sales")
    assert first.reason.sites == ("berlin", "lyon")
    assert first.reason.new_pairs == 5 and first.reason.total_pairs == 6
    assert first.reason.shared_passions == (("jazz", (5, 4, 0, 0)), ("chess", (2, 0, 3, 0)))
    base = explain_group(community, first.members).text  # the shared words of recommender.explain
    assert first.reason.text == (
        f"Round 1, table 1: {base} "
        "It brings together teams design, ops and sales and sites berlin and lyon. "
        "Meeting for the first time: ada meets bob, cy and dee; bob meets cy; cy meets dee. "
        "Already connected: bob and dee."
    )
    assert second.reason.text == (
        f"Round 2, table 1: {base} "
        "It brings together teams design, ops and sales and sites berlin and lyon. "
        "Nobody here meets anyone new. Sitting together again: ada and bob (round 1); ada and cy (round 1); "
        "ada and dee (round 1); bob and cy (round 1); bob and dee (round 1); cy and dee (round 1)."
    )
    assert ps.quality.repeated_pairs == 6


def test_mixing_prefers_cross_team_tables():
    # two teams of 4 at tables of 2 for one round: every table can pair the teams
    members = tuple(MemberSnapshot(f"m{i}", "red" if i < 4 else "blue", "s", {}) for i in range(8))
    community = Community(members=members)
    ps = propose_event_rounds(community, [m.id for m in members], table_size=2, rounds=1, seed=3)
    assert ps.quality.bridging_teams == 1.0
    assert all(len(g.reason.teams) == 2 for g in ps.groupings)


# ---------------------------------------------------------------------------
# the engine's pieces
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("k", range(2, 8))
def test_constructions_are_valid_and_repeat_free(k):
    for n in range(k, 50):
        if not layout_ok(n, k):
            continue
        cap = zero_repeat_capacity(n, k)
        _, used, tab = construct(n, k, cap, np.random.default_rng(n))
        assert used == cap >= 1
        sizes = sorted(table_layout(n, k))
        schedule = []
        for r in range(cap):
            assert sorted(Counter(tab[r].tolist()).values()) == sizes, (n, k, r)
            schedule.append([np.flatnonzero(tab[r] == t).tolist() for t in range(len(sizes))])
        assert count_repeats(schedule)[0] == 0, (n, k)


def test_known_capacities():
    assert zero_repeat_capacity(32, 4) == 10  # 8-4-10, the maximum
    assert zero_repeat_capacity(30, 4) == 10
    assert zero_repeat_capacity(300, 6) >= 5
    assert zero_repeat_capacity(50, 6) >= 4
    assert zero_repeat_capacity(27, 3) == 13  # Kirkman triple system on 27 points
    assert zero_repeat_capacity(25, 5) == 6  # affine plane of order 5
    assert zero_repeat_capacity(10, 2) == 9  # round robin


@FAST
@given(
    n=st.integers(4, 20), k=st.integers(2, 5), rounds=st.integers(2, 5), seed=st.integers(0, 1000),
)
def test_state_tabu_and_mixing_keep_counts_right(n, k, rounds, seed):
    if not layout_ok(n, k):
        return
    rng = np.random.default_rng(seed)
    sizes = table_layout(n, k)
    tab = np.stack([rng.permutation(np.repeat(np.arange(len(sizes)), sizes)) for _ in range(rounds)])
    state = ScheduleState(tab, len(sizes))
    start = state.cost
    tabu_search(state, rng, max_iterations=300, stall=50, kicks_per_start=2)
    assert state.cost <= start
    fresh = ScheduleState(state.tab, len(sizes))
    assert fresh.cost == state.cost and np.array_equal(fresh.M, state.M)
    assert np.array_equal(fresh.add1, state.add1) and np.array_equal(fresh.add2, state.add2)
    weights = rng.random((n, n))
    weights = weights + weights.T
    np.fill_diagonal(weights, 0)

    def score(s: ScheduleState) -> float:
        return sum(weights[a, b] for rows in s.members for t in rows for a, b in combinations(t, 2))

    before_cost, before_score = state.cost, score(state)
    improve_mixing(state, weights, rng, max_passes=5)
    assert state.cost <= before_cost
    assert score(state) >= before_score - 1e-9
    assert count_repeats(state.rounds())[0] == state.cost


# ---------------------------------------------------------------------------
# social-golfer instances near their known limits
# ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "n, k, rounds",
    [
        (32, 4, 9),  # 8-4-9, the classic instance
        (32, 4, 10),  # 8-4-10, the maximum (stretch goal)
        (300, 6, 5),
        (50, 6, 4),  # uneven: five tables of 6, four of 5
    ],
)
def test_golfer_instances_without_repeats_under_a_minute(n, k, rounds):
    community = make_community(n, 11, teams=max(3, n // 8))
    ids = [m.id for m in community.members]
    started = time.perf_counter()
    ps = propose_event_rounds(community, ids, table_size=k, rounds=rounds, seed=0)
    assert time.perf_counter() - started < 60
    assert check_proposal(community, ids, ps, k, rounds) == 0
    if n == 50:
        sizes = Counter(len(g.members) for g in ps.groupings if g.round == 1)
        assert sizes == {6: 5, 5: 4}
