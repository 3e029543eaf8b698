"""Packings of PG(3, p): the lines of the projective 3-space split into p^2 + p + 1 spreads.

A *spread* of PG(3, q) is a set of q^2 + 1 lines partitioning its (q^2 + 1)(q + 1) points; a
*packing* (parallelism) is a partition of all its lines into spreads. With the points as people
and the lines as tables, a packing is a schedule of q^2 + q + 1 rounds at tables of q + 1 in which
every pair meets exactly once (a resolvable 2-((q^2+1)(q+1), q+1, 1) design): for q = 2, 15
people in threes for 7 rounds (Kirkman's schoolgirls); for q = 3, 40 people in fours for 13.

Packings of PG(3, q) exist for every q (R. H. F. Denniston, "Some packings of projective
spaces", Atti Accad. Naz. Lincei Rend. 52, 1972, 36-40; A. Beutelspacher, "On parallelisms in
finite projective spaces", Geom. Dedicata 3, 1974); the one built here is cyclic, with a group
of order q^2 + q + 1 permuting the spreads regularly: write the space as GF(q^3) x GF(q); the map
(a, b) -> (beta * a, b), beta of multiplicative order q^2 + q + 1 in GF(q^3), fixes the point
(0, 1) and the plane b = 0 (on which it is a Singer cycle) and moves every line in an orbit of
length q^2 + q + 1. One spread S taking exactly one line from each line orbit gives the packing
S, sigma(S), sigma^2(S), ... . S is found by a small seeded backtracking search over the lines
(:func:`recommender.algorithms.golfer.cyclic.base_round`); prime q only (the field code works
over GF(p)). For q = 2 this gives Kirkman's fifteen schoolgirls (Cayley and Kirkman, 1850, saw
the packings of PG(3, 2) in them; Hirschfeld, *Finite projective spaces of three dimensions*,
1985).
"""

from __future__ import annotations

from functools import lru_cache

from recommender.algorithms.golfer.cyclic import base_round, develop
from recommender.algorithms.golfer.finite_field import Field, primitive_element, vector_add
from recommender.algorithms.golfer.layout import Rounds

# q = 2 only: 15 people in threes. For q = 3 no packing of PG(3, 3) is invariant under this group
# of order 13: an exhaustive check (one line from each of the 10 line orbits, pairwise disjoint)
# finds no spread, and since the group is a Sylow 13-subgroup of PGL(4, 3), no packing of PG(3, 3)
# has a collineation of order 13 at all. 40 in fours for 13 rounds comes from a 1-rotational
# resolvable design instead (cyclic.py), not from PG(3, 3).
PACKING_PRIMES = (2,)


def _power(field: Field, a: int, e: int) -> int:
    out = 1
    for _ in range(e):
        out = field.mul(out, a)
    return out


@lru_cache(maxsize=4)
def pg3_packing(p: int) -> Rounds | None:
    """The packing of PG(3, p) as rounds of lines on players 0..(p^2+1)(p+1)-1, or None if not found."""
    big = Field(p, 3)
    cube = p**3
    beta = _power(big, primitive_element(big), p - 1)

    def scale(v: tuple[int, int], c: int) -> tuple[int, int]:
        return (big.mul(v[0], c), v[1] * c % p)

    def norm(v: tuple[int, int]) -> tuple[int, int]:
        return min(scale(v, c) for c in range(1, p))

    points = sorted({norm((a, b)) for a in range(cube) for b in range(p) if (a, b) != (0, 0)})
    index = {v: i for i, v in enumerate(points)}

    def add(u: tuple[int, int], v: tuple[int, int]) -> tuple[int, int]:
        return (vector_add(u[0], v[0], p, 3), (u[1] + v[1]) % p)

    lines: set[tuple[int, ...]] = set()
    for i, u in enumerate(points):
        for v in points[i + 1 :]:
            span = {index[norm(add(scale(u, a), scale(v, b)))] for a in range(p) for b in range(p) if (a, b) != (0, 0)}
            lines.add(tuple(sorted(span)))
    sigma = [index[norm((big.mul(beta, a), b))] for a, b in points]
    rounds = p * p + p + 1
    base = base_round(sigma, rounds, p + 1, blocks=sorted(lines), seed=p, max_nodes=200_000)
    return None if base is None else develop(base, sigma, rounds)
