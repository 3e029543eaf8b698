"""Every Cypher statement the graph-api sends to Neo4j passes Neo4j's own linter.

The linter is @neo4j-cypher/language-support (pinned in
tools/cypher-lint/package.json), driven by tools/cypher-lint/lint.mjs. It checks
syntax and semantics (undefined variables, clause order, ...) against Neo4j 5's
Cypher without a database; "parameter not defined" findings are dropped because
parameters are supplied at run time. Warnings (e.g. deprecations) are printed
but do not fail the test.

Nothing here is skipped: if node or the linter's node_modules are missing the
tests fail and say how to install them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cypher_catalog import all_statements

REPO_ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = REPO_ROOT / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
LINTER_PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
SETUP_HINT = (
    "run the project's setup script, which installs the Cypher linter "
    "(equivalently: `npm ci --prefix tools/cypher-lint`; needs node >= 20 and npm)"
)
SEVERITY_ERROR = 1

BAD_SYNTAX = "MATCH (m:Member RETURN m"
BAD_SEMANTICS = "MATCH (m) RETURN x"
GOOD_WITH_PARAMETERS = (
    "MATCH (m:Member {id: $member_id})-[:FOLLOWS]->(f:Member) "
    "WHERE f.joined_at >= $since "
    "RETURN f.id AS id, f.name AS name ORDER BY name LIMIT $limit"
)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"`node` was not found on PATH; {SETUP_HINT}.", pytrace=False)
    if not LINTER_PACKAGE.is_file():
        pytest.fail(
            f"the Cypher linter is not installed ({LINTER_PACKAGE.relative_to(REPO_ROOT)} "
            f"is missing); {SETUP_HINT}.",
            pytrace=False,
        )
    return node


def run_linter(statements: dict[str, str]) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Lint ``{name: cypher}`` in one node run; return (errors, warnings) by name."""
    node = _node()
    proc = subprocess.run(
        [node, str(LINT_SCRIPT)],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        cwd=LINT_DIR,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"lint.mjs exited with {proc.returncode}:\n{proc.stderr}\n{proc.stdout}",
            pytrace=False,
        )
    try:
        errors = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"lint.mjs printed no JSON:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    warnings: dict[str, list[dict]] = {}
    for line in proc.stderr.splitlines():
        if line.startswith('{"warnings"'):
            warnings.update(json.loads(line)["warnings"])
    return errors, warnings


def _describe(findings: dict[str, list[dict]], statements: dict[str, str]) -> str:
    parts = []
    for name in sorted(findings):
        lines = [f"- {name}:"]
        for d in findings[name]:
            lines.append(f"    [offset {d['offset']}] {d['message']}")
        lines.append("    statement:")
        lines.extend(f"      {text_line}" for text_line in statements.get(name, "").splitlines())
        parts.append("\n".join(lines))
    return "\n".join(parts)


@pytest.fixture(scope="session")
def catalog() -> dict[str, str]:
    return all_statements()


@pytest.fixture(scope="session")
def catalog_lint(catalog):
    """One linter run over every catalogued statement."""
    return run_linter(catalog)


@pytest.fixture(scope="session")
def probe_lint():
    """One linter run over the statements that check the linter itself."""
    return run_linter(
        {
            "bad_syntax": BAD_SYNTAX,
            "bad_semantics": BAD_SEMANTICS,
            "good_with_parameters": GOOD_WITH_PARAMETERS,
        }
    )


def test_every_catalogued_statement_passes_the_neo4j_cypher_linter(catalog, catalog_lint):
    errors, warnings = catalog_lint
    if warnings:
        print(f"Cypher linter warnings (not failures):\n{_describe(warnings, catalog)}")
    assert not errors, (
        f"{len(errors)} catalogued Cypher statement(s) fail Neo4j's linter:\n"
        f"{_describe(errors, catalog)}"
    )


def test_linter_reports_syntax_and_semantic_errors(probe_lint):
    errors, _ = probe_lint
    for name in ("bad_syntax", "bad_semantics"):
        assert name in errors, f"the linter did not flag {name}; got {errors}"
        assert all(d["severity"] == SEVERITY_ERROR for d in errors[name])
    assert any("Invalid input" in d["message"] for d in errors["bad_syntax"]), errors["bad_syntax"]
    assert any("`x` not defined" in d["message"] for d in errors["bad_semantics"]), errors[
        "bad_semantics"
    ]


def test_statement_with_parameters_passes_the_linter(probe_lint):
    errors, _ = probe_lint
    assert "good_with_parameters" not in errors, errors.get("good_with_parameters")


def test_the_catalog_holds_the_store_and_dialect_statements() -> None:
    names = all_statements()
    assert "queries.CREATE_MEMBER" in names and "queries.LOAD_BONDS" in names
    assert "tests.seeding.MERGE_BOND" in names, "the test-only seeding statements are linted too"
    assert any(name.startswith("dialect.neo4j.") for name in names)
