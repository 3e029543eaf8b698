"""Reading an import file (CSV or JSON) into validated rows, without touching the graph.

Each data row becomes either an `ImportRow`, every value cleaned by `domain.rules`, or a
`RejectedRow` saying exactly what is wrong with it. Problems with the file as a whole
(size, encoding, syntax, header) raise `BadInputError` instead.

Row fields, by CSV header name or JSON key:

- ``handle``, ``name`` (required); ``email``, ``headline``, ``vision``;
- ``team``, ``site`` (names; created when unknown), ``city`` (of a new site);
- ``passions``: CSV ``"Jazz:4; Rock Climbing:3"`` (intensity 1-5, default 3);
  JSON a list of ``{"name", "intensity"}`` objects or ``"Jazz:4"`` strings;
- ``seeks``, ``offers``: CSV ``"Python; Public Speaking"``; JSON a list of strings;
- ``bonds``: CSV ``"bob.smith:colleague; carol:friend"`` (kind defaults to ``met``);
  JSON a list of ``{"handle", "kind"}`` objects or ``"handle:kind"`` strings.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from graph_api.domain import rules
from graph_api.errors import BadInputError

MAX_FILE_BYTES: Final = 5 * 1024 * 1024
MAX_ROWS: Final = 10_000
DEFAULT_INTENSITY: Final = 3
DEFAULT_BOND_KIND: Final = "met"
LIST_SEPARATOR: Final = ";"

REQUIRED_FIELDS: Final = ("handle", "name")
FIELDS: Final = (
    "handle",
    "name",
    "email",
    "headline",
    "vision",
    "team",
    "site",
    "city",
    "passions",
    "seeks",
    "offers",
    "bonds",
)

ImportFormat = Literal["csv", "json"]


@dataclass(frozen=True, slots=True)
class ImportPassion:
    name: str
    slug: str
    intensity: int


@dataclass(frozen=True, slots=True)
class ImportSkill:
    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class ImportBond:
    handle: str
    kind: str


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One valid row. Optional fields are None (or empty) when the row leaves them out."""

    row: int
    handle: str
    name: str
    email: str | None = None
    headline: str | None = None
    vision: str | None = None
    team: str | None = None
    site: str | None = None
    city: str | None = None
    passions: tuple[ImportPassion, ...] = ()
    seeks: tuple[ImportSkill, ...] = ()
    offers: tuple[ImportSkill, ...] = ()
    bonds: tuple[ImportBond, ...] = ()


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row that is not written; `row` is its 1-based number among the data rows."""

    row: int
    handle: str | None
    reason: str


class _RowError(Exception):
    def __init__(self, message: str, handle: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.handle = handle


def parse_import(content: bytes, format: ImportFormat) -> list[ImportRow | RejectedRow]:
    """Every data row of the file, in order, as an `ImportRow` or a `RejectedRow`.

    Raises `BadInputError` when the file as a whole cannot be read: too large, not
    UTF-8, not valid CSV or JSON, a missing required or an unknown CSV column, or more
    than `MAX_ROWS` rows.
    """
    if format not in ("csv", "json"):
        raise BadInputError(f"the import format must be 'csv' or 'json', not {format!r}", field="format")
    if len(content) > MAX_FILE_BYTES:
        raise BadInputError(
            f"the file is {len(content):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (5 MB)", field="file"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInputError(
            f"the file is not UTF-8 text (undecodable byte at position {error.start})", field="file"
        ) from None
    if not text.strip():
        raise BadInputError("the file is empty", field="file")
    records = _csv_records(text) if format == "csv" else _json_records(text)
    results: list[ImportRow | RejectedRow] = []
    first_row_of: dict[str, int] = {}
    for number, record in enumerate(records, start=1):
        result = _parse_record(number, record)
        if isinstance(result, ImportRow):
            first = first_row_of.setdefault(result.handle, number)
            if first != number:
                result = RejectedRow(
                    number, result.handle, f"row {number}: the handle {result.handle!r} already appears in row {first}"
                )
        elif result.handle and rules.HANDLE_PATTERN.match(result.handle):
            first_row_of.setdefault(result.handle, number)
        results.append(result)
    return results


# Reading the file ----------------------------------------------------------------


def _too_many_rows(count: int) -> BadInputError:
    return BadInputError(f"the file has more than {MAX_ROWS:,} rows (at least {count:,}); split it", field="file")


def _csv_records(text: str) -> list[Mapping[str, Any] | _RowError]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise BadInputError("the file is empty", field="file")
        columns = [column.strip().lower() for column in header]
        _check_header(columns)
        records: list[Mapping[str, Any] | _RowError] = []
        for values in reader:
            if not values or all(not value.strip() for value in values):
                continue  # blank line
            if len(records) >= MAX_ROWS:
                raise _too_many_rows(len(records) + 1)
            if len(values) > len(columns):
                extra = [value for value in values[len(columns) :] if value.strip()]
                if extra:
                    records.append(
                        _RowError(f"it has {len(values)} values but the header has {len(columns)} columns")
                    )
                    continue
            records.append({column: value for column, value in zip(columns, values) if column})
    except csv.Error as error:
        raise BadInputError(f"the file is not valid CSV: line {reader.line_num}: {error}", field="file") from None
    return records


def _check_header(columns: list[str]) -> None:
    named = [column for column in columns if column]
    unknown = sorted({column for column in named if column not in FIELDS})
    if unknown:
        raise BadInputError(
            f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"the columns are {', '.join(FIELDS)}",
            field="file",
        )
    repeated = sorted({column for column in named if named.count(column) > 1})
    if repeated:
        raise BadInputError(f"the header repeats the column(s) {', '.join(map(repr, repeated))}", field="file")
    missing = [column for column in REQUIRED_FIELDS if column not in named]
    if missing:
        raise BadInputError(
            f"the header lacks the required column(s) {', '.join(map(repr, missing))} "
            f"(the first line must name the columns, e.g. handle,name,email,...)",
            field="file",
        )


def _json_records(text: str) -> list[Mapping[str, Any] | _RowError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInputError(
            f"the file is not valid JSON: line {error.lineno} column {error.colno}: {error.msg}", field="file"
        ) from None
    except RecursionError:
        raise BadInputError("the file is not valid JSON: it is nested too deeply", field="file") from None
    if not isinstance(data, list):
        raise BadInputError(
            f"a JSON import must be a list of member objects, not {_json_type(data)}", field="file"
        )
    if len(data) > MAX_ROWS:
        raise _too_many_rows(len(data))
    records: list[Mapping[str, Any] | _RowError] = []
    for item in data:
        if not isinstance(item, dict):
            records.append(_RowError(f"expected an object of member fields, not {_json_type(item)}"))
            continue
        unknown = sorted(key for key in item if key not in FIELDS)
        if unknown:
            message = f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}"
            records.append(_RowError(message, _shown_handle(item.get("handle"))))
            continue
        records.append(item)
    return records


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


# Validating one row ----------------------------------------------------------------


def _parse_record(number: int, record: Mapping[str, Any] | _RowError) -> ImportRow | RejectedRow:
    if isinstance(record, _RowError):
        return RejectedRow(number, record.handle, f"row {number}: {record.message}")
    try:
        return _build_row(number, record)
    except (BadInputError, _RowError) as error:
        return RejectedRow(number, _shown_handle(record.get("handle")), f"row {number}: {error.message}")


def _shown_handle(value: Any) -> str | None:
    """The handle a rejected row is reported under: as given, trimmed and lower-cased."""
    return (value.strip().lower() or None) if isinstance(value, str) else None


def _build_row(number: int, record: Mapping[str, Any]) -> ImportRow:
    handle_text = _text(record, "handle")
    if not handle_text:
        raise _RowError("handle is missing")
    handle = rules.check_handle(handle_text)
    name = rules.clean_name(_text(record, "name"))
    email_text = _text(record, "email")
    headline = rules.clean_text(
        _text(record, "headline"), field="headline", max_length=rules.HEADLINE_MAX, required=False
    )
    vision = rules.clean_text(_text(record, "vision"), field="vision", max_length=rules.VISION_MAX, required=False)
    team_text = _text(record, "team")
    site_text = _text(record, "site")
    city = rules.clean_text(_text(record, "city"), field="city", max_length=rules.CITY_MAX, required=False)
    bonds = _bonds(record.get("bonds"))
    if any(bond.handle == handle for bond in bonds):
        raise _RowError(f"a member cannot have a bond with themselves (bond to {handle!r})")
    return ImportRow(
        row=number,
        handle=handle,
        name=name,
        email=rules.check_email(email_text) if email_text else None,
        headline=headline or None,
        vision=vision or None,
        team=rules.clean_name(team_text, field="team") if team_text else None,
        site=rules.clean_name(site_text, field="site") if site_text else None,
        city=(city or None) if site_text else None,
        passions=_passions(record.get("passions")),
        seeks=_skills(record.get("seeks"), "seeks"),
        offers=_skills(record.get("offers"), "offers"),
        bonds=bonds,
    )


def _text(record: Mapping[str, Any], field: str) -> str | None:
    value = record.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _RowError(f"{field} must be text, not {_json_type(value)}")
    return value.strip() or None


def _items(value: Any, field: str) -> list[Any]:
    """The entries of a list field: a JSON list, or text separated by ';'."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
    if isinstance(value, list):
        return value
    raise _RowError(f"{field} must be a list or text separated by ';', not {_json_type(value)}")


