"""What the benchmarks share: a community loaded into the benchmark's database (the embedded
FalkorDB or a local Neo4j, see engines.py; with one account per client for the HTTP
benchmarks), and graph-api started in its own process(es) on loopback."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import psutil

from graph_api.accounts.service import AccountService
from graph_api.demo.generator import DemoCommunity
from graph_api.demo.loader import load_community
from graph_api.settings import Settings
from graph_api.store.driver import GraphDriver
from graph_api.store.local_server import LocalServer, die_with_parent
from graph_api.store.repository import GraphRepository

sys.path.append(str(Path(__file__).resolve().parent))  # after the package: engines.py
from engines import api_environment, make_driver  # noqa: E402

GRAPH = "bench"
JWT_SECRET = "bench-secret-that-is-long-enough-for-hs256-signing"
PASSWORD = "bench-password-1"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pid: int, *, children: bool = False) -> float:
    """User and system CPU time of a process, and of its children when asked (graph-api's workers)."""
    process = psutil.Process(pid)
    total = 0.0
    for each in [process, *(process.children(recursive=True) if children else [])]:
        with contextlib.suppress(psutil.Error):
            times = each.cpu_times()
            total += times.user + times.system
    return total


@contextlib.asynccontextmanager
async def loaded_graph(
    server: LocalServer, community: DemoCommunity, graph: str = GRAPH
) -> AsyncIterator[tuple[GraphDriver, float]]:
    """A driver on `graph` (FalkorDB's; Neo4j has one), its schema set up and the community
    loaded into it, and the seconds the load took; the driver is closed on leaving."""
    driver = make_driver(server, graph)
    try:
        await driver.setup_schema()
        started = time.perf_counter()
        await load_community(driver, community, progress=False)
        yield driver, time.perf_counter() - started
    finally:
        await driver.close()


async def load(
    server: LocalServer, community: DemoCommunity, clients: int, data_dir: Path
) -> list[tuple[str, str]]:
    """Load the community and create the accounts: one organiser, one member per client."""
    async with loaded_graph(server, community) as (driver, took):
        say(f"loaded {len(community.members)} members, {len(community.bonds)} bonds in {took:.1f}s")
        repository = GraphRepository(driver)
        accounts = AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET, KINDRED_DATA_DIR=data_dir))
        organiser = await repository.create_member(handle="bench-organiser", name="Bench Organiser")
        await accounts.set_password(organiser.id, PASSWORD, role="organiser")
        members: list[tuple[str, str]] = []
        for index in range(clients):
            member = await repository.create_member(handle=f"bench-{index:02d}", name=f"Bench Client {index:02d}")
            await accounts.set_password(member.id, PASSWORD, role="member")
            members.append((member.id, member.handle))
        return members


def start_api(
    server: LocalServer, data_dir: Path, *, workers: int = 1
) -> tuple[subprocess.Popen[bytes], str]:
    """`python -m graph_api serve` over the benchmark's graph; waits until it is ready."""
    port = free_port()
    env = {
        **os.environ,
        **api_environment(server, GRAPH),
        "KINDRED_SEED_MEMBERS": "0",
        "KINDRED_JWT_SECRET": JWT_SECRET,
        "KINDRED_DATA_DIR": str(data_dir / "api"),
        "KINDRED_WORKERS": str(workers),
        # Access logs off: the benchmark measures the API, not a log pipe.
        "KINDRED_LOG_LEVEL": "warning",
    }
    log = open(data_dir / "graph-api.log", "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_api", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=data_dir,  # away from any .env in the working tree
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=die_with_parent,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"graph-api exited: {(data_dir / 'graph-api.log').read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return process, url
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError("graph-api did not become ready in time")


def stop_api(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)  # uvicorn's supervisor stops its workers on SIGINT
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
