"""How good a set of groupings is, measured from the data alone.

Every figure of :class:`recommender.model.Quality` is computed here, and so is
the combined :func:`objective` that :mod:`recommender.algorithms.purpose`
maximises (the benchmark uses it to compare against the exact optimum and
against other methods).

Pair definitions (used everywhere, algorithms included):

* **shared-passion strength** ``s(a, b)``: over the passions both hold, the
  largest ``min(intensity_a, intensity_b)``, divided by 5; 0 when they share
  none. So two members who both love jazz at 4 and 5 have strength 0.8.
  It does not depend on which passion a group is "about", so any grouping
  (ours, random, Leiden...) is scored the same way.
* **across teams**: both members have a team and the teams differ (a member
  without a team is never counted as crossing a team boundary).
* **across sites**: the same with sites.
* **new pair**: the two have no bond yet.
* **bridging** ``b(a, b)`` = (across teams + across sites + new pair) / 3.
* **pair weight** ``w(a, b)`` = cohesion_weight * s + bridging_weight * b.

Combined objective (what the purpose algorithm maximises)::

    objective = (1 / E) * sum over groups G of  2 / (|G| - 1) * sum_{pairs in G} w

i.e. the mean, over the E eligible members, of each member's mean pair weight
with their group-mates (0 for a member who is not placed). It lies in 0..1
(with one group per member), does not reward large groups for having more
pairs, and penalises missing coverage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

from recommender.model import Community, Grouping, MemberSnapshot, Quality, pair

__all__ = [
    "measure",
    "objective",
    "pair_strength",
    "pair_bridging",
    "pair_weight",
    "silo_index",
    "group_members",
    "event_mixing",
]


def _passions(m: MemberSnapshot, focus: frozenset[str] | None) -> Mapping[str, int]:
    if focus is None:
        return m.passions
    return {p: v for p, v in m.passions.items() if p in focus}


def pair_strength(a: MemberSnapshot, b: MemberSnapshot, focus_passions: frozenset[str] | None = None) -> float:
    """Shared-passion strength of a pair, 0..1 (see module doc)."""
    pa = _passions(a, focus_passions)
    pb = _passions(b, focus_passions)
    if len(pb) < len(pa):
        pa, pb = pb, pa
    best = 0
    for slug, va in pa.items():
        vb = pb.get(slug)
        if vb is not None:
            v = va if va < vb else vb
            if v > best:
                best = v
    return best / 5.0


def pair_bridging(community: Community, a: MemberSnapshot, b: MemberSnapshot) -> tuple[bool, bool, bool]:
    """(across teams, across sites, no bond yet)."""
    across_teams = a.team is not None and b.team is not None and a.team != b.team
    across_sites = a.site is not None and b.site is not None and a.site != b.site
    new = pair(a.id, b.id) not in community.bonds
    return across_teams, across_sites, new


def pair_weight(
    community: Community,
    a: MemberSnapshot,
    b: MemberSnapshot,
    *,
    cohesion_weight: float = 0.5,
    bridging_weight: float = 0.5,
    focus_passions: frozenset[str] | None = None,
) -> float:
    t, s, n = pair_bridging(community, a, b)
    return cohesion_weight * pair_strength(a, b, focus_passions) + bridging_weight * (t + s + n) / 3.0


def group_members(groupings: Iterable[Grouping | Sequence[str]]) -> list[tuple[str, ...]]:
    out = []
    for g in groupings:
        out.append(tuple(g.members) if isinstance(g, Grouping) else tuple(g))
    return out


def _silo_counts(community: Community, team: Mapping[str, str | None]) -> tuple[int, int]:
    external = internal = 0
    get = team.get
    for a, b in community.bonds:
        ta = get(a)
        if ta is None:
            continue
        tb = get(b)
        if tb is None:
            continue
        if ta == tb:
            internal += 1
        else:
            external += 1
    return external, internal


def _ei(external: int, internal: int) -> float:
    total = external + internal
    return (external - internal) / total if total else 0.0


def _silo_before_after(community: Community, extra_pairs: Iterable[tuple[str, str]]) -> tuple[float, float]:
    team = {m.id: m.team for m in community.members}
    external, internal = _silo_counts(community, team)
    before = _ei(external, internal)
    seen: set[tuple[str, str]] = set()
    for a, b in extra_pairs:
        p = pair(a, b)
        if p in community.bonds or p in seen:
            continue
        seen.add(p)
        ta = team.get(a)
        tb = team.get(b)
        if ta is None or tb is None:
            continue
        if ta == tb:
            internal += 1
        else:
            external += 1
    return before, _ei(external, internal)


def silo_index(community: Community, extra_pairs: Iterable[tuple[str, str]] = ()) -> float:
    """Krackhardt E-I index of bonds by team: (external - internal) / (external + internal).

    Members without a team are ignored. ``extra_pairs`` are counted as bonds
    too (a pair that already is a bond is not counted twice). 0.0 when there
    is no bond between members with teams.
    """
    return _silo_before_after(community, extra_pairs)[1]


def objective(
    community: Community,
    groupings: Iterable[Grouping | Sequence[str]],
    *,
    eligible: set[str] | int,
    cohesion_weight: float = 0.5,
    bridging_weight: float = 0.5,
    focus_passions: frozenset[str] | None = None,
) -> float:
    """The combined objective of the purpose algorithm (see module doc).

    ``eligible`` is the eligible member set (or just its size).
    """
    n_eligible = eligible if isinstance(eligible, int) else len(eligible)
    if n_eligible <= 0:
        return 0.0
    lookup = {m.id: m for m in community.members}
    total = 0.0
    for members in group_members(groupings):
        k = len(members)
        if k < 2:
            continue
        snaps = [lookup[i] for i in members]
        w = 0.0
        for a, b in combinations(snaps, 2):
            w += pair_weight(
                community, a, b,
                cohesion_weight=cohesion_weight, bridging_weight=bridging_weight, focus_passions=focus_passions,
            )
        total += 2.0 * w / (k - 1)
    return total / n_eligible


def measure(
    community: Community,
    groupings: Iterable[Grouping | Sequence[str]],
    *,
    min_size: int,
    max_size: int,
    eligible: set[str],
    cohesion_weight: float = 0.5,
    bridging_weight: float = 0.5,
    focus_passions: frozenset[str] | None = None,
) -> Quality:
    """Every figure of :class:`Quality` (definitions in the module doc and in model.Quality).

    * cohesion: mean over groups (of 2+ members) of the mean pair strength;
    * bridging_teams / bridging_sites / novelty: shares of all within-group
      pairs (pooled over groups) that cross teams / cross sites / have no bond;
    * coverage: eligible members placed in at least one grouping / eligible;
    * size_violations: groupings whose size is outside [min_size, max_size];
    * repeated_pairs: distinct pairs that are together in more than one grouping;
    * silo_index_before / after: :func:`silo_index` without / with every
      within-group pair as a bond.

    ``extra`` holds: objective (the combined objective with the given
    weights), bridging (mean of the three pair indicators over pairs), groups,
    pairs, placed, eligible, and mean_size.
    """
    groups = group_members(groupings)
    lookup = {m.id: m for m in community.members}
    cohesion_sum = 0.0
    cohesion_groups = 0
    pairs_total = across_t = across_s = new = 0
    pair_counts: Counter[tuple[str, str]] = Counter()
    violations = 0
    placed: set[str] = set()
    objective_sum = 0.0
    size_sum = 0
    for members in groups:
        k = len(members)
        size_sum += k
        if k < min_size or k > max_size:
            violations += 1
        placed.update(members)
        if k < 2:
            continue
        snaps = [lookup[i] for i in members]
        s_sum = 0.0
        w_sum = 0.0
        for a, b in combinations(snaps, 2):
            s = pair_strength(a, b, focus_passions)
            t, si, n = pair_bridging(community, a, b)
            s_sum += s
            across_t += t
            across_s += si
            new += n
            w_sum += cohesion_weight * s + bridging_weight * (t + si + n) / 3.0
            pair_counts[pair(a.id, b.id)] += 1
        n_pairs = k * (k - 1) // 2
        pairs_total += n_pairs
        cohesion_sum += s_sum / n_pairs
        cohesion_groups += 1
        objective_sum += 2.0 * w_sum / (k - 1)
    placed_eligible = len(placed & eligible)
    silo_before, silo_after = _silo_before_after(community, pair_counts)
    return Quality(
        cohesion=cohesion_sum / cohesion_groups if cohesion_groups else 0.0,
        bridging_teams=across_t / pairs_total if pairs_total else 0.0,
        bridging_sites=across_s / pairs_total if pairs_total else 0.0,
        novelty=new / pairs_total if pairs_total else 0.0,
        coverage=placed_eligible / len(eligible) if eligible else 0.0,
        size_violations=violations,
        repeated_pairs=sum(1 for c in pair_counts.values() if c > 1),
        silo_index_before=silo_before,
        silo_index_after=silo_after,
        extra={
            "objective": objective_sum / len(eligible) if eligible else 0.0,
            "bridging": (across_t + across_s + new) / (3 * pairs_total) if pairs_total else 0.0,
            "groups": float(len(groups)),
            "pairs": float(pairs_total),
            "placed": float(placed_eligible),
            "eligible": float(len(eligible)),
            "mean_size": size_sum / len(groups) if groups else 0.0,
        },
    )


def _blau(values: list[str | None]) -> float | None:
    """Blau's diversity index 1 - sum p_i^2 over the known values (None when none is known)."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    counts = Counter(known)
    return 1.0 - sum((c / len(known)) ** 2 for c in counts.values())


