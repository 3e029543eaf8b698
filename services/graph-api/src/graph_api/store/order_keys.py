"""Numeric keys that sort members as their pages do, stored beside the values they follow.

FalkorDB reads a window of a numeric range index exactly, but drops the bounds of a string
range (FalkorDB issue #2239), so a page of members ordered by name or join date reads a window
of these keys there instead of sorting every member (store/member_windows.py). Both engines
store them, so a graph copied from one to the other keeps them.

Each key only ever grows with its value (a tie where the values differ is allowed): every
member outside a window of keys comes after every member inside it, so the first page in the
window is the first page of all.
"""

from __future__ import annotations

import re
from typing import Final

#: The properties, as the statements name them.
NAME_ORDER: Final = "nameOrder"
JOINED_ORDER: Final = "joinedOrder"

# Seven bytes keep the key a positive 64-bit integer on both engines.
_NAME_BYTES: Final = 7
_DIGITS: Final = re.compile(r"\D")
_TIMESTAMP_DIGITS: Final = 14  # YYYYMMDDhhmmss


def name_order(name: str) -> int:
    """Grows with the name as the engines compare strings (by UTF-8 bytes, that is by code point)."""
    return int.from_bytes(name.encode("utf-8")[:_NAME_BYTES].ljust(_NAME_BYTES, b"\0"), "big")


def joined_order(joined_at: str) -> int:
    """Grows as the join date goes back: pages by join date show the newest first. `joined_at`
    is a timestamp as the store keeps it (2024-05-31T09:00:00Z)."""
    digits = _DIGITS.sub("", joined_at)[:_TIMESTAMP_DIGITS].ljust(_TIMESTAMP_DIGITS, "0")
    return -int(digits)


def member_order(name: str, joined_at: str) -> dict[str, int]:
    """Both keys of a new member, as statement parameters."""
    return {NAME_ORDER: name_order(name), JOINED_ORDER: joined_order(joined_at)}


def new_member_params(*, member_id: str, handle: str, name: str, email: str | None, now: str) -> dict[str, object]:
    """What a statement creating a member who joins `now` takes: who they are, and their keys."""
    return {"id": member_id, "handle": handle, "name": name, "email": email, "now": now, **member_order(name, now)}
