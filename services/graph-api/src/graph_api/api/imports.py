"""Bulk import of members (organisers): a CSV or JSON upload, reported row by row."""

from __future__ import annotations

import enum

import strawberry
from strawberry.file_uploads import Upload

from graph_api.api.context import Info
from graph_api.api.permissions import ORGANISER
from graph_api.errors import BadInputError
from graph_api.imports.importer import import_members


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
        # The upload was spooled (and its size bounded) by the HTTP edge; the view closes it after the reply.
        if not callable(getattr(file, "read", None)):
            raise BadInputError("send the file as a multipart upload, not as a plain value", field="file")
        limit = info.context.settings.max_upload_bytes
        content = await file.read(limit + 1)  # type: ignore[attr-defined]
        if len(content) > limit:
            raise BadInputError(f"the file is larger than the limit of {limit:,} bytes", field="file")
        report = await import_members(info.context.repository, content, format.value, dry_run=dry_run)
        return ImportReport(
            created=report.created,
            updated=report.updated,
            bonds_created=report.bonds_created,
            rejected=[RejectedImportRow(row=r.row, handle=r.handle, reason=r.reason) for r in report.rejected],
            warnings=list(report.warnings),
            dry_run=dry_run,
        )
