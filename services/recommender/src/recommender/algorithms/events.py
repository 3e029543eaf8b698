"""Event breakout rounds: who sits with whom, round after round, so people meet people they do not know.

:func:`propose_event_rounds` seats the attendees of an event for ``rounds`` rounds at
``ceil(n / table_size)`` tables per round.

Rules (checked by the tests):

* every round seats every attendee exactly once; tables have ``table_size`` seats, or one
  less when the attendees do not divide evenly (sizes differ by at most one, never more
  than ``table_size``, never fewer than ``table_size - 1``); impossible parameters raise
  ``ValueError`` (``table_size < 2``, ``rounds < 1``, fewer attendees than ``table_size``,
  unknown or duplicate attendee ids, a count that cannot be split that way - e.g. 5 people
  at tables of 4);
* no table ever holds a pair of ``community.apart_pairs`` (one asked not to be introduced to
  the other): a heavy negative pair weight steers the mixing, then seats are swapped within
  the round (even at the cost of a repeat); ``ValueError`` when no swap can part them;
* attendees who opted out are dropped (``parameters["dropped_opted_out"]`` and a note in
  ``parameters["notes"]``), never seated;
* first objective: no two people share a table twice; when that cannot be achieved, as few
  repeats as found, reported as ``Quality.repeated_pairs`` = pair-meetings beyond the first
  (a pair together in 3 rounds counts 2) and ``Quality.extra["max_meetings"]``;
  ``extra["repeat_lower_bound"]`` is a proven lower bound (pair-meetings minus distinct
  pairs), so ``repeated_pairs == repeat_lower_bound`` means optimal;
* second objective, never at the cost of a repeat: tables that mix teams and sites and share
  passions. Pair weight (the same for every table)::

      across teams + across sites + shares a passion + 0.25 * passion strength + 0.25 * no bond

  with the pair definitions of :mod:`recommender.quality` (strength in 0..1).

Method (see :mod:`recommender.algorithms.golfer`): a zero-repeat construction, greedy extra
rounds when more rounds are asked than the construction gives (the freedom heuristic of
Triska & Musliu 2012, :mod:`recommender.algorithms.golfer.greedy`), a tabu search on repeats
(Dotu & Van Hentenryck 2005) that perturbs its best schedule when it stalls and restarts from
a new greedy start when perturbing does not help, until it reaches the proven lower bound or
the deadline (``SEARCH_SHARE`` of ``time_limit``), then a descent on the pair weights using
relabellings (two people exchange their whole schedule, which cannot create a repeat) and
single-round swaps that add no repeat, with a few iterated-local-search kicks. Deterministic
for a seed (attendees are handled in id order, so their order in the list does not matter)
whenever the repeat search reaches the lower bound, or stops at ``search_iterations``; when
repeats above the bound remain, the search uses its time and the result depends on the
machine's speed.

Fairness and mixing figures in ``Quality.extra`` (:func:`recommender.quality.event_mixing`):
``pairs_met_share`` (pairs of attendees who meet at least once), ``fewest_people_met`` (the
worst-off attendee), ``largest_team_share`` (the largest share of one team at any table),
``team_diversity`` and ``site_diversity`` (Blau's index per table, averaged).

Groupings come round by round (``Grouping.round`` 1..rounds), table by table
(``Grouping.table`` 1..tables), members in id order. Each :class:`Reason` is the shared one
of :mod:`recommender.explain` (shared passions with all members' intensities, teams, sites,
``new_pairs`` = pairs without a bond), its text prefixed with "Round r, table t:" and
followed by the event's own sentences: the teams and sites it brings together (by name), who
meets whom for the first time (pairs without a bond that have not shared a table in an
earlier round), who is already connected (bonded), and which pairs sit together again
(with the earlier rounds).
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from recommender.algorithms._apart import APART_PENALTY, separate
from recommender.algorithms.golfer import (
    ScheduleState,
    construct,
    count_repeats,
    improve_mixing,
    repeat_lower_bound,
    table_layout,
    tabu_search,
)
from recommender.algorithms.golfer.greedy import greedy_fits, greedy_schedule
from recommender.explain import Explainer, join_names
from recommender.model import Community, Grouping, MemberSnapshot, ProposalSet, Quality, Reason, pair
from recommender.quality import event_mixing, measure

__all__ = ["propose_event_rounds", "ALGORITHM_VERSION", "pair_weights"]

ALGORITHM_VERSION = "events-1.2"

#: share of ``time_limit`` the repeat search may use; the rest is for mixing and explanations
SEARCH_SHARE = 0.75
#: a safety net only: the deadline or the lower bound stops the repeat search first
MAX_ITERATIONS = 50_000_000
#: moves without a better schedule before a perturbation: STALL_BASE + 10 per attendee
STALL_BASE = 300
#: fruitless perturbations before a restart from a new greedy start
KICKS_PER_START = 8
#: more rounds than any event has (and a bound on memory: arrays grow with rounds x attendees)
MAX_ROUNDS = 200
MIXING_PASSES = 40
#: iterated-local-search kicks of the mixing phase, for up to MIXING_KICKS_UP_TO attendees
#: (on larger events a kick costs a lot for well under 1% more pair weight)
MIXING_KICKS = 20
MIXING_KICKS_UP_TO = 100
#: at most this many player evaluations in the mixing phase (about 6 passes over 2000 people)
MIXING_EVALUATIONS = 12_000


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def pair_weights(community: Community, members: Sequence[MemberSnapshot]) -> np.ndarray:
    """Dense secondary-objective weights between ``members`` (see module doc), diagonal 0."""
    n = len(members)

    def codes(values: list[str | None]) -> np.ndarray:
        lut: dict[str, int] = {}
        return np.array([-1 if v is None else lut.setdefault(v, len(lut)) for v in values], dtype=np.int64)

    team = codes([m.team for m in members])
    site = codes([m.site for m in members])
    across_t = (team[:, None] != team[None, :]) & (team[:, None] >= 0) & (team[None, :] >= 0)
    across_s = (site[:, None] != site[None, :]) & (site[:, None] >= 0) & (site[None, :] >= 0)
    # shared-passion strength: best common intensity / 5
    strength = np.zeros((n, n))
    holders: dict[str, list[tuple[int, int]]] = {}
    for i, m in enumerate(members):
        for slug, v in m.passions.items():
            holders.setdefault(slug, []).append((i, v))
    for hs in holders.values():
        if len(hs) < 2:
            continue
        idx = np.array([i for i, _ in hs])
        val = np.array([v for _, v in hs], dtype=np.float64)
        common = np.minimum(val[:, None], val[None, :]) / 5.0
        block = strength[np.ix_(idx, idx)]
        strength[np.ix_(idx, idx)] = np.maximum(block, common)
    pos = {m.id: i for i, m in enumerate(members)}
    no_bond = np.ones((n, n), dtype=bool)
    for a, b in community.bonds:
        ia, ib = pos.get(a), pos.get(b)
        if ia is not None and ib is not None:
            no_bond[ia, ib] = no_bond[ib, ia] = False
    w = across_t.astype(np.float64) + across_s + (strength > 0) + 0.25 * strength + 0.25 * no_bond
    for a, b in community.apart_pairs:
        ia, ib = pos.get(a), pos.get(b)
        if ia is not None and ib is not None:
            w[ia, ib] = w[ib, ia] = -APART_PENALTY
    np.fill_diagonal(w, 0.0)
    return w


def propose_event_rounds(
    community: Community,
    attendees: list[str],
    *,
    table_size: int,
    rounds: int,
    seed: int = 0,
    time_limit: float = 50.0,
    search_iterations: int | None = None,
) -> ProposalSet:
    """Seat ``attendees`` for ``rounds`` rounds at tables of ``table_size`` (see module doc).

    ``search_iterations`` caps the moves of the repeat search (tests and benchmarks use it to be
    deterministic and quick); by default the search runs until the lower bound or the deadline.
    """
    started = time.monotonic()
    table_size = _check_int("table_size", table_size, 2)
    rounds = _check_int("rounds", rounds, 1)
    if rounds > MAX_ROUNDS:
        raise ValueError(f"rounds must be at most {MAX_ROUNDS}, got {rounds}")
    seed = _check_int("seed", seed, -(2**63))
    if not isinstance(time_limit, (int, float)) or not time_limit > 0:
        raise ValueError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
    if isinstance(attendees, str):
        raise ValueError("attendees must be a list of member ids, not a string")
    attendees = list(attendees)
    if any(not isinstance(a, str) for a in attendees):
        raise ValueError("attendee ids must be strings")
    counts = Counter(attendees)
    duplicates = sorted(a for a, c in counts.items() if c > 1)
    if duplicates:
        raise ValueError(f"duplicate attendee ids: {', '.join(duplicates)}")
    lookup = {m.id: m for m in community.members}
    unknown = sorted(a for a in attendees if a not in lookup)
    if unknown:
        raise ValueError(f"unknown attendee ids (not members of the community): {', '.join(unknown)}")
    dropped = sorted(a for a in attendees if lookup[a].opt_out)
    seated = sorted(a for a in attendees if not lookup[a].opt_out)
    n = len(seated)
    if n < table_size:
        extra = f" ({len(dropped)} opted out)" if dropped else ""
        raise ValueError(f"{n} attendees{extra} are fewer than one table of {table_size}")
    sizes = table_layout(n, table_size)  # ValueError when no valid layout
    n_tables = len(sizes)

    members = [lookup[a] for a in seated]
    rng = np.random.default_rng([seed % 2**64, n, table_size, rounds])
    method, constructed, start_tab = construct(n, table_size, rounds, rng)
    lower = repeat_lower_bound(n, sizes, rounds)
    greedy = greedy_fits(n, rounds)
    if greedy and constructed < rounds:
        start_tab = greedy_schedule(sizes, rounds, rng, fixed=start_tab[:constructed])
        method = f"{method.removesuffix(' + greedy')} + greedy"
    state = ScheduleState(start_tab, n_tables)
    stats = tabu_search(
        state,
        rng,
        target=lower,
        max_iterations=MAX_ITERATIONS if search_iterations is None else search_iterations,
        stall=STALL_BASE + 10 * n,
        kicks_per_start=KICKS_PER_START,
        restart=_restarts(sizes, rounds, start_tab[:constructed]) if greedy else None,
        deadline=started + SEARCH_SHARE * time_limit,
    )
    weights = pair_weights(community, members)
    score_start = _score(state, weights)
    passes, moves = improve_mixing(
        state,
        weights,
        rng,
        max_passes=MIXING_PASSES,
        kicks=MIXING_KICKS if n <= MIXING_KICKS_UP_TO else 0,
        max_evaluations=MIXING_EVALUATIONS,
        deadline=started + 0.95 * time_limit,
    )
    schedule = _keep_apart(state.rounds(), seated, community.apart_pairs)
    repeats, max_meetings = count_repeats(schedule)

    explainer = Explainer(community)
    groupings: list[Grouping] = []
    met_before: dict[tuple[str, str], list[int]] = {}
    for r, tables in enumerate(schedule, start=1):
        met_now: list[tuple[tuple[str, str], int]] = []
        for t, table in enumerate(tables, start=1):
            ids = [seated[i] for i in table]  # table is sorted, seated is sorted: ids in id order
            reason = _reason(explainer, community, ids, r, t, met_before)
            groupings.append(Grouping(members=tuple(ids), reason=reason, round=r, table=t))
            met_now.extend((pair(a, b), r) for a, b in combinations(ids, 2))
        for p, rr in met_now:
            met_before.setdefault(p, []).append(rr)

    quality = _quality(community, groupings, seated, sizes, table_size, rounds, repeats, max_meetings, lower)
    notes: list[str] = []
    if dropped:
        notes.append(
            f"{len(dropped)} attendee{'s' if len(dropped) != 1 else ''} opted out and "
            f"{'were' if len(dropped) != 1 else 'was'} not seated: {', '.join(dropped)}"
        )
    if repeats:
        meetings = f"{repeats} repeated meeting{'s' if repeats != 1 else ''}"
        if repeats == lower:
            notes.append(f"{meetings}: no seating of {n} people at these tables for {rounds} rounds has fewer")
        else:
            notes.append(f"{meetings}: the fewest the search found; at least {lower} cannot be avoided")
    parameters: dict[str, object] = {
        "table_size": table_size,
        "rounds": rounds,
        "seed": seed,
        "time_limit": time_limit,
        "attendees": len(attendees),
        "seated": n,
        "dropped_opted_out": dropped,
        "notes": notes,
        "tables_per_round": n_tables,
        "table_sizes": sizes,
        "construction": method,
        "constructed_rounds": constructed,
        "repeat_lower_bound": lower,
        "search_iterations": stats.iterations,
        "search_restarts": stats.restarts,
        "search_perturbations": stats.perturbations,
        "search_stopped_by": stats.stopped_by,
        "mixing_passes": passes,
        "mixing_moves": moves,
        "mixing_score_start": round(score_start, 4),
        "mixing_score": round(_score(state, weights), 4),
    }
    return ProposalSet(
        kind="events",
        groupings=tuple(groupings),
        quality=quality,
        parameters=parameters,
        algorithm_version=ALGORITHM_VERSION,
    )


def _restarts(sizes: list[int], rounds: int, constructed: np.ndarray) -> Callable[[np.random.Generator], np.ndarray]:
    """New starts for the repeat search: the construction's rounds with new greedy rounds after
    them, and every other time a schedule that is greedy from the first round (the construction
    may be a dead end: not every set of zero-repeat rounds extends to more)."""
    count = 0

    def start(rng: np.random.Generator) -> np.ndarray:
        nonlocal count
        count += 1
        keep = constructed if count % 2 == 1 and len(constructed) < rounds else None
        return greedy_schedule(sizes, rounds, rng, fixed=keep)

    return start


def _keep_apart(
    schedule: list[list[list[int]]], seated: list[str], apart: frozenset[tuple[str, str]]
) -> list[list[list[int]]]:
    """Each round with no table holding a kept-apart pair (algorithms/_apart.py), by swapping seats
    within the round (which may add a repeat: keeping a pair apart comes first)."""
    if not apart:
        return schedule
    where = {member: i for i, member in enumerate(seated)}
    out = []
    for tables in schedule:
        fixed = separate([[seated[i] for i in table] for table in tables], apart, min_size=None)
        if fixed is None:
            raise ValueError(
                "two attendees who must never be proposed together cannot be seated apart at these tables: "
                "try smaller tables"
            )
        out.append([sorted(where[member] for member in table) for table in fixed])
    return out


def _score(state: ScheduleState, weights: np.ndarray) -> float:
    """Sum of pair weights over all tables of all rounds (the secondary objective)."""
    total = 0.0
    for tables in state.members:
        for t in tables:
            if len(t) > 1:
                total += float(weights[np.ix_(t, t)].sum()) / 2.0
    return total


def _reason(
    explainer: Explainer,
    community: Community,
    ids: list[str],
    round_no: int,
    table_no: int,
    met_before: dict[tuple[str, str], list[int]],
) -> Reason:
    base = explainer.reason(ids)
    name = explainer.name
    first: dict[str, list[str]] = {}
    bonded: list[str] = []
    again: list[str] = []
    n_first = 0
    for a, b in combinations(ids, 2):
        p = pair(a, b)
        earlier = met_before.get(p)
        if earlier:
            rounds = join_names([str(x) for x in earlier])
            again.append(f"{name(a)} and {name(b)} (round{'s' if len(earlier) > 1 else ''} {rounds})")
        elif p in community.bonds:
            bonded.append(f"{name(a)} and {name(b)}")
        else:
            first.setdefault(a, []).append(name(b))
            n_first += 1
    total = base.total_pairs
    if total == 0:
        words = [f"{name(ids[0])} sits alone this round (tables of 2 and an odd number of attendees)."]
    elif n_first == total and total > 1:
        words = [f"Everyone here meets everyone else for the first time ({total} new pairs)."]
    elif n_first == total:
        words = [f"{name(ids[0])} and {name(ids[1])} meet for the first time."]
    elif n_first == 0:
        words = ["Nobody here meets anyone new."]
    else:
        parts = [f"{name(a)} meets {join_names(bs)}" for a, bs in first.items()]
        words = [f"Meeting for the first time: {'; '.join(parts)}."]
    if bonded:
        words.append(f"Already connected: {'; '.join(bonded)}.")
    if again:
        words.append(f"Sitting together again: {'; '.join(again)}.")
    team_names = [community.names.teams.get(t, t) for t in base.teams]
    site_names = [community.names.sites.get(t, t) for t in base.sites]
    teams = f"team{'s' if len(team_names) != 1 else ''} {join_names(team_names)}" if team_names else "no team"
    sites = f"site{'s' if len(site_names) != 1 else ''} {join_names(site_names)}" if site_names else "no site"
    words.insert(0, f"It brings together {teams} and {sites}.")
    text = f"Round {round_no}, table {table_no}: {base.text} {' '.join(words)}"
    return dataclasses.replace(base, text=text)


def _quality(
    community: Community,
    groupings: list[Grouping],
    seated: list[str],
    sizes: list[int],
    table_size: int,
    rounds: int,
    repeats: int,
    max_meetings: int,
    lower: int,
) -> Quality:
    min_size = min(sizes)
    base = measure(community, groupings, min_size=min_size, max_size=table_size, eligible=set(seated))
    per_round: Counter[int] = Counter()
    for g in groupings:
        per_round[g.round or 0] += len(g.members)
    n = len(seated)
    coverage = sum(min(per_round[r], n) for r in range(1, rounds + 1)) / (n * rounds) if n else 0.0
    extra = dict(base.extra)
    extra.update(
        {
            "max_meetings": float(max_meetings),
            "repeat_lower_bound": float(lower),
            "repeated_distinct_pairs": float(base.repeated_pairs),
            "rounds": float(rounds),
            "tables_per_round": float(len(sizes)),
        }
    )
    extra.update(event_mixing(community, groupings, seated))
    return dataclasses.replace(base, repeated_pairs=repeats, coverage=coverage, extra=extra)
