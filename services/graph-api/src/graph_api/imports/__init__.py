"""Bulk import of members, with their teams, sites, passions, skills and bonds, from CSV or JSON."""

from __future__ import annotations

from graph_api.imports.importer import ImportReport, import_members
from graph_api.imports.parsing import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportBond,
    ImportPassion,
    ImportRow,
    ImportSkill,
    RejectedRow,
    parse_import,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ImportBond",
    "ImportPassion",
    "ImportReport",
    "ImportRow",
    "ImportSkill",
    "RejectedRow",
    "import_members",
    "parse_import",
]
