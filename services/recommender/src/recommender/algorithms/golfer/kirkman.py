"""Kirkman triple systems of order 3q, q = 6t + 1 a prime power: 3q people in threes for
(3q - 1) / 2 rounds, every pair at one table exactly once (21 people for 10 rounds, 39 for 19).

The direct construction over GF(q) x {0, 1, 2}, by pure and mixed differences (the method of
R. C. Bose, "On the construction of balanced incomplete block designs", Ann. Eugenics 9, 1939;
Kirkman triple systems exist for every order 3 mod 6: D. K. Ray-Chaudhuri and R. M. Wilson,
"Solution of Kirkman's schoolgirl problem", Proc. Sympos. Pure Math. 19, AMS, 1971, 187-203).
With g primitive in GF(q), w = g^(2t) a cube root of unity and the cosets of {1, w, w^2}:

* Z = {(0, 0), (0, 1), (0, 2)};
* the pure triples B(i, j) = {(g^i, j), (g^i w, j), (g^i w^2, j)}, 0 <= i < t, on each level j;
* the mixed triples A(i) = {(g^i, 0), (g^i w, 1), (g^i w^2, 2)}, 0 <= i < 6t.

Level j's pure triples cover the powers g^e with floor(e / t) even, the mixed triples with
floor(i / t) odd the others, so C = Z + the B(i, j) + those A(i) is a parallel class, and its q
translates C + s are q rounds. Each mixed triple with floor(i / t) even is a parallel class by
its q translates alone: 3t more rounds, q + 3t = (3q - 1) / 2 in all. The pure differences of
the B(i, j) and the mixed differences of all A(i) each cover every nonzero element of GF(q)
once, which is why no pair meets twice (checked for every q it claims by
tests/recommender/test_golfer_constructions.py).
"""

from __future__ import annotations

from functools import lru_cache

from recommender.algorithms.golfer.finite_field import Field, prime_power, primitive_element, vector_add
from recommender.algorithms.golfer.layout import Rounds


def kirkman_order(n: int) -> int | None:
    """q when n = 3q with q = 6t + 1 a prime power (so this module builds a KTS(n)), else None."""
    if n % 3 or (n // 3) % 6 != 1:
        return None
    return n // 3 if prime_power(n // 3) is not None else None


@lru_cache(maxsize=8)
def kirkman_3q(q: int) -> Rounds:
    """The (3q - 1) / 2 rounds of the KTS(3q) on players 0..3q-1 (player x + q * j is (x, j))."""
    found = prime_power(q)
    if found is None or q % 6 != 1:
        raise ValueError(f"q must be a prime power of the form 6t + 1, not {q}")
    p, m = found
    field = Field(p, m)
    t = (q - 1) // 6
    g = primitive_element(field)
    powers = [1]
    for _ in range(q - 2):
        powers.append(field.mul(powers[-1], g))

    def power(e: int) -> int:
        return powers[e % (q - 1)]

    def pure(i: int, j: int) -> tuple[tuple[int, int], ...]:
        return tuple((power(i + 2 * t * c), j) for c in range(3))

    def mixed(i: int) -> tuple[tuple[int, int], ...]:
        return tuple((power(i + 2 * t * c), c) for c in range(3))

    base_class = [((0, 0), (0, 1), (0, 2))]
    base_class += [pure(i, j) for i in range(t) for j in range(3)]
    base_class += [mixed(i) for i in range(6 * t) if (i // t) % 2 == 1]

    def shifted(triple: tuple[tuple[int, int], ...], s: int) -> list[int]:
        return [vector_add(x, s, p, m) + q * j for x, j in triple]

    rounds: Rounds = [[shifted(triple, s) for triple in base_class] for s in range(q)]
    rounds += [[shifted(mixed(i), s) for s in range(q)] for i in range(6 * t) if (i // t) % 2 == 0]
    return rounds
