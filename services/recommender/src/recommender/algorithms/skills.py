"""Skill matches: a member seeking a skill paired with a member offering it.

Rules: the offerer really offers the skill and the seeker really seeks it,
they are two different members, the pair is not in ``blocked_pairs``; each
``(seeker, skill)`` need is matched at most once; each offerer takes at most
``max_seekers_per_offerer`` seekers; a seeker is matched with a given offerer
at most once (so no pair repeats).

Goal: as many matched needs as possible; among those, prefer pairs across
teams, then across sites, then with a shared passion - lexicographically,
through the pair score ``4 * across teams + 2 * across sites + 1 * shares a passion``.

Method (decision):

* **exact** when there are at most ``EXACT_MAX_EDGES`` (need, offerer)
  candidate edges: min-cost maximum flow (``networkx.max_flow_min_cost``) on
  source -> need (cap 1) -> (seeker, offerer) (cap 1, cost 7 - score) -> offerer
  (cap ``max_seekers_per_offerer``) -> sink: the maximum number of matched needs,
  and among those the best total score.
* **greedy + one-step augmentation** otherwise: needs are served scarcest skill
  first (fewest offerers; ties in seeded random order); each takes the best-scored
  offerer with capacity among up to ``LOOKAHEAD`` candidates, scanning from a rotating
  start so the load spreads; then every unmatched need tries to free a full offerer
  by moving one of its seekers to another offerer with capacity.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from recommender.explain import Explainer
from recommender.model import Community, Grouping, MemberSnapshot, ProposalSet, pair
from recommender.quality import measure

__all__ = ["propose_skill_matches", "match_score", "ALGORITHM_VERSION"]

ALGORITHM_VERSION = "skills-1.0"
EXACT_MAX_EDGES = 6_000
LOOKAHEAD = 64
_BEST = 7


def match_score(seeker: MemberSnapshot, offerer: MemberSnapshot) -> int:
    """4 * across teams + 2 * across sites + 1 * shares a passion (0..7)."""
    across_t = seeker.team is not None and offerer.team is not None and seeker.team != offerer.team
    across_s = seeker.site is not None and offerer.site is not None and seeker.site != offerer.site
    shares = not seeker.passions.keys().isdisjoint(offerer.passions.keys())
    return 4 * across_t + 2 * across_s + shares


def _allowed(community: Community, seeker: MemberSnapshot, offerer: MemberSnapshot) -> bool:
    return seeker.id != offerer.id and pair(seeker.id, offerer.id) not in community.blocked_pairs


def propose_skill_matches(community: Community, *, max_seekers_per_offerer: int = 3, seed: int = 0) -> ProposalSet:
    """Propose (seeker, offerer) skill matches (see module doc). Pure and deterministic."""
    if max_seekers_per_offerer < 0:
        raise ValueError("max_seekers_per_offerer must be >= 0")
    rng = np.random.default_rng(seed)
    members = sorted((m for m in community.members if not m.opt_out), key=lambda m: m.id)
    offerers: dict[str, list[MemberSnapshot]] = {}
    for m in members:
        for skill in sorted(m.offers):
            offerers.setdefault(skill, []).append(m)
    needs = [(m, skill) for m in members for skill in sorted(m.seeks)]
    matchable = [
        (m, skill) for m, skill in needs if any(_allowed(community, m, o) for o in offerers.get(skill, ()))
    ]
    n_edges = sum(len(offerers.get(skill, ())) for _, skill in needs)
    if max_seekers_per_offerer == 0 or not matchable:
        matches: list[tuple[MemberSnapshot, MemberSnapshot, str]] = []
        method = "none"
    elif n_edges <= EXACT_MAX_EDGES:
        matches = _exact(community, matchable, offerers, max_seekers_per_offerer)
        method = "exact"
    else:
        matches = _greedy(community, matchable, offerers, max_seekers_per_offerer, rng)
        method = "greedy"
    explainer = Explainer(community)
    matches.sort(key=lambda t: (t[0].id, t[2], t[1].id))
    groupings = tuple(
        Grouping(members=(s.id, o.id), reason=explainer.reason((s.id, o.id), skill=skill)) for s, o, skill in matches
    )
    eligible = {m.id for m, _ in matchable}
    quality = measure(community, groupings, min_size=2, max_size=2, eligible=eligible)
    quality.extra.update(
        needs=float(len(needs)), matchable_needs=float(len(matchable)), matched_needs=float(len(groupings))
    )
    return ProposalSet(
        kind="skills",
        groupings=groupings,
        quality=quality,
        parameters={"max_seekers_per_offerer": max_seekers_per_offerer, "seed": seed, "method": method},
        algorithm_version=ALGORITHM_VERSION,
    )


def _exact(community, needs, offerers, cap) -> list[tuple[MemberSnapshot, MemberSnapshot, str]]:
    graph = nx.DiGraph()
    by_id: dict[str, MemberSnapshot] = {}
    for t, (seeker, skill) in enumerate(needs):
        graph.add_edge("S", ("n", t), capacity=1, weight=0)
        for o in offerers.get(skill, ()):
            if not _allowed(community, seeker, o):
                continue
            by_id[o.id] = o
            via = ("p", seeker.id, o.id)
            graph.add_edge(("n", t), via, capacity=1, weight=_BEST - match_score(seeker, o))
            graph.add_edge(via, ("o", o.id), capacity=1, weight=0)
    for oid in sorted(by_id):
        graph.add_edge(("o", oid), "T", capacity=cap, weight=0)
    flow = nx.max_flow_min_cost(graph, "S", "T")
    out = []
    for t, (seeker, skill) in enumerate(needs):
        for via, f in flow.get(("n", t), {}).items():
            if f > 0:
                out.append((seeker, by_id[via[2]], skill))
    return out


def _greedy(community, needs, offerers, cap, rng) -> list[tuple[MemberSnapshot, MemberSnapshot, str]]:
    load: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    start = {skill: int(rng.integers(len(offs))) for skill, offs in offerers.items() if offs}
    tie = rng.random(len(needs))
    order = np.lexsort((tie, [len(offerers.get(skill, ())) for _, skill in needs]))
    assigned: dict[int, MemberSnapshot] = {}
    by_offerer: dict[str, list[int]] = {}

    def usable(t: int, o: MemberSnapshot) -> bool:
        seeker = needs[t][0]
        return load.get(o.id, 0) < cap and (seeker.id, o.id) not in pairs and _allowed(community, seeker, o)

    def assign(t: int, o: MemberSnapshot) -> None:
        seeker = needs[t][0]
        assigned[t] = o
        load[o.id] = load.get(o.id, 0) + 1
        pairs.add((seeker.id, o.id))
        by_offerer.setdefault(o.id, []).append(t)

    def unassign(t: int) -> None:
        o = assigned.pop(t)
        load[o.id] -= 1
        pairs.discard((needs[t][0].id, o.id))
        by_offerer[o.id].remove(t)

    def best_for(t: int, skip: str | None = None) -> MemberSnapshot | None:
        seeker, skill = needs[t]
        offs = offerers.get(skill, [])
        if not offs:
            return None
        best, best_score, best_step, looked = None, -1, 0, 0
        s0 = start[skill]
        for step in range(len(offs)):
            o = offs[(s0 + step) % len(offs)]
            if o.id == skip or not usable(t, o):
                continue
            looked += 1
            score = match_score(seeker, o)
            if score > best_score:
                best, best_score, best_step = o, score, step
                if score == _BEST:
                    break
            if looked >= LOOKAHEAD:
                break
        if best is not None:
            start[skill] = (s0 + best_step + 1) % len(offs)
        return best

    for t in order.tolist():
        o = best_for(t)
        if o is not None:
            assign(t, o)
    # one-step augmentation: free a full offerer by moving one of its seekers elsewhere
    for t in order.tolist():
        if t in assigned:
            continue
        seeker, skill = needs[t]
        done = False
        for o in offerers.get(skill, [])[:LOOKAHEAD]:
            if not _allowed(community, seeker, o) or (seeker.id, o.id) in pairs:
                continue
            if load.get(o.id, 0) < cap:
                assign(t, o)
                break
            for t2 in list(by_offerer.get(o.id, ())):
                unassign(t2)
                alt = best_for(t2, skip=o.id)
                if alt is not None:
                    assign(t2, alt)
                    assign(t, o)
                    done = True
                    break
                assign(t2, o)
            if done:
                break
    return [(needs[t][0], o, needs[t][1]) for t, o in assigned.items()]
