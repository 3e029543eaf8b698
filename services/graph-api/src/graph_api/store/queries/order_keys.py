"""The members' order keys (store/order_keys.py): their sample, and the members without them."""

from __future__ import annotations

from typing import Final

from graph_api.store.order_keys import JOINED_ORDER as _JOINED_ORDER
from graph_api.store.order_keys import NAME_ORDER as _NAME_ORDER

COUNT_MEMBERS: Final = "MATCH (m:Member) RETURN count(m) AS members"
#: How many members hold each passion (a passion nobody holds gives no row).
PASSION_HOLDERS: Final = "MATCH (p:Passion)<-[:PASSIONATE_ABOUT]-(m:Member) RETURN p.slug AS slug, count(m) AS members"


def key_sample(key: str) -> str:
    """Every `$step`-th value of the members' `key` in order from the first, and how many have one."""
    return (
        f"MATCH (m:Member) WITH m.{key} AS key ORDER BY key WITH collect(key) AS keys "
        "RETURN size(keys) AS keyed, [i IN range(0, size(keys) - 1, $step) | keys[i]] AS sample"
    )


MEMBERS_WITHOUT_KEYS: Final = (
    f"MATCH (m:Member) WHERE m.{_NAME_ORDER} IS NULL OR m.{_JOINED_ORDER} IS NULL "
    "RETURN m.id AS id, m.name AS name, m.joinedAt AS joinedAt LIMIT $limit"
)
# A member renamed since it was read keeps the key its rename wrote.
GIVE_KEYS: Final = (
    "UNWIND $rows AS row MATCH (m:Member {id: row.id}) WHERE m.name = row.name "
    f"SET m.{_NAME_ORDER} = row.{_NAME_ORDER}, m.{_JOINED_ORDER} = coalesce(m.{_JOINED_ORDER}, row.{_JOINED_ORDER}) "
    "RETURN count(m) AS given"
)


def statement_variants() -> dict[str, str]:
    return {f"key_sample[{key}]": key_sample(key) for key in (_NAME_ORDER, _JOINED_ORDER)}
