"""The searches on a schedule: repeats first (tabu search), then mixing without adding a repeat."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from recommender.algorithms.golfer.state import ScheduleState

TENURE = (4, 12)
#: above this many players, the mixing descent looks at this many random partners per move
MIXING_SAMPLE = 400


# ---------------------------------------------------------------------------
# phase 1: repeats (tabu search)
# ---------------------------------------------------------------------------


@dataclass
class SearchStats:
    iterations: int = 0
    #: new starts (from ``restart``), after ``kicks_per_start`` perturbations found nothing better
    restarts: int = 0
    #: perturbations: the best schedule of the current start with random swaps, after a stall
    perturbations: int = 0
    #: "target" (reached), "time" (the deadline) or "iterations" (the iteration budget)
    stopped_by: str = "target"
    #: iteration at which the best schedule was found (0: the start was the best)
    best_at: int = 0


def tabu_search(
    state: ScheduleState,
    rng: np.random.Generator,
    *,
    target: int = 0,
    max_iterations: int = 200_000,
    deadline: float | None = None,
    stall: int = 600,
    kicks_per_start: int = 8,
    restart: Callable[[np.random.Generator], np.ndarray] | None = None,
    tenure: tuple[int, int] = TENURE,
) -> SearchStats:
    """Minimise repeats in place; leaves ``state`` at the best schedule found.

    The local search of Dotu & Van Hentenryck ("Scheduling social golfers locally", CPAIOR
    2005, LNCS 3524, 155-167): a move swaps two players of different tables in one round, one
    of them *in conflict* (at a table with someone they meet in another round too); the move
    that lowers repeats most is taken (ties at random) unless it is tabu - the same swap was
    made within the last few moves (tenure drawn from ``tenure``) - except when it beats
    the best schedule so far (aspiration).

    It never gives up while time and iterations remain:

    * after ``stall`` moves without improving the best schedule of the current start, a
      *perturbation*: back to that best schedule with a few random swaps (more after each
      fruitless one), the tabu list emptied;
    * after ``kicks_per_start`` fruitless perturbations, a *restart* from ``restart(rng)``
      (a new greedy start: :func:`recommender.algorithms.golfer.greedy.greedy_schedule`);
      without ``restart``, the perturbations go on.

    Stops at ``target`` repeats (the proven lower bound), after ``max_iterations`` moves, or
    at ``deadline`` (``time.monotonic()``, looked at every 32 moves). Deterministic for a
    seed whenever the deadline is not what stops it.
    """
    stats = SearchStats()
    R, n, T = state.R, state.n, state.T
    if state.cost <= target:
        return stats
    best_cost = state.cost  # over all starts
    best_tab = state.tab.copy()
    run_cost = state.cost  # of the current start (perturbations go back to it)
    run_tab = state.tab.copy()
    since_run_best = 0
    fruitless = 0  # perturbations in a row that did not improve the current start's best
    tabu: dict[tuple[int, int, int], int] = {}
    big = 1 << 30
    allq = np.arange(n)[None, :]
    row_of = np.full((R, n), -1, dtype=np.int64)
    stats.stopped_by = "iterations"
    for it in range(max_iterations):
        if deadline is not None and (it & 31) == 0 and time.monotonic() > deadline:
            stats.stopped_by = "time"
            break
        stats.iterations = it + 1
        cin = state.own(state.add2)
        rr, pp = np.nonzero(cin > 0)
        if len(rr) == 0:  # no conflict left: cost is 0
            break
        tA = state.tab[rr, pp]
        trows = state.tab[rr]  # (K, n)
        flat = state.add1.ravel()
        # add1[r, tab[r, q], p] + add1[r, tab[r, p], q] - 2 [met] - conflicts of p and q
        delta = flat.take((rr[:, None] * T + trows) * n + pp[:, None])
        delta += flat.take(((rr * T + tA) * n)[:, None] + allq)
        delta -= 2 * state.I1[pp] + cin[rr, pp][:, None] + cin[rr]
        delta[trows == tA[:, None]] = big
        # tabu moves (aspiration: allowed when they beat the best)
        if tabu:
            tabu = {key: until for key, until in tabu.items() if until > it}
            if tabu:
                row_of[rr, pp] = np.arange(len(rr))
                limit = best_cost - state.cost  # a move with delta < limit beats the best
                for (r, a, b) in tabu:
                    for x, y in ((a, b), (b, a)):
                        i = row_of[r, x]
                        if i >= 0 and delta[i, y] >= limit:
                            delta[i, y] = big - 1
                row_of[rr, pp] = -1
        low = delta.min()
        if low >= big - 1:
            tabu.clear()
            continue
        cand = np.flatnonzero(delta == low)
        pick = int(cand[rng.integers(len(cand))]) if len(cand) > 1 else int(cand[0])
        i, q = divmod(pick, n)
        r, p = int(rr[i]), int(pp[i])
        state.swap(r, p, q)
        tabu[(r, min(p, q), max(p, q))] = it + int(rng.integers(tenure[0], tenure[1]))
        if state.cost < run_cost:
            run_cost = state.cost
            run_tab = state.tab.copy()
            since_run_best = 0
            fruitless = 0
            if run_cost < best_cost:
                best_cost = run_cost
                best_tab = run_tab
                stats.best_at = it + 1
                if best_cost <= target:
                    break
            continue
        since_run_best += 1
        if since_run_best < stall:
            continue
        since_run_best = 0
        tabu.clear()
        if restart is not None and fruitless >= kicks_per_start:
            state.load(restart(rng))
            run_cost, run_tab = state.cost, state.tab.copy()
            fruitless = 0
            stats.restarts += 1
            if run_cost < best_cost:
                best_cost, best_tab = run_cost, run_tab
                stats.best_at = it + 1
                if best_cost <= target:
                    break
            continue
        fruitless += 1
        stats.perturbations += 1
        tab = run_tab.copy()
        for _ in range(max(2, R) * min(fruitless, 4)):
            r_ = int(rng.integers(R))
            a, b = (int(x) for x in rng.choice(n, size=2, replace=False))
            tab[r_, a], tab[r_, b] = tab[r_, b], tab[r_, a]
        state.load(tab)
    if state.cost != best_cost or not np.array_equal(state.tab, best_tab):
        state.load(best_tab)
    if state.cost <= target:
        stats.stopped_by = "target"
    return stats


# ---------------------------------------------------------------------------
# phase 2: secondary objective (mixing), never adding a repeat
# ---------------------------------------------------------------------------


def improve_mixing(
    state: ScheduleState,
    weights: np.ndarray,
    rng: np.random.Generator,
    *,
    max_passes: int = 30,
    kicks: int = 0,
    max_evaluations: int | None = None,
    deadline: float | None = None,
) -> tuple[int, int]:
    """Raise the sum of ``weights[a, b]`` over pairs at tables without raising repeats.

    Descent over relabellings (two players exchange schedules) and single-round swaps that
    add no repeat (one that removes a repeat is always taken first); then ``kicks`` rounds of
    iterated local search: a few random relabellings (repeat-neutral), descent again, keep the
    result only when it beats the best. ``max_evaluations`` caps the number of players whose
    moves are evaluated (the cost driver on large inputs). Leaves ``state`` at the best
    schedule. Returns (descent passes, improving moves).
    """
    R, n, T = state.R, state.n, state.T
    W = np.asarray(weights, dtype=np.float64)
    rounds = np.arange(R)
    rg = rounds[:, None]
    pg = np.arange(n)[None, :]
    eps = 1e-9
    allcols = np.arange(n)
    Q = np.zeros((R, T, n))  # Q[r, t, b]: weight between b and the people at table t in round r

    def build_q() -> None:
        Q.fill(0.0)
        for r in range(R):
            for t in range(T):
                rows = state.members[r][t]
                if rows:
                    Q[r, t, :] = W[rows].sum(axis=0)

    def score() -> float:
        return float(Q[rg, state.tab, pg].sum()) / 2.0

    def do_swap(r: int, a: int, b: int) -> None:
        A, B = int(state.tab[r, a]), int(state.tab[r, b])
        d = W[b] - W[a]
        Q[r, A] += d
        Q[r, B] -= d
        state.swap(r, a, b)

    def relabel(a: int, b: int) -> None:
        for r in range(R):
            if state.tab[r, a] != state.tab[r, b]:
                do_swap(r, a, b)

    evaluations = 0

    def out_of_time() -> bool:
        if max_evaluations is not None and evaluations >= max_evaluations:
            return True
        return deadline is not None and time.monotonic() > deadline

    def best_move(a: int) -> bool:
        """Apply the best improving move of player a (partners b from a sample when n is large)."""
        nonlocal evaluations
        evaluations += 1
        if n > MIXING_SAMPLE:
            cols = np.sort(rng.choice(n, size=MIXING_SAMPLE, replace=False))
        else:
            cols = allcols
        tab = state.tab
        ta = tab[:, a]
        tb = tab[:, cols]
        same = tb == ta[:, None]
        bc = cols[None, :]
        own = Q[rg, tb, bc]  # b with its own table
        gain = (
            Q[rg, ta[:, None], bc]  # b joins a's table
            - Q[rounds, ta, a][:, None]  # a leaves it
            + Q[rg, tb, a]  # a joins b's table
            - own  # b leaves it
            - 2.0 * W[a, cols][None, :]
        )
        gain[same] = 0.0
        label_gain = gain.sum(axis=0)
        label_gain[cols == a] = 0.0
        cin_b = state.add2[rg, tb, bc]
        cin_a = state.add2[rounds, ta, a][:, None]
        rep = state.add1[rg, ta[:, None], bc] + state.add1[rg, tb, a] - 2 * state.I1[a, cols][None, :]
        rep -= cin_a + cin_b
        rep[same] = 1
        if (rep < 0).any():  # a repeat can go: take the best such swap
            pick = np.where(rep < 0, gain - 1e6 * rep, -np.inf)
            r_, j = np.unravel_index(int(np.argmax(pick)), pick.shape)
            do_swap(int(r_), a, int(cols[j]))
            return True
        j_label = int(np.argmax(label_gain))
        best_label = float(label_gain[j_label])
        pick = np.where(rep == 0, gain, -np.inf)
        r_, j = np.unravel_index(int(np.argmax(pick)), pick.shape)
        best_round = float(pick[r_, j])
        if best_round > eps and best_round >= best_label:
            do_swap(int(r_), a, int(cols[j]))
            return True
        if best_label > eps:
            relabel(a, int(cols[j_label]))
            return True
        return False

    def descend(limit: int) -> tuple[int, int]:
        done = made = 0
        for done in range(1, limit + 1):
            improved = False
            for a in rng.permutation(n).tolist():
                if out_of_time():
                    return done, made
                if best_move(a):
                    improved = True
                    made += 1
            if not improved:
                break
        return done, made

    build_q()
    passes, moves = descend(max_passes)
    if kicks <= 0 or n < 4:
        return passes, moves
    best_cost, best_score, best_tab = state.cost, score(), state.tab.copy()
    for _ in range(kicks):
        if out_of_time():
            break
        for _ in range(max(2, n // 16)):
            a, b = (int(x) for x in rng.choice(n, size=2, replace=False))
            relabel(a, b)
        more_passes, more_moves = descend(max_passes)
        passes += more_passes
        moves += more_moves
        now = score()
        if state.cost < best_cost or (state.cost == best_cost and now > best_score + eps):
            best_cost, best_score, best_tab = state.cost, now, state.tab.copy()
        else:
            state.load(best_tab)
            build_q()
    if not np.array_equal(state.tab, best_tab):
        state.load(best_tab)
    return passes, moves
