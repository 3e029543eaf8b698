"""The graph views (store/views.py) of a loaded community, timed: everyone, the 5,000 members
with most bonds (the API's largest community view), those of the most popular passion and of
the largest team, and a depth-2 neighbourhood of the member with most bonds. The view of
everyone is compared with its three statements through the engine's plain client (floors.py)."""

from __future__ import annotations

import gc
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from graph_api.demo.generator import DemoCommunity
from graph_api.domain.views import Drawing
from graph_api.store.driver import GraphDriver
from graph_api.store.local_server import LocalServer
from graph_api.store.queries import views as q
from graph_api.store.views import GraphViews

from floors import plain_reads

COMMUNITY_MAX = 5000
NEIGHBORHOOD_CAP = 2000


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _cases(views: GraphViews, demo: DemoCommunity) -> dict[str, Callable[[], Awaitable[Drawing]]]:
    passion_slug = {p["id"]: p["slug"] for p in demo.passions}
    popular = Counter(link["passion"] for link in demo.passion_links).most_common(1)[0][0]
    team = Counter(link["team"] for link in demo.member_teams).most_common(1)[0][0]
    degree = Counter(b["a"] for b in demo.bonds) + Counter(b["b"] for b in demo.bonds)
    hub = degree.most_common(1)[0][0]
    everyone = len(demo.members) + 1000
    return {
        "everyone": lambda: views.community(passions=None, team=None, site=None, limit=everyone),
        "top_5000": lambda: views.community(passions=None, team=None, site=None, limit=COMMUNITY_MAX),
        "passion_5000": lambda: views.community(passions=[passion_slug[popular]], team=None, site=None, limit=COMMUNITY_MAX),
        "team_5000": lambda: views.community(passions=None, team=team, site=None, limit=COMMUNITY_MAX),
        "neighbourhood_depth_2": lambda: views.neighborhood(member_id=hub, depth=2, cap=NEIGHBORHOOD_CAP),
    }


async def _warm_up(view: Callable[[], Awaitable[Drawing]]) -> None:
    """A small view (under a tenth of a second) run untimed for a second, as a server in use runs
    it all day: Neo4j compiles a statement's hot code paths over its first hundreds of runs, and
    timing those would measure the JIT, not the database."""
    started = time.perf_counter()
    if await view() is not None and time.perf_counter() - started < 0.1:
        while time.perf_counter() - started < 1.0:
            await view()


async def measure_views(
    driver: GraphDriver, server: LocalServer, graph: str, demo: DemoCommunity, rounds: int
) -> dict[str, Any]:
    """Per view, after a warm-up (`_warm_up`): the best and median wall seconds of `rounds` or
    more, the CPU seconds of the best round, members and bonds drawn."""
    out: dict[str, Any] = {}
    for name, view in _cases(GraphViews(driver), demo).items():
        times: list[tuple[float, float]] = []
        drawing = None
        await _warm_up(view)
        # Small views repeat until a second is spent (at most 50 rounds).
        while len(times) < rounds or (sum(t for t, _ in times) < 1.0 and len(times) < 50):
            drawing = None
            gc.collect()
            started, cpu = time.perf_counter(), time.process_time()
            drawing = await view()
            times.append((time.perf_counter() - started, time.process_time() - cpu))
        assert drawing is not None
        best = min(times)
        out[name] = {
            "seconds": round(best[0], 4),
            "median_seconds": round(sorted(t for t, _ in times)[len(times) // 2], 4),
            "cpu_seconds": round(best[1], 3),
            "members": len(drawing.members),
            "bonds": len(drawing.bonds),
        }
        say(f"  view {name}: {out[name]} ({len(times)} rounds: {', '.join(f'{t:.3f}' for t, _ in times)})")
    gc.collect()
    seconds, cpu, rows = await plain_reads(server, graph, (q.ALL_MEMBERS, q.ALL_PASSIONS, q.ALL_BONDS))
    out["everyone"]["plain_read_seconds"] = round(seconds, 3)
    out["everyone"]["plain_read_cpu_seconds"] = round(cpu, 3)
    say(f"  plain client, the three reads of everyone: {seconds:.2f}s (cpu {cpu:.2f}s, {rows:,} rows)")
    return out
