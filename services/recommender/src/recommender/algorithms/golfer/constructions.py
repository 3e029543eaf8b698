"""Zero-repeat starting schedules: the constructions, the removal of dummy players, greedy extra rounds."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from recommender.algorithms.golfer.abelian import translation_schedule
from recommender.algorithms.golfer.cyclic import cyclic_schedule
from recommender.algorithms.golfer.finite_field import Field, prime_power, subspaces, vector_add
from recommender.algorithms.golfer.kirkman import kirkman_3q, kirkman_order
from recommender.algorithms.golfer.layout import Rounds, table_layout
from recommender.algorithms.golfer.projective import PACKING_PRIMES, pg3_packing

_AFFINE_MAX_POINTS = 1024
_AFFINE_MAX_SPANS = 20_000
_AFFINE_MAX_NODES = 30_000
_CYCLIC_MAX_PLAYERS = 100  # the developed-base-round search (cyclic.py) is tried up to this size
_CYCLIC_TRIES = 2  # round counts tried: the most a schedule can have, then one fewer
# (seeded restarts, budget factor for resolvable designs) of that search: construct() (one
# instance, a 60 s budget) searches longer than zero_repeat_capacity() (a quick promise, called for
# many sizes), so it seats at least as many rounds
CAPACITY_EFFORT = (1, 1)
CONSTRUCT_EFFORT = (2, 10)
_LONG_SEARCH_MAX_PLAYERS = 40  # above, construct() searches no longer than zero_repeat_capacity()

# Each construction returns rounds of T * k players (all tables of k), zero repeats.


def _ring(T: int, k: int) -> list[Field] | None:
    """The fields GF(q_i) of T = q_1 * q_2 * ... (distinct primes), when every q_i >= k, else None."""
    fields: list[Field] = []
    rest = T
    while rest > 1:
        p = next(d for d in range(2, rest + 1) if rest % d == 0)
        m = 0
        while rest % p == 0:
            rest //= p
            m += 1
        if p**m < k:
            return None
        fields.append(Field(p, m))
    return fields


def _transversal(tables: int, k: int, want: int) -> tuple[str, Rounds]:
    """Players (g, x), g < k groups, x in a ring R of T elements; round r seats (g, x) at table x - e_g * r.

    Two players of groups g != h meet in rounds r and r' only if (e_g - e_h) * (r - r') = 0. Over
    R = GF(q_1) x ... x GF(q_j) (T = q_1 * ... * q_j, prime powers of distinct primes, all >= k)
    take e_g = (g, ..., g): every difference e_g - e_h is a unit, so all T rounds are repeat-free.
    This is MacNeish's product of the Latin squares L_c(x, r) = x - c * r over the fields
    (H. F. MacNeish, "Euler squares", Ann. of Math. 23, 1922; Colbourn & Dinitz, Handbook of
    Combinatorial Designs, III.3 "Mutually orthogonal Latin squares"): a resolvable transversal
    design TD(k, T). Otherwise Z_T with a greedily chosen set of round multipliers r.
    """
    T = tables
    fields = _ring(T, k)
    rounds: Rounds = []
    if fields is not None:
        sizes = [f.q for f in fields]

        def split(x: int) -> list[int]:
            out = []
            for q in sizes:
                x, d = divmod(x, q)
                out.append(d)
            return out

        def join(digits: list[int]) -> int:
            x = 0
            for q, d in zip(reversed(sizes), reversed(digits)):
                x = x * q + d
            return x

        for r in range(min(T, want)):
            tab: list[list[int]] = [[] for _ in range(T)]
            rd = split(r)
            for g in range(k):
                shifts = [f.sub_all(f.mul(g, c)) for f, c in zip(fields, rd)]
                for x in range(T):
                    xd = split(x)
                    tab[join([sh[d] for sh, d in zip(shifts, xd)])].append(g * T + x)
            rounds.append(tab)
        method = f"transversal GF({T})" if len(fields) == 1 else "transversal " + " x ".join(f"GF({q})" for q in sizes)
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


def _affine(p: int, m: int, s: int, want: int) -> Rounds:
    """Parallel classes of s-flats of AG(m, p) from a partial spread (at most ``want`` rounds)."""
    q = p**m
    subs = subspaces(p, m, s)
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
            coset = [vector_add(x, w, p, m) for w in sub]
            seen.update(coset)
            tab.append(coset)
        rounds.append(tab)
    return rounds


# Zero-repeat schedules invariant under an abelian translation group (module abelian), by size:
# (players, table size) -> (the group's cyclic factors, levels, rounds, the leave's difference).
# 32 in fours for 10 rounds: a resolvable 4-GDD of type 2^16 over Z4 x Z4 (each player misses
# the one other with the same first coordinate, second coordinate + 2, same level).
_TRANSLATION_DESIGNS = {(32, 4): ((4, 4), 2, 10, (0, 2))}


@lru_cache(maxsize=4)
def _translation_design(full: int, k: int) -> tuple[str, tuple[tuple[tuple[int, ...], ...], ...]] | None:
    moduli, levels, rounds, leave = _TRANSLATION_DESIGNS[(full, k)]
    schedule = translation_schedule(moduli, levels, k, rounds, (leave,))
    if schedule is None:
        return None  # pragma: no cover - the search is deterministic and finds one
    group = " x ".join(f"Z_{q}" for q in moduli)
    return f"resolvable {k}-GDD of type 2^{full // 2} over {group}", tuple(tuple(tuple(t) for t in r) for r in schedule)


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


def _candidates(
    n: int, k: int, want: int, cyclic_above: int, effort: tuple[int, int] | None
) -> Iterator[tuple[str, Rounds]]:
    """Constructions for T * k players (lazily: the caller stops early).

    The developed-base-round search (the costliest) only for round counts above ``cyclic_above``,
    with ``effort`` (restarts, factor; not at all when None).
    """
    T = -(-n // k)
    full = T * k
    if (full, k) in _TRANSLATION_DESIGNS and (design := _translation_design(full, k)) is not None:
        method, schedule = design
        yield method, [[list(t) for t in r] for r in schedule[:want]]
    if k == 2:
        yield "round-robin", _round_robin(full, want)
    if k == 3 and (q := kirkman_order(full)) is not None:
        yield f"Kirkman triple system KTS({full})", kirkman_3q(q)[:want]
    for q in PACKING_PRIMES:
        if k == q + 1 and full == (q * q + 1) * (q + 1):
            packing = pg3_packing(q)
            if packing is not None:
                yield f"packing of PG(3,{q})", packing[:want]
    yield _transversal(T, k, want)
    pp = prime_power(full)
    kk = prime_power(k)
    if pp is not None and kk is not None and pp[0] == kk[0] and kk[1] < pp[1] and full <= _AFFINE_MAX_POINTS:
        p, m = pp
        s = kk[1]
        if (full - 1) ** s <= _AFFINE_MAX_SPANS:
            yield f"affine AG({m},{p})", _affine(p, m, s, min(want, (full - 1) // (k - 1)))
    if k > 2 and full <= _CYCLIC_MAX_PLAYERS and effort:
        top = (full - 1) // (k - 1)  # independent of want, so that truncations agree
        for r in range(top, max(1, top - _CYCLIC_TRIES, cyclic_above), -1):
            got = cyclic_schedule(full, k, r, restarts=effort[0], tight_factor=effort[1])
            if got is not None:
                yield got[0], got[1][:want]
                break


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


@lru_cache(maxsize=256)
def _best_construction(n: int, k: int, want: int, effort: tuple[int, int] | None = CAPACITY_EFFORT) -> Construction:
    best: Construction | None = None
    full = -(-n // k) * k
    # the cheap constructions' capacity for any number of rounds: the search is tried above it only
    # (independent of want, so that construct(n, k, zero_repeat_capacity(n, k)) agrees)
    above = _best_construction(n, k, max(1, n - 1), None).capacity if effort else n
    for method, rounds in _candidates(n, k, want, above, effort):
        c = _strip(method, rounds, n, k)
        if c is not None and (best is None or c.capacity > best.capacity):
            best = c
        if best is not None and best.capacity >= min(want, (full - 1) // (k - 1)):
            break  # enough, or the most a schedule of T * k people can have (k - 1 partners a round)
    assert best is not None  # the transversal construction always gives one round
    return best


def _for_rounds(n: int, k: int, rounds: int) -> Construction:
    """What zero_repeat_capacity promises when that covers ``rounds``, else the longer search."""
    full = -(-n // k) * k
    if full > _CYCLIC_MAX_PLAYERS:
        return _best_construction(n, k, rounds)  # no base-round search: only the quick constructions
    promised = _best_construction(n, k, max(1, n - 1))
    if promised.capacity >= rounds or full > _LONG_SEARCH_MAX_PLAYERS:
        return promised
    return max(promised, _best_construction(n, k, rounds, CONSTRUCT_EFFORT), key=lambda c: c.capacity)


def zero_repeat_capacity(n: int, table_size: int) -> int:
    """Rounds the constructions seat without any repeat (so the solver's answer then has none).

    A promise, not the limit: :func:`construct` searches longer and may seat more.
    """
    table_layout(n, table_size)
    return _best_construction(n, table_size, max(1, n - 1)).capacity


def construct(n: int, table_size: int, rounds: int, rng: np.random.Generator) -> tuple[str, int, np.ndarray]:
    """A start schedule as a (rounds, n) array of table numbers: (method, zero-repeat rounds, array).

    The construction's rounds come first (players relabelled at random), then greedy rounds
    that avoid earlier partners as far as possible.
    """
    sizes = table_layout(n, table_size)
    c = _for_rounds(n, table_size, rounds)
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


def construction_for(n: int, table_size: int, rounds: int) -> Construction | None:
    """The construction that seats ``rounds`` rounds of ``n`` at tables of ``table_size`` without repeats.

    Possibly truncated (its first ``rounds`` rounds) and with dummy players removed (n not a
    multiple of the table size: tables of k and k - 1). None when no construction covers it;
    the solver then starts from the best one and searches.
    """
    table_layout(n, table_size)
    c = _for_rounds(n, table_size, rounds)
    if c.capacity < rounds:
        return None
    return Construction(method=c.method, rounds=c.rounds[:rounds], capacity=c.capacity)
