"""What graph-api builds at start-up lives as long as the process, so it is frozen out of the
garbage collector's way: a full collection walking it paused every request in flight for about
90 ms (the p99 of the benchmark's mix)."""

from __future__ import annotations

import gc

from graph_api.api.schema import schema
from tests.conftest import LiveServer


def test_what_the_app_built_at_start_is_out_of_the_collectors_way(live_server: LiveServer) -> None:
    assert gc.get_freeze_count() > 0
    assert not any(tracked is schema for tracked in gc.get_objects(generation=2))
