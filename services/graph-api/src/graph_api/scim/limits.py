"""How much a provisioning client may send: refused with a SCIM error before anything is written."""

from __future__ import annotations

from typing import Final

from scim2_models import InvalidValueException, TooManyException

#: The largest request body (a group with its members is the biggest).
BODY_MAX: Final = 512 * 1024
#: The query string (a filter and its paging).
QUERY_MAX: Final = 4096
#: userName, externalId, displayName and each value a filter compares.
TEXT_MAX: Final = 256
#: A resource id in a path.
ID_MAX: Final = 100
#: What Kindred keeps of one resource, as JSON.
STORED_MAX: Final = 16 * 1024
#: Members of one group.
GROUP_MAX: Final = 5000
#: The largest page (a bigger count is cut to it), and the default one.
PAGE_MAX: Final = 200
#: A filter other than `eq` on a key reads every resource: up to this many.
SCAN_MAX: Final = 20000


def check_text(value: str | None, attribute: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidValueException(detail=f"{attribute} is required", attribute=attribute)
    if len(text) > TEXT_MAX:
        raise InvalidValueException(
            detail=f"{attribute} is {len(text)} characters long; the limit is {TEXT_MAX}", attribute=attribute
        )
    return text


def check_stored_size(text: str) -> None:
    if len(text) > STORED_MAX:
        raise InvalidValueException(
            detail=f"this resource is {len(text)} characters long as JSON; the limit is {STORED_MAX}"
        )


def check_group_size(count: int) -> None:
    if count > GROUP_MAX:
        raise TooManyException(detail=f"a group holds at most {GROUP_MAX} members; this one has {count}")

