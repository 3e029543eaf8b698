"""The web app's own JavaScript unit tests (node's test runner), run from pytest."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_javascript_unit_tests_pass() -> None:
    if not (FRONTEND / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True, capture_output=True, timeout=300)
    tests = sorted(str(path.relative_to(FRONTEND)) for path in (FRONTEND / "test").glob("*.test.js"))
    result = subprocess.run(["node", "--test", *tests], cwd=FRONTEND, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
