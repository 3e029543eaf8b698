"""Benchmark: event breakout rounds (recommender.algorithms.events.propose_event_rounds).

Runs the social-golfer instances near their known limits, each on a generated community
(teams, sites, passions and mostly in-team bonds from a small seeded generator):

* 32 attendees, tables of 4, 9 rounds (the classic 8-4-9 instance)       - target
* 32 attendees, tables of 4, 10 rounds (8-4-10, the maximum)              - stretch
* 300 attendees, tables of 6, 5 rounds                                     - target
* 50 attendees, tables of 6 (uneven: five tables of 6, four of 5), 4 rounds - target

Each reports wall time (and CPU time: the machine may be shared), repeats (pair-meetings
beyond the first), the largest number of meetings of one pair, table sizes and the mixing
figures, and whether the targets (no repeat, under 60 s) are met. Progress goes to stderr; the last stdout line is one JSON object.

    .venv/bin/python bench/recommender_events.py [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from itertools import combinations

# Run as a script, this directory comes first on sys.path, and bench/recommender.py (another
# benchmark) would shadow the recommender package: take the directory off the path.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

from recommender.algorithms.events import propose_event_rounds  # noqa: E402
from recommender.model import Community, MemberSnapshot, pair  # noqa: E402

TARGET_SECONDS = 60.0
INSTANCES = (
    # name, attendees, table size, rounds, is a target (else stretch)
    ("32x4x9", 32, 4, 9, True),
    ("32x4x10", 32, 4, 10, False),
    ("300x6x5", 300, 6, 5, True),
    ("50x6x4", 50, 6, 4, True),
)
PASSIONS = (
    "jazz", "hiking", "chess", "baking", "yoga", "go", "poetry", "sailing", "climbing", "running",
    "cycling", "photography", "gardening", "board-games", "pottery", "football", "choir", "painting",
    "birding", "cooking", "film", "knitting", "astronomy", "theatre",
)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(n: int, seed: int) -> tuple[Community, list[str]]:
    """A community of n members: ~n/8 teams over 3 sites, 0-4 passions (popular ones more
    often), about 3 bonds per member, 85% of them inside the member's team."""
    rng = random.Random(seed)
    n_teams = max(3, n // 8)
    team_site = [rng.randrange(3) for _ in range(n_teams)]
    weights = [1.0 / (i + 1) for i in range(len(PASSIONS))]
    members = []
    for i in range(n):
        team = rng.randrange(n_teams)
        site = team_site[team] if rng.random() < 0.9 else rng.randrange(3)
        chosen = set(rng.choices(PASSIONS, weights=weights, k=rng.randint(0, 4)))
        members.append(
            MemberSnapshot(
                id=f"m{i:04d}",
                team=f"team-{team:02d}",
                site=f"site-{site}",
                passions={slug: rng.randint(1, 5) for slug in sorted(chosen)},
            )
        )
    by_team: dict[str, list[str]] = {}
    for m in members:
        by_team.setdefault(m.team or "", []).append(m.id)
    ids = [m.id for m in members]
    bonds: set[tuple[str, str]] = set()
    for m in members:
        for _ in range(3):
            mates = by_team[m.team or ""]
            other = rng.choice(mates) if rng.random() < 0.85 and len(mates) > 1 else rng.choice(ids)
            if other != m.id:
                bonds.add(pair(m.id, other))
    return Community(members=tuple(members), bonds=frozenset(bonds)), ids


def run_instance(name: str, n: int, table_size: int, rounds: int, seed: int) -> dict:
    community, attendees = generate(n, seed)
    started = time.perf_counter()
    cpu_started = time.process_time()
    proposal = propose_event_rounds(community, attendees, table_size=table_size, rounds=rounds, seed=seed)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    # recount independently of the algorithm's own figures
    counts: Counter[tuple[str, str]] = Counter()
    sizes: Counter[int] = Counter()
    seated_ok = True
    for r in range(1, rounds + 1):
        tables = [g for g in proposal.groupings if g.round == r]
        seated = [m for g in tables for m in g.members]
        seated_ok &= sorted(seated) == sorted(attendees)
        for g in tables:
            sizes[len(g.members)] += 1
            counts.update(pair(a, b) for a, b in combinations(g.members, 2))
    repeats = sum(c - 1 for c in counts.values())
    q = proposal.quality
    return {
        "attendees": n,
        "table_size": table_size,
        "rounds": rounds,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "repeats": repeats,
        "reported_repeats": q.repeated_pairs,
        "max_meetings": max(counts.values(), default=0),
        "table_sizes": {str(k): v // rounds for k, v in sorted(sizes.items(), reverse=True)},
        "everyone_seated_every_round": seated_ok,
        "construction": proposal.parameters["construction"],
        "search_iterations": proposal.parameters["search_iterations"],
        "bridging_teams": round(q.bridging_teams, 4),
        "bridging_sites": round(q.bridging_sites, 4),
        "novelty": round(q.novelty, 4),
        "cohesion": round(q.cohesion, 4),
        "no_repeats": repeats == 0,
        "under_60s": seconds < TARGET_SECONDS,
    }


def events_benchmark(seed: int = 0) -> dict:
    """Run every instance; ``targets_met`` covers the targets, ``stretch_met`` the 10-round one."""
    results: dict[str, dict] = {}
    for name, n, k, rounds, _ in INSTANCES:
        say(f"{name}: {n} attendees, tables of {k}, {rounds} rounds ...")
        results[name] = res = run_instance(name, n, k, rounds, seed)
        say(f"  {res['seconds']:.2f} s, repeats {res['repeats']}, construction {res['construction']}")

    def met(name: str) -> bool:
        r = results[name]
        return (
            r["no_repeats"]
            and r["under_60s"]
            and r["everyone_seated_every_round"]
            and r["reported_repeats"] == r["repeats"]
        )

    targets = [name for name, *_, target in INSTANCES if target]
    stretch = [name for name, *_, target in INSTANCES if not target]
    return {
        "benchmark": "recommender_events",
        "seed": seed,
        "instances": results,
        "targets_met": all(met(name) for name in targets),
        "stretch_met": all(met(name) for name in stretch),
        "total_seconds": round(sum(r["seconds"] for r in results.values()), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(json.dumps(events_benchmark(args.seed), sort_keys=True))


if __name__ == "__main__":
    main()
