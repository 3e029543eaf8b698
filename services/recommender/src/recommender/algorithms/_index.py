"""Integer index of a community for the numeric algorithms (no I/O, deterministic).

Members are numbered in id order, passions in slug order, teams and sites in
id order; passions are kept in CSR form and bonds as a CSR adjacency. Dense
pair-weight matrices for blocks of members are built vectorised, with exactly
the pair definitions of :mod:`recommender.quality`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from recommender.aims.bonus import AlignedBonus, PairBonus
from recommender.algorithms._apart import APART_PENALTY
from recommender.model import Community, MemberSnapshot

__all__ = ["MemberIndex", "build_index"]


def _csr(n: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((dst, src))
    src = src[order]
    dst = dst[order]
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=ptr[1:])
    return ptr, dst.astype(np.int32, copy=False)


def _gather(ptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Entry positions of CSR rows ``rows`` and, for each, its position in ``rows``."""
    starts = ptr[rows]
    lens = ptr[rows + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    local = np.repeat(np.arange(len(rows)), lens)
    offs = np.cumsum(lens) - lens
    ent = np.arange(total, dtype=np.int64) - np.repeat(offs, lens) + np.repeat(starts, lens)
    return ent, local


class MemberIndex:
    """Numbered view of a set of members of a community."""

    def __init__(
        self,
        community: Community,
        members: Sequence[MemberSnapshot],
        *,
        focus_passions: frozenset[str] | None = None,
        avoid_pairs: Iterable[tuple[str, str]] = (),
        aim: PairBonus | None = None,
        aim_weight: float = 0.0,
    ) -> None:
        """Pairs in ``avoid_pairs`` lose ``avoid_penalty`` in :meth:`weights`; the community's
        ``apart_pairs`` always lose ``APART_PENALTY`` (algorithms/_apart.py). With ``aim``, pairs
        who share a passion gain ``aim_weight`` times their aim bonus (recommender/aims/bonus.py)."""
        members = sorted(members, key=lambda m: m.id)
        self.community = community
        self.members = members
        self.ids = [m.id for m in members]
        self.pos = {mid: i for i, mid in enumerate(self.ids)}
        n = self.n = len(members)

        def code(values: list[str | None]) -> np.ndarray:
            labels = sorted({v for v in values if v is not None})
            lut = {v: i for i, v in enumerate(labels)}
            return np.array([lut[v] if v is not None else -1 for v in values], dtype=np.int32)

        self.team = code([m.team for m in members])
        self.site = code([m.site for m in members])

        slugs: set[str] = set()
        for m in members:
            slugs.update(m.passions if focus_passions is None else (p for p in m.passions if p in focus_passions))
        self.passion_slugs = sorted(slugs)
        self.pid = {s: i for i, s in enumerate(self.passion_slugs)}
        ptr = [0]
        pids: list[int] = []
        ints: list[int] = []
        pid = self.pid
        for m in members:
            row = sorted((pid[s], v) for s, v in m.passions.items() if s in pid)
            pids.extend(p for p, _ in row)
            ints.extend(v for _, v in row)
            ptr.append(len(pids))
        self.p_ptr = np.array(ptr, dtype=np.int64)
        self.p_pid = np.array(pids, dtype=np.int32)
        self.p_int = np.array(ints, dtype=np.int8)
        self.n_passions = len(self.passion_slugs)
        #: passion -> holders (member indices, ascending)
        order = np.argsort(self.p_pid, kind="stable")
        self.h_member = np.repeat(np.arange(n, dtype=np.int32), np.diff(self.p_ptr))[order]
        self.h_int = self.p_int[order]
        self.h_ptr = np.zeros(self.n_passions + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.p_pid, minlength=self.n_passions), out=self.h_ptr[1:])

        self.adj_ptr, self.adj_idx = self._pairs_csr(community.bonds)
        self.avoid_ptr, self.avoid_idx = self._pairs_csr(avoid_pairs)
        self.apart_ptr, self.apart_idx = self._pairs_csr(community.apart_pairs)
        self._g2l = np.full(n, -1, dtype=np.int64)
        self.aim: AlignedBonus | None = aim.align(self.ids) if aim is not None and aim_weight > 0 else None
        self.aim_weight = aim_weight

    def _pairs_csr(self, pairs: Iterable[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        pos = self.pos
        src: list[int] = []
        dst: list[int] = []
        get = pos.get
        for a, b in pairs:
            ia = get(a)
            if ia is None:
                continue
            ib = get(b)
            if ib is None or ia == ib:
                continue
            src.append(ia)
            dst.append(ib)
        s = np.array(src + dst, dtype=np.int64)
        d = np.array(dst + src, dtype=np.int64)
        return _csr(self.n, s, d)

    # --- per member --------------------------------------------------------
    def passions_of(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.p_ptr[i], self.p_ptr[i + 1]
        return self.p_pid[a:b], self.p_int[a:b]

    def holders(self, p: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.h_ptr[p], self.h_ptr[p + 1]
        return self.h_member[a:b], self.h_int[a:b]

    def bonded_to(self, i: int) -> np.ndarray:
        return self.adj_idx[self.adj_ptr[i]:self.adj_ptr[i + 1]]

    # --- pair weights -----------------------------------------------------
    def strength5(self, members: np.ndarray) -> np.ndarray:
        """m x m int matrix: 5 * shared-passion strength (0..5)."""
        m = len(members)
        out = np.zeros(m * m, dtype=np.int8)
        ent, local = _gather(self.p_ptr, members)
        if len(ent) == 0:
            return out.reshape(m, m)
        pids = self.p_pid[ent]
        order = np.argsort(pids, kind="stable")
        pids = pids[order]
        local = local[order]
        ints = self.p_int[ent][order]
        # runs of equal passion; keep runs of 2+ holders
        starts = np.flatnonzero(np.r_[True, pids[1:] != pids[:-1]])
        lens = np.diff(np.r_[starts, len(pids)])
        keep = lens >= 2
        if not keep.any():
            return out.reshape(m, m)
        starts, lens = starts[keep], lens[keep]
        # every ordered pair (a, b) of holders inside each run
        rep = np.repeat(lens, lens)  # for each entry of a kept run: its run length
        first = np.repeat(starts, lens)
        a_ent = first + (np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens))
        a_idx = np.repeat(a_ent, rep)
        run_start = np.repeat(first, rep)
        offs = np.arange(len(a_idx)) - np.repeat(np.cumsum(rep) - rep, rep)
        b_idx = run_start + offs
        v = np.minimum(ints[a_idx], ints[b_idx])
        np.maximum.at(out, local[a_idx] * m + local[b_idx], v)
        out = out.reshape(m, m)
        np.fill_diagonal(out, 0)
        return out

    def bonded_matrix(self, members: np.ndarray, which: str = "bonds") -> np.ndarray:
        ptr, idx = {
            "bonds": (self.adj_ptr, self.adj_idx),
            "avoid": (self.avoid_ptr, self.avoid_idx),
            "apart": (self.apart_ptr, self.apart_idx),
        }[which]
        m = len(members)
        out = np.zeros((m, m), dtype=bool)
        ent, local = _gather(ptr, members)
        if len(ent) == 0:
            return out
        g2l = self._g2l
        g2l[members] = np.arange(m)
        loc = g2l[idx[ent]]
        g2l[members] = -1
        ok = loc >= 0
        out[local[ok], loc[ok]] = True
        return out

    def bridging3(self, members: np.ndarray) -> np.ndarray:
        """m x m int matrix: across teams + across sites + no bond (0..3)."""
        t = self.team[members]
        s = self.site[members]
        ct = (t[:, None] != t[None, :]) & (t[:, None] >= 0) & (t[None, :] >= 0)
        cs = (s[:, None] != s[None, :]) & (s[:, None] >= 0) & (s[None, :] >= 0)
        nb = ~self.bonded_matrix(members)
        out = ct.astype(np.int8) + cs + nb
        np.fill_diagonal(out, 0)
        return out

    def weights(
        self, members: np.ndarray, cohesion_weight: float, bridging_weight: float, avoid_penalty: float = 0.0
    ) -> np.ndarray:
        """Dense pair weights w (see recommender.quality), diagonal 0; avoided pairs get ``-avoid_penalty`` extra."""
        s5 = self.strength5(members)
        w = (cohesion_weight / 5.0) * s5 + (bridging_weight / 3.0) * self.bridging3(members)
        if self.aim is not None:
            # only new ties move a KPI, and only pairs who share a passion are worth aiming at
            w += self.aim_weight * self.aim.matrix(members) * ((s5 > 0) & ~self.bonded_matrix(members))
        if avoid_penalty and len(self.avoid_idx):
            w -= avoid_penalty * self.bonded_matrix(members, "avoid")
        if len(self.apart_idx):
            w -= APART_PENALTY * self.bonded_matrix(members, "apart")
        np.fill_diagonal(w, 0.0)
        return w

    def weights_to(
        self, i: int, others: np.ndarray, cohesion_weight: float, bridging_weight: float, avoid_penalty: float = 0.0
    ) -> np.ndarray:
        """Pair weights between member ``i`` and each of ``others`` (vectorised, no dense matrix)."""
        k = len(others)
        best = np.zeros(k, dtype=np.int64)
        mp, mi = self.passions_of(i)
        if len(mp) and k:
            ent, local = _gather(self.p_ptr, others)
            if len(ent):
                pids = self.p_pid[ent]
                ints = self.p_int[ent].astype(np.int64)
                pos = np.searchsorted(mp, pids)
                pos[pos >= len(mp)] = 0
                hit = mp[pos] == pids
                if hit.any():
                    v = np.minimum(ints[hit], mi[pos[hit]].astype(np.int64))
                    np.maximum.at(best, local[hit], v)
        ti, si = self.team[i], self.site[i]
        t = self.team[others]
        s = self.site[others]
        ct = (t != ti) & (t >= 0) & (ti >= 0)
        cs = (s != si) & (s >= 0) & (si >= 0)
        nb = ~np.isin(others, self.bonded_to(i))
        w = (cohesion_weight / 5.0) * best + (bridging_weight / 3.0) * (ct.astype(np.int64) + cs + nb)
        if self.aim is not None:
            w = w + self.aim_weight * self.aim.row(i, others) * ((best > 0) & nb)
        if avoid_penalty and len(self.avoid_idx):
            av = self.avoid_idx[self.avoid_ptr[i]:self.avoid_ptr[i + 1]]
            w = w - avoid_penalty * np.isin(others, av)
        if len(self.apart_idx):
            apart = self.apart_idx[self.apart_ptr[i]:self.apart_ptr[i + 1]]
            w = w - APART_PENALTY * np.isin(others, apart)
        w[others == i] = 0.0
        return w


def build_index(
    community: Community,
    members: Sequence[MemberSnapshot],
    *,
    focus_passions: frozenset[str] | None = None,
    avoid_pairs: Iterable[tuple[str, str]] = (),
    aim: PairBonus | None = None,
    aim_weight: float = 0.0,
) -> MemberIndex:
    return MemberIndex(
        community, members, focus_passions=focus_passions, avoid_pairs=avoid_pairs, aim=aim, aim_weight=aim_weight
    )
