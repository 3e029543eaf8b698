"""The members' order keys (store/order_keys.py): their sample, and the members without them."""

from __future__ import annotations

from typing import Final

from graph_api.store.order_keys import JOINED_ORDER as _JOINED_ORDER
from graph_api.store.order_keys import NAME_ORDER as _NAME_ORDER

COUNT_MEMBERS: Final = "MATCH (m:Member) RETURN count(m) AS members"
#: Every passion, whose holders are then counted a batch at a time (the driver's
#: `member_counts_of_passions`, from each passion's degree).
PASSIONS: Final = "MATCH (p:Passion) RETURN p.id AS id, p.slug AS slug"


def key_span(key: str) -> str:
    """How many members have a value of `key`, and the lowest and highest."""
    return f"MATCH (m:Member) RETURN count(m.{key}) AS keyed, min(m.{key}) AS low, max(m.{key}) AS high"


def key_sample(key: str) -> str:
    """The members' values of `key` in [$from, $to) in order: how many there are, and every
    `$step`-th of them from the `$offset`-th."""
    return (
        f"MATCH (m:Member) WHERE m.{key} >= $from AND m.{key} < $to "
        f"WITH m.{key} AS key ORDER BY key WITH collect(key) AS keys "
        "RETURN size(keys) AS keyed, [i IN range($offset, size(keys) - 1, $step) | keys[i]] AS sample"
    )


MEMBERS_WITHOUT_KEYS: Final = (
    f"MATCH (m:Member) WHERE m.{_NAME_ORDER} IS NULL OR m.{_JOINED_ORDER} IS NULL "
    "RETURN m.id AS id, m.name AS name, m.joinedAt AS joinedAt LIMIT $limit"
)
#: Members whose name key has the earlier form (eight bits a byte), from the key's range index.
MEMBERS_WITH_EARLIER_NAME_KEYS: Final = (
    f"MATCH (m:Member) WHERE m.{_NAME_ORDER} >= $keyEnd "
    "RETURN m.id AS id, m.name AS name, m.joinedAt AS joinedAt LIMIT $limit"
)
# A member renamed since it was read keeps the key its rename wrote.
GIVE_KEYS: Final = (
    "UNWIND $rows AS row MATCH (m:Member {id: row.id}) WHERE m.name = row.name "
    f"SET m.{_NAME_ORDER} = row.{_NAME_ORDER}, m.{_JOINED_ORDER} = coalesce(m.{_JOINED_ORDER}, row.{_JOINED_ORDER}) "
    "RETURN count(m) AS given"
)


def statement_variants() -> dict[str, str]:
    keys = (_NAME_ORDER, _JOINED_ORDER)
    return {**{f"key_sample[{key}]": key_sample(key) for key in keys}, **{f"key_span[{key}]": key_span(key) for key in keys}}
