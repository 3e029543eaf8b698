"""Command line: `python -m recommender serve` (the HTTP service) and `python -m recommender batch`
(one scheduled run). Both run recommender.runs.run.

Batch exit codes: 0 stored (or nothing to propose), 1 failed (graph-api unreachable or refusing,
anything unexpected), 2 bad arguments or configuration, 3 another batch run holds the lock.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import os
import sys
import time
from datetime import date
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import structlog
from pydantic import ValidationError

from recommender.logs import bind_request_id, configure_logging, new_request_id, uvicorn_log_options

if TYPE_CHECKING:
    from recommender.runs import RunParameters, StoredRun
    from recommender.settings import Settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_ARGUMENTS = 2
EXIT_LOCKED = 3

log = structlog.stdlib.get_logger("recommender")


class LockHeld(Exception):
    """Another run holds the lock file."""


class LockFileError(Exception):
    """The lock file cannot be created or opened (RECOMMENDER_LOCK_FILE)."""


@contextlib.contextmanager
def hold_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive, non-blocking flock on ``path`` (created if missing) for the block.

    The kernel drops the lock when the process ends however it ends, so a crashed run never
    leaves a stale lock. The file stays (removing it would let two runs lock two files); it
    holds the pid of the last run that took it.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise LockFileError(f"cannot open the lock file {path}: {error.strerror or error}") from error
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            by = f" (pid {holder})" if holder else ""
            raise LockHeld(f"another recommender run holds the lock {path}{by}") from error
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def _comma_list(text: str) -> list[str]:
    return [item for item in (part.strip() for part in text.split(",")) if item]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m recommender", description="Kindred recommender")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="the HTTP service: GraphQL `propose` at /graphql")
    serve.add_argument("--host", help="default RECOMMENDER_HOST (127.0.0.1)")
    serve.add_argument("--port", type=int, help="default RECOMMENDER_PORT (8001)")

    batch = commands.add_parser(
        "batch",
        help="one run: read graph-api, propose, store a draft proposal set",
        description="Each kind takes only its own options; the others are refused. Exit codes: 0 done, "
        "1 failed, 2 bad arguments or configuration, 3 another run holds the lock.",
    )
    batch.add_argument("--kind", required=True, choices=["purpose", "intros", "events", "skills"])
    batch.add_argument("--seed", type=int, help="0..2^31-1 (default 0): the same seed gives the same result")
    batch.add_argument(
        "--block-days", type=int, help="days a declined pair stays blocked (default RECOMMENDER_BLOCK_DAYS)"
    )
    batch.add_argument(
        "--no-progress", action="store_true", help="no progress bar (there is none unless standard error is a terminal)"
    )
    group = batch.add_argument_group("purpose")
    group.add_argument("--min-size", type=int, help="smallest group (default 4)")
    group.add_argument("--max-size", type=int, help="largest group (default 8)")
    group.add_argument("--max-groups-per-member", type=int, help="default 1")
    group.add_argument("--cohesion-weight", type=float, help="default 0.5")
    group.add_argument("--bridging-weight", type=float, help="default 0.5")
    group.add_argument("--focus-passions", type=_comma_list, metavar="SLUG,SLUG", help="only these passions")
    group = batch.add_argument_group("purpose and intros: aim the run at KPI targets")
    group.add_argument(
        "--aim", dest="aims", action="append", metavar="TARGET_ID",
        help="a KPI target's id (graph-api's kpiTargets), up to 5 times: the run favours what moves that KPI",
    )
    group.add_argument("--aim-weight", type=float, help="how much the aims weigh against purpose, 0..1 (default 0.5)")
    group = batch.add_argument_group("intros")
    group.add_argument("--round-index", type=int, help="the intro round (default 0)")
    group = batch.add_argument_group("skills")
    group.add_argument("--max-seekers-per-offerer", type=int, help="default 3")
    group = batch.add_argument_group("events")
    group.add_argument("--event", dest="event_id", metavar="ID", help="the event: attendees from graph-api's event(id)")
    group.add_argument(
        "--attendees", type=_comma_list, metavar="KEY,KEY", help="the attendees' member keys (instead of the event's)"
    )
    group.add_argument("--table-size", type=int, help="seats per table (default 4)")
    group.add_argument("--rounds", type=int, help="default 3")
    group.add_argument("--time-limit", type=float, help="seconds of search (default 50)")
    return parser


BATCH_OPTIONS = (
    "seed", "block_days", "min_size", "max_size", "max_groups_per_member", "cohesion_weight", "bridging_weight",
    "focus_passions", "round_index", "max_seekers_per_offerer", "event_id", "attendees", "table_size", "rounds",
    "time_limit", "aims", "aim_weight",
)


def _fail(message: str, code: int) -> int:
    """Why the command stops, as a log line (standard error; JSON unless RECOMMENDER_LOG_FORMAT=console)."""
    log.error(message, exit_code=code)
    return code


def _figure(row: dict, value: float | None) -> str:
    if value is None:
        return "not measurable"
    return f"{value * 100:.1f}%" if row.get("unit") == "share" else f"{value:+.2f}"


def aim_in_words(row: dict) -> str:
    """One aimed target's figures in words: "Silo index (teams) of the whole community: now -0.40; ..."."""
    scope = row["scopeName"] if row["scopeKind"] == "community" else f"{row['scopeKind']} {row['scopeName']}"
    better = "higher is better" if row.get("higherIsBetter") else "lower is better"
    return (
        f"{row['label']} of {scope}: now {_figure(row, row['current'])}, "
        f"{_figure(row, row['predicted'])} if every proposal is accepted and its members get to know each other; "
        f"target {_figure(row, row['target'])} by {_day(row['by'])} ({better})"
    )


