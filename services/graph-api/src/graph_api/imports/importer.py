"""Writing an import file's members into the graph.

Everything is validated first (`parse_import`, then the bonds against the graph and the
file); only then is each accepted row written, with one atomic statement, and after all
rows their bonds, one statement per row. A rejected row writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal

from graph_api.domain import rules
from graph_api.errors import DatabaseUnavailableError, KindredError
from graph_api.imports.parsing import ImportBond, ImportRow, RejectedRow, parse_import
from graph_api.store.ids import new_id

if TYPE_CHECKING:
    from graph_api.store.imports import ImportStore
    from graph_api.store.repository import GraphRepository

BOND_SOURCE: Final = "import"
BOND_STRENGTH: Final = 0.5


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, for a dry run, would do).

    `created` and `updated` count written members; `rejected` lists, by row, every row
    that wrote nothing; `bonds_created` counts new bonds (existing ones are kept as they
    are). `warnings` names bonds of written rows that could not be made because the
    other member's row failed at write time.
    """

    created: int
    updated: int
    rejected: list[RejectedRow]
    bonds_created: int
    warnings: list[str] = field(default_factory=list)


async def import_members(
    repository: GraphRepository, content: bytes, format: str, *, dry_run: bool = False
) -> ImportReport:
    """Create or update the members of a CSV or JSON file, with their teams, sites,
    passions, skills and bonds.

    A row whose handle is already in the graph updates that member: name, email,
    headline and vision when given; team and site replaced when given; passions, seeks
    and offers added (a listed passion takes the new intensity), never removed.

    Raises `BadInputError` (nothing written) when the file as a whole is unreadable;
    `DatabaseUnavailableError` if the database goes away mid-import (rows written so far
    stay; importing the same file again is safe: it updates instead of duplicating).
    """
    parsed = parse_import(content, format.strip().lower() if isinstance(format, str) else format)
    store = repository.imports
    rows = [row for row in parsed if isinstance(row, ImportRow)]
    rejected = {row.row: row for row in parsed if isinstance(row, RejectedRow)}

    referenced = sorted({row.handle for row in rows} | {bond.handle for row in rows for bond in row.bonds})
    existing = await store.existing_members(handles=referenced)
    accepted = _check_bonds(parsed, rows, existing, rejected)
    bonds = _unique_bonds(accepted)

    if dry_run:
        created = sum(1 for row in accepted if row.handle not in existing)
        return ImportReport(
            created=created,
            updated=len(accepted) - created,
            rejected=_by_row(rejected),
            bonds_created=await _count_new_bonds(store, bonds, existing),
        )

    teams = await _resolve_names(store, "team", [row.team for row in accepted])
    sites = await _resolve_names(store, "site", [row.site for row in accepted])
    report = ImportReport(created=0, updated=0, rejected=[], bonds_created=0)
    since = rules.today()
    failed: set[str] = set()
    written: list[ImportRow] = []
    for row in accepted:
        try:
            created = await store.write_member(
                row=row,
                team_id=teams[row.team] if row.team else None,
                site_id=sites[row.site] if row.site else None,
                joined_at=rules.utc_now(),
                since=since,
            )
        except DatabaseUnavailableError:
            raise
        except KindredError as error:
            failed.add(row.handle)
            rejected[row.row] = RejectedRow(row.row, row.handle, f"row {row.row}: not written: {error.message}")
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
        written.append(row)

    for row in written:
        wanted = [bond for bond in bonds.get(row.handle, ()) if _bond_possible(row, bond, failed, existing, report)]
        if not wanted:
            continue
        try:
            result = await store.write_bonds(
                handle=row.handle, bonds=wanted, since=since, source=BOND_SOURCE, strength=BOND_STRENGTH
            )
        except DatabaseUnavailableError:
            raise
        except KindredError as error:
            report.warnings.append(
                f"row {row.row}: member {row.handle!r} was written but not its bonds: {error.message}"
            )
            continue
        report.bonds_created += sum(1 for written in result if written.created)
        made = {(written.handle, written.kind) for written in result}
        for bond in wanted:
            if (bond.handle, bond.kind) not in made:
                report.warnings.append(
                    f"row {row.row}: the {bond.kind} bond to {bond.handle!r} was not written: "
                    f"no member has that handle any more"
                )
    report.rejected = _by_row(rejected)
    return report


def _by_row(rejected: dict[int, RejectedRow]) -> list[RejectedRow]:
    return [rejected[number] for number in sorted(rejected)]


def _check_bonds(
    parsed: list[ImportRow | RejectedRow],
    rows: list[ImportRow],
    existing: dict[str, str],
    rejected: dict[int, RejectedRow],
) -> list[ImportRow]:
    """The rows whose every bond names a member of the graph or another accepted row.

    Rejecting a row can strand the rows that bond to it, so this repeats until stable.
    """
    rejected_row_of: dict[str, int] = {}
    for item in parsed:
        if isinstance(item, RejectedRow) and item.handle:
            rejected_row_of.setdefault(item.handle, item.row)
    accepted = {row.handle: row for row in rows}
    changed = True
    while changed:
        changed = False
        for row in list(accepted.values()):
            missing = next(
                (bond for bond in row.bonds if bond.handle not in existing and bond.handle not in accepted), None
            )
            if missing is None:
                continue
            other_row = rejected_row_of.get(missing.handle)
            if other_row is None:
                why = "no member has that handle, in the graph or in this file"
            else:
                why = f"no member has that handle and row {other_row}, which would create it, is rejected"
            rejected[row.row] = RejectedRow(
                row.row, row.handle, f"row {row.row}: the bond to {missing.handle!r} cannot be made: {why}"
            )
            rejected_row_of.setdefault(row.handle, row.row)
            del accepted[row.handle]
            changed = True
    return [row for row in rows if row.handle in accepted]


def _unique_bonds(rows: list[ImportRow]) -> dict[str, list[ImportBond]]:
    """Each row's bonds, leaving out any pair and kind an earlier row already lists."""
    seen: set[tuple[str, str, str]] = set()
    by_handle: dict[str, list[ImportBond]] = {}
    for row in rows:
        for bond in row.bonds:
            key = (min(row.handle, bond.handle), max(row.handle, bond.handle), bond.kind)
            if key not in seen:
                seen.add(key)
                by_handle.setdefault(row.handle, []).append(bond)
    return by_handle


async def _count_new_bonds(store: ImportStore, bonds: dict[str, list[ImportBond]], existing: dict[str, str]) -> int:
    total = sum(len(listed) for listed in bonds.values())
    pairs = [
        (handle, bond.handle, bond.kind)
        for handle, listed in bonds.items()
        for bond in listed
        if handle in existing and bond.handle in existing
    ]
    if not pairs:
        return total
    return total - await store.count_existing_bonds(pairs=pairs)


async def _resolve_names(store: ImportStore, kind: Literal["team", "site"], names: list[str | None]) -> dict[str, str]:
    """Name -> id: the existing node of that exact name (the oldest id if several), else a new id."""
    wanted = sorted({name for name in names if name})
    if not wanted:
        return {}
    found = await store.ids_by_name(kind=kind, names=wanted)
    return {name: found.get(name) or new_id(kind) for name in wanted}


def _bond_possible(
    row: ImportRow, bond: ImportBond, failed: set[str], existing: dict[str, str], report: ImportReport
) -> bool:
    if bond.handle in failed and bond.handle not in existing:
        report.warnings.append(
            f"row {row.row}: the {bond.kind} bond to {bond.handle!r} was not written: "
            f"that member's row failed to write"
        )
        return False
    return True
