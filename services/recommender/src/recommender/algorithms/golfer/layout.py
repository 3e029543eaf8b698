"""Table sizes, the proven lower bound on repeats, and counting the repeats of a schedule."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

Rounds = list[list[list[int]]]  # rounds -> tables -> players


def table_layout(n: int, table_size: int) -> list[int]:
    """Sizes of the ``ceil(n / table_size)`` tables: ``table_size`` first, then ``table_size - 1``."""
    if table_size < 2:
        raise ValueError(f"table_size must be at least 2, got {table_size}")
    if n < table_size:
        raise ValueError(f"{n} attendees cannot fill a table of {table_size}: need at least {table_size}")
    tables = -(-n // table_size)
    short = tables * table_size - n
    if short > tables:
        raise ValueError(
            f"{n} attendees cannot sit at {tables} tables of {table_size} or {table_size - 1}: "
            f"some table would have fewer than {table_size - 1} people"
        )
    return [table_size] * (tables - short) + [table_size - 1] * short


def repeat_lower_bound(n: int, sizes: Sequence[int], rounds: int) -> int:
    """A proven lower bound on repeats, the larger of two counts.

    * pairs: pair-meetings in all rounds minus the number of distinct pairs;
    * pigeonhole (fewer tables than seats): a table of s people in round i + 1 takes them from
      the T tables of round i, so at least ``sum C(c_j, 2)`` of its pairs (c_j = s split as
      evenly as possible into T parts) also met in round i. A pair meeting in the rounds S
      is counted at most ``|S| - 1`` times over consecutive rounds, which is its repeats.
    """
    meetings = rounds * sum(s * (s - 1) // 2 for s in sizes)
    by_pairs = max(0, meetings - n * (n - 1) // 2)
    T = len(sizes)
    per_step = 0
    for s in sizes:
        q, rem = divmod(s, T)
        per_step += rem * (q + 1) * q // 2 + (T - rem) * q * (q - 1) // 2
    return max(by_pairs, (rounds - 1) * per_step)


def count_repeats(schedule: Rounds) -> tuple[int, int]:
    """(repeats, largest number of meetings of one pair) of a schedule (1 when no pair meets)."""
    counts: dict[tuple[int, int], int] = {}
    for tables in schedule:
        for table in tables:
            for a, b in combinations(sorted(table), 2):
                counts[(a, b)] = counts.get((a, b), 0) + 1
    repeats = sum(c - 1 for c in counts.values())
    return repeats, max(counts.values(), default=1)