def _day(iso: str) -> str:
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _summary(stored: StoredRun) -> str:
    q = stored.quality
    lines = []
    if stored.proposal_set_id is None:
        lines.append(f"{stored.kind}: nothing to propose among {stored.members} members; nothing stored")
    else:
        lines.append(
            f"stored draft proposal set {stored.proposal_set_id}: {stored.kind} ({stored.algorithm_version}), "
            f"{stored.groupings} groupings from {stored.members} members"
        )
    lines += [
        "quality:",
        f"  cohesion         {q.cohesion:.3f}",
        f"  bridging teams   {q.bridging_teams:.3f}",
        f"  bridging sites   {q.bridging_sites:.3f}",
        f"  novelty          {q.novelty:.3f}",
        f"  coverage         {q.coverage:.1%}",
        f"  size violations  {q.size_violations}",
        f"  repeated pairs   {q.repeated_pairs}",
        f"  silo index       {q.silo_index_before:.3f} -> {q.silo_index_after:.3f}",
    ]
    if q.aims:
        lines.append("aimed at:")
        lines += [f"  {aim_in_words(row)}" for row in q.aims]
    lines += [f"note: {note}" for note in stored.notes]
    if stored.proposal_set_id is not None:
        lines.append("an organiser reviews it and publishes it in graph-api (publishProposalSet)")
    return "\n".join(lines)


async def _batch_run(kind: str, parameters: RunParameters, settings: Settings, show_progress: bool) -> StoredRun:
    from tqdm import tqdm

    from recommender.graph_client import GraphClient
    from recommender.runs import Stage, run

    bar = tqdm(desc="loading", unit=" members", file=sys.stderr, disable=not show_progress, dynamic_ncols=True)
    shown: list[Stage] = ["loading"]

    def progress(stage: Stage, done: int, total: int | None) -> None:
        if stage != shown[-1]:
            shown.append(stage)
            bar.set_description(stage)
        if stage == "loading":
            if total is not None and bar.total != total:
                bar.total = total
            bar.update(done - bar.n)

    client = GraphClient(
        settings.graph_api_url,
        settings.token(),
        timeout=settings.timeout_seconds,
        store_timeout=settings.store_timeout_seconds,
        connect_timeout=settings.connect_timeout_seconds,
        page_size=settings.page_size,
    )
    started, error = time.monotonic(), None
    try:
        async with client:
            return await run(kind, parameters, client, progress, block_days=settings.block_days)
    except BaseException as raised:
        error = raised
        raise
    finally:
        bar.close()
        if settings.metrics_textfile_dir is not None:
            _write_metrics(settings.metrics_textfile_dir, kind, error, time.monotonic() - started)