def event_mixing(
    community: Community, groupings: Iterable[Grouping | Sequence[str]], seated: Sequence[str]
) -> dict[str, float]:
    """Fairness and mixing figures of an event's tables over all its rounds.

    * ``pairs_met_share``: distinct pairs of ``seated`` people who share a table at least once,
      over all ``n (n - 1) / 2`` pairs (1.0 when everyone meets everyone);
    * ``fewest_people_met``: the smallest number of distinct people one attendee meets (the
      worst-off attendee);
    * ``largest_team_share``: over every table of every round, the largest share of the table's
      seats held by one team (1.0: some table is all one team);
    * ``team_diversity`` / ``site_diversity``: Blau's index ``1 - sum p_i^2`` of the teams (sites)
      at a table, p_i the share of team i among the table's members who have one, averaged over
      the tables where someone has one (0: one team; 1 - 1/k at most for k people).
    """
    lookup = {m.id: m for m in community.members}
    people = list(seated)
    met: dict[str, set[str]] = {p: set() for p in people}
    largest = 0.0
    team_sum = site_sum = 0.0
    team_tables = site_tables = 0
    for members in group_members(groupings):
        if not members:
            continue
        for a in members:
            met.setdefault(a, set()).update(b for b in members if b != a)
        teams = [lookup[m].team for m in members]
        sites = [lookup[m].site for m in members]
        known = Counter(t for t in teams if t is not None)
        if known:
            largest = max(largest, max(known.values()) / len(members))
        blau = _blau(teams)
        if blau is not None:
            team_sum += blau
            team_tables += 1
        blau = _blau(sites)
        if blau is not None:
            site_sum += blau
            site_tables += 1
    n = len(people)
    pairs = n * (n - 1) // 2
    inside = set(people)
    met_pairs = sum(len(met[p] & inside) for p in people) // 2
    return {
        "pairs_met_share": met_pairs / pairs if pairs else 0.0,
        "fewest_people_met": float(min((len(met[p] & inside) for p in people), default=0)),
        "largest_team_share": largest,
        "team_diversity": team_sum / team_tables if team_tables else 0.0,
        "site_diversity": site_sum / site_tables if site_tables else 0.0,
    }
