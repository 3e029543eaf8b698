"""A schedule with incremental meeting counts: what the searches move players in."""

from __future__ import annotations

import numpy as np

from recommender.algorithms.golfer.layout import Rounds


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