def _write_metrics(folder: Path, kind: str, error: BaseException | None, seconds: float) -> None:
    """The run's figures for node_exporter's textfile collector; a failure to write them is
    reported, and does not change the run's own outcome."""
    from recommender.metrics import outcome_of, write_batch_textfile

    try:
        write_batch_textfile(folder, kind, outcome_of(error), finished=time.time(), seconds=seconds)
    except OSError as failure:
        log.warning("the run's metrics could not be written to %s: %s", folder, failure)


def _batch(args: argparse.Namespace) -> int:
    from recommender.runs import BadParameters, parse_parameters
    from recommender.settings import MissingTokenError, Settings

    try:
        settings = Settings()
        settings.token()
        parameters = parse_parameters(args.kind, {name: getattr(args, name) for name in BATCH_OPTIONS})
    except ValidationError as error:
        return _fail(f"bad RECOMMENDER_* setting: {error}", EXIT_BAD_ARGUMENTS)
    except (MissingTokenError, BadParameters) as error:
        return _fail(str(error), EXIT_BAD_ARGUMENTS)
    # One id for the whole run, sent with every call to graph-api: its lines carry it too.
    with bind_request_id(new_request_id()):
        return _run_batch(args, settings, parameters)


def _run_batch(args: argparse.Namespace, settings: Settings, parameters: RunParameters) -> int:
    from recommender.graph_client import GraphApiError, GraphApiUnavailable
    from recommender.runs import BadParameters

    show_progress = not args.no_progress and sys.stderr.isatty()  # a bar would break a log file's lines
    try:
        with hold_lock(settings.lock_file):
            log.info("batch run started", kind=args.kind)
            stored = asyncio.run(_batch_run(args.kind, parameters, settings, show_progress))
            log.info("batch run finished", kind=args.kind, proposal_set=stored.proposal_set_id)
    except LockHeld as error:
        return _fail(f"{error}; not starting a second run", EXIT_LOCKED)
    except LockFileError as error:
        return _fail(f"{error} (set RECOMMENDER_LOCK_FILE to a writable path)", EXIT_BAD_ARGUMENTS)
    except BadParameters as error:
        return _fail(f"{error}; nothing was stored", EXIT_BAD_ARGUMENTS)
    except GraphApiUnavailable as error:
        return _fail(f"graph-api is unavailable: {error.message}", EXIT_FAILED)
    except GraphApiError as error:
        hint = ""
        if error.code in ("UNAUTHENTICATED", "FORBIDDEN"):
            hint = " (RECOMMENDER_API_TOKEN must be a valid graph-api API token with the read and write scopes)"
        return _fail(f"graph-api refused: {error.code}: {error.message}{hint}; nothing was stored", EXIT_FAILED)
    except Exception as error:  # noqa: BLE001 - a scheduled run must end with a message and an exit code
        log.exception("the run failed", kind=args.kind)
        return _fail(f"the run failed: {type(error).__name__}: {error}", EXIT_FAILED)
    print(_summary(stored), flush=True)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from recommender.app import create_app
    from recommender.settings import Settings

    try:
        settings = Settings()
    except ValidationError as error:
        return _fail(f"bad RECOMMENDER_* setting: {error}", EXIT_BAD_ARGUMENTS)
    host = args.host or settings.host
    port = args.port if args.port is not None else settings.port
    log.info("Kindred recommender", url=f"http://{host}:{port}/graphql", graph_api=settings.graph_api_url)
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level=settings.log_level.lower(), lifespan="on",
        **uvicorn_log_options(),
    )
    return EXIT_OK


def _configure_logs() -> None:
    from recommender.settings import Settings

    try:
        settings = Settings()
    except ValidationError:  # the command says what is wrong; its lines are JSON meanwhile
        configure_logging()
        return
    configure_logging(settings.log_level, settings.log_format)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _configure_logs()
    return _serve(args) if args.command == "serve" else _batch(args)


if __name__ == "__main__":
    sys.exit(main())