def _intensity(raw: Any, passion: str) -> int:
    value: Any = raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            value = int(text)
        except ValueError:
            value = text
    try:
        return rules.check_intensity(value)
    except BadInputError as error:
        shown = value if isinstance(value, int) and not isinstance(value, bool) else repr(value)
        message = f"intensity must be a whole number from 1 to 5, not {shown}"
        raise _RowError(f"{message} (passion {passion!r})") from error


def _passions(value: Any) -> tuple[ImportPassion, ...]:
    found: dict[str, ImportPassion] = {}
    for item in _items(value, "passions"):
        if isinstance(item, str):
            name_text, colon, raw_intensity = item.rpartition(":") if ":" in item else (item, "", "")
            raw: Any = raw_intensity if colon and raw_intensity.strip() else DEFAULT_INTENSITY
        elif isinstance(item, dict):
            unknown = sorted(key for key in item if key not in ("name", "intensity"))
            if unknown:
                raise _RowError(f"a passion has unknown field(s) {', '.join(map(repr, unknown))}")
            name_text = item.get("name")
            if name_text is not None and not isinstance(name_text, str):
                raise _RowError(f"a passion name must be text, not {_json_type(name_text)}")
            raw = item.get("intensity", DEFAULT_INTENSITY)
            if raw is None:
                raw = DEFAULT_INTENSITY
        else:
            raise _RowError(f"each passion must be \"Name:intensity\" or an object, not {_json_type(item)}")
        name, slug = rules.clean_slug_name(name_text, field="passion")
        intensity = _intensity(raw, name)
        earlier = found.get(slug)
        if earlier is not None and earlier.intensity != intensity:
            raise _RowError(
                f"the passion {name!r} is listed twice with different intensities "
                f"({earlier.intensity} and {intensity})"
            )
        found.setdefault(slug, ImportPassion(name, slug, intensity))
    return tuple(found.values())


