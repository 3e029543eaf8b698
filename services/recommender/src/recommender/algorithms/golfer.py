"""Social-golfer engine behind event breakout rounds (players are plain integers, no community data).

The problem: seat ``n`` players for ``R`` rounds at ``T = ceil(n / k)`` tables of ``k`` or ``k - 1``
seats (sizes differ by at most one), every player once per round, so that as few pairs as
possible sit together more than once. ``repeats`` = pair-meetings beyond the first, summed over
pairs (a pair that meets three times counts 2).

Pipeline (used by :mod:`recommender.algorithms.events`):

1. :func:`table_layout` - the table sizes, or ``ValueError`` when no valid layout exists.
2. :func:`construct` - a zero-repeat start from the best applicable construction:

   * ``special-32-4``: a 10-round schedule for 32 players at tables of 4 (the social golfer
     instance 8-4-10; 10 is the maximum since 11 * 3 > 31). It is a resolvable 4-GDD of type
     2^16 invariant under Z4 x Z4, found offline by an exact cover over Z4 x Z4-orbits of
     rounds (players = Z4 x Z4 x {0, 1}); six base rounds are stored, developed by
     translation and verified when first used. (The affine route stops at 9 rounds: a
     partial spread of lines in PG(4, 2) has at most 9 lines; Z2^4- and Z16-invariant
     10-round schedules do not exist - a parity count and the same exact cover show it.)
   * ``round-robin`` (tables of 2): the circle method, n - 1 rounds (n even);
   * ``affine``: n = p^m, k = p^s (p prime): parallel classes of s-flats of AG(m, p) from a
     partial spread of s-dimensional subspaces (found by a bounded exact search) - e.g.
     13 rounds for 27 players in threes, the affine planes for n = p^2, k = p;
   * ``transversal``: players (g, x), g < k, x < T, round r seats (g, x) at table
     x - e_g * r; no pair meets twice while (e_g - e_h) * (r - r') != 0. Over GF(T) when T
     is a prime power >= k (T rounds, plus one round of tables inside the groups when k
     divides T), else over Z_T with a greedily chosen set of multipliers r (e.g. 10 rounds for
     300 players at tables of 6).

   When ``n`` is not a multiple of ``k`` the construction is built for ``T * k`` players and
   ``T * k - n`` "dummy" players that never share a table in the chosen rounds are removed,
   which leaves tables of k and k - 1. Rounds beyond what the construction covers are
   added greedily.
3. :func:`tabu_search` - when the start has more repeats than :func:`repeat_lower_bound`: the
   local search of Dotu & Van Hentenryck ("Scheduling social golfers locally", CPAIOR 2005):
   swap two players of different tables of one round, one of them in conflict (sharing a
   table with someone met elsewhere); steepest move that is not tabu (aspiration when it
   beats the best), random ties, restarts from the best schedule with random swaps when
   stuck. Incremental numpy bookkeeping (meeting counts and "met already" counts per
   round/player/table) makes every move's effect on repeats O(1) to read.
4. :func:`improve_mixing` - the secondary objective (sum of pair weights at tables): players
   in random order each take their best improving move among (a) relabellings (two players
   exchange their whole schedules: repeats cannot change) and (b) swaps within one round
   that add no repeat; optionally iterated-local-search kicks (random relabellings, then
   descent, kept only when better). Above ``MIXING_SAMPLE`` players each evaluation looks at
   a random sample of partners.

Everything is deterministic for a seed, as long as the optional deadline is not what stops a
phase (phases are bounded by iteration counts first; the deadline is a safety net).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np

__all__ = [
    "Construction",
    "ScheduleState",
    "table_layout",
    "repeat_lower_bound",
    "count_repeats",
    "construct",
    "zero_repeat_capacity",
    "tabu_search",
    "improve_mixing",
]

Rounds = list[list[list[int]]]  # rounds -> tables -> players


# ---------------------------------------------------------------------------
# layout and bounds
# ---------------------------------------------------------------------------


def table_layout(n: int, table_size: int) -> list[int]:
    """Sizes of the ``ceil(n / table_size)`` tables: ``table_size`` first, then ``table_size - 1``."""
    if table_size < 2:
        raise ValueError(f"table_size must be at least 2, got {table_size}")
    if n < table_size:
        raise ValueError(f"{n} attendees cannot fill a table of {table_size}: need at least {table_size}")
    tables = -(-n // table_size)
    short = tables * table_size - n
    if short > tables:
        raise ValueError(
            f"{n} attendees cannot sit at {tables} tables of {table_size} or {table_size - 1}: "
            f"some table would have fewer than {table_size - 1} people"
        )
    return [table_size] * (tables - short) + [table_size - 1] * short


def repeat_lower_bound(n: int, sizes: Sequence[int], rounds: int) -> int:
    """A proven lower bound on repeats, the larger of two counts.

    * pairs: pair-meetings in all rounds minus the number of distinct pairs;
    * pigeonhole (fewer tables than seats): a table of s people in round i + 1 takes them from
      the T tables of round i, so at least ``sum C(c_j, 2)`` of its pairs (c_j = s split as
      evenly as possible into T parts) also met in round i. A pair meeting in the rounds S
      is counted at most ``|S| - 1`` times over consecutive rounds, which is its repeats.
    """
    meetings = rounds * sum(s * (s - 1) // 2 for s in sizes)
    by_pairs = max(0, meetings - n * (n - 1) // 2)
    T = len(sizes)
    per_step = 0
    for s in sizes:
        q, rem = divmod(s, T)
        per_step += rem * (q + 1) * q // 2 + (T - rem) * q * (q - 1) // 2
    return max(by_pairs, (rounds - 1) * per_step)


def count_repeats(schedule: Rounds) -> tuple[int, int]:
    """(repeats, largest number of meetings of one pair) of a schedule (1 when no pair meets)."""
    counts: dict[tuple[int, int], int] = {}
    for tables in schedule:
        for table in tables:
            for a, b in combinations(sorted(table), 2):
                counts[(a, b)] = counts.get((a, b), 0) + 1
    repeats = sum(c - 1 for c in counts.values())
    return repeats, max(counts.values(), default=1)


# ---------------------------------------------------------------------------
# finite fields (only what the transversal construction needs)
# ---------------------------------------------------------------------------


def _prime_power(q: int) -> tuple[int, int] | None:
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    m = 0
    while q % p == 0:
        q //= p
        m += 1
    return (p, m) if q == 1 else None


def _poly_mod(a: list[int], mod: list[int], p: int) -> list[int]:
    a = a[:]
    while len(a) >= len(mod):
        c = a[-1]
        if c:
            shift = len(a) - len(mod)
            for i, mc in enumerate(mod):
                a[shift + i] = (a[shift + i] - c * mc) % p
        a.pop()
    return a


def _irreducible(p: int, m: int) -> list[int]:
    """A monic irreducible polynomial of degree m over GF(p), low coefficient first."""
    def polys(deg: int):
        for code in range(p**deg):
            coeffs = [(code // p**i) % p for i in range(deg)]
            yield coeffs + [1]

    for cand in polys(m):
        if cand[0] == 0:
            continue
        if all(any(_poly_mod(cand, d, p)) for deg in range(1, m // 2 + 1) for d in polys(deg)):
            return cand
    raise AssertionError("no irreducible polynomial")  # pragma: no cover - always exists


class _Field:
    """GF(p^m); elements are the integers 0..q-1 read as base-p digit vectors."""

    def __init__(self, p: int, m: int) -> None:
        self.p, self.m, self.q = p, m, p**m
        self.mod = _irreducible(p, m) if m > 1 else [0, 1]

    def _digits(self, a: int) -> list[int]:
        return [(a // self.p**i) % self.p for i in range(self.m)]

    def _value(self, digits: Sequence[int]) -> int:
        return sum(d * self.p**i for i, d in enumerate(digits))

    def mul(self, a: int, b: int) -> int:
        if self.m == 1:
            return a * b % self.p
        da, db = self._digits(a), self._digits(b)
        prod = [0] * (2 * self.m - 1)
        for i, x in enumerate(da):
            if x:
                for j, y in enumerate(db):
                    prod[i + j] = (prod[i + j] + x * y) % self.p
        return self._value(_poly_mod(prod, self.mod, self.p)[: self.m])

    def sub_all(self, c: int) -> list[int]:
        """x - c for every element x (as a list indexed by x)."""
        if self.m == 1:
            return [(x - c) % self.p for x in range(self.q)]
        dc = self._digits(c)
        return [self._value([(d - e) % self.p for d, e in zip(self._digits(x), dc)]) for x in range(self.q)]


# ---------------------------------------------------------------------------
# constructions: each returns rounds of T * k players (all tables of k), zero repeats
# ---------------------------------------------------------------------------


def _transversal(tables: int, k: int, want: int) -> tuple[str, Rounds]:
    T = tables
    pp = _prime_power(T)
    rounds: Rounds = []
    if pp is not None and T >= k:
        field = _Field(*pp)
        for r in range(min(T, want)):
            tab: list[list[int]] = [[] for _ in range(T)]
            for g in range(k):
                shifted = field.sub_all(field.mul(g, r))
                for x in range(T):
                    tab[shifted[x]].append(g * T + x)
            rounds.append(tab)
        method = f"transversal GF({T})"
    else:
        multipliers = [0]
        for r in range(1, T):
            if len(multipliers) >= want:
                break
            if all((dg * (r - s)) % T for s in multipliers for dg in range(1, k)):
                multipliers.append(r)
        for r in multipliers:
            tab = [[] for _ in range(T)]
            for g in range(k):
                for x in range(T):
                    tab[(x - g * r) % T].append(g * T + x)
            rounds.append(tab)
        method = f"transversal Z_{T}"
    if T % k == 0 and len(rounds) < want:
        # one more round: tables inside each group (those pairs never met above)
        rounds.append([[g * T + x for x in range(start, start + k)] for g in range(k) for start in range(0, T, k)])
    return method, rounds


def _round_robin(n: int, want: int) -> Rounds:
    """Circle method, n even: n - 1 rounds of pairs (at most ``want``)."""
    last = n - 1
    rounds: Rounds = []
    for r in range(min(last, want)):
        tab = [[r, last]]
        for i in range(1, n // 2):
            tab.append([(r + i) % last, (r - i) % last])
        rounds.append(tab)
    return rounds


TENURE = (4, 12)
#: above this many players, the mixing descent looks at this many random partners per move
MIXING_SAMPLE = 400
_AFFINE_MAX_POINTS = 1024
_AFFINE_MAX_SPANS = 20_000
_AFFINE_MAX_NODES = 30_000


def _vec_add(a: int, b: int, p: int, m: int) -> int:
    if p == 2:
        return a ^ b
    out = 0
    for i in range(m):
        w = p**i
        out += (((a // w) % p + (b // w) % p) % p) * w
    return out


def _vec_scale(a: int, c: int, p: int, m: int) -> int:
    out = 0
    for i in range(m):
        w = p**i
        out += (((a // w) % p) * c % p) * w
    return out


def _subspaces(p: int, m: int, s: int) -> list[frozenset[int]]:
    """All s-dimensional subspaces of GF(p)^m, as sets of their non-zero vectors."""
    q = p**m
    found: set[frozenset[int]] = set()
    out: list[frozenset[int]] = []

    def span(basis: list[int]) -> frozenset[int]:
        vecs = {0}
        for b in basis:
            vecs = {_vec_add(v, _vec_scale(b, c, p, m), p, m) for v in vecs for c in range(p)}
        return frozenset(vecs - {0})

    def extend(basis: list[int], current: frozenset[int], start: int) -> None:
        if len(basis) == s:
            if current not in found:
                found.add(current)
                out.append(current)
            return
        for v in range(start, q):
            if v in current:
                continue
            extend(basis + [v], span(basis + [v]), v + 1)

    extend([], frozenset(), 1)
    return out


def _affine(p: int, m: int, s: int, want: int) -> Rounds:
    """Parallel classes of s-flats of AG(m, p) from a partial spread (at most ``want`` rounds)."""
    q = p**m
    subs = _subspaces(p, m, s)
    containing: dict[int, list[int]] = {}
    for i, sub in enumerate(subs):
        for v in sub:
            containing.setdefault(v, []).append(i)
    per = p**s - 1
    target = min(want, (q - 1) // per)
    best: list[int] = []
    nodes = 0

    def search(chosen: list[int], covered: set[int], v: int, slack: int) -> bool:
        nonlocal best, nodes
        nodes += 1
        if len(chosen) > len(best):
            best = chosen[:]
        if len(chosen) == target:
            return True
        if nodes > _AFFINE_MAX_NODES:
            return False
        while v < q and v in covered:
            v += 1
        if v >= q:
            return False
        for i in containing.get(v, ()):
            sub = subs[i]
            if covered.isdisjoint(sub):
                chosen.append(i)
                if search(chosen, covered | sub, v + 1, slack):
                    return True
                chosen.pop()
        if slack > 0:  # leave v uncovered
            return search(chosen, covered | {v}, v + 1, slack - 1)
        return False

    search([], set(), 1, (q - 1) - target * per)
    rounds: Rounds = []
    for i in best:
        sub = sorted(subs[i] | {0})
        seen: set[int] = set()
        tab: list[list[int]] = []
        for x in range(q):
            if x in seen:
                continue
            coset = [_vec_add(x, w, p, m) for w in sub]
            seen.update(coset)
            tab.append(coset)
        rounds.append(tab)
    return rounds


# Six base rounds of a Z4 x Z4-invariant 10-round schedule of 32 players in fours: player
# 16 * l + 4 * a + b is (a, b, l) in Z4 x Z4 x {0, 1}; translating a round by (u, v) in Z4 x Z4
# gives the other rounds (the first four base rounds have 2 distinct translates, the last two
# are invariant). Each player misses exactly one other: (a, b, l) never meets (a, b + 2, l).
_SPECIAL_32_4_BASE = (
    ((0, 1, 16, 20), (2, 3, 18, 22), (4, 7, 23, 27), (5, 6, 21, 25),
     (8, 9, 24, 28), (10, 11, 26, 30), (12, 15, 19, 31), (13, 14, 17, 29)),
    ((0, 9, 17, 22), (1, 8, 25, 30), (2, 11, 19, 20), (3, 10, 27, 28),
     (4, 13, 21, 26), (5, 12, 18, 29), (6, 15, 23, 24), (7, 14, 16, 31)),
    ((0, 12, 26, 27), (1, 5, 28, 31), (2, 14, 24, 25), (3, 7, 29, 30),
     (4, 8, 18, 19), (6, 10, 16, 17), (9, 13, 20, 23), (11, 15, 21, 22)),
    ((0, 7, 21, 28), (1, 14, 19, 26), (2, 5, 23, 30), (3, 12, 17, 24),
     (4, 11, 16, 25), (6, 9, 18, 27), (8, 15, 20, 29), (10, 13, 22, 31)),
    ((0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14),
     (16, 23, 26, 29), (17, 20, 27, 30), (18, 21, 24, 31), (19, 22, 25, 28)),
    ((0, 6, 8, 14), (1, 7, 9, 15), (2, 4, 10, 12), (3, 5, 11, 13),
     (16, 22, 24, 30), (17, 23, 25, 31), (18, 20, 26, 28), (19, 21, 27, 29)),
)


@lru_cache(maxsize=1)
def _special_32_4() -> tuple[tuple[tuple[int, ...], ...], ...]:
    def move(x: int, u: int, v: int) -> int:
        level, rest = divmod(x, 16)
        a, b = divmod(rest, 4)
        return 16 * level + 4 * ((a + u) % 4) + (b + v) % 4

    out: list[tuple[tuple[int, ...], ...]] = []
    seen: set[frozenset[frozenset[int]]] = set()
    for base in _SPECIAL_32_4_BASE:
        for u in range(4):
            for v in range(4):
                rnd = frozenset(frozenset(move(x, u, v) for x in t) for t in base)
                if rnd not in seen:
                    seen.add(rnd)
                    out.append(tuple(tuple(sorted(t)) for t in sorted(rnd, key=min)))
    schedule = [[list(t) for t in r] for r in out]
    repeats, _ = count_repeats(schedule)
    if len(out) != 10 or repeats or any(sorted(x for t in r for x in t) != list(range(32)) for r in out):
        raise AssertionError("stored 32/4 schedule is invalid")  # pragma: no cover
    return tuple(out)


def _dummies(rounds: Rounds, total: int, count: int) -> list[int] | None:
    """``count`` players that never share a table in ``rounds`` (highest numbers first), or None."""
    if count == 0:
        return []
    met = [set() for _ in range(total)]
    for tables in rounds:
        for t in tables:
            for a in t:
                met[a].update(t)
    order = list(range(total - 1, -1, -1))
    nodes = 0

    def pick(chosen: list[int], start: int) -> list[int] | None:
        nonlocal nodes
        if len(chosen) == count:
            return chosen
        for i in range(start, len(order)):
            nodes += 1
            if nodes > 50_000:
                return None
            c = order[i]
            if all(c not in met[d] for d in chosen):
                got = pick(chosen + [c], i + 1)
                if got is not None:
                    return got
        return None

    return pick([], 0)


@dataclass(frozen=True)
class Construction:
    """A zero-repeat start: ``rounds`` on players 0..n-1 (tables of k and k - 1)."""

    method: str
    rounds: Rounds
    capacity: int  # rounds this construction provides without any repeat


def _candidates(n: int, k: int, want: int) -> Iterator[tuple[str, Rounds]]:
    """Constructions for T * k players, most rounds first (lazily: the caller stops early)."""
    T = -(-n // k)
    full = T * k
    if k == 4 and full == 32:
        yield "special-32-4", [[list(t) for t in r] for r in _special_32_4()[:want]]
    if k == 2:
        yield "round-robin", _round_robin(full, want)
    yield _transversal(T, k, want)
    pp = _prime_power(full)
    kk = _prime_power(k)
    if pp is not None and kk is not None and pp[0] == kk[0] and kk[1] < pp[1] and full <= _AFFINE_MAX_POINTS:
        p, m = pp
        s = kk[1]
        if (full - 1) ** s <= _AFFINE_MAX_SPANS:
            yield f"affine AG({m},{p})", _affine(p, m, s, min(want, (full - 1) // (k - 1)))


def _strip(method: str, rounds: Rounds, n: int, k: int) -> Construction | None:
    """Remove the dummies (keeping as many rounds as possible) and renumber players 0..n-1."""
    T = -(-n // k)
    full = T * k
    for keep in range(len(rounds), 0, -1):
        chosen = rounds[:keep]
        dummies = _dummies(chosen, full, full - n)
        if dummies is None:
            continue
        gone = set(dummies)
        number = {}
        for x in range(full):
            if x not in gone:
                number[x] = len(number)
        stripped = [[[number[x] for x in t if x not in gone] for t in r] for r in chosen]
        return Construction(method=method, rounds=stripped, capacity=keep)
    return None


@lru_cache(maxsize=64)
def _best_construction(n: int, k: int, want: int) -> Construction:
    best: Construction | None = None
    full = -(-n // k) * k
    for method, rounds in _candidates(n, k, want):
        c = _strip(method, rounds, n, k)
        if c is not None and (best is None or c.capacity > best.capacity):
            best = c
        if best is not None and best.capacity >= min(want, (full - 1) // (k - 1)):
            break  # enough, or the most a schedule of T * k people can have (k - 1 partners a round)
    assert best is not None  # the transversal construction always gives one round
    return best


def zero_repeat_capacity(n: int, table_size: int) -> int:
    """Rounds the constructions seat without any repeat (so the solver's answer then has none)."""
    table_layout(n, table_size)
    return _best_construction(n, table_size, max(1, n - 1)).capacity


def construct(n: int, table_size: int, rounds: int, rng: np.random.Generator) -> tuple[str, int, np.ndarray]:
    """A start schedule as a (rounds, n) array of table numbers: (method, zero-repeat rounds, array).

    The construction's rounds come first (players relabelled at random), then greedy rounds
    that avoid earlier partners as far as possible.
    """
    sizes = table_layout(n, table_size)
    T = len(sizes)
    c = _best_construction(n, table_size, rounds)
    perm = rng.permutation(n)  # construction player i -> attendee perm[i]
    tab = np.zeros((rounds, n), dtype=np.int64)
    used = min(rounds, c.capacity)
    for r in range(used):
        for t, members in enumerate(c.rounds[r]):
            tab[r, perm[members]] = t
    met = np.zeros((n, n), dtype=np.int32)
    for r in range(used):
        met += tab[r][:, None] == tab[r][None, :]
    for r in range(used, rounds):
        tab[r] = _greedy_round(sizes, met, rng)
        met += tab[r][:, None] == tab[r][None, :]
    method = c.method if used == rounds else f"{c.method} + greedy"
    return method, used, tab


def _greedy_round(sizes: Sequence[int], met: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = met.shape[0]
    T = len(sizes)
    free = np.array(sizes, dtype=np.int64)
    clash = np.zeros((n, T), dtype=np.int64)  # clash[p, t]: people at t whom p met already
    out = np.full(n, -1, dtype=np.int64)
    seen = met > 0
    for p in rng.permutation(n):
        score = clash[p] * 4 * n - free + rng.random(T)  # fewest clashes, then emptiest table
        score[free == 0] = np.inf
        t = int(np.argmin(score))
        out[p] = t
        free[t] -= 1
        clash[:, t] += seen[:, p]
    return out


# ---------------------------------------------------------------------------
# incremental state
# ---------------------------------------------------------------------------


class ScheduleState:
    """A schedule with incremental meeting counts.

    * ``tab[r, p]``: table of player p in round r;
    * ``M[a, b]``: rounds in which a and b share a table;
    * ``add1[r, t, p]``: players at table t in round r whom p meets at least once (M >= 1);
    * ``add2[r, t, p]``: the same with M >= 2;
    * ``cost``: repeats (sum over pairs of max(M - 1, 0)).

    Swapping p (table A) with q (table B) in round r changes repeats by
    ``add1[r,B,p] + add1[r,A,q] - 2*[M[p,q] >= 1] - add2[r,A,p] - add2[r,B,q]``.
    (Tables come before players so that moving a player updates contiguous rows.)
    """

    def __init__(self, tab: np.ndarray, n_tables: int) -> None:
        self.tab = tab.copy()
        self.R, self.n = tab.shape
        self.T = n_tables
        self._rebuild()

    def _rebuild(self) -> None:
        R, n, T = self.R, self.n, self.T
        self.members: list[list[list[int]]] = []
        M = np.zeros((n, n), dtype=np.int32)
        for r in range(R):
            M += self.tab[r][:, None] == self.tab[r][None, :]
            rows: list[list[int]] = [[] for _ in range(T)]
            for p, t in enumerate(self.tab[r].tolist()):
                rows[t].append(p)
            self.members.append(rows)
        np.fill_diagonal(M, 0)
        self.M = M
        self.I1 = (M >= 1).astype(np.int32)
        self.I2 = (M >= 2).astype(np.int32)
        self.add1 = np.zeros((R, T, n), dtype=np.int32)
        self.add2 = np.zeros((R, T, n), dtype=np.int32)
        for r in range(R):
            for t in range(T):
                rows = self.members[r][t]
                if rows:  # M is symmetric: sum rows, not columns
                    self.add1[r, t, :] = self.I1[rows].sum(axis=0)
                    self.add2[r, t, :] = self.I2[rows].sum(axis=0)
        self.cost = int(np.maximum(M - 1, 0).sum() // 2)
        self._rg = np.arange(R)[:, None]
        self._pg = np.arange(n)[None, :]

    def load(self, tab: np.ndarray) -> None:
        self.tab = tab.copy()
        self._rebuild()

    def max_meetings(self) -> int:
        return int(self.M.max()) if self.n > 1 else 0

    def own(self, which: np.ndarray) -> np.ndarray:
        """``which[r, tab[r, p], p]`` for every (r, p)."""
        return which[self._rg, self.tab, self._pg]

    def swap(self, r: int, p: int, q: int) -> None:
        """Players p and q exchange tables in round r."""
        A = int(self.tab[r, p])
        B = int(self.tab[r, q])
        if A == B:
            return
        mates_p = [x for x in self.members[r][A] if x != p]
        mates_q = [y for y in self.members[r][B] if y != q]
        I1, I2 = self.I1, self.I2
        d1 = I1[q] - I1[p]
        self.add1[r, A] += d1
        self.add1[r, B] -= d1
        d2 = I2[q] - I2[p]
        self.add2[r, A] += d2
        self.add2[r, B] -= d2
        self.tab[r, p] = B
        self.tab[r, q] = A
        self.members[r][A] = mates_p + [q]
        self.members[r][B] = mates_q + [p]
        kp, kq = len(mates_p), len(mates_q)
        if kp + kq == 0:
            return
        a = np.array([p] * kp + [q] * kp + [q] * kq + [p] * kq, dtype=np.int64)
        b = np.array(mates_p + mates_p + mates_q + mates_q, dtype=np.int64)
        d = np.array([-1] * kp + [1] * kp + [-1] * kq + [1] * kq, dtype=np.int32)
        M = self.M
        old = M[a, b]
        new = old + d
        M[a, b] = new
        M[b, a] = new
        self.cost += int((np.maximum(new - 1, 0) - np.maximum(old - 1, 0)).sum())
        for level, I, add in ((1, I1, self.add1), (2, I2, self.add2)):
            cross = (old >= level) != (new >= level)
            if not cross.any():
                continue
            ca, cb = a[cross], b[cross]
            up = new[cross] >= level
            I[ca, cb] = up
            I[cb, ca] = up
            sign = np.where(up, 1, -1).astype(np.int32)
            players = np.concatenate([ca, cb])
            tables = self.tab[:, np.concatenate([cb, ca])]
            np.add.at(add, (self._rg, tables, players[None, :]), np.concatenate([sign, sign])[None, :])

    def relabel(self, a: int, b: int) -> None:
        """Players a and b exchange their whole schedules (repeats unchanged)."""
        for r in range(self.R):
            if self.tab[r, a] != self.tab[r, b]:
                self.swap(r, a, b)

    def rounds(self) -> Rounds:
        return [[sorted(t) for t in rows] for rows in self.members]


# ---------------------------------------------------------------------------
# phase 1: repeats (tabu search)
# ---------------------------------------------------------------------------


@dataclass
class SearchStats:
    iterations: int = 0
    restarts: int = 0
    stopped_by: str = "target"


def tabu_search(
    state: ScheduleState,
    rng: np.random.Generator,
    *,
    target: int = 0,
    max_iterations: int = 200_000,
    patience: int = 10_000,
    stall_restart: int = 600,
    deadline: float | None = None,
) -> SearchStats:
    """Minimise repeats in place (leaves ``state`` at the best schedule found).

    Stops at ``target`` repeats, after ``max_iterations`` moves, after ``patience`` moves
    without a new best (across restarts), or at ``deadline`` (``time.monotonic()``).
    """
    stats = SearchStats()
    R, n = state.R, state.n
    if state.cost <= target:
        return stats
    best_cost = state.cost
    best_tab = state.tab.copy()
    since_best = 0
    since_restart = 0
    tabu: dict[tuple[int, int, int], int] = {}
    big = 1 << 30
    T = state.T
    allq = np.arange(n)[None, :]
    row_of = np.full((R, n), -1, dtype=np.int64)
    for it in range(max_iterations):
        stats.iterations = it + 1
        if deadline is not None and (it & 31) == 0 and time.monotonic() > deadline:
            stats.stopped_by = "time"
            break
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
        tabu[(r, min(p, q), max(p, q))] = it + int(rng.integers(TENURE[0], TENURE[1]))
        if state.cost < best_cost:
            best_cost = state.cost
            best_tab = state.tab.copy()
            since_best = 0
            since_restart = 0
            if best_cost <= target:
                break
        else:
            since_best += 1
            since_restart += 1
            if since_best >= patience:
                stats.stopped_by = "patience"
                break
            if since_restart >= stall_restart:
                # restart from the best schedule with a few random swaps
                tab = best_tab.copy()
                for _ in range(max(2, R)):
                    rr_ = int(rng.integers(R))
                    a, b = (int(x) for x in rng.choice(n, size=2, replace=False))
                    tab[rr_, a], tab[rr_, b] = tab[rr_, b], tab[rr_, a]
                state.load(tab)
                tabu.clear()
                since_restart = 0
                stats.restarts += 1
    else:
        stats.stopped_by = "iterations"
    if state.cost > best_cost:
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
