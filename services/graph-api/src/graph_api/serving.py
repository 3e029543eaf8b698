"""`serve`: graph-api under uvicorn, in one process or in several worker processes.

With several workers, this process owns what must exist once: the embedded database (started,
seeded and supervised here, then reached by every worker as an ordinary FalkorDB server) and
the signing key (read or generated here, handed to every worker). The workers share nothing
else in memory: sessions, sign-in throttling and everything a request needs live in the store.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from typing import TYPE_CHECKING

import uvicorn
from pydantic import SecretStr

from graph_api.settings import Settings

if TYPE_CHECKING:
    from graph_api.store.embedded import EmbeddedFalkorDB

log = logging.getLogger(__name__)

#: How often the supervisor checks that the embedded database is alive (seconds).
_SUPERVISE_EVERY = 1.0


def worker_count(settings: Settings) -> int:
    """KINDRED_WORKERS, or one worker per core the process may run on."""
    if settings.workers:
        return settings.workers
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def serve(settings: Settings, *, host: str, port: int) -> None:
    workers = worker_count(settings)
    if workers == 1:
        from graph_api.app import create_app

        uvicorn.run(create_app(settings), host=host, port=port, log_level=settings.log_level, lifespan="on")
        return
    embedded = _start_shared_database(settings) if settings.store_kind == "embedded" else None
    stop_supervising = threading.Event()
    try:
        # The workers build their app from the environment (uvicorn spawns them afresh).
        os.environ["KINDRED_JWT_SECRET"] = settings.signing_secret()
        if embedded is not None:
            os.environ["GRAPH_URL"] = embedded.url
            os.environ["GRAPH_PASSWORD"] = embedded.password
            os.environ["KINDRED_SEED_MEMBERS"] = "0"
            threading.Thread(target=_supervise, args=(embedded, stop_supervising), daemon=True).start()
        log.info("graph-api: %d worker processes", workers)
        uvicorn.run(
            "graph_api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=settings.log_level,
            lifespan="on",
        )
    finally:
        stop_supervising.set()
        if embedded is not None:
            embedded.stop()


def _start_shared_database(settings: Settings) -> EmbeddedFalkorDB:
    from graph_api.store import open_store
    from graph_api.store.embedded import EmbeddedFalkorDB

    embedded = EmbeddedFalkorDB(settings.data_dir)
    embedded.start()
    shared = settings.model_copy(update={"graph_url": embedded.url, "graph_password": SecretStr(embedded.password)})

    async def prepare() -> None:
        store = await open_store(shared)  # sets up the schema once, before any worker starts
        try:
            if settings.seed_members:
                from graph_api.demo.seeding import announce_demo_accounts, seed_if_empty

                announce_demo_accounts(await seed_if_empty(store.repository, settings))
        finally:
            await store.close()

    try:
        asyncio.run(prepare())
    except BaseException:
        embedded.stop()
        raise
    return embedded


def _supervise(embedded: EmbeddedFalkorDB, stop: threading.Event) -> None:
    """Restart the embedded database if it dies, as a single process does on its next statement."""
    while not stop.wait(_SUPERVISE_EVERY):
        try:
            embedded.ensure_running()
        except Exception:  # keep supervising: the next check retries
            log.exception("could not restart the embedded database")