def _skills(value: Any, field: str) -> tuple[ImportSkill, ...]:
    found: dict[str, ImportSkill] = {}
    for item in _items(value, field):
        if not isinstance(item, str):
            raise _RowError(f"each skill in {field} must be text, not {_json_type(item)}")
        name, slug = rules.clean_slug_name(item, field=f"skill in {field}")
        found.setdefault(slug, ImportSkill(name, slug))
    return tuple(found.values())


def _bonds(value: Any) -> tuple[ImportBond, ...]:
    found: dict[tuple[str, str], ImportBond] = {}
    for item in _items(value, "bonds"):
        if isinstance(item, str):
            handle_text, _, kind_text = item.partition(":")
        elif isinstance(item, dict):
            unknown = sorted(key for key in item if key not in ("handle", "kind"))
            if unknown:
                raise _RowError(f"a bond has unknown field(s) {', '.join(map(repr, unknown))}")
            handle_text, kind_text = item.get("handle"), item.get("kind")
            for label, part in (("handle", handle_text), ("kind", kind_text)):
                if part is not None and not isinstance(part, str):
                    raise _RowError(f"a bond {label} must be text, not {_json_type(part)}")
        else:
            raise _RowError(f"each bond must be \"handle:kind\" or an object, not {_json_type(item)}")
        if not (handle_text or "").strip():
            raise _RowError(f"a bond has no handle ({item!r})")
        handle = _checked(rules.check_handle, handle_text, "bond")
        kind = (kind_text or "").strip().lower() or DEFAULT_BOND_KIND
        kind = _checked(rules.check_bond_kind, kind, f"bond to {handle!r}")
        found.setdefault((handle, kind), ImportBond(handle, kind))
    return tuple(found.values())


def _checked(check: Callable[..., str], value: Any, context: str) -> str:
    try:
        return check(value)
    except BadInputError as error:
        raise _RowError(f"{error.message} ({context})") from error
