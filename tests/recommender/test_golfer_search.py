"""The repeat search of event rounds: the freedom greedy (Triska & Musliu), the tabu search that
uses its budget (perturbations, restarts, best kept), and the fairness and mixing figures."""

from __future__ import annotations

import time
from collections import Counter
from itertools import combinations

import numpy as np
import pytest

from recommender.algorithms.events import propose_event_rounds
from recommender.algorithms.golfer import ScheduleState, table_layout, tabu_search
from recommender.algorithms.golfer.greedy import greedy_fits, greedy_round, greedy_schedule, pair_freedom
from recommender.model import Community, MemberSnapshot
from recommender.quality import event_mixing
from tests.recommender.test_events import make_community


def met_of(tab: np.ndarray) -> np.ndarray:
    met = np.zeros((tab.shape[1],) * 2, dtype=bool)
    for row in tab:
        met |= row[:, None] == row[None, :]
    np.fill_diagonal(met, False)
    return met


def random_schedule(sizes: list[int], rounds: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.stack([rng.permutation(np.repeat(np.arange(len(sizes)), sizes)) for _ in range(rounds)])


def seats_match(row: np.ndarray, sizes: list[int]) -> bool:
    return sorted(Counter(row.tolist()).values()) == sorted(sizes)


# ---------------------------------------------------------------------------
# the freedom greedy
# ---------------------------------------------------------------------------


def test_pair_freedom_counts_players_neither_has_met():
    # 5 players; 0 met 1 and 2; 3 met 4
    met = np.zeros((5, 5), dtype=bool)
    for a, b in [(0, 1), (0, 2), (3, 4)]:
        met[a, b] = met[b, a] = True
    f = pair_freedom(met)
    assert f[0, 3] == 0  # 1, 2 met by 0; 4 met by 3
    assert f[1, 2] == 2  # 3 and 4 (0 is met by both)
    assert f[1, 3] == 1  # 2 only (0 met 1, 4 met 3)
    assert f[3, 4] == 3  # 0, 1, 2
    assert (f == f.T).all()


@pytest.mark.parametrize("seed", range(5))
def test_greedy_second_round_of_nine_in_threes_has_no_repeat(seed):
    sizes = [3, 3, 3]
    first = np.repeat(np.arange(3), 3)  # tables {0,1,2}, {3,4,5}, {6,7,8}
    row = greedy_round(sizes, met_of(first[None, :]), np.random.default_rng(seed))
    assert seats_match(row, sizes)
    assert not (met_of(first[None, :]) & met_of(row[None, :])).any()


@pytest.mark.parametrize("n, k, rounds", [(12, 3, 4), (21, 4, 3), (10, 2, 5), (38, 6, 3)])
def test_greedy_schedule_keeps_the_fixed_rounds_and_seats_everyone(n, k, rounds):
    sizes = table_layout(n, k)
    fixed = random_schedule(sizes, 1, 1)
    tab = greedy_schedule(sizes, rounds, np.random.default_rng(0), fixed=fixed)
    assert tab.shape == (rounds, n)
    assert np.array_equal(tab[0], fixed[0])
    assert all(seats_match(tab[r], sizes) for r in range(rounds))
    assert np.array_equal(tab, greedy_schedule(sizes, rounds, np.random.default_rng(0), fixed=fixed))


def test_greedy_start_beats_random_seating():
    sizes = table_layout(32, 4)
    greedy = ScheduleState(greedy_schedule(sizes, 7, np.random.default_rng(2)), len(sizes)).cost
    random_ = ScheduleState(random_schedule(sizes, 7, 2), len(sizes)).cost
    assert greedy < random_


def test_greedy_restarts_only_where_they_are_cheap():
    assert greedy_fits(100, 13) and greedy_fits(200, 30)
    assert not greedy_fits(300, 5)  # 300 at tables of 6: the construction, then perturbations only
    assert not greedy_fits(150, 200)


# ---------------------------------------------------------------------------
# the tabu search uses its budget
# ---------------------------------------------------------------------------


def hard_state(seed: int = 0) -> ScheduleState:
    """18 people at tables of 3 for 8 rounds from random seats: far from its bound of 0."""
    sizes = table_layout(18, 3)
    return ScheduleState(random_schedule(sizes, 8, seed), len(sizes))


def test_search_runs_its_whole_iteration_budget_while_repeats_remain():
    state = hard_state()
    start = state.cost
    stats = tabu_search(state, np.random.default_rng(1), max_iterations=1_500, stall=60, kicks_per_start=3)
    if state.cost > 0:
        assert stats.stopped_by == "iterations" and stats.iterations == 1_500
    assert stats.perturbations > 0
    assert state.cost <= start
    assert ScheduleState(state.tab, state.T).cost == state.cost  # left at the best, counts right


def test_search_restarts_from_new_starts_when_perturbing_fails():
    sizes = table_layout(18, 3)
    starts: list[int] = []

    def restart(rng: np.random.Generator) -> np.ndarray:
        starts.append(1)
        return greedy_schedule(sizes, 8, rng)

    state = hard_state()
    stats = tabu_search(state, np.random.default_rng(1), max_iterations=2_000, stall=40, kicks_per_start=2, restart=restart)
    assert stats.restarts == len(starts) > 0


def test_search_keeps_the_best_schedule_across_restarts():
    sizes = table_layout(18, 3)
    state = hard_state()
    best_seen = [state.cost]

    def restart(rng: np.random.Generator) -> np.ndarray:
        best_seen.append(state.cost)  # the schedule the search leaves for a new start
        return random_schedule(sizes, 8, int(rng.integers(1 << 30)))  # a worse start than greedy

    tabu_search(state, np.random.default_rng(3), max_iterations=1_500, stall=30, kicks_per_start=1, restart=restart)
    assert state.cost <= min(best_seen)


def test_search_is_deterministic_for_a_seed_and_an_iteration_budget():
    runs = []
    for _ in range(2):
        state = hard_state()
        stats = tabu_search(state, np.random.default_rng(9), max_iterations=800, stall=50, kicks_per_start=2,
                            restart=lambda rng: greedy_schedule(table_layout(18, 3), 8, rng))
        runs.append((state.tab.copy(), stats))
    assert np.array_equal(runs[0][0], runs[1][0]) and runs[0][1] == runs[1][1]


def test_search_stops_at_the_deadline():
    state = hard_state()
    started = time.monotonic()
    stats = tabu_search(state, np.random.default_rng(0), max_iterations=10**9, deadline=started + 0.3)
    assert stats.stopped_by in ("time", "target")
    assert time.monotonic() - started < 2.0


def test_search_stops_at_the_target():
    state = hard_state()
    target = state.cost - 5
    stats = tabu_search(state, np.random.default_rng(0), target=target, max_iterations=10_000)
    assert stats.stopped_by == "target" and state.cost <= target


def euler_event() -> tuple[Community, list[str]]:
    """36 people at tables of 6 for 4 rounds: the bound says 0, but a zero-repeat schedule would
    give two orthogonal Latin squares of order 6, which do not exist (Tarry 1900)."""
    community = make_community(36, 0)
    return community, [m.id for m in community.members]


def test_event_search_uses_the_time_when_the_bound_is_not_reached():
    community, ids = euler_event()
    started = time.monotonic()
    ps = propose_event_rounds(community, ids, table_size=6, rounds=4, seed=0, time_limit=1.0)
    assert ps.quality.extra["repeat_lower_bound"] == 0 < ps.quality.repeated_pairs
    assert ps.parameters["search_stopped_by"] == "time"
    assert time.monotonic() - started >= 0.75  # SEARCH_SHARE of the time limit


def test_event_search_iterations_make_the_answer_repeatable():
    community, ids = euler_event()
    a = propose_event_rounds(community, ids, table_size=6, rounds=4, seed=2, search_iterations=300)
    b = propose_event_rounds(community, ids, table_size=6, rounds=4, seed=2, search_iterations=300)
    assert a == b
    assert a.parameters["search_stopped_by"] == "iterations" and a.parameters["search_iterations"] == 300


# ---------------------------------------------------------------------------
# fairness and mixing figures
# ---------------------------------------------------------------------------


def four_people() -> Community:
    return Community(
        members=(
            MemberSnapshot("a", "red", "x", {}),
            MemberSnapshot("b", "red", "y", {}),
            MemberSnapshot("c", "blue", "y", {}),
            MemberSnapshot("d", None, None, {}),
        )
    )


def test_mixing_figures_by_hand():
    # round 1: {a, c} {b, d}; round 2: {a, d} {b, c}
    tables = [("a", "c"), ("b", "d"), ("a", "d"), ("b", "c")]
    got = event_mixing(four_people(), tables, ["a", "b", "c", "d"])
    assert got["pairs_met_share"] == pytest.approx(4 / 6)  # ac, bd, ad, bc of 6 pairs
    assert got["fewest_people_met"] == 2
    assert got["largest_team_share"] == 0.5  # one red (or blue) of two seats everywhere
    # Blau per table over members with a team: {a,c} 1 - 2 * 1/4 = 0.5; {b,d} 0; {a,d} 0; {b,c} 0.5
    assert got["team_diversity"] == pytest.approx(0.25)
    # sites: {a,c} x,y -> 0.5; {b,d} y -> 0; {a,d} x -> 0; {b,c} y,y -> 0
    assert got["site_diversity"] == pytest.approx(0.125)


def test_mixing_figures_when_everyone_meets_everyone_at_one_team_table():
    community = four_people()
    got = event_mixing(community, [("a", "b", "c", "d")], ["a", "b", "c", "d"])
    assert got["pairs_met_share"] == 1.0 and got["fewest_people_met"] == 3
    assert got["largest_team_share"] == 0.5  # two reds of four seats
    assert got["team_diversity"] == pytest.approx(1 - (2 / 3) ** 2 - (1 / 3) ** 2)  # a, b red; c blue
    got = event_mixing(community, [("a", "b"), ("c",), ("d",)], ["a", "b", "c", "d"])
    assert got["largest_team_share"] == 1.0  # a table of two reds
    assert got["fewest_people_met"] == 0 and got["pairs_met_share"] == pytest.approx(1 / 6)


def test_event_proposals_carry_the_mixing_figures():
    community = make_community(12, 4)
    ids = [m.id for m in community.members]
    ps = propose_event_rounds(community, ids, table_size=3, rounds=3, seed=1, search_iterations=2_000)
    extra = ps.quality.extra
    expected = event_mixing(community, ps.groupings, ids)
    for key, value in expected.items():
        assert extra[key] == pytest.approx(value)
    # 3 rounds without repeats: everyone meets 2 new people a round
    assert ps.quality.repeated_pairs == 0
    assert extra["fewest_people_met"] == 6
    assert extra["pairs_met_share"] == pytest.approx(12 * 6 / 2 / 66)
    pairs = {frozenset(p) for g in ps.groupings for p in combinations(g.members, 2)}
    assert len(pairs) == 36
