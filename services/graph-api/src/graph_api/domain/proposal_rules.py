"""What a stored proposal set may hold: its limits, and the check of its groupings.

The recommender respects the same limits when it builds a set (recommender/runs.py keeps a
copy, since it talks to graph-api only over GraphQL); tests/test_proposal_limits.py fails when
the two copies differ.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from graph_api.domain import rules
from graph_api.errors import BadInputError

GROUPINGS_MAX: Final = 50_000
GROUP_SIZE_MIN: Final = 2
GROUP_SIZE_MAX: Final = 50
ROUND_MAX: Final = 1000
TABLE_MAX: Final = 10_000
REASON_TEXT_MAX: Final = 2000
REASON_JSON_MAX: Final = 4000
#: parameters and quality, each as JSON text.
SET_JSON_MAX: Final = 20_000
ALGORITHM_VERSION_MAX: Final = 120
#: KPI targets one run may be aimed at.
AIMED_TARGETS_MAX: Final = 5
#: How many offending ids or handles an error names.
NAMED_MAX: Final = 10


@dataclass(frozen=True, slots=True)
class GroupingDraft:
    """One grouping as given: member ids in any form ``member_key`` reads, where it sits, and why."""

    members: Sequence[str]
    reason_text: str
    round: int | None
    table: int | None
    reason: Any


def json_object(value: Any, *, field: str, max_length: int) -> str:
    """A JSON object as compact text, refused when it is not an object or too long."""
    if not isinstance(value, dict):
        raise BadInputError(f"{field} must be a JSON object", field=field)
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if len(text) > max_length:
        raise BadInputError(f"{field} is {len(text)} characters of JSON; the limit is {max_length}", field=field)
    return text


def aimed_targets(target_ids: Sequence[str], *, target_key: Callable[[str], str]) -> tuple[str, ...]:
    """The KPI targets a run was aimed at: each once, in the order given, at most AIMED_TARGETS_MAX."""
    ids = tuple(dict.fromkeys(target_key(target_id) for target_id in target_ids))
    if len(ids) > AIMED_TARGETS_MAX:
        raise BadInputError(f"a run is aimed at {AIMED_TARGETS_MAX} KPI targets at most", field="aimedTargetIds")
    return ids


def named(values: Iterable[str]) -> str:
    """The first NAMED_MAX values in order, and how many more."""
    ordered = sorted(values)
    more = f" and {len(ordered) - NAMED_MAX} more" if len(ordered) > NAMED_MAX else ""
    return ", ".join(ordered[:NAMED_MAX]) + more


def _check_range(value: int | None, *, field: str, maximum: int) -> None:
    if value is not None and not 0 <= value <= maximum:
        raise BadInputError(f"{field} must be from 0 to {maximum}, not {value}", field=field)


def stored_groupings(
    groupings: Sequence[GroupingDraft],
    *,
    events: bool,
    token: str,
    member_key: Callable[[str, str], str],
) -> list[dict[str, Any]]:
    """The groupings as stored, validated; proposal ids sort in the order given.

    ``member_key(id, field)`` turns a member id as given into its store id (or refuses it);
    ``events`` sets seat each member at most once per round, at distinct tables.
    """
    if not 1 <= len(groupings) <= GROUPINGS_MAX:
        raise BadInputError(f"give 1 to {GROUPINGS_MAX} groupings, not {len(groupings)}", field="groupings")
    tables: set[tuple[int, int]] = set()
    seated: set[tuple[int, str]] = set()
    stored = []
    # Members recur across groupings: decode each distinct id once.
    keys: dict[str, str] = {}
    for index, grouping in enumerate(groupings):
        where = f"groupings[{index}]"
        members = []
        for member in grouping.members:
            if member not in keys:
                keys[member] = member_key(member, f"{where}.members")
            members.append(keys[member])
        if not GROUP_SIZE_MIN <= len(members) <= GROUP_SIZE_MAX:
            raise BadInputError(
                f"{where} has {len(members)} members; a grouping has {GROUP_SIZE_MIN} to {GROUP_SIZE_MAX}",
                field=f"{where}.members",
            )
        if len(set(members)) != len(members):
            raise BadInputError(f"{where} lists a member twice", field=f"{where}.members")
        _check_range(grouping.round, field=f"{where}.round", maximum=ROUND_MAX)
        _check_range(grouping.table, field=f"{where}.table", maximum=TABLE_MAX)
        if events:
            if grouping.round is None or grouping.table is None:
                raise BadInputError(f"{where}: an event grouping needs a round and a table", field=f"{where}.round")
            if (grouping.round, grouping.table) in tables:
                raise BadInputError(
                    f"{where}: round {grouping.round} has table {grouping.table} twice", field=f"{where}.table"
                )
            tables.add((grouping.round, grouping.table))
            twice = {m for m in members if (grouping.round, m) in seated}
            if twice:
                raise BadInputError(
                    f"{where}: {named(twice)} already sit at another table in round {grouping.round}",
                    field=f"{where}.members",
                )
            seated.update((grouping.round, m) for m in members)
        reason = {} if grouping.reason is None else grouping.reason
        stored.append(
            {
                "id": f"proposal-{token}-{index:05d}",
                "members": members,
                "round": grouping.round,
                "table": grouping.table,
                "reasonText": rules.clean_text(
                    grouping.reason_text, field=f"{where}.reasonText", max_length=REASON_TEXT_MAX
                ),
                "reason": json_object(reason, field=f"{where}.reason", max_length=REASON_JSON_MAX),
            }
        )
    return stored
