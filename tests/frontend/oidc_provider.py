"""A real, certified OpenID provider on loopback for the browser tests: panva's `oidc-provider`
(tools/oidc-provider, pinned), started by tools/oidc-provider/start.mjs the way the Cypher linter
is run: `node` on a script of ours. It prints `ready <issuer>` and exits when our end of its
standard input closes, so it never outlives the test process."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "oidc-provider"
CLIENT_ID = "kindred"
CLIENT_SECRET = "kindred-test-client-secret"


@contextmanager
def oidc_provider(redirect_uri: str, *, groups: tuple[str, ...] = (), echo_issuer: bool = False) -> Iterator[str]:
    """A provider with Kindred as its one client; yields its issuer."""
    if shutil.which("node") is None or not (TOOL / "node_modules" / "oidc-provider").is_dir():
        missing = "the OpenID provider needs node and `npm ci --prefix tools/oidc-provider` (scripts/setup does it)"
        if os.environ.get("CI"):
            pytest.fail(f"the sign-in tests must run in CI: {missing}", pytrace=False)
        pytest.skip(missing)
    command = ["node", str(TOOL / "start.mjs"), "--client", f"{CLIENT_ID}:{CLIENT_SECRET}:{redirect_uri}"]
    if groups:
        command += ["--groups", ",".join(groups)]
    if echo_issuer:
        command.append("--echo-issuer")
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        timer = threading.Timer(20, process.kill)  # a provider that never gets ready fails the test, not the run
        timer.start()
        line = process.stdout.readline()
        timer.cancel()
        if not line.startswith("ready "):
            raise RuntimeError(f"the OpenID provider did not start (it said {line!r})")
        yield line.split(" ", 1)[1].strip()
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
