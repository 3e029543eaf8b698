"""The golfer constructions: every schedule a construction claims seats each round as a partition of
the attendees into tables of the right sizes, and no pair meets twice."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.algorithms.golfer import construct, table_layout, zero_repeat_capacity
from recommender.algorithms.golfer.constructions import _transversal, construction_for
from recommender.algorithms.golfer.cyclic import base_round, cycle_types, cyclic_schedule, develop
from recommender.algorithms.golfer.kirkman import kirkman_3q
from recommender.algorithms.golfer.layout import Rounds
from recommender.algorithms.golfer.projective import pg3_packing
from tests.recommender.test_events import layout_ok


def pair_meetings(schedule: Rounds) -> Counter:
    return Counter(pair for tables in schedule for t in tables for pair in combinations(sorted(t), 2))


def assert_valid(schedule: Rounds, n: int, sizes: list[int]) -> None:
    """Every round a partition of 0..n-1 into tables of ``sizes``; no pair together twice."""
    for tables in schedule:
        assert sorted(x for t in tables for x in t) == list(range(n))
        assert sorted(len(t) for t in tables) == sorted(sizes)
    meetings = pair_meetings(schedule)
    assert max(meetings.values(), default=1) == 1


sizes_with_a_layout = st.tuples(st.integers(4, 32), st.integers(2, 6)).filter(lambda nk: layout_ok(*nk))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nk=sizes_with_a_layout, data=st.data())
def test_every_claimed_schedule_meets_each_pair_at_most_once(nk, data):
    n, k = nk
    claimed = zero_repeat_capacity(n, k)
    rounds = data.draw(st.integers(1, claimed), label="rounds")
    c = construction_for(n, k, rounds)
    assert c is not None, "a claimed number of rounds must be covered"
    assert len(c.rounds) == rounds
    assert_valid(c.rounds, n, table_layout(n, k))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nk=st.tuples(st.integers(6, 30), st.integers(3, 5)).filter(lambda nk: nk[0] % nk[1] == 0), data=st.data())
def test_developed_base_rounds_have_no_repeat_for_every_cycle_type(nk, data):
    n, k = nk
    rounds = data.draw(st.integers(2, (n - 1) // (k - 1)), label="rounds")
    got = cyclic_schedule(n, k, rounds)
    if got is not None:
        method, schedule = got
        assert len(schedule) == rounds
        assert_valid(schedule, n, [k] * (n // k))
    for lengths in cycle_types(n, k, rounds):
        assert sum(lengths) == n


def test_no_base_round_when_every_candidate_would_repeat_a_pair():
    # two rounds from the swaps (0 1)(2 3): {0, 1} would meet in both rounds, and {0, 2} and
    # {1, 3} (or {0, 3} and {1, 2}) are one orbit, so the second round would repeat the first
    assert base_round([1, 0, 3, 2], 2, 2) is None


def test_a_cyclic_base_round_develops_into_kirkmans_schoolgirls():
    sigma = [(x + 1) % 7 + 7 * (x // 7) for x in range(14)] + [14]  # Z_7 on two levels, one fixed girl
    base = base_round(sigma, 7, 3)
    assert base is not None
    schedule = develop(base, sigma, 7)
    assert_valid(schedule, 15, [3] * 5)


@pytest.mark.parametrize("q", [7, 13, 19, 25, 31, 37, 43, 49])
def test_kirkman_triple_systems_of_order_3q_meet_every_pair_exactly_once(q):
    schedule = kirkman_3q(q)
    n = 3 * q
    assert len(schedule) == (n - 1) // 2
    assert_valid(schedule, n, [3] * q)
    assert len(pair_meetings(schedule)) == n * (n - 1) // 2


def test_21_people_in_threes_get_ten_rounds_without_a_repeat():
    c = construction_for(21, 3, 10)
    assert c is not None and c.method == "Kirkman triple system KTS(21)"
    assert_valid(c.rounds, 21, [3] * 7)


def test_36_people_in_fours_get_eleven_rounds_from_a_long_cycle_and_a_short_one():
    c = construction_for(36, 4, 11)
    assert c is not None and c.method == "cyclic Z_33 with a 3-cycle"
    assert_valid(c.rounds, 36, [4] * 9)


def test_kirkmans_schoolgirls_from_the_packing_of_pg32():
    schedule = pg3_packing(2)
    assert schedule is not None and len(schedule) == 7
    assert_valid(schedule, 15, [3] * 5)
    assert len(pair_meetings(schedule)) == 15 * 14 // 2  # every pair exactly once: a Kirkman triple system


@pytest.mark.parametrize(
    "tables, k, method",
    [(12, 3, "transversal GF(4) x GF(3)"), (20, 4, "transversal GF(4) x GF(5)"), (15, 3, "transversal GF(3) x GF(5)")],
)
def test_macneish_products_give_as_many_rounds_as_tables(tables, k, method):
    got, schedule = _transversal(tables, k, tables + 1)
    assert got == method
    assert len(schedule) == tables + (1 if tables % k == 0 else 0)
    assert_valid(schedule, tables * k, [k] * tables)


@pytest.mark.parametrize(
    "n, k, rounds",
    [
        (24, 4, 7),  # 6-4-7: cyclic over Z_7 on three levels plus three fixed players
        (40, 4, 13),  # 10-4-13: a resolvable (40, 4, 1) design, 1-rotational over Z_39
        (15, 3, 7),  # Kirkman's schoolgirls
        (28, 4, 9),  # a resolvable (28, 4, 1) design
        (36, 3, 17),  # cyclic over Z_17 on two levels plus two fixed players
    ],
)
def test_issue_instances_covered_by_constructions_have_zero_repeats(n, k, rounds):
    c = construction_for(n, k, rounds)
    assert c is not None
    assert_valid(c.rounds, n, [k] * (n // k))
    method, used, tab = construct(n, k, rounds, np.random.default_rng(1))
    assert used == rounds and "greedy" not in method
    schedule = [[np.flatnonzero(tab[r] == t).tolist() for t in range(n // k)] for r in range(rounds)]
    assert_valid(schedule, n, [k] * (n // k))


def test_a_resolvable_design_meets_every_pair_exactly_once():
    c = construction_for(40, 4, 13)
    assert len(pair_meetings(c.rounds)) == 40 * 39 // 2


def test_uneven_events_drop_fixed_players_that_never_meet():
    # 21 at tables of 4: the 24-player cyclic schedule without three of its fixed players
    c = construction_for(21, 4, 7)
    assert c is not None
    assert_valid(c.rounds, 21, table_layout(21, 4))
