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

# Seven bytes of seven bits each: a key stays below 2**49. FalkorDB's range index compares
# numbers as doubles, exact only below 2**53: keys of eight bits a byte (up to 2**56) made a
# window hold more or fewer members than its bounds said (24 of 60 windows at 100,000 members).
_NAME_BYTES: Final = 7
_BYTE_BASE: Final = 128
_LAST_DIGIT: Final = _BYTE_BASE - 1
#: A name key at or above this has eight bits a byte, as earlier versions wrote it: taking the
#: sample of the keys (store/member_windows.py) writes the key again.
NAME_KEY_END: Final = _BYTE_BASE**_NAME_BYTES
_DIGITS: Final = re.compile(r"\D")
_TIMESTAMP_DIGITS: Final = 14  # YYYYMMDDhhmmss

#: Every key of an order lies in [low, end): a name key by its seven digits, a join date's as
#: fourteen digits negated. A window of keys reaches no further than these: FalkorDB's range
#: index reads a range whose bound lies far past its keys about five times slower (254 name
#: keys of 100,000 from -1: 1.2 ms, from 0: 0.24 ms; up to 2**52: 1.6 ms, up to 2**49: 0.3 ms).
KEY_BOUNDS: Final[dict[str, tuple[int, int]]] = {
    NAME_ORDER: (0, NAME_KEY_END),
    JOINED_ORDER: (-(10**_TIMESTAMP_DIGITS), 1),
}


def name_order(name: str) -> int:
    """Grows with the name as the engines compare strings (by UTF-8 bytes, that is by code point):
    its first seven bytes as base-128 digits. A byte from 127 up counts as 127 and ends the key
    (the bytes after it could order the other way), so names past ASCII may tie."""
    digits: list[int] = []
    for byte in name.encode("utf-8")[:_NAME_BYTES]:
        if byte >= _LAST_DIGIT:
            digits.append(_LAST_DIGIT)
            break
        digits.append(byte)
    key = 0
    for digit in digits + [0] * (_NAME_BYTES - len(digits)):
        key = key * _BYTE_BASE + digit
    return key


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
