"""Resolvable designs invariant under an abelian group of translations, found from base tables.

The players are ``G x {0, .., L - 1}`` for an abelian group ``G = Z_m1 x .. x Z_mr`` of order m
(L "levels"); ``g`` in G moves player (x, l) to (x + g, l). A pair of players {(x, l), (y, l')}
lies in the orbit of its difference: y - x (up to sign when l = l'). Every orbit has m pairs,
except the pairs {(x, l), (x + d, l)} with 2d = 0, whose orbit has m / 2. ``leave`` names
differences d (within a level) whose pairs never meet: with one involution d, each player misses
exactly one other, the groups {(x, l), (x + d, l)} of a group divisible design of type 2^(mL/2).

The schedule is a G-invariant resolvable design: its set of rounds is mapped to itself by G,
every pair outside the leave in exactly one round. The search assumes two kinds of round:

* G-invariant rounds: unions of G-orbits of tables (each table fixed by a non-trivial subgroup,
  e.g. the cosets of a cyclic subgroup of order 4 in one level); such a round covers every pair
  orbit it touches completely, and the short orbits (2d = 0) can only be covered this way;
* rounds developed from one base table B: a subgroup H of order T (T tables a round) whose
  translates of B are disjoint, so the round is {B + h : h in H}; its [G : H] translates by G
  are rounds too, and together they hold every translate of B once. So the base tables form a
  difference family: each pair orbit outside the leave and the invariant rounds lies in exactly
  one base table, once.

For 32 players in fours for 10 rounds (the social golfer instance 8-4-10, CSPLib problem 010)
take G = Z_4 x Z_4 on two levels and the leave d = (0, 2): a resolvable 4-GDD of type 2^16 (10
rounds is the most: each player meets 3 new people a round, and 11 * 3 > 31). The search finds
two invariant rounds (the four short orbits outside the leave, and four full ones) and four base
tables (the 24 full orbits left), each developed by a subgroup of order 8: 2 + 4 * 2 = 10 rounds,
the shape of the Z4 x Z4-invariant solution that was stored here before. The first 10-round
schedule of 32 golfers is A. Aguado's ("A 10 days solution to the social golfer problem", 2004;
see CSPLib 010 and M. Triska's notes at metalevel.at/sgp); resolvable group divisible designs (RGDDs) and the method of differences are
in C. J. Colbourn and J. H. Dinitz (eds.), *Handbook of Combinatorial Designs*, 2nd ed. (2007),
the chapters on group divisible designs, on resolvable designs and on difference families.

The search is a deterministic exact cover (no randomness): first a set of invariant rounds that
covers every short orbit outside the leave, then the base tables, always for the pair orbit with
the fewest candidate tables left (a table holding that orbit's representative pair {(0, l), (d, l')},
which fixes the table's translate). The schedule is verified before it is returned. "None found"
means none of the shape above: rounds fixed only by some other subgroup, or rounds made of the
translates of several base tables, are not searched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, product

from recommender.algorithms.golfer.layout import Rounds, count_repeats

Element = tuple[int, ...]


class _Group:
    """Z_m1 x .. x Z_mr: elements numbered in mixed radix (the first factor most significant)."""

    def __init__(self, moduli: Sequence[int]) -> None:
        self.moduli = tuple(moduli)
        self.elements: list[Element] = list(product(*(range(m) for m in self.moduli)))
        self.order = len(self.elements)
        self.index = {e: i for i, e in enumerate(self.elements)}
        self.add = [[self.index[self._add(a, b)] for b in self.elements] for a in self.elements]
        self.neg = [self.index[tuple(-x % m for x, m in zip(a, self.moduli))] for a in self.elements]

    def _add(self, a: Element, b: Element) -> Element:
        return tuple((x + y) % m for x, y, m in zip(a, b, self.moduli))

    def subgroups(self, order: int) -> list[frozenset[int]]:
        """The subgroups of the given order (by closing sets of generators; fine for small groups)."""
        found: set[frozenset[int]] = {frozenset([0])}
        frontier = list(found)
        while frontier:
            nxt = []
            for sub in frontier:
                for g in range(self.order):
                    if g in sub:
                        continue
                    closed = set(sub)
                    todo = [g]
                    while todo:
                        x = todo.pop()
                        if x in closed:
                            continue
                        closed.add(x)
                        todo.extend(self.add[x][y] for y in list(closed))
                    key = frozenset(closed)
                    if len(key) <= order and key not in found:
                        found.add(key)
                        nxt.append(key)
            frontier = nxt
        return sorted((s for s in found if len(s) == order), key=sorted)


@dataclass(frozen=True)
class SearchStats:
    invariant_rounds: int  # G-invariant parallel classes available
    invariant_sets: int  # sets of them tried
    nodes: int  # search nodes (choosing invariant rounds, then base tables)
    exhausted: bool  # the search space was covered (not stopped by max_nodes)


class _Design:
    def __init__(self, moduli: Sequence[int], levels: int, k: int, leave: Sequence[Element]) -> None:
        self.G = _Group(moduli)
        self.m, self.levels, self.k = self.G.order, levels, k
        self.n = self.m * levels
        m = self.m
        self.shift = [[(p // m) * m + self.G.add[p % m][g] for p in range(self.n)] for g in range(m)]
        leave_ids = {self.G.index[tuple(x % q for x, q in zip(d, self.G.moduli))] for d in leave}
        self.orbit: list[list[int]] = [[-1] * self.n for _ in range(self.n)]
        keys: dict[tuple[int, int, int], int] = {}
        self.size: list[int] = []
        self.rep: list[tuple[int, int]] = []
        self.leave: set[int] = set()
        for p, q in combinations(range(self.n), 2):
            (lp, xp), (lq, xq) = divmod(p, m), divmod(q, m)
            d = self.G.add[xq][self.G.neg[xp]]
            if lp == lq:
                d = min(d, self.G.neg[d])
            key = (lp, lq, d)
            if key not in keys:
                keys[key] = len(self.size)
                short = lp == lq and d == self.G.neg[d]
                self.size.append(m // 2 if short else m)
                self.rep.append((lp * m, lq * m + d))
                if lp == lq and (d in leave_ids or self.G.neg[d] in leave_ids):
                    self.leave.add(keys[key])
            self.orbit[p][q] = self.orbit[q][p] = keys[key]

    def block_orbits(self, block: Sequence[int]) -> list[int]:
        return [self.orbit[a][b] for a, b in combinations(block, 2)]

    def translates(self, block: Sequence[int]) -> set[frozenset[int]]:
        return {frozenset(self.shift[g][p] for p in block) for g in range(self.m)}

    def invariant_rounds(self) -> list[tuple[tuple[frozenset[int], ...], frozenset[int]]]:
        """The G-invariant parallel classes avoiding the leave: (tables, pair orbits covered)."""
        m, k = self.m, self.k
        out: dict[frozenset[frozenset[int]], frozenset[int]] = {}

        def extend(tables: list[frozenset[int]], done: set[int], orbits: set[int]) -> None:
            level = next((lv for lv in range(self.levels) if lv not in done), None)
            if level is None:
                out.setdefault(frozenset(tables), frozenset(orbits))
                return
            others = [p for p in range(level * m + 1, self.n) if p // m not in done]
            for rest in combinations(others, k - 1):
                block = (level * m, *rest)
                got = self.block_orbits(block)
                if any(o in self.leave or o in orbits for o in got):
                    continue
                images = self.translates(block)
                touched = {p // m for p in block}
                if len(images) * k != m * len(touched) or len(set().union(*images)) != m * len(touched):
                    continue  # the translates overlap
                extend(tables + sorted(images, key=sorted), done | touched, orbits | set(got))

        extend([], set(), set())
        rounds = sorted(out.items(), key=lambda kv: sorted(map(sorted, kv[0])))
        return [(tuple(sorted(t, key=sorted)), o) for t, o in rounds]


def translation_schedule(
    moduli: Sequence[int],
    levels: int,
    k: int,
    rounds: int,
    leave: Sequence[Element] = (),
    *,
    max_nodes: int = 200_000,
) -> Rounds | None:
    """A zero-repeat schedule of ``rounds`` rounds, G-invariant (G = Z_m1 x .., ``moduli``), or None.

    Players: level * |G| + the mixed-radix number of x in G (first factor most significant).
    Pairs {(x, l), (x + d, l)}, d in ``leave``, never meet. None when the bounded search finds
    nothing (``max_nodes`` search nodes in all).
    """
    return translation_search(moduli, levels, k, rounds, leave, max_nodes=max_nodes)[0]


def translation_search(
    moduli: Sequence[int],
    levels: int,
    k: int,
    rounds: int,
    leave: Sequence[Element] = (),
    *,
    max_nodes: int = 200_000,
) -> tuple[Rounds | None, SearchStats]:
    """:func:`translation_schedule` with the search's figures (also when it finds nothing)."""
    D = _Design(moduli, levels, k, leave)
    m, n = D.m, D.n
    if n % k:
        return None, SearchStats(0, 0, 0, True)
    T = n // k
    per_table = k * (k - 1) // 2
    wanted = frozenset(o for o in range(len(D.size)) if o not in D.leave)
    short = frozenset(o for o in wanted if D.size[o] < m)
    if sum(D.size[o] for o in wanted) != rounds * T * per_table:
        # the rounds' pairs must be exactly the pairs outside the leave
        return None, SearchStats(0, 0, 0, True)
    invariant = D.invariant_rounds()
    subgroups = D.G.subgroups(T) if m % T == 0 else []
    index = m // T if subgroups else 0
    full = sorted(o for o in wanted if D.size[o] == m)
    # candidate base tables per full orbit: its representative pair and k - 2 more players
    candidates: dict[int, list[tuple[tuple[int, ...], frozenset[int], frozenset[int]]]] = {o: [] for o in full}
    for o in full if subgroups else ():
        a, b = D.rep[o]
        others = [p for p in range(n) if p not in (a, b)]
        for rest in combinations(others, k - 2):
            block = tuple(sorted((a, b, *rest)))
            got = D.block_orbits(block)
            covered = frozenset(got)
            if len(covered) != per_table or not covered <= wanted or covered & short:
                continue
            diffs = {D.G.add[y % m][D.G.neg[x % m]] for x in block for y in block if x != y and x // m == y // m}
            H = next((h for h in subgroups if not h & diffs), None)
            if H is not None:
                candidates[o].append((block, covered, H))
    nodes = 0
    tried = 0

    def tables_search(left: frozenset[int], chosen: list) -> list | None:  # noqa: ANN001
        nonlocal nodes
        nodes += 1
        if not left:
            return chosen
        if nodes > max_nodes:
            return None
        best = None
        for o in sorted(left):
            opts = [c for c in candidates.get(o, ()) if c[1] <= left]
            if best is None or len(opts) < len(best):
                best = opts
                if not opts:
                    return None
        for c in best:
            got = tables_search(left - c[1], chosen + [c])
            if got is not None:
                return got
        return None

    most_short = max((len(o & short) for _, o in invariant), default=0)

    def invariant_search(start: int, count: int, covered: frozenset[int], picked: list) -> tuple | None:  # noqa: ANN001
        """``count`` more invariant rounds: the uncovered short orbit with the fewest rounds first,
        then (all short orbits covered) rounds of full orbits only, in index order from ``start``."""
        nonlocal tried, nodes
        nodes += 1
        open_short = short - covered
        if count == 0:
            if open_short:
                return None
            tried += 1
            left = wanted - covered
            if left and not subgroups:
                return None
            got = tables_search(left, [])
            return (picked, got) if got is not None else None
        if len(open_short) > count * most_short or nodes > max_nodes:
            return None
        if open_short:
            options = None
            for o in sorted(open_short):
                fits = [i for i, (_, orbits) in enumerate(invariant) if o in orbits and not orbits & covered]
                if options is None or len(fits) < len(options):
                    options = fits
        else:  # rounds of full orbits only: each set once, in index order
            options = [i for i in range(start, len(invariant)) if not invariant[i][1] & covered]
        for i in options or ():
            tables, orbits = invariant[i]
            got = invariant_search(start if open_short else i + 1, count - 1, covered | orbits, picked + [tables])
            if got is not None:
                return got
            if nodes > max_nodes:
                return None
        return None

    found = None
    for v in range(rounds + 1):
        rest = rounds - v
        if (rest and not index) or (index and rest % index):
            continue
        found = invariant_search(0, v, frozenset(), [])
        if found is not None or nodes > max_nodes:
            break
    stats = SearchStats(len(invariant), tried, nodes, exhausted=nodes <= max_nodes)
    if found is None:
        return None, stats
    picked, blocks = found
    schedule: Rounds = [[sorted(t) for t in tables] for tables in picked]
    for block, _, H in blocks:
        base = [sorted(D.shift[h][p] for p in block) for h in sorted(H)]
        seen: set[int] = set()
        for g in range(m):
            if g in seen:
                continue
            seen.update(D.G.add[g][h] for h in H)
            schedule.append(sorted((sorted(D.shift[g][p] for p in t) for t in base)))
    if not _valid(schedule, D, rounds):
        return None, stats  # pragma: no cover - the exact cover guarantees it; checked all the same
    return schedule, stats


def _valid(schedule: Rounds, D: _Design, rounds: int) -> bool:
    if len(schedule) != rounds:
        return False
    if any(sorted(x for t in r for x in t) != list(range(D.n)) or any(len(t) != D.k for t in r) for r in schedule):
        return False
    if count_repeats(schedule)[0]:
        return False
    return all(D.orbit[a][b] not in D.leave for r in schedule for t in r for a, b in combinations(t, 2))
