"""Every Cypher statement of graph-api by name, for the Neo4j linter test (tests/test_cypher_lint.py).

That includes the statements of the test-only `SeedingRepository` (tests/seeding.py), which
run against the same databases.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import fields
from types import ModuleType

from graph_api.store import dialect, queries
from tests import seeding


def _module_statements(module: ModuleType, prefix: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in vars(module).items():
        if name.isupper() and not name.startswith("_") and isinstance(value, str):
            found[f"{prefix}.{name}"] = value
        elif isinstance(value, queries.NodeStatements):
            for field in fields(value):
                found[f"{prefix}.{name}.{field.name}"] = getattr(value, field.name)
    variants = getattr(module, "statement_variants", None)
    if callable(variants):
        found.update({f"{prefix}.{key}": text for key, text in variants().items()})
    return found


def all_statements() -> dict[str, str]:
    """Shared statements (the `queries` package, every module, and tests/seeding.py) plus the Neo4j dialect.

    The FalkorDB dialect is not Neo4j Cypher and is left out. A module may define
    `statement_variants() -> dict[str, str]` for statements it assembles from parts.
    """
    found = _module_statements(queries, "queries")
    for info in pkgutil.iter_modules(queries.__path__):
        module = importlib.import_module(f"{queries.__name__}.{info.name}")
        found.update(_module_statements(module, f"queries.{info.name}"))
    found.update(_module_statements(seeding, "tests.seeding"))
    for name, statement in dialect.neo4j_schema_statements().items():
        found[f"dialect.neo4j.{name}"] = statement
    found["dialect.NEO4J_FULLTEXT_QUERY"] = dialect.NEO4J_FULLTEXT_QUERY
    found["dialect.NEO4J_AWAIT_INDEXES"] = dialect.NEO4J_AWAIT_INDEXES
    return found
