"""Every Cypher statement of the project by name, for the Neo4j linter test."""

from __future__ import annotations

from dataclasses import fields

from graph_api.store import dialect, queries


def all_statements() -> dict[str, str]:
    """Shared statements plus the Neo4j dialect (the FalkorDB dialect is not Neo4j Cypher)."""
    found: dict[str, str] = {}
    for name, value in vars(queries).items():
        if name.isupper() and isinstance(value, str):
            found[f"queries.{name}"] = value
        elif isinstance(value, queries.NodeStatements):
            for field in fields(value):
                found[f"queries.{name}.{field.name}"] = getattr(value, field.name)
    for name, statement in dialect.neo4j_schema_statements().items():
        found[f"dialect.neo4j.{name}"] = statement
    found["dialect.NEO4J_FULLTEXT_QUERY"] = dialect.NEO4J_FULLTEXT_QUERY
    found["dialect.NEO4J_AWAIT_INDEXES"] = dialect.NEO4J_AWAIT_INDEXES
    return found
