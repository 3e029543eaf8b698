"""One-to-one introductions for a coffee-chat round.

A pair is allowed when the two members share at least one passion, have no
bond, are not in the same team (both have a team and it is the same one;
a member without a team is in no team's silo), and the pair is not in
``community.blocked_pairs`` (earlier intros, declined pairs). Each member gets
at most one intro per round.

Goal: as many pairs as possible, then the largest total shared-passion
strength (largest common intensity of a shared passion).

Method (decision):

* **exact** when the candidate graph is small (at most ``EXACT_MAX_EDGES``
  passion-sharing pairs, counted before filtering): ``networkx.max_weight_matching``
  with ``maxcardinality=True`` and integer weights 1..5 - a maximum-cardinality
  matching of maximum weight. Blossom is O(V^3), fine up to a few thousand members.
* **greedy by passion buckets** otherwise (large communities, where the
  passion-sharing graph has up to billions of edges): passions are taken from
  the rarest to the most popular (rare passions have the fewest options, so
  matching them first keeps the number of pairs high); inside a passion,
  unmatched holders are sorted by intensity (ties in seeded random order) and
  each is paired with the nearest following allowed holder (looking at most
  ``LOOKAHEAD`` ahead), so partners have similar intensities.

``round_index`` is recorded on every grouping and mixed into the seed, so
successive rounds break ties differently (earlier pairs are excluded through
``blocked_pairs`` by the caller).
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import numpy as np

from recommender.aims.bonus import PairBonus
from recommender.explain import Explainer
from recommender.model import Community, Grouping, MemberSnapshot, ProposalSet, pair
from recommender.quality import measure, pair_strength

__all__ = ["propose_intros", "allowed_intro", "ALGORITHM_VERSION"]

ALGORITHM_VERSION = "intros-1.0"
EXACT_MAX_EDGES = 20_000
LOOKAHEAD = 48


def allowed_intro(community: Community, a: MemberSnapshot, b: MemberSnapshot) -> bool:
    """Whether ``a`` and ``b`` may be introduced (shared passion checked separately)."""
    if a.id == b.id or a.opt_out or b.opt_out:
        return False
    if a.team is not None and a.team == b.team:
        return False
    p = pair(a.id, b.id)
    return p not in community.bonds and p not in community.blocked_pairs


def propose_intros(
    community: Community,
    *,
    round_index: int = 0,
    seed: int = 0,
    aim: PairBonus | None = None,
    aim_weight: float = 0.0,
) -> ProposalSet:
    """Propose one round of coffee-chat intros (see module doc). Pure and deterministic.

    With ``aim`` (runs aimed at KPI targets), a pair's weight is its shared-passion strength plus
    ``aim_weight`` times its aim bonus (recommender/aims/bonus.py): still as many pairs as
    possible, and only pairs who share a passion."""
    if not 0 <= aim_weight <= 1:
        raise ValueError("aim_weight must be from 0 to 1")
    rng = np.random.default_rng([seed, round_index])
    members = sorted((m for m in community.members if not m.opt_out and m.passions), key=lambda m: m.id)
    holders: dict[str, list[MemberSnapshot]] = {}
    for m in members:
        for slug in m.passions:
            holders.setdefault(slug, []).append(m)
    eligible = {m.id for hs in holders.values() if len(hs) >= 2 for m in hs}
    n_edges = sum(len(h) * (len(h) - 1) // 2 for h in holders.values())
    aligned = aim.align([m.id for m in members]) if aim is not None and aim_weight > 0 else None
    position = {m.id: i for i, m in enumerate(members)}

    def aim_bonus(a: MemberSnapshot, b: MemberSnapshot) -> float:
        assert aligned is not None
        return aim_weight * float(aligned.row(position[a.id], np.array([position[b.id]]))[0])

    def priority(m: MemberSnapshot) -> float:
        return 0.0 if aligned is None else aim_weight * aligned.member(position[m.id])

    if n_edges <= EXACT_MAX_EDGES:
        pairs = _exact(community, members, holders, rng, aim_bonus if aligned is not None else None)
        method = "exact"
    else:
        pairs = _greedy(community, holders, rng, priority)
        method = "greedy"
    explainer = Explainer(community)
    groupings = tuple(
        Grouping(members=p, reason=explainer.reason(p), round=round_index) for p in sorted(pairs)
    )
    quality = measure(community, groupings, min_size=2, max_size=2, eligible=eligible)
    return ProposalSet(
        kind="intros",
        groupings=groupings,
        quality=quality,
        parameters={
            "round_index": round_index, "seed": seed, "method": method,
            **({"aim_weight": aim_weight} if aim is not None else {}),
        },
        algorithm_version=ALGORITHM_VERSION,
    )


def _exact(community, members, holders, rng, bonus) -> list[tuple[str, str]]:
    graph = nx.Graph()
    order = [members[i] for i in rng.permutation(len(members))]
    graph.add_nodes_from(m.id for m in order)
    seen: set[tuple[str, str]] = set()
    edges = []
    for slug in sorted(holders):
        for a, b in combinations(holders[slug], 2):
            p = pair(a.id, b.id)
            if p in seen:
                continue
            seen.add(p)
            if allowed_intro(community, a, b):
                strength = pair_strength(a, b)
                # integers keep blossom exact; aimed runs: 1000 per unit of strength plus aim bonus
                weight = round(5 * strength) if bonus is None else round(1000 * (strength + bonus(a, b)))
                edges.append((a.id, b.id, int(weight)))
    edges = [edges[i] for i in rng.permutation(len(edges))]
    graph.add_weighted_edges_from(edges)
    matching = nx.max_weight_matching(graph, maxcardinality=True, weight="weight")
    return [pair(a, b) for a, b in matching]


def _greedy(community, holders, rng, priority) -> list[tuple[str, str]]:
    matched: set[str] = set()
    pairs: list[tuple[str, str]] = []
    for slug in sorted(holders, key=lambda s: (len(holders[s]), s)):
        hs = [m for m in holders[slug] if m.id not in matched]
        if len(hs) < 2:
            continue
        tie = rng.random(len(hs))
        hs = [hs[t] for t in np.lexsort((tie, [-(m.passions[slug] + 5 * priority(m)) for m in hs]))]
        taken = [False] * len(hs)
        for a in range(len(hs)):
            if taken[a]:
                continue
            ma = hs[a]
            looked = 0
            b = a + 1
            while b < len(hs) and looked < LOOKAHEAD:
                if not taken[b]:
                    looked += 1
                    if allowed_intro(community, ma, hs[b]):
                        taken[a] = taken[b] = True
                        matched.add(ma.id)
                        matched.add(hs[b].id)
                        pairs.append(pair(ma.id, hs[b].id))
                        break
                b += 1
    return pairs
