"""The marks of a test module that starts local Neo4j servers of its own: slow, and skipped only
when java or the launcher jar is missing (scripts/setup builds the jar when Maven is there);
with CI set in the environment, a missing jar fails instead of skipping."""

from __future__ import annotations

import os

import pytest

from graph_api.store.neo4j_local import unavailable_reason

REASON = unavailable_reason()
if REASON and os.environ.get("CI"):
    pytest.fail(f"the local Neo4j must run in CI: {REASON}", pytrace=False)

MARKS = [
    pytest.mark.slow,
    pytest.mark.skipif(REASON is not None, reason=f"local Neo4j unavailable: {REASON}"),
]
