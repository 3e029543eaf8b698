"""`serve`: graph-api under uvicorn, in one process or in several worker processes.

With several workers, this process owns what must exist once: the database it runs itself, when
GRAPH_URL is unset (the embedded FalkorDB, or the local Neo4j with KINDRED_DATABASE=neo4j: started,
seeded and supervised here, then reached by every worker as an ordinary server through GRAPH_URL,
GRAPH_USER and GRAPH_PASSWORD) and the signing key (read or generated here, handed to every worker). The workers share nothing
else in memory: sessions, sign-in throttling and everything a request needs live in the store.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import threading
from typing import TYPE_CHECKING

import uvicorn
from pydantic import SecretStr

from graph_api.metrics import multiprocess
from graph_api.logs import configure_logging, uvicorn_log_options
from graph_api.settings import Settings, get_settings

if TYPE_CHECKING:
    from graph_api.store.local_server import LocalServer

log = logging.getLogger(__name__)

#: How often the supervisor checks that the database it runs is alive (seconds).
_SUPERVISE_EVERY = 1.0


def worker_count(settings: Settings) -> int:
    """KINDRED_WORKERS, or one worker per core the process may run on."""
    if settings.workers:
        return settings.workers
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def serve(settings: Settings, *, host: str, port: int, mail_worker: bool = False) -> None:
    """With `mail_worker`, `send-mail` runs beside the HTTP workers, in a child process that
    reaches the same database (so the database this process runs is shared, even with one worker)."""
    if settings.store_kind == "local-neo4j":
        from graph_api.store.neo4j_local import check_available

        check_available()  # a clear message, before any server or worker starts
    workers = worker_count(settings)
    if workers == 1 and not mail_worker:
        from graph_api.app import create_app

        uvicorn.run(
            create_app(settings), host=host, port=port, log_level=settings.log_level.lower(), lifespan="on",
            **uvicorn_log_options(),
        )
        return
    with multiprocess.shared_folder():  # every worker's metrics in one folder, summed by a scrape
        _serve_workers(settings, workers, host=host, port=port, mail_worker=mail_worker)


def _serve_workers(settings: Settings, workers: int, *, host: str, port: int, mail_worker: bool) -> None:
    shared = _start_shared_database(settings) if settings.runs_own_database else None
    stop_supervising = threading.Event()
    supervisor: threading.Thread | None = None
    mailer: subprocess.Popen[bytes] | None = None
    try:
        # The workers build their app from the environment (uvicorn spawns them afresh).
        os.environ["KINDRED_JWT_SECRET"] = settings.signing_secret()
        if shared is not None:
            server, user, password = shared
            os.environ["GRAPH_URL"] = server.url
            if user is not None:
                os.environ["GRAPH_USER"] = user
            os.environ["GRAPH_PASSWORD"] = password
            os.environ["KINDRED_SEED_MEMBERS"] = "0"
            # The supervisor thread lives as long as the server: a server it restarts dies with it.
            supervisor = threading.Thread(
                target=server.supervise, args=(stop_supervising, _SUPERVISE_EVERY), name="kindred-database-supervisor",
                daemon=True,
            )
            supervisor.start()
        if mail_worker:
            get_settings.cache_clear()  # one worker runs in this process: it reads the shared database's settings
            mailer = _start_mail_worker()
        log.info("graph-api: %d worker processes", workers)
        uvicorn.run(
            "graph_api.serving:worker_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=settings.log_level.lower(),
            lifespan="on",
            **uvicorn_log_options(),
        )
    finally:
        if mailer is not None:
            _stop(mailer)
        stop_supervising.set()
        if supervisor is not None:
            supervisor.join()  # a restart under way ends first
        if shared is not None:
            shared[0].stop()


def worker_app() -> object:
    """The app of one worker process (uvicorn spawns it afresh): its logs set up as this one's."""
    from graph_api.app import create_app

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)


def _start_mail_worker() -> subprocess.Popen[bytes]:
    """`python -m graph_api send-mail` in a child process, with this process's environment (the
    shared database and the signing key included); it dies with this process."""
    from graph_api.store.local_server import die_with_parent

    return subprocess.Popen(
        [sys.executable, "-m", "graph_api", "send-mail"], env=dict(os.environ), preexec_fn=die_with_parent
    )


def _stop(process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _start_shared_database(settings: Settings) -> tuple[LocalServer, str | None, str]:
    """Start the database this process runs, set up its schema and seed it: the server, and the
    user (None: no user) and password the workers connect with."""
    from graph_api.store import open_store

    server: LocalServer
    user: str | None
    if settings.store_kind == "local-neo4j":
        from graph_api.store.neo4j_local import LocalNeo4j

        neo4j = LocalNeo4j(settings.neo4j_data_dir, heap=settings.neo4j_heap, page_cache=settings.neo4j_page_cache)
        neo4j.start()
        server, user, password = neo4j, neo4j.user, neo4j.password
    else:
        from graph_api.store.embedded import EmbeddedFalkorDB

        falkordb = EmbeddedFalkorDB(settings.data_dir)
        falkordb.start()
        server, user, password = falkordb, None, falkordb.password
    shared = settings.model_copy(
        update={
            "graph_url": server.url,
            "graph_user": user or settings.graph_user,
            "graph_password": SecretStr(password),
        }
    )

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
        server.stop()
        raise
    return server, user, password
