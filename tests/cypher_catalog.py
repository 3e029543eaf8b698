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
from graph_api.store.driver import ColumnRead, ColumnTypes
from graph_api.store.kpis import HEALTH_INPUT_READS
from graph_api.store.batch_reads import DETAILS, detail_reads
from graph_api.store.neo4j_driver import bulk_read_statement, together_statement
from graph_api.store.queries import views
from graph_api.store.views import (
    BOND_COLUMNS,
    MEMBER_COLUMNS,
    MEMBER_COLUMNS_UNCOUNTED,
    PASSION_COLUMNS,
    chosen_members_reads,
    details_reads,
    team_reads,
)
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
    found["dialect.NEO4J_MEMBER_COUNTS_OF_PASSIONS"] = dialect.NEO4J_MEMBER_COUNTS_OF_PASSIONS
    found["dialect.NEO4J_BONDS_AMONG"] = dialect.NEO4J_BONDS_AMONG
    found["dialect.NEO4J_MEMBER_ID_AT"] = dialect.NEO4J_MEMBER_ID_AT
    found["dialect.NEO4J_BOND_DEGREE"] = f"MATCH (m:Member) {dialect.NEO4J_BOND_DEGREE} RETURN m.id AS id, bonds"
    for name, (statement, columns) in _bulk_reads().items():
        found[f"neo4j bulk read of {name}"] = bulk_read_statement(statement, columns)
    for name, reads in _reads_together().items():
        found[f"neo4j reads together of {name}"] = together_statement(reads)
    found["neo4j rows together of a page's member details"] = dialect.rows_together_statement(
        detail_reads(DETAILS), dialect.NEO4J_SUBQUERY
    )
    return found


def _reads_together() -> dict[str, list[ColumnRead]]:
    """The reads a graph view sends through `read_columns_together`, one statement on Neo4j."""
    degree, among = dialect.NEO4J_BOND_DEGREE, dialect.NEO4J_BONDS_AMONG
    return {
        "a view of chosen members": chosen_members_reads(bond_degree=degree, bonds_among=among),
        "a team's view": team_reads(bond_degree=degree),
        "a community's passions and bonds": details_reads(bonds_among=among),
    }

def _bulk_reads() -> dict[str, tuple[str, ColumnTypes]]:
    """The reads sent through `read_columns`, which Neo4j receives wrapped by `bulk_read_statement`."""
    reads: dict[str, tuple[str, ColumnTypes]] = {
        "views.view_members": (views.view_members(dialect.NEO4J_BOND_DEGREE), MEMBER_COLUMNS),
        "views.VIEW_PASSIONS": (views.VIEW_PASSIONS, PASSION_COLUMNS),
        "dialect.NEO4J_BONDS_AMONG": (dialect.NEO4J_BONDS_AMONG, BOND_COLUMNS),
        "views.ALL_MEMBERS": (views.ALL_MEMBERS, MEMBER_COLUMNS_UNCOUNTED),
        "views.ALL_PASSIONS": (views.ALL_PASSIONS, PASSION_COLUMNS),
        "views.ALL_BONDS": (views.ALL_BONDS, BOND_COLUMNS),
        "views.ALL_BONDS in id ranges[;neo4j]": (dialect.neo4j_in_id_range(views.ALL_BONDS), BOND_COLUMNS),
    }
    for passions in (False, True):
        for team in (False, True):
            for site in (False, True):
                reads[f"views.community_members(passions={passions}, team={team}, site={site})"] = (
                    views.community_members(
                        passions=passions, team=team, site=site, bond_degree=dialect.NEO4J_BOND_DEGREE
                    ),
                    MEMBER_COLUMNS,
                )
    for statement, columns in HEALTH_INPUT_READS:
        reads[f"kpis: {statement[:40]}"] = (statement, columns)
    return reads
