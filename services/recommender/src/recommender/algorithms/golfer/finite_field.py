"""GF(q) arithmetic and the subspaces of GF(p)^m: only what the golfer constructions need."""

from __future__ import annotations

from collections.abc import Sequence


def prime_power(q: int) -> tuple[int, int] | None:
    """(p, m) when q = p^m for a prime p, else None."""
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


class Field:
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


def primitive_element(field: Field) -> int:
    """A generator of the multiplicative group of `field`."""
    order = field.q - 1
    for g in range(2, field.q):
        x, k = g, 1
        while x != 1:
            x = field.mul(x, g)
            k += 1
        if k == order:
            return g
    raise AssertionError("no primitive element")  # pragma: no cover


def vector_add(a: int, b: int, p: int, m: int) -> int:
    """a + b in GF(p)^m, vectors read as base-p digits."""
    if p == 2:
        return a ^ b
    out = 0
    for i in range(m):
        w = p**i
        out += (((a // w) % p + (b // w) % p) % p) * w
    return out


def _vector_scale(a: int, c: int, p: int, m: int) -> int:
    out = 0
    for i in range(m):
        w = p**i
        out += (((a // w) % p) * c % p) * w
    return out


def subspaces(p: int, m: int, s: int) -> list[frozenset[int]]:
    """All s-dimensional subspaces of GF(p)^m, as sets of their non-zero vectors."""
    q = p**m
    found: set[frozenset[int]] = set()
    out: list[frozenset[int]] = []

    def span(basis: list[int]) -> frozenset[int]:
        vecs = {0}
        for b in basis:
            vecs = {vector_add(v, _vector_scale(b, c, p, m), p, m) for v in vecs for c in range(p)}
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
