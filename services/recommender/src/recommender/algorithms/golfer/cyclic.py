"""Schedules developed from one base round by a point permutation of order R (R rounds, no repeat).

The method of differences, resolvable form: a permutation ``sigma`` of the players whose powers
``sigma^0 .. sigma^(R-1)`` map a *base round* (a partition of the players into tables of k) to R
rounds. A pair meets in rounds j and l exactly when ``sigma^(l-j)`` maps a pair of the base round
to another pair of the base round in the same orbit (or to itself); so the R rounds are free of
repeats iff (a) every pair seated together in the base round has an orbit of length R under
``sigma`` and (b) no two such pairs share an orbit. More generally (1-rotational designs) ``sigma``
may have order h * R and the base round be invariant under ``tau = sigma^R``: a pair orbit of
length s may then hold up to s / R pairs of the base round (a pair lies in hits * R / s rounds).
This is how cyclic and 1-rotational resolvable designs are built: see M. Buratti and F. Zuanni,
"G-invariantly resolvable Steiner 2-designs which are 1-rotational over G", Bull. Belg. Math.
Soc. 5 (1998) 221-235; M. Buratti, "On resolvable difference families", Des. Codes Cryptogr.
11 (1997) 11-23; Colbourn & Dinitz (eds.), *Handbook of Combinatorial Designs*, 2nd ed. (2007),
chapters on difference families and resolvable designs. The base round is found here by a
bounded, seeded backtracking search; the developed schedule is verified before use.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache

from recommender.algorithms.golfer.layout import Rounds, count_repeats



def permutation_order(sigma: Sequence[int]) -> int:
    order, x = 1, list(sigma)
    while any(v != i for i, v in enumerate(x)):
        x = [sigma[v] for v in x]
        order += 1
    return order


def pair_orbits(sigma: Sequence[int]) -> tuple[list[list[int]], list[int]]:
    """``(orbit, sizes)``: ``orbit[a][b]`` is the id of the orbit of {a, b} under ``sigma``."""
    n = len(sigma)
    orbit = [[-1] * n for _ in range(n)]
    sizes: list[int] = []
    for a in range(n):
        for b in range(a + 1, n):
            if orbit[a][b] != -1:
                continue
            label = len(sizes)
            x, y, size = a, b, 0
            while orbit[x][y] == -1:
                orbit[x][y] = orbit[y][x] = label
                size += 1
                x, y = sigma[x], sigma[y]
            sizes.append(size)
    return orbit, sizes


def develop(base: Sequence[Sequence[int]], sigma: Sequence[int], rounds: int) -> Rounds:
    """The rounds ``sigma^j(base)``, j < rounds."""
    out: Rounds = []
    current = [list(t) for t in base]
    for _ in range(rounds):
        out.append([sorted(t) for t in current])
        current = [[sigma[x] for x in t] for t in current]
    return out


def base_round(
    sigma: Sequence[int],
    rounds: int,
    k: int,
    *,
    blocks: Sequence[Sequence[int]] | None = None,
    seed: int = 0,
    max_nodes: int = 20_000,
    restarts: int = 4,
    tight_factor: int = 1,
) -> list[list[int]] | None:
    """A base round whose development has no repeat (tables of ``k``), or None when the bounded search fails.

    ``blocks`` restricts tables to the given sets (e.g. the lines of a geometry). When every pair
    orbit must be filled (a resolvable design) the budget is ``tight_factor`` times larger.
    """
    n = len(sigma)
    m = permutation_order(sigma)
    if n % k or m % rounds:
        return None
    tau = list(range(n))
    for _ in range(rounds):
        tau = [sigma[x] for x in tau]
    orbit, sizes = pair_orbits(sigma)
    cap = [s // rounds for s in sizes]
    # every player meets rounds * (k - 1) different people, each pair in an orbit that may hold it
    if any(sum(1 for b in range(n) if b != a and cap[orbit[a][b]]) < rounds * (k - 1) for a in range(n)):
        return None
    by_point: dict[int, list[tuple[int, ...]]] | None = None
    if blocks is not None:
        by_point = {}
        for blk in blocks:
            t = tuple(sorted(blk))
            if len(t) == k:
                for x in t:
                    by_point.setdefault(x, []).append(t)
    if sum(cap) == n * (k - 1) // 2:
        max_nodes *= tight_factor
    rng = random.Random(seed)
    for _ in range(restarts):
        found = _Search(n, k, orbit, cap, tau, m // rounds, by_point, rng, max_nodes).run()
        if found is not None and count_repeats(develop(found, sigma, rounds))[0] == 0:
            return found
    return None


class _Search:
    """Backtracking over the base round, one tau-orbit of tables at a time (most constrained player first)."""

    def __init__(self, n, k, orbit, cap, tau, h, by_point, rng, max_nodes) -> None:  # noqa: ANN001
        self.n, self.k, self.orbit, self.cap, self.tau, self.h = n, k, orbit, cap, tau, h
        self.by_point, self.rng, self.max_nodes = by_point, rng, max_nodes
        self.free = [True] * n
        self.hits = [0] * len(cap)
        self.tables: list[list[int]] = []
        self.nodes = 0
        self.order = list(range(n))
        rng.shuffle(self.order)
        self.torbit: list[frozenset[int]] = []
        for a in range(n):
            images, x = {a}, tau[a]
            while x != a:
                images.add(x)
                x = tau[x]
            self.torbit.append(frozenset(images))
        # a table's tau-images put |tau-orbit of the pair| pairs into the pair's orbit at once
        self.step = [0] * len(cap)
        for a in range(n):
            for b in range(a + 1, n):
                o = orbit[a][b]
                if not self.step[o]:
                    x, y, size = tau[a], tau[b], 1
                    while {x, y} != {a, b}:
                        x, y, size = tau[x], tau[y], size + 1
                    self.step[o] = size
        # tight: the base round's pairs must fill every orbit to its cap; then branch on the orbit
        # with the fewest free pairs left (as in searches for difference families)
        self.tight = sum(cap) == n * (k - 1) // 2
        self.orbit_pairs: list[list[tuple[int, int]]] = [[] for _ in cap]
        if self.tight:
            for a in range(n):
                for b in range(a + 1, n):
                    if cap[orbit[a][b]]:
                        self.orbit_pairs[orbit[a][b]].append((a, b))

    def run(self) -> list[list[int]] | None:
        return [sorted(t) for t in self.tables] if self.place() else None

    def usable(self, a: int, b: int) -> bool:
        o = self.orbit[a][b]
        return self.hits[o] + self.step[o] <= self.cap[o]

    def place(self) -> bool:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            return False
        free, n = self.free, self.n
        p, fewest = None, n
        for x in self.order:
            if free[x]:
                count = sum(1 for q in range(n) if free[q] and q != x and self.usable(x, q))
                if count < fewest:
                    p, fewest = x, count
        if p is None:
            return True
        if fewest < self.k - 1:
            return False
        options = self.options(p)
        if self.tight:
            best, best_pairs = None, None
            for o, pairs in enumerate(self.orbit_pairs):
                need = self.cap[o] - self.hits[o]
                if need:
                    open_pairs = [ab for ab in pairs if free[ab[0]] and free[ab[1]]]
                    if len(open_pairs) < need:
                        return False
                    if best_pairs is None or len(open_pairs) < len(best_pairs):
                        best, best_pairs = o, open_pairs
            if best_pairs is not None:
                options = self.pair_options(best_pairs)
        for block in options:
            images = self.images(block)
            if images is None:
                continue
            added = self.count(images)
            if added is None:
                continue
            for t in images:
                for x in t:
                    free[x] = False
            self.tables.extend(images)
            if self.place():
                return True
            del self.tables[-len(images):]
            for t in images:
                for x in t:
                    free[x] = True
            for o in added:
                self.hits[o] -= 1
            if self.nodes > self.max_nodes:
                return False
        return False

    def options(self, p: int):  # noqa: ANN201 - a generator of candidate tables holding p
        if self.by_point is not None:
            opts = [t for t in self.by_point.get(p, ()) if all(self.free[x] for x in t)]
            self.rng.shuffle(opts)
            yield from opts
            return
        yield from self.extend([p])

    def pair_options(self, pairs: list[tuple[int, int]]):  # noqa: ANN201 - tables holding one of the pairs
        pairs = pairs[:]
        self.rng.shuffle(pairs)
        for a, b in pairs:
            if self.fits([a], b):
                yield from self.extend([a, b])

    def fits(self, block: list[int], q: int) -> bool:
        """q may join ``block``: free with its tau-images, no pair orbit over its cap, tau-compatible."""
        tq = self.torbit[q]
        if not all(self.free[y] for y in tq) or not all(self.usable(x, q) for x in block):
            return False
        return (
            len(tq) == 1
            or all(tq.isdisjoint(self.torbit[x]) or len(self.torbit[x]) == 1 for x in block)
            or all(tq == self.torbit[x] or len(self.torbit[x]) == 1 for x in block)
        )

    def extend(self, block: list[int], cands: list[int] | None = None):  # noqa: ANN201
        """Tables completing ``block``; later players are drawn from ``cands`` in list order."""
        if len(block) == self.k:
            yield tuple(block)
            return
        if cands is None:
            cands = [q for q in range(self.n) if self.free[q] and q not in block and self.fits(block, q)]
            self.rng.shuffle(cands)
        need = self.k - len(block)
        for i, q in enumerate(cands):
            if len(cands) - i < need:
                return
            self.nodes += 1
            if self.nodes > self.max_nodes:
                return
            block.append(q)
            rest = [r for r in cands[i + 1 :] if self.fits(block, r)] if need > 1 else []
            if need == 1 or len(rest) >= need - 1:
                yield from self.extend(block, rest)
            block.pop()

    def images(self, block: tuple[int, ...]) -> list[list[int]] | None:
        """The distinct tau-images of ``block`` when they are disjoint and free, else None."""
        out: list[list[int]] = []
        seen: set[frozenset[int]] = set()
        covered: set[int] = set()
        t = list(block)
        for _ in range(self.h):
            key = frozenset(t)
            if key in seen:
                break
            if covered & key or not all(self.free[x] for x in t):
                return None
            seen.add(key)
            covered |= key
            out.append(sorted(t))
            t = [self.tau[x] for x in t]
        return out

    def count(self, images: list[list[int]]) -> list[int] | None:
        """Add the pairs of ``images`` to the orbit hits (None and nothing added when a cap is exceeded)."""
        added: list[int] = []
        for t in images:
            for i, a in enumerate(t):
                for b in t[i + 1 :]:
                    o = self.orbit[a][b]
                    if self.hits[o] >= self.cap[o]:
                        for u in added:
                            self.hits[u] -= 1
                        return None
                    self.hits[o] += 1
                    added.append(o)
        return added


def _cycles(lengths: Sequence[int]) -> list[int]:
    sigma: list[int] = []
    start = 0
    for length in lengths:
        sigma += [start + (i + 1) % length for i in range(length)]
        start += length
    return sigma


def cycle_types(n: int, k: int, rounds: int) -> list[tuple[int, ...]]:
    """The permutations tried for n players, tables of k, ``rounds`` rounds, as cycle lengths.

    * (rounds,) * c + (1,) * f, n = c * rounds + f, f < rounds fixed players (at most one per table):
      the rounds are the translates of the base round by Z_rounds;
    * (n - 1, 1) when rounds divides n - 1: 1-rotational over Z_(n-1) (one fixed player);
    * (n - f, f), f = n mod rounds > 1 dividing n - f: one long cycle and the f players left over
      in a cycle of their own, so the base round must be invariant under sigma^rounds, of order
      (n - f) / rounds: a smaller search (36 in fours for 11 rounds: Z_33 and a 3-cycle).
    """
    out: list[tuple[int, ...]] = []
    f = n % rounds  # the fewest fixed players
    if f <= n // k and n > f:
        out.append((rounds,) * ((n - f) // rounds) + (1,) * f)
    if (n - 1) % rounds == 0 and n - 1 > rounds:
        out.append((n - 1, 1))
    if f > 1 and n - f > rounds and (n - f) % f == 0:
        out.append((n - f, f))
    return out


@lru_cache(maxsize=256)
def cyclic_schedule(
    n: int, k: int, rounds: int, *, restarts: int = 1, tight_factor: int = 1, max_nodes: int = 20_000
) -> tuple[str, Rounds] | None:
    """A zero-repeat schedule of ``rounds`` rounds developed from a base round, or None.

    The players are the points of the cycles of :func:`cycle_types` (Z_m x {levels} plus fixed
    players); the first cycle type whose bounded search (``restarts`` seeded runs of at most
    ``max_nodes`` nodes, ``tight_factor`` times more for resolvable designs) succeeds is used.
    """
    if n % k or rounds < 2 or rounds * (k - 1) > n - 1:
        return None
    if n == k * k and rounds == k + 1 and k in (6, 10):
        return None  # an affine plane of order 6 or 10: none exists (Tarry 1900; Lam, Thiel, Swiercz 1989)
    types = [(lengths, _cycles(lengths)) for lengths in cycle_types(n, k, rounds)]
    # a short run of every type first (which type has a base round varies), then the long runs,
    # the most symmetric type first (a base round invariant under a larger tau: a smaller search)
    stages = [(1, 1), (restarts, tight_factor)] if (restarts, tight_factor) != (1, 1) else [(1, 1)]
    for stage, (stage_restarts, stage_factor) in enumerate(stages):
        order = types if stage == 0 else sorted(types, key=lambda t: -max(t[0]))
        for lengths, sigma in order:
            base = base_round(
                sigma, rounds, k, seed=n * 1000 + rounds, max_nodes=max_nodes,
                restarts=stage_restarts, tight_factor=stage_factor,
            )
            if base is not None:
                return _describe(lengths), develop(base, sigma, rounds)
    return None


def _describe(lengths: Sequence[int]) -> str:
    fixed = sum(1 for x in lengths if x == 1)
    moving = [x for x in lengths if x > 1]
    if len(moving) == 2 and moving[0] != moving[1]:
        return f"cyclic Z_{moving[0]} with a {moving[1]}-cycle"
    if len(moving) == 1 and fixed == 1:
        return f"1-rotational Z_{moving[0]}+1"
    levels = f" x {len(moving)}" if len(moving) > 1 else ""
    return f"cyclic Z_{moving[0]}{levels}" + (f"+{fixed}" if fixed else "")
