"""The importMembers mutation: a real multipart upload over HTTP, reported row by row."""

from __future__ import annotations

import json
from pathlib import Path

from graph_api.store import queries
from graph_api.store.repository import GraphRepository
from tests.api.conftest import GraphQLClient

DATA = Path(__file__).resolve().parents[1] / "imports" / "data"
IMPORT = """mutation($file: Upload!, $format: ImportFormat!, $dryRun: Boolean!) {
  importMembers(file: $file, format: $format, dryRun: $dryRun) {
    created updated bondsCreated dryRun rejected { row handle reason } warnings
  }
}"""


async def _upload(client: GraphQLClient, path: Path, fmt: str, *, dry_run: bool = False) -> dict:
    operations = {"query": IMPORT, "variables": {"file": None, "format": fmt, "dryRun": dry_run}}
    response = await client.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (path.name, path.read_bytes(), "text/plain")},
        headers={"Authorization": f"Bearer {client.token}"} if client.token else {},
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_an_organiser_imports_a_csv_file_with_good_and_bad_rows(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    body = await _upload(organiser, DATA / "members.csv", "CSV")
    report = body["data"]["importMembers"]
    assert report["created"] == 4 and report["rejected"]
    assert all(row["reason"] for row in report["rejected"])
    assert await repository.count(queries.MEMBER) == 1 + 4


async def test_a_dry_run_reports_without_writing(organiser: GraphQLClient, repository: GraphRepository) -> None:
    body = await _upload(organiser, DATA / "members.json", "JSON", dry_run=True)
    assert body["data"]["importMembers"]["dryRun"] is True
    assert await repository.count(queries.MEMBER) == 1


async def test_members_cannot_import(member: GraphQLClient, repository: GraphRepository) -> None:
    body = await _upload(member, DATA / "members.csv", "CSV")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await repository.count(queries.MEMBER) == 1


async def test_a_file_that_is_not_json_is_refused(organiser: GraphQLClient, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    body = await _upload(organiser, broken, "JSON")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
