"""Validation rules for values written to the graph.

Every write path calls these before any Cypher runs, so bad input is refused with a
specific message and nothing is written.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timezone
from typing import Final

from graph_api.errors import BadInputError

BOND_KINDS: Final = ("colleague", "met", "mentor", "collaborated", "friend")
NAME_MAX: Final = 120
HEADLINE_MAX: Final = 140
VISION_MAX: Final = 1000
DESCRIPTION_MAX: Final = 1000
CITY_MAX: Final = 120
SOURCE_MAX: Final = 120
HANDLE_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
EMAIL_PATTERN: Final = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
ID_PATTERN: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")
_SLUG_JUNK: Final = re.compile(r"[^a-z0-9]+")
# Text with a limit at least this long is multi-line (vision, descriptions): tabs and line
# breaks pass there (and are collapsed); shorter text is single-line and takes no control character.
LONG_TEXT_MIN: Final = 500
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_WHITESPACE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_no_control_characters(value: str, *, field: str, multiline: bool = False) -> str:
    """Refuse C0 and C1 control characters (and DEL); multi-line text may hold tabs and line breaks."""
    found = (_CONTROL_EXCEPT_WHITESPACE if multiline else _CONTROL).search(value)
    if found:
        raise BadInputError(
            f"{field} contains a control character (U+{ord(found.group()):04X}) at position {found.start() + 1}: "
            "remove it",
            field=field,
        )
    return value


def slugify(name: str) -> str:
    """Normalise a display name to its slug: "Jazz", " jazz" and "JAZZ" are all "jazz"."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _SLUG_JUNK.sub("-", ascii_text.lower()).strip("-")


def clean_text(value: str | None, *, field: str, max_length: int, required: bool = True) -> str:
    """Trim and collapse inner white space; refuse control characters, empty (when required) or over-long text."""
    check_no_control_characters((value or "").strip(), field=field, multiline=max_length >= LONG_TEXT_MIN)
    text = " ".join((value or "").split())
    if required and not text:
        raise BadInputError(f"{field} must not be empty", field=field)
    if len(text) > max_length:
        raise BadInputError(f"{field} is {len(text)} characters long; the limit is {max_length}", field=field)
    return text


def clean_name(value: str | None, *, field: str = "name") -> str:
    return clean_text(value, field=field, max_length=NAME_MAX)


def clean_slug_name(value: str | None, *, field: str = "name") -> tuple[str, str]:
    """A name that must also give a non-empty slug (passions, skills)."""
    name = clean_name(value, field=field)
    slug = slugify(name)
    if not slug:
        raise BadInputError(f"{field} {name!r} has no letters or digits to make a slug from", field=field)
    return name, slug


def check_id(value: str | None, *, field: str = "id") -> str:
    if not value or not ID_PATTERN.fullmatch(value):
        raise BadInputError(f"{field} {value!r} is not a valid id", field=field)
    return value


def check_handle(value: str | None, *, field: str = "handle") -> str:
    handle = (value or "").strip().lower()
    if not HANDLE_PATTERN.fullmatch(handle):
        raise BadInputError(
            f"{field} {value!r} must be 3 to 40 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit",
            field=field,
        )
    return handle


def check_email(value: str | None, *, field: str = "email") -> str:
    email = (value or "").strip()
    if len(email) > 254 or not EMAIL_PATTERN.fullmatch(email) or _CONTROL.search(email):
        raise BadInputError(f"{field} {value!r} is not a valid e-mail address", field=field)
    return email


def check_intensity(value: int, *, field: str = "intensity") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise BadInputError(f"{field} must be a whole number from 1 to 5, not {value!r}", field=field)
    return value


def check_strength(value: float, *, field: str = "strength") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise BadInputError(f"{field} must be a number from 0 to 1, not {value!r}", field=field)
    return float(value)


def check_bond_kind(value: str, *, field: str = "kind") -> str:
    if value not in BOND_KINDS:
        raise BadInputError(f"{field} {value!r} is not one of {', '.join(BOND_KINDS)}", field=field)
    return value


def check_date(value: str | None, *, field: str) -> str:
    """An ISO-8601 calendar date (YYYY-MM-DD), returned normalised."""
    try:
        return date.fromisoformat((value or "").strip()).isoformat()
    except ValueError:
        raise BadInputError(f"{field} {value!r} is not a date like 2024-05-31", field=field) from None


def check_timestamp(value: str | None, *, field: str) -> str:
    """An ISO-8601 timestamp, returned normalised to UTC with a trailing Z."""
    try:
        moment = datetime.fromisoformat((value or "").strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadInputError(f"{field} {value!r} is not a timestamp like 2024-05-31T09:00:00Z", field=field) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> str:
    return datetime.now(timezone.utc).date().isoformat()
