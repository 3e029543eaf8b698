"""Greedy start schedules built on the players' *freedom* (Triska & Musliu 2012).

Source: Markus Triska and Nysret Musliu, "An effective greedy heuristic for the Social Golfer
Problem", Annals of Operations Research 194(1):413-425, 2012. Their idea: the *freedom* of a
set of players is the number of players who have met none of them yet; a round is filled table
by table with *pairs* of players, the pair of maximal freedom first (ties at random), because
pairs of high freedom keep the most partners available for later rounds; the schedules built
that way are the initial configurations of a local search (theirs: Dotu & Van Hentenryck's).

What this module implements (and where it adapts the paper):

* the freedom of the pair {x, y} is the number of players z (z not x, y) whom neither x nor y
  met in the rounds already built (rounds are built in order, the freedoms recomputed at the
  start of each round: within a round no two tables share a player, so the round itself does
  not change them);
* each table of the round is filled with free pairs; the pair chosen is the one with the
  fewest *conflicts* (the pair met already, or a member met someone already at the table) and,
  among those, the largest freedom, ties broken at random. (The paper fills groups with pairs
  of maximal freedom; counting the conflicts with the table first is our adaptation, so that a
  pair never lands where it creates a repeat while a pair without one is left.)
* a table with an odd number of seats (or of size k - 1 in an uneven layout) takes its last
  player alone: the free player with the fewest conflicts at the table, then the largest
  freedom (the number of players they have not met), ties at random;
* ``fixed`` rounds (a construction's zero-repeat rounds) can be kept as they are, the greedy
  rounds following them.

Cost: one n x n matrix product per round plus an O(n^2) pick per pair (about 0.01 s a round for
100 players, 0.05 s for 200, 0.4 s for 400), so it is only used when :func:`greedy_fits`
(beyond, the search perturbs without restarting, from the construction's start).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

GREEDY_MAX_PLAYERS = 200
#: n * n * rounds at most this: a whole greedy schedule in about a second
GREEDY_MAX_WORK = 200 * 200 * 30


def greedy_fits(n: int, rounds: int) -> bool:
    """Whether greedy schedules of ``n`` players for ``rounds`` rounds are cheap enough to restart from."""
    return n <= GREEDY_MAX_PLAYERS and n * n * rounds <= GREEDY_MAX_WORK


def pair_freedom(met: np.ndarray) -> np.ndarray:
    """``F[x, y]``: players z (other than x and y) whom neither x nor y has met (``met`` boolean, n x n)."""
    n = met.shape[0]
    open_ = ~met.astype(bool)
    np.fill_diagonal(open_, False)
    u = open_.astype(np.float32)
    freedom = u @ u.T
    # z = x or z = y is never counted: open_[x, x] is False, and z = y needs open_[x, y] and open_[y, y]
    return np.rint(freedom).astype(np.int64).reshape(n, n)


def greedy_round(sizes: Sequence[int], met: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One round (table number per player) for the tables ``sizes``, given who met whom (``met``)."""
    n = met.shape[0]
    seen = met.astype(bool).copy()
    np.fill_diagonal(seen, False)
    freedom = pair_freedom(seen)
    alone = (~seen).sum(axis=1) - 1  # players a player has not met, themselves excluded
    big = 4 * (n + 1)
    # pair key: conflicts first (each worth more than any freedom), then freedom, then a random tie-break
    base = seen.astype(np.float64) * big * big - freedom + rng.random((n, n)) * 0.5
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    free = np.ones(n, dtype=bool)
    out = np.full(n, -1, dtype=np.int64)
    tables = list(rng.permutation(len(sizes)))
    for t in tables:
        seats = int(sizes[t])
        members: list[int] = []
        clash = np.zeros(n, dtype=np.int64)  # clash[p]: people at this table whom p met already
        while seats - len(members) >= 2:
            key = base + (clash[:, None] + clash[None, :]) * float(big * big)
            ok = upper & free[:, None] & free[None, :]
            key = np.where(ok, key, np.inf)
            flat = int(np.argmin(key))
            x, y = divmod(flat, n)
            for p in (x, y):
                members.append(p)
                free[p] = False
                out[p] = t
                clash += seen[:, p]
        if seats - len(members) == 1:
            key = clash * float(big) - alone + rng.random(n) * 0.5
            key[~free] = np.inf
            p = int(np.argmin(key))
            members.append(p)
            free[p] = False
            out[p] = t
    return out


def greedy_schedule(
    sizes: Sequence[int],
    rounds: int,
    rng: np.random.Generator,
    fixed: np.ndarray | None = None,
) -> np.ndarray:
    """A (rounds, n) schedule: the rows of ``fixed`` first (kept), then greedy rounds (module doc)."""
    n = int(sum(sizes))
    tab = np.zeros((rounds, n), dtype=np.int64)
    met = np.zeros((n, n), dtype=bool)
    start = 0
    if fixed is not None:
        start = min(len(fixed), rounds)
        for r in range(start):
            tab[r] = fixed[r]
            met |= fixed[r][:, None] == fixed[r][None, :]
    for r in range(start, rounds):
        tab[r] = greedy_round(sizes, met, rng)
        met |= tab[r][:, None] == tab[r][None, :]
    return tab
