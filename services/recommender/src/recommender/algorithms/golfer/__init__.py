"""Social-golfer engine behind event breakout rounds (players are plain integers, no community data).

The problem: seat ``n`` players for ``R`` rounds at ``T = ceil(n / k)`` tables of ``k`` or ``k - 1``
seats (sizes differ by at most one), every player once per round, so that as few pairs as
possible sit together more than once. ``repeats`` = pair-meetings beyond the first, summed over
pairs (a pair that meets three times counts 2).

Pipeline (used by :mod:`recommender.algorithms.events`):

1. :func:`table_layout` - the table sizes, or ``ValueError`` when no valid layout exists.
2. :func:`construct` - a zero-repeat start from the best applicable construction:

   * ``resolvable 4-GDD of type 2^16 over Z_4 x Z_4`` (module ``abelian``): a 10-round
     schedule for 32 players at tables of 4 (the social golfer instance 8-4-10; 10 is the
     maximum since 11 * 3 > 31; first solved by A. Aguado, 2004). Players are Z4 x Z4 x {0, 1};
     each misses exactly one other ((a, b, l) and (a, b + 2, l)). A deterministic exact cover,
     built when first used (about 0.1 s): two rounds fixed by every translation, then four
     base tables, each developed into two rounds by a subgroup of order 8 and its other coset.
     (The affine route stops at 9 rounds: a partial spread of lines in PG(4, 2) has at most 9
     lines; the same search finds no Z16-, Z2 x Z8- or Z2 x Z2 x Z4-invariant schedule of this
     shape.)
   * ``round-robin`` (tables of 2): the circle method, n - 1 rounds (n even);
   * ``affine``: n = p^m, k = p^s (p prime): parallel classes of s-flats of AG(m, p) from a
     partial spread of s-dimensional subspaces (found by a bounded exact search) - e.g.
     13 rounds for 27 players in threes, the affine planes for n = p^2, k = p;
   * ``transversal``: players (g, x), g < k, x < T, round r seats (g, x) at table
     x - e_g * r; no pair meets twice while (e_g - e_h) * (r - r') != 0. Over GF(T) when T
     is a prime power >= k, over the product GF(q_1) x GF(q_2) x ... when T = q_1 q_2 ...
     with every q_i >= k (MacNeish; e.g. 12 rounds for 36 in threes) - T rounds, plus one
     round of tables inside the groups when k divides T - else over Z_T with a greedily
     chosen set of multipliers r (e.g. 10 rounds for 300 players at tables of 6);
   * ``packing of PG(3,2)``: the lines of PG(3, 2) split into 7 spreads (15 in threes, 7
     rounds; module ``projective``);
   * ``cyclic`` / ``1-rotational`` (module ``cyclic``, players up to 100): a base round
     developed by a permutation of Z_R on c levels plus f fixed players, or of Z_(n-1) plus one
     fixed player, found by a bounded seeded search - e.g. 24 in fours for 7 rounds, 40 in
     fours for 13 (a resolvable (40, 4, 1) design), 28 in fours for 9, 39 in threes for 19.
     :func:`construction_for` says which construction covers (n, k, rounds), if any.

   When ``n`` is not a multiple of ``k`` the construction is built for ``T * k`` players and
   ``T * k - n`` "dummy" players that never share a table in the chosen rounds are removed,
   which leaves tables of k and k - 1. Rounds beyond what the construction covers are
   added greedily.
3. :func:`tabu_search` - when the start has more repeats than :func:`repeat_lower_bound`: the
   local search of Dotu & Van Hentenryck ("Scheduling social golfers locally", CPAIOR 2005):
   swap two players of different tables of one round, one of them in conflict (sharing a
   table with someone met elsewhere); steepest move that is not tabu (aspiration when it
   beats the best), random ties. When it stalls it perturbs the best schedule of the current
   start with random swaps, and after several fruitless perturbations restarts from a new
   greedy start (:mod:`~recommender.algorithms.golfer.greedy`, the freedom heuristic of
   Triska & Musliu, Annals of OR 2012), keeping the best schedule; it stops only at the
   lower bound, the deadline or an iteration budget. Incremental numpy bookkeeping (meeting
   counts and "met already" counts per round/player/table) makes every move's effect on
   repeats O(1) to read.
4. :func:`improve_mixing` - the secondary objective (sum of pair weights at tables): players
   in random order each take their best improving move among (a) relabellings (two players
   exchange their whole schedules: repeats cannot change) and (b) swaps within one round
   that add no repeat; optionally iterated-local-search kicks (random relabellings, then
   descent, kept only when better). Above ``MIXING_SAMPLE`` players each evaluation looks at
   a random sample of partners.

Everything is deterministic for a seed, as long as the deadline is not what stops a phase (the
repeat search runs until the lower bound or the deadline unless given an iteration budget).

Modules: ``layout`` (step 1, bounds, counting), ``finite_field``, ``abelian``, ``cyclic``,
``kirkman``, ``projective`` and ``constructions`` (step 2), ``state`` (the incremental
bookkeeping), ``greedy`` (greedy starts) and ``search`` (steps 3 and 4).
"""

from __future__ import annotations

from recommender.algorithms.golfer.constructions import Construction, construct, zero_repeat_capacity
from recommender.algorithms.golfer.layout import count_repeats, repeat_lower_bound, table_layout
from recommender.algorithms.golfer.search import improve_mixing, tabu_search
from recommender.algorithms.golfer.state import ScheduleState

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
