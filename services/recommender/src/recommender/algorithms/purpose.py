"""Purpose groups: groups of people who share a passion, across teams and sites.

Objective
---------
The algorithm maximises the combined objective of :func:`recommender.quality.objective`:
the mean, over eligible members, of each member's mean pair weight with their
group-mates, where a pair's weight is
``cohesion_weight * s + bridging_weight * (across teams + across sites + no bond) / 3``
and ``s`` is the pair's shared-passion strength (largest common intensity / 5).
Constraints: every group has ``min_size..max_size`` members, a member is in at
most ``max_groups_per_member`` groups (accepted groups count), opted-out
members never appear, no group holds a pair of ``community.apart_pairs`` (one asked
not to be introduced to the other: a heavy penalty steers the search, then
:func:`recommender.algorithms._apart.separate` swaps or leaves members out),
and every eligible member is placed whenever the sizes
allow it (coverage is 100% as soon as the pool can be split into groups of
allowed sizes, which is always the case for n >= min_size when
max_size >= 2 * min_size - 1, e.g. the default 4..8).

Anchors (decision)
------------------
A group is seeded around one anchor passion that all its seed members hold
(their strongest passion that enough people share). Members whose passions
nobody else can form a group around (too rare) are then placed in the group
where their mean pair weight is the highest - usually a group holding one of
their passions, else the best bridging group - so a group may contain a
member who does not hold its anchor. Local search then moves/swaps members
freely whenever the objective improves. The reason of each group lists the
passion(s) held by *all* its members (up to two; see :mod:`recommender.explain`),
or, when there is none, the passions held by at least two of them.

Method
------
1. Eligible pool: not opted out, holds a passion (restricted to
   ``focus_passions`` when given), capacity left after accepted groups.
2. Seeding: each member's home is their strongest passion held by at least
   ``min_size`` pool members (ties: the more popular one); homes with fewer than
   ``min_size`` members are dissolved (smallest first) into their members'
   next best passion. Each home bucket, sorted by intensity, is cut into
   groups of about ``min_size`` (the objective does not reward bigger groups).
   Members left without a home are inserted where their mean weight to the
   group is highest; if no group has room, new groups are made (team-interleaved),
   taking donors from groups above ``min_size`` when needed.
3. Local search with dense weight matrices (numpy): best-improvement batches of
   member swaps and moves between groups (each batch touches disjoint groups so
   gains add up exactly), plus iterated local search (random kicks, keep the best).
   Pools of at most ``SMALL_POOL`` members are optimised as one block from several
   starts (greedy constructions for several group counts + the seeding); larger pools
   are cut into blocks of consecutive groups (same anchor, similar intensity) of about
   ``BLOCK_MEMBERS`` members, optimised block by block in two shifted passes.
   All effort budgets are iteration counts (no clock), so results depend only on
   the input and ``seed``.
4. ``max_groups_per_member > 1``: further layers group members again around a
   passion they have no group for yet, avoiding pairs already grouped together.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

import numpy as np

from recommender.aims.bonus import PairBonus
from recommender.algorithms._apart import holds_apart_pair, separate
from recommender.algorithms._index import MemberIndex, _gather
from recommender.explain import Explainer
from recommender.model import Community, Grouping, MemberSnapshot, ProposalSet
from recommender.quality import measure

__all__ = ["propose_purpose_groups", "ALGORITHM_VERSION", "feasible_placed"]

ALGORITHM_VERSION = "purpose-1.0"

SMALL_POOL = 400  # pools up to this size are optimised as one block
BLOCK_MEMBERS = 160  # target members per block for larger pools
AVOID_PENALTY = 1.0  # weight subtracted for pairs already grouped together (later layers)
EPS = 1e-9
_MAX_LAYERS = 8

#: CPU seconds per phase of the last call (diagnostics for the benchmark; never affects results).
LAST_TIMINGS: dict[str, float] = {}


def _tick(name: str, since: float) -> float:
    now = time.process_time()
    LAST_TIMINGS[name] = LAST_TIMINGS.get(name, 0.0) + now - since
    return now


# ---------------------------------------------------------------------------
# sizes
# ---------------------------------------------------------------------------


def feasible_placed(n: int, lo: int, hi: int) -> int:
    """Largest x <= n that can be split into groups of lo..hi members (0 if none)."""
    for x in range(n, 0, -1):
        k = -(-x // hi)
        if k * lo <= x:
            return x
        if x < lo:
            return 0
    return 0


def _even_sizes(m: int, k: int) -> list[int]:
    base, extra = divmod(m, k)
    return [base + 1] * extra + [base] * (k - extra)


def _coef_table(hi: int) -> np.ndarray:
    c = np.zeros(hi + 2)
    for s in range(2, hi + 2):
        c[s] = 2.0 / (s - 1)
    return c


# ---------------------------------------------------------------------------
# local search on a dense block
# ---------------------------------------------------------------------------


def _group_rows(W: np.ndarray, gof: np.ndarray, k: int) -> np.ndarray:
    """AT[g, i] = sum of w(i, j) over members j of group g (no BLAS: tiny products are slower with it)."""
    order = np.argsort(gof, kind="stable")
    sizes = np.bincount(gof, minlength=k)
    AT = np.zeros((k, W.shape[0]))
    nonempty = sizes > 0
    starts = (np.cumsum(sizes) - sizes)[nonempty]
    AT[nonempty] = np.add.reduceat(W[order], starts, axis=0)
    return AT


def _local_search(
    W: np.ndarray, gof: np.ndarray, k: int, lo: int, hi: int, coef: np.ndarray, max_iter: int = 500
) -> float:
    """Improve ``gof`` (group of each member, in place) by batches of swaps and moves; returns the objective.

    ``W`` must be symmetric. Gains of a batch add up exactly because its swaps/moves touch disjoint groups.
    """
    m = len(gof)
    ar = np.arange(m)
    AT = _group_rows(W, gof, k)  # AT[g, i] = affinity of member i to group g
    sizes = np.bincount(gof, minlength=k)
    cap = max(32, 2 * k)
    lower = np.tril(np.ones((m, m), dtype=bool))
    for _ in range(max_iter):
        own = AT[gof, ar]
        wg = 0.5 * np.bincount(gof, weights=own, minlength=k)
        cg = coef[sizes]
        # swaps i <-> j: gain = C[i, j] + C[j, i], C[i, j] = c_G(i) * (A[j, G(i)] - A[i, G(i)] - w(i, j))
        C = AT[gof]
        C -= own[:, None]
        C -= W
        C *= cg[gof][:, None]
        D = C + C.T
        D[lower | (gof[:, None] == gof[None, :])] = 0.0
        sw = np.flatnonzero(D > EPS)
        if sw.size > cap:
            sw = sw[np.argpartition(-D.ravel()[sw], cap)[:cap]]
        sw_gain = D.ravel()[sw]
        # moves i -> H
        src = coef[sizes[gof] - 1] * (wg[gof] - own) - cg[gof] * wg[gof]
        src[sizes[gof] - 1 < lo] = -np.inf
        dst = coef[np.minimum(sizes + 1, hi + 1)][:, None] * (wg[:, None] + AT) - (cg * wg)[:, None]
        dst[sizes + 1 > hi] = -np.inf
        M = src[None, :] + dst  # k x m
        M[gof, ar] = -np.inf
        mv = np.flatnonzero(M > EPS)
        if mv.size > cap:
            mv = mv[np.argpartition(-M.ravel()[mv], cap)[:cap]]
        mv_gain = M.ravel()[mv]
        if not sw.size and not mv.size:
            break
        gains = np.concatenate([sw_gain, mv_gain])
        kinds = np.concatenate([np.zeros(sw.size, dtype=np.int8), np.ones(mv.size, dtype=np.int8)])
        codes = np.concatenate([sw, mv])
        order = np.lexsort((codes, kinds, -gains))
        busy = np.zeros(k, dtype=bool)
        free_groups = k
        for t in order.tolist():
            if kinds[t] == 0:
                i, j = divmod(int(codes[t]), m)
                g, h = gof[i], gof[j]
                if busy[g] or busy[h]:
                    continue
                d = W[j] - W[i]
                AT[g] += d
                AT[h] -= d
                gof[i], gof[j] = h, g
            else:
                h, i = divmod(int(codes[t]), m)
                g = gof[i]
                if busy[g] or busy[h]:
                    continue
                AT[g] -= W[i]
                AT[h] += W[i]
                sizes[g] -= 1
                sizes[h] += 1
                gof[i] = h
            busy[g] = busy[h] = True
            free_groups -= 2
            if free_groups < 2:
                break
    own = AT[gof, ar]
    wg = 0.5 * np.bincount(gof, weights=own, minlength=k)
    return float((coef[sizes] * wg).sum())


def _perturb(gof: np.ndarray, k: int, lo: int, hi: int, rng: np.random.Generator) -> None:
    m = len(gof)
    if k < 2:
        return
    sizes = np.bincount(gof, minlength=k)
    for _ in range(int(rng.integers(2, 5))):
        i = int(rng.integers(m))
        j = int(rng.integers(m))
        if gof[i] == gof[j]:
            continue
        if rng.random() < 0.25 and sizes[gof[i]] > lo and sizes[gof[j]] < hi:
            sizes[gof[i]] -= 1
            sizes[gof[j]] += 1
            gof[i] = gof[j]
        else:
            gof[i], gof[j] = gof[j], gof[i]


def _iterated(
    W: np.ndarray, gof: np.ndarray, k: int, lo: int, hi: int, coef: np.ndarray, rng: np.random.Generator, rounds: int
) -> tuple[np.ndarray, float]:
    best = gof.copy()
    best_obj = _local_search(W, best, k, lo, hi, coef)
    patience = max(10, rounds // 3)
    stale = 0
    for _ in range(rounds):
        if stale >= patience:
            break
        stale += 1
        cur = best.copy()
        _perturb(cur, k, lo, hi, rng)
        obj = _local_search(W, cur, k, lo, hi, coef)
        if obj > best_obj + EPS:
            best, best_obj = cur, obj
            stale = 0
    return best, best_obj


def _greedy_start(W: np.ndarray, sizes: list[int], rng: np.random.Generator | None) -> np.ndarray:
    """Grow groups one by one around a seed member, adding the member closest to the group."""
    m = W.shape[0]
    gof = np.full(m, -1, dtype=np.int64)
    free = np.ones(m, dtype=bool)
    for g, size in enumerate(sizes):
        cand = np.flatnonzero(free)
        if rng is None:
            seed = int(cand[np.argmax(W[np.ix_(cand, cand)].sum(axis=1))])
        else:
            seed = int(cand[rng.integers(len(cand))])
        free[seed] = False
        gof[seed] = g
        acc = W[seed].copy()
        for _ in range(size - 1):
            score = np.where(free, acc, -np.inf)
            j = int(np.argmax(score))
            free[j] = False
            gof[j] = g
            acc += W[j]
    return gof


# ---------------------------------------------------------------------------
# partitioner of one pool
# ---------------------------------------------------------------------------


class _Partitioner:
    def __init__(
        self,
        ix: MemberIndex,
        *,
        lo: int,
        hi: int,
        cw: float,
        bw: float,
        rng: np.random.Generator,
        no_anchor: set[tuple[int, int]],
    ) -> None:
        self.ix = ix
        self.lo = lo
        self.hi = hi
        self.cw = cw
        self.bw = bw
        self.rng = rng
        self.no_anchor = no_anchor
        self.coef = _coef_table(hi)

    def weights(self, members: np.ndarray) -> np.ndarray:
        return self.ix.weights(members, self.cw, self.bw, AVOID_PENALTY)

    def run(self) -> list[np.ndarray]:
        n = self.ix.n
        n_place = feasible_placed(n, self.lo, self.hi)
        if n_place == 0:
            return []
        if n <= SMALL_POOL:
            return self._small(n_place)
        return self._large(n_place)

    # --- small pools: one block, several starts, iterated local search -------
    def _small(self, n_place: int) -> list[np.ndarray]:
        ix, lo, hi = self.ix, self.lo, self.hi
        everyone = np.arange(ix.n)
        W = self.weights(everyone)
        keep = everyone
        if n_place < ix.n:  # sizes cannot cover everyone: leave out the least connected
            top = np.sort(W, axis=1)[:, ::-1][:, : lo - 1].sum(axis=1)
            drop = np.lexsort((everyone, top))[: ix.n - n_place]
            keep = np.setdiff1d(everyone, drop)
            W = W[np.ix_(keep, keep)]
        m = len(keep)
        k_lo, k_hi = -(-m // hi), m // lo
        ks = sorted({k_hi, k_lo} | {min(k_hi, max(k_lo, round(m / s))) for s in range(lo, hi + 1)}, reverse=True)
        starts: list[tuple[np.ndarray, int]] = []
        for k in ks:
            sizes = _even_sizes(m, k)
            starts.append((_greedy_start(W, sizes, None), k))
            starts.append((_greedy_start(W, sizes, self.rng), k))
        seeded = self._seed_groups(keep)
        if seeded is not None:
            starts.append(seeded)
        best: tuple[float, np.ndarray, int] | None = None
        for gof, k in starts:
            obj = _local_search(W, gof, k, lo, hi, self.coef)
            if best is None or obj > best[0] + EPS:
                best = (obj, gof, k)
        assert best is not None
        rounds = int(min(240, max(20, 6 * m)))
        gof, _ = _iterated(W, best[1], best[2], lo, hi, self.coef, self.rng, rounds)
        return [keep[gof == g] for g in range(best[2])]

    def _seed_groups(self, keep: np.ndarray) -> tuple[np.ndarray, int] | None:
        groups = self._seed(keep)
        if groups is None:
            return None
        loc = np.full(self.ix.n, -1, dtype=np.int64)
        loc[keep] = np.arange(len(keep))
        gof = np.full(len(keep), -1, dtype=np.int64)
        for g, mem in enumerate(groups):
            gof[loc[mem]] = g
        if (gof < 0).any():
            return None
        return gof, len(groups)

    # --- large pools: seeding, then blocks ------------------------------------
    def _large(self, n_place: int) -> list[np.ndarray]:
        clock = time.process_time()
        groups = self._seed(np.arange(self.ix.n), strict=False)
        assert groups is not None
        clock = _tick("seed", clock)
        n = self.ix.n
        rounds = int(min(20, max(2, 200_000 // n)))
        for shift in (0, 1):
            groups = self._optimise_blocks(groups, shift, rounds)
        _tick("blocks", clock)
        return groups

    def _optimise_blocks(self, groups: list[np.ndarray], shift: int, rounds: int) -> list[np.ndarray]:
        lo, hi = self.lo, self.hi
        out: list[np.ndarray] = []
        start = 0
        if shift:
            acc = 0
            while start < len(groups) and acc < BLOCK_MEMBERS // 2:
                acc += len(groups[start])
                start += 1
            out.extend(groups[:start])
        i = start
        while i < len(groups):
            j = i
            acc = 0
            while j < len(groups) and acc < BLOCK_MEMBERS:
                acc += len(groups[j])
                j += 1
            block = groups[i:j]
            if len(block) >= 2:
                members = np.concatenate(block)
                gof = np.repeat(np.arange(len(block)), [len(b) for b in block])
                clock = time.process_time()
                W = self.weights(members)
                clock = _tick("block_weights", clock)
                gof, _ = _iterated(W, gof, len(block), lo, hi, self.coef, self.rng, rounds)
                _tick("block_search", clock)
                out.extend(members[gof == g] for g in range(len(block)))
            else:
                out.extend(block)
            i = j
        return out

    # --- seeding --------------------------------------------------------------
    def _seed(self, pool: np.ndarray, strict: bool = True) -> list[np.ndarray] | None:
        """Bucket seeding of ``pool`` (sorted member indices).

        With ``strict``, None when it places fewer members than the sizes allow."""
        ix, lo, hi, rng = self.ix, self.lo, self.hi, self.rng
        n = ix.n
        ent, _ = _gather(ix.p_ptr, pool)
        owner = np.repeat(pool, np.diff(ix.p_ptr)[pool])
        pids = ix.p_pid[ent].astype(np.int64)
        ints = ix.p_int[ent].astype(np.int64)
        if self.no_anchor:
            ok = np.array([(int(o), int(p)) not in self.no_anchor for o, p in zip(owner, pids)], dtype=bool)
            owner, pids, ints = owner[ok], pids[ok], ints[ok]
        count = np.bincount(pids, minlength=ix.n_passions)
        # home: strongest passion held by >= lo pool members, ties -> more popular, then lower id
        viable = count[pids] >= lo
        key = np.where(viable, ints * (n + 1) + count[pids], -1)
        order = np.lexsort((pids, -key, owner))  # per owner: best key first, then lowest pid
        first = np.ones(len(order), dtype=bool)
        first[1:] = owner[order][1:] != owner[order][:-1]
        best = order[first]
        home = np.full(n, -1, dtype=np.int64)
        chosen = best[key[best] >= 0]
        home[owner[chosen]] = pids[chosen]
        # per member candidate anchors, best first (for dissolving)
        prefs: dict[int, list[int]] = {}
        ordv = order[viable[order]]
        for o, p in zip(owner[ordv].tolist(), pids[ordv].tolist()):
            prefs.setdefault(o, []).append(p)
        intensity = {(o, p): v for o, p, v in zip(owner.tolist(), pids.tolist(), ints.tolist())}
        buckets: dict[int, list[int]] = {}
        for i in pool.tolist():
            if home[i] >= 0:
                buckets.setdefault(int(home[i]), []).append(i)
        dead: set[int] = set()
        orphans: list[int] = [i for i in pool.tolist() if home[i] < 0]
        changed = True
        while changed:
            changed = False
            for p in sorted(buckets, key=lambda q: (len(buckets[q]), q)):
                mem = buckets.get(p)
                if mem is None or len(mem) >= lo:
                    continue
                changed = True
                dead.add(p)
                del buckets[p]
                for i in mem:
                    nxt = next((q for q in prefs.get(i, ()) if q not in dead), None)
                    if nxt is None:
                        orphans.append(i)
                    else:
                        buckets.setdefault(nxt, []).append(i)
                break  # re-sort after each dissolution
        groups: list[list[int]] = []
        for p in sorted(buckets):
            mem = buckets[p]
            tie = rng.random(len(mem))
            mem = [mem[t] for t in np.lexsort((tie, [-intensity[(i, p)] for i in mem]))]
            k = len(mem) // lo
            pos = 0
            for size in _even_sizes(len(mem), k):
                take = min(size, hi)
                groups.append(mem[pos:pos + take])
                pos += take
                orphans.extend(mem[pos:pos + size - take])
                pos += size - take
        groups = self._place_orphans(groups, sorted(orphans))
        if strict and sum(len(g) for g in groups) != feasible_placed(len(pool), lo, hi):
            return None
        return [np.array(sorted(g), dtype=np.int64) for g in groups]

    def _place_orphans(self, groups: list[list[int]], orphans: list[int]) -> list[list[int]]:
        ix, lo, hi, rng = self.ix, self.lo, self.hi, self.rng
        gid = np.full(ix.n, -1, dtype=np.int64)
        for g, mem in enumerate(groups):
            gid[mem] = g
        room = [g for g, mem in enumerate(groups) if len(mem) < hi]
        room_pos = {g: t for t, g in enumerate(room)}

        def drop_room(g: int) -> None:
            t = room_pos.pop(g)
            last = room.pop()
            if last != g:
                room[t] = last
                room_pos[last] = t

        leftover: list[int] = []
        for o in [orphans[t] for t in rng.permutation(len(orphans))] if orphans else []:
            cand: set[int] = set()
            mp, _ = ix.passions_of(o)
            for p in mp.tolist():
                h, _ = ix.holders(p)
                if len(h) > 24:
                    h = h[rng.choice(len(h), 24, replace=False)]
                cand.update(int(g) for g in gid[h] if g >= 0)
            if room:
                cand.update(room[t] for t in rng.choice(len(room), min(8, len(room)), replace=False).tolist())
            cand_list = sorted(g for g in cand if len(groups[g]) < hi)
            if not cand_list:
                leftover.append(o)
                continue
            members = np.array([i for g in cand_list for i in groups[g]], dtype=np.int64)
            w = ix.weights_to(o, members, self.cw, self.bw, AVOID_PENALTY)
            lens = np.array([len(groups[g]) for g in cand_list])
            sums = np.add.reduceat(w, np.cumsum(lens) - lens)
            best = cand_list[int(np.argmax(sums / lens))]
            groups[best].append(o)
            gid[o] = best
            if len(groups[best]) >= hi:
                drop_room(best)
        # no room anywhere: new groups from the leftovers (teams interleaved)
        if leftover:
            team = ix.team[leftover]
            rank = np.zeros(len(leftover), dtype=np.int64)
            order = np.lexsort((np.array(leftover), team))
            for t in range(1, len(order)):
                a, b = order[t - 1], order[t]
                rank[b] = rank[a] + 1 if team[a] == team[b] else 0
            leftover = [leftover[t] for t in np.lexsort((team, rank))]
        while leftover:
            if room:
                o = leftover.pop(0)
                g = min(room)
                groups[g].append(o)
                if len(groups[g]) >= hi:
                    drop_room(g)
                continue
            r = len(leftover)
            if r >= lo:
                k = r // lo
                pos = 0
                for size in _even_sizes(r, k):
                    take = min(size, hi)
                    groups.append(leftover[pos:pos + take])
                    if take < hi:
                        room.append(len(groups) - 1)
                        room_pos[len(groups) - 1] = len(room) - 1
                    pos += size
                rest = []
                pos = 0
                for size in _even_sizes(r, k):
                    take = min(size, hi)
                    rest.extend(leftover[pos + take:pos + size])
                    pos += size
                leftover = rest
                continue
            need = lo - r
            donors = [g for g, mem in enumerate(groups) if len(mem) > lo]
            capacity = sum(len(groups[g]) - lo for g in donors)
            if capacity < need:
                break  # sizes cannot take them: they stay out (only when no split exists)
            new = list(leftover)
            leftover = []
            for g in donors:
                while len(groups[g]) > lo and len(new) < lo:
                    new.append(groups[g].pop())
                if len(new) >= lo:
                    break
            groups.append(new)
        return groups


# ---------------------------------------------------------------------------
# public entry point
# ---------------------------------------------------------------------------


def _eligible_members(community: Community, focus: frozenset[str] | None) -> list[MemberSnapshot]:
    out = []
    for m in community.members:
        if m.opt_out:
            continue
        if focus is None:
            if m.passions:
                out.append(m)
        elif any(p in focus for p in m.passions):
            out.append(m)
    return out


def _pairs_of(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for g in groups:
        ids = sorted(g)
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                out.add((ids[a], ids[b]))
    return out


def _all_held(groups: Iterable[Iterable[str]], lookup: dict[str, MemberSnapshot]) -> dict[str, set[str]]:
    """member -> passions held by every member of one of their groups (their used anchors)."""
    used: dict[str, set[str]] = {}
    for g in groups:
        snaps = [lookup[i] for i in g if i in lookup]
        if not snaps:
            continue
        common = set(snaps[0].passions)
        for s in snaps[1:]:
            common &= set(s.passions)
        for s in snaps:
            used.setdefault(s.id, set()).update(common)
    return used


def propose_purpose_groups(
    community: Community,
    *,
    min_size: int = 4,
    max_size: int = 8,
    max_groups_per_member: int = 1,
    cohesion_weight: float = 0.5,
    bridging_weight: float = 0.5,
    focus_passions: frozenset[str] | None = None,
    seed: int = 0,
    aim: PairBonus | None = None,
    aim_weight: float = 0.0,
) -> ProposalSet:
    """Propose purpose groups (see module doc). Pure and deterministic for a given ``seed``.

    With ``aim`` (runs aimed at KPI targets), a pair who share a passion weighs ``aim_weight``
    times its aim bonus more (recommender/aims/bonus.py); the reported objective stays the
    purpose objective, without the bonus."""
    if min_size < 2 or max_size < min_size:
        raise ValueError(f"need 2 <= min_size <= max_size, got {min_size}..{max_size}")
    if max_groups_per_member < 0:
        raise ValueError("max_groups_per_member must be >= 0")
    if cohesion_weight < 0 or bridging_weight < 0:
        raise ValueError("weights must be >= 0")
    if not 0 <= aim_weight <= 1:
        raise ValueError("aim_weight must be from 0 to 1")
    focus = frozenset(focus_passions) if focus_passions is not None else None
    rng = np.random.default_rng(seed)
    LAST_TIMINGS.clear()
    clock = time.process_time()

    candidates = _eligible_members(community, focus)
    lookup = {m.id: m for m in community.members}
    accepted = [frozenset(g) for g in community.accepted_groups]
    in_accepted = Counter(i for g in accepted for i in g)
    capacity = {m.id: max_groups_per_member - in_accepted[m.id] for m in candidates}
    pool0 = [m for m in candidates if capacity[m.id] > 0]
    eligible = {m.id for m in pool0}

    used_anchor = _all_held(accepted, lookup)
    grouped_pairs = _pairs_of(accepted)
    proposed: list[tuple[str, ...]] = []
    layer_pool = pool0
    for layer in range(min(max_groups_per_member, _MAX_LAYERS)):
        if layer > 0:
            layer_pool = _next_layer_pool(candidates, capacity, used_anchor, focus, min_size)
        if len(layer_pool) < min_size:
            break
        clock = _tick("prepare", clock)
        ix = MemberIndex(
            community, layer_pool, focus_passions=focus, avoid_pairs=grouped_pairs, aim=aim, aim_weight=aim_weight
        )
        clock = _tick("index", clock)
        no_anchor = set()
        for i, mid in enumerate(ix.ids):
            for slug in used_anchor.get(mid, ()):
                p = ix.pid.get(slug)
                if p is not None:
                    no_anchor.add((i, p))
        part = _Partitioner(
            ix, lo=min_size, hi=max_size, cw=cohesion_weight, bw=bridging_weight, rng=rng, no_anchor=no_anchor
        )
        groups = [tuple(ix.ids[i] for i in g) for g in part.run()]
        clock = _tick("partition", clock)
        kept_apart = separate([list(g) for g in groups], community.apart_pairs, min_size=min_size) or []
        groups = [tuple(g) for g in kept_apart]
        groups = [g for g in _avoid_accepted(groups, accepted) if not holds_apart_pair(g, community.apart_pairs)]
        if not groups:
            break
        proposed.extend(groups)
        grouped_pairs |= _pairs_of(groups)
        new_used = _all_held(groups, lookup)
        for mid, s in new_used.items():
            used_anchor.setdefault(mid, set()).update(s)
        for g in groups:
            for mid in g:
                capacity[mid] -= 1

    clock = _tick("layers", clock)
    explainer = Explainer(community, focus_passions=focus)
    groupings = []
    for g in proposed:
        ids = tuple(sorted(g))
        groupings.append(Grouping(members=ids, reason=explainer.reason(ids)))
    groupings.sort(key=lambda gr: (gr.reason.shared_passions[0][0] if gr.reason.shared_passions else "~", gr.members))
    clock = _tick("explain", clock)
    quality = measure(
        community, groupings, min_size=min_size, max_size=max_size, eligible=eligible,
        cohesion_weight=cohesion_weight, bridging_weight=bridging_weight, focus_passions=focus,
    )
    quality.extra["groups_with_outsiders"] = sum(1 for g in groupings if g.reason.outsiders)
    _tick("quality", clock)
    return ProposalSet(
        kind="purpose",
        groupings=tuple(groupings),
        quality=quality,
        parameters={
            "min_size": min_size,
            "max_size": max_size,
            "max_groups_per_member": max_groups_per_member,
            "cohesion_weight": cohesion_weight,
            "bridging_weight": bridging_weight,
            "focus_passions": sorted(focus) if focus is not None else None,
            "seed": seed,
            **({"aim_weight": aim_weight} if aim is not None else {}),
        },
        algorithm_version=ALGORITHM_VERSION,
    )


def _next_layer_pool(
    candidates: list[MemberSnapshot],
    capacity: dict[str, int],
    used_anchor: dict[str, set[str]],
    focus: frozenset[str] | None,
    lo: int,
) -> list[MemberSnapshot]:
    """Members with capacity left and an unused passion that at least ``lo`` of them share."""
    pool = [m for m in candidates if capacity[m.id] > 0]
    while True:
        free = {
            m.id: {p for p in m.passions if (focus is None or p in focus) and p not in used_anchor.get(m.id, ())}
            for m in pool
        }
        counts = Counter(p for s in free.values() for p in s)
        nxt = [m for m in pool if any(counts[p] >= lo for p in free[m.id])]
        if len(nxt) == len(pool):
            return pool
        pool = nxt


def _avoid_accepted(groups: list[tuple[str, ...]], accepted: list[frozenset[str]]) -> list[tuple[str, ...]]:
    """Never re-propose an accepted group: swap one member with another group, else drop it."""
    if not accepted:
        return groups
    acc = set(accepted)
    out = [list(g) for g in groups]
    for a in range(len(out)):
        if frozenset(out[a]) not in acc:
            continue
        fixed = False
        for b in range(len(out)):
            if b == a:
                continue
            for x in range(len(out[a])):
                for y in range(len(out[b])):
                    ga, gb = list(out[a]), list(out[b])
                    ga[x], gb[y] = gb[y], ga[x]
                    if frozenset(ga) not in acc and frozenset(gb) not in acc:
                        out[a], out[b] = ga, gb
                        fixed = True
                        break
                if fixed:
                    break
            if fixed:
                break
        if not fixed:
            out[a] = []
    return [tuple(g) for g in out if g]
