"""Bulk import of members (organisers): a CSV or JSON upload, reported row by row."""

from __future__ import annotations

import enum

import strawberry
from strawberry.file_uploads import Upload

from graph_api.api.context import Info
from graph_api.api.permissions import ORGANISER
from graph_api.errors import BadInputError
from graph_api.imports.importer import import_members
from graph_api.imports.parsing import MAX_FILE_BYTES


@strawberry.enum(description="The format of an import file.")
class ImportFormat(enum.Enum):
    CSV = "csv"
    JSON = "json"


@strawberry.type(description="A row that wrote nothing, and why.")
class RejectedImportRow:
    row: int = strawberry.field(description="The data row's number, from 1.")
    handle: str | None
    reason: str


@strawberry.type(description="What an import wrote (or, for a dry run, would write).")
class ImportReport:
    created: int
    updated: int
    bonds_created: int
    rejected: list[RejectedImportRow]
    warnings: list[str]
    dry_run: bool


@strawberry.type
class ImportMutations:
    @strawberry.mutation(
        description=(
            "Create or update members, with teams, sites, passions, skills and bonds, from a CSV or JSON file "
            "(a multipart upload). Every rejected row is reported with its reason and writes nothing."
        ),
        permission_classes=ORGANISER,
    )
    async def import_members(
        self, info: Info, file: Upload, format: ImportFormat, dry_run: bool = False
    ) -> ImportReport:
        content = await file.read(MAX_FILE_BYTES + 1)  # type: ignore[attr-defined]
        if len(content) > MAX_FILE_BYTES:
            raise BadInputError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", field="file")
        report = await import_members(info.context.repository, content, format.value, dry_run=dry_run)
        return ImportReport(
            created=report.created,
            updated=report.updated,
            bonds_created=report.bonds_created,
            rejected=[RejectedImportRow(row=r.row, handle=r.handle, reason=r.reason) for r in report.rejected],
            warnings=list(report.warnings),
            dry_run=dry_run,
        )
