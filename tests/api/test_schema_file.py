"""The exported schema (services/graph-api/schema.graphql) matches the code."""

from __future__ import annotations

from pathlib import Path

from graph_api.api.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "services" / "graph-api" / "schema.graphql"


def test_the_schema_file_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text() == schema.as_str() + "\n", (
        "schema.graphql has drifted from the code: run "
        "`.venv/bin/python -m graph_api export-schema services/graph-api/schema.graphql` and commit the result"
    )
