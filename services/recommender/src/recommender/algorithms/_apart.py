"""Pairs kept apart: one member asked never to be introduced to the other.

Intros and skills pairings skip them as blocked pairs. Purpose groups and event tables steer
away from them with a heavy pair weight (``APART_PENALTY``), then :func:`separate` runs last,
so no grouping of any algorithm ever holds such a pair, whatever the search found.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from recommender.model import pair

__all__ = ["APART_PENALTY", "holds_apart_pair", "separate"]

#: Subtracted from a kept-apart pair's weight: far more than any pair can gain (weights are at most a few units).
APART_PENALTY = 1000.0


def holds_apart_pair(members: Iterable[str], apart: Collection[tuple[str, str]]) -> bool:
    ids = sorted(set(members))
    if not apart or len(ids) < 2:
        return False
    return any(pair(a, b) in apart for i, a in enumerate(ids) for b in ids[i + 1:])


def _fits(members: list[str], newcomer: str, apart: Collection[tuple[str, str]]) -> bool:
    return all(pair(newcomer, other) not in apart for other in members)


def separate(
    groups: list[list[str]], apart: Collection[tuple[str, str]], *, min_size: int | None
) -> list[list[str]] | None:
    """The groups with no kept-apart pair left in any of them, sizes unchanged where possible.

    For each member in a conflict (in group and id order): swap them with a member of another
    group when neither group then holds a kept-apart pair; else, with ``min_size``, leave them
    out when their group keeps ``min_size`` members, else drop the group. Without ``min_size``
    (event tables: everyone is seated) None when a swap cannot be found.
    """
    if not apart:
        return groups
    out = [list(g) for g in groups]
    for g in range(len(out)):
        while True:
            conflict = next(
                (b for i, a in enumerate(sorted(out[g])) for b in sorted(out[g])[i + 1:] if pair(a, b) in apart), None
            )
            if conflict is None:
                break
            rest = [m for m in out[g] if m != conflict]
            swapped = False
            for h in range(len(out)):
                if h == g:
                    continue
                for other in sorted(out[h]):
                    stay = [m for m in out[h] if m != other]
                    if _fits(rest, other, apart) and _fits(stay, conflict, apart):
                        out[g] = rest + [other]
                        out[h] = stay + [conflict]
                        swapped = True
                        break
                if swapped:
                    break
            if swapped:
                continue
            if min_size is None:
                return None
            if len(rest) >= min_size:
                out[g] = rest
            else:
                out[g] = []
                break
    return [sorted(g) for g in out if g]
