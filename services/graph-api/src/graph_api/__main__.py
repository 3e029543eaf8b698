"""Command line: `python -m graph_api serve | seed | import | create-organiser | snapshot-kpis | copy |
backup | restore | send-mail | export-schema`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import structlog

from graph_api.errors import KindredError
from graph_api.logs import configure_logging
from graph_api.settings import Settings, get_settings
from graph_api.store.local_server import LocalServerError

if TYPE_CHECKING:
    from graph_api.kpis.health import Scope
    from graph_api.store.repository import GraphRepository

log = structlog.stdlib.get_logger("graph_api")


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from graph_api.serving import serve, worker_count

    host = args.host or settings.host
    port = args.port if args.port is not None else settings.port
    # The workers read their settings from the environment: links they make follow --host and --port.
    os.environ["KINDRED_HOST"], os.environ["KINDRED_PORT"] = host, str(port)
    settings = settings.model_copy(update={"host": host, "port": port})
    base = f"http://{host}:{port}"
    ide = "" if settings.production else " and GraphiQL"
    log.info(
        f"Kindred on {base}/  (GraphQL{ide}: {base}/graphql, health: {base}/healthz, {base}/readyz; "
        f"{worker_count(settings)} worker processes)"
    )
    serve(settings, host=host, port=port, mail_worker=args.mail_worker)
    return 0


async def _seed(args: argparse.Namespace, settings: Settings) -> int:
    from graph_api.demo.generator import generate_community
    from graph_api.demo.loader import load_community
    from graph_api.store import open_store

    store = await open_store(settings)
    try:
        if args.replace:
            await store.driver.clear()
        community = generate_community(args.members, args.seed)
        written = await load_community(store.driver, community)
        print(f"loaded {len(community.members)} members, {len(community.bonds)} bonds ({written} rows)")
    finally:
        await store.close()
    return 0


async def _snapshot_kpis(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import date

    from graph_api.domain import rules
    from graph_api.kpis.history import parse_scope
    from graph_api.store import open_store

    scopes = [parse_scope(text) for text in args.scope]
    at = date.fromisoformat(args.at or rules.today())
    store = await open_store(settings)
    try:
        for scope in scopes:
            if not await _scope_exists(store.repository, scope):
                print(f"error: no {scope.kind} {scope.id!r} in the graph; nothing was stored", file=sys.stderr)
                return 2
        snapshots = await store.repository.kpis.take_snapshots(scopes=scopes, at=at)
    finally:
        await store.close()
    for snapshot in snapshots:
        print(f"snapshot {snapshot.at.isoformat()} {snapshot.scope.kind} {snapshot.scope.id or ''}".rstrip())
    return 0


async def _scope_exists(repository: GraphRepository, scope: Scope) -> bool:
    """Whether the scope's team, site or passion is in the graph (the community always is)."""
    if scope.id is None:
        return True
    find = {"team": repository.team, "site": repository.site, "passion": repository.passion_by_slug}[scope.kind]
    return await find(scope.id) is not None


def store_settings(url: str) -> Settings:
    """The settings of the store at `url`: falkordb://[:password@]host:port[/graph], or
    bolt:// / neo4j:// with user:password@ (a password in the URL, or GRAPH_PASSWORD); or
    `embedded` / `local-neo4j`, the servers graph-api runs itself in KINDRED_DATA_DIR."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    if url in ("embedded", "local-neo4j"):
        database = "falkordb" if url == "embedded" else "neo4j"
        return Settings(KINDRED_DATABASE=database, GRAPH_URL=None)  # type: ignore[call-arg]

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    values: dict[str, object] = {}
    if scheme == "falkordb":
        values["KINDRED_DATABASE"] = "falkordb"
        graph = parts.path.strip("/")
        if graph:
            values["GRAPH_NAME"] = graph
        netloc = parts.hostname or "127.0.0.1"
        values["GRAPH_URL"] = urlunsplit((scheme, f"{netloc}:{parts.port or 6379}", "", "", ""))
    elif scheme.startswith(("bolt", "neo4j")):
        values["KINDRED_DATABASE"] = "neo4j"
        if parts.path.strip("/"):
            raise ValueError(f"a Neo4j URL names no graph (the server's default database is used): {parts.path!r}")
        if parts.username:
            values["GRAPH_USER"] = unquote(parts.username)
        host = parts.hostname or "127.0.0.1"
        values["GRAPH_URL"] = urlunsplit((scheme, f"{host}:{parts.port or 7687}", "", "", ""))
    else:
        raise ValueError(f"{url.split('@')[-1]!r} is not a store URL: use falkordb://, bolt:// or neo4j://")
    if parts.password is not None:
        values["GRAPH_PASSWORD"] = unquote(parts.password)
    return Settings(**values)  # type: ignore[arg-type]


async def _copy(args: argparse.Namespace, _: Settings) -> int:
    from tqdm import tqdm

    from graph_api.store import open_store
    from graph_api.store.copying import Census, CopyRefusedError, copy_graph

    source_settings, target_settings = store_settings(args.source), store_settings(args.target)
    source = await open_store(source_settings, setup_schema=False)
    try:
        target = await open_store(target_settings)
        bar: tqdm | None = None

        def on_census(found: Census) -> None:
            nonlocal bar
            bar = tqdm(total=found.node_total + found.relationship_total, unit=" items", desc="copying", file=sys.stderr)

        try:
            copied = await copy_graph(
                source.driver,
                target.driver,
                replace=args.replace,
                on_census=on_census,
                progress=lambda n: bar.update(n) if bar is not None else None,
            )
        except CopyRefusedError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        finally:
            if bar is not None:
                bar.close()
            await target.close()
    finally:
        await source.close()
    print(f"copied {copied.node_total} nodes and {copied.relationship_total} relationships")
    for label, count in copied.per_label().items():
        print(f"  {label}: {count}")
    for kind, count in copied.per_type().items():
        print(f"  {kind}: {count}")
    return 0


#: A whole-graph read or write may take longer than a request's statement.
BACKUP_TIMEOUT_SECONDS = 3600.0


def _for_whole_graph(settings: Settings) -> Settings:
    return settings.model_copy(update={"graph_timeout_seconds": max(settings.graph_timeout_seconds, BACKUP_TIMEOUT_SECONDS)})


async def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from graph_api.store import open_store
    from graph_api.store.backup import backup

    settings = _for_whole_graph(settings)
    store = await open_store(settings, setup_schema=False)
    try:
        summary = await backup(store.driver, Path(args.file), engine=settings.database)
    finally:
        await store.close()
    print(f"backed up {summary.node_total} nodes and {summary.relationship_total} relationships to {args.file}")
    return 0


async def _restore(args: argparse.Namespace, settings: Settings) -> int:
    from graph_api.store import open_store
    from graph_api.store.backup import read_backup, restore

    read_backup(Path(args.file))  # a damaged or foreign file is refused before the store is opened
    settings = _for_whole_graph(settings)
    store = await open_store(settings)
    try:
        summary = await restore(store.driver, Path(args.file), replace=args.replace)
    finally:
        await store.close()
    print(f"restored {summary.node_total} nodes and {summary.relationship_total} relationships from {args.file}")
    return 0


async def _send_mail(args: argparse.Namespace, settings: Settings) -> int:
    """The outbox worker: mail (when KINDRED_SMTP_HOST is set) and webhook deliveries."""
    import signal

    from graph_api.notifications.worker import MailWorker
    from graph_api.store import open_store
    from graph_api.webhooks.worker import WebhookWorker, run_forever

    store = await open_store(settings)
    try:
        mail = MailWorker(store.repository.outbox, settings) if settings.mail_enabled else None
        hooks = WebhookWorker(store.repository.webhooks, settings)
        if args.once:
            if mail is not None:
                tally = await mail.run_once()
                print(
                    f"mail: {tally.sent} sent, {tally.retried} to retry, {tally.failed} given up, "
                    f"{tally.dropped} dropped, {tally.reminders_queued} reminders queued"
                )
            else:
                print("mail is off: set KINDRED_SMTP_HOST (and KINDRED_MAIL_FROM) to send mail")
            sent = await hooks.run_once()
            print(f"webhooks: {sent.delivered} delivered, {sent.retried} to retry, {sent.failed} given up")
            return 0
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        # A long-running worker: what it says is log lines (--once prints its result instead).
        if mail is not None:
            log.info(f"sending mail through {settings.smtp_host}:{settings.smtp_port}")
        else:
            log.info("mail is off: set KINDRED_SMTP_HOST (and KINDRED_MAIL_FROM) to send mail")
        log.info(f"delivering webhooks; looking every {settings.mail_poll_seconds:g} s (Ctrl-C stops)")
        passes = [run_forever(hooks, stop=stop, poll_seconds=settings.mail_poll_seconds)]
        if mail is not None:
            passes.append(mail.run_forever(stop=stop))
        await asyncio.gather(*passes)
    finally:
        await store.close()
    return 0


def _export_schema(args: argparse.Namespace, _: Settings) -> int:
    from graph_api.api.schema import schema

    text = schema.as_str() + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text)
    return 0


async def _import(args: argparse.Namespace, settings: Settings) -> int:
    from graph_api.errors import BadInputError
    from graph_api.imports import import_members
    from graph_api.store import open_store

    path = Path(args.path)
    format = args.format or path.suffix.lower().lstrip(".")
    if format not in ("csv", "json"):
        print(f"error: cannot tell the format of {path.name!r} from its name: pass --format csv|json", file=sys.stderr)
        return 2
    try:
        content = path.read_bytes()
    except OSError as error:
        print(f"error: cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    store = await open_store(settings)
    try:
        report = await import_members(store.repository, content, format, dry_run=args.dry_run)
    except BadInputError as error:
        print(f"error: {path.name}: {error.message}; nothing was imported", file=sys.stderr)
        return 2
    finally:
        await store.close()
    for row in report.rejected:
        print(f"rejected {row.reason}")
    for warning in report.warnings:
        print(f"warning: {warning}")
    print(
        f"{'dry run, nothing written; it would give ' if args.dry_run else ''}members created: {report.created}, "
        f"updated: {report.updated}, rows rejected: {len(report.rejected)}, new bonds: {report.bonds_created}"
    )
    return 1 if report.rejected else 0


async def _create_organiser(args: argparse.Namespace, settings: Settings) -> int:
    import getpass
    import os

    from graph_api.accounts.credentials import check_password_rules
    from graph_api.accounts.service import AccountService
    from graph_api.store import open_store

    # The environment first (scripts), then a prompt (a person), else one line of piped input.
    password = os.environ.get("KINDRED_ORGANISER_PASSWORD")
    if password is None and sys.stdin.isatty():
        password = getpass.getpass("password for the organiser: ")
        if getpass.getpass("the same password again: ") != password:
            print("error: the two passwords differ; nothing was changed", file=sys.stderr)
            return 2
    elif password is None:
        password = sys.stdin.readline().rstrip("\r\n")
    check_password_rules(password)  # before the database starts, which takes a moment
    store = await open_store(settings)
    try:
        accounts = AccountService(store.repository, settings)
        member_id, created = await accounts.create_organiser(args.handle, password, name=args.name, email=args.email)
    finally:
        await store.close()
    print(f"{'created organiser' if created else 'made organiser'} {args.handle.strip().lower()} ({member_id})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graph_api", description="Kindred graph-api")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the HTTP server (GraphQL at /graphql)")
    serve.add_argument("--host", help="address to listen on (default: KINDRED_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: KINDRED_PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default: KINDRED_WORKERS, or one per core)")
    serve.add_argument(
        "--mail-worker", action="store_true", help="also run send-mail (the worker that sends mail and webhook deliveries) beside the server (scripts/run does)"
    )

    seed = commands.add_parser("seed", help="generate and load a demo community into an empty graph")
    seed.add_argument("--members", type=int, default=300, help="how many members (default 300)")
    seed.add_argument("--seed", type=int, default=7, help="random seed: the same seed gives the same community")
    seed.add_argument("--replace", action="store_true", help="delete everything in the graph first")

    imports = commands.add_parser("import", help="import members, with teams, sites, passions, skills and bonds")
    imports.add_argument("path", help="the CSV or JSON file")
    imports.add_argument("--format", choices=("csv", "json"), help="file format (default: from the file extension)")
    imports.add_argument("--dry-run", action="store_true", help="validate and report without writing anything")

    organiser = commands.add_parser(
        "create-organiser",
        help="create an organiser, or make the member with that handle one (and set their password); the "
        "password comes from KINDRED_ORGANISER_PASSWORD, else a prompt, else one line of standard input",
    )
    organiser.add_argument("--handle", required=True, help="the organiser's handle")
    organiser.add_argument("--name", help="display name (needed only to create a new member)")
    organiser.add_argument("--email", help="e-mail address (used only when creating a new member)")

    snapshot = commands.add_parser(
        "snapshot-kpis", help="store the day's community health KPIs (community, --scope, targets' scopes); run daily"
    )
    snapshot.add_argument("--scope", action="append", default=[], help="community, team:<id>, site:<id> or passion:<slug>")
    snapshot.add_argument("--at", help="the day, YYYY-MM-DD (default: today, UTC); the same day is replaced")

    copy = commands.add_parser(
        "copy",
        help="copy a whole community from one store to another (FalkorDB and Neo4j, either way); "
        "the target must be empty unless --replace",
    )
    copy.add_argument(
        "--from",
        dest="source",
        required=True,
        help="falkordb://[:password@]host:port[/graph], bolt:// or neo4j://user:password@host:port, or "
        "embedded / local-neo4j (the servers graph-api runs itself in KINDRED_DATA_DIR; stop graph-api first)",
    )
    copy.add_argument("--to", dest="target", required=True, help="the target store's URL (the same forms)")
    copy.add_argument("--replace", action="store_true", help="delete everything in the target first")

    backup = commands.add_parser(
        "backup",
        help="write the whole community (the store of GRAPH_URL etc., as for serve) to a gzipped JSON-lines "
        "file, while graph-api runs",
    )
    backup.add_argument("file", help="the file to write (e.g. kindred-2026-06-01.jsonl.gz)")
    restore = commands.add_parser(
        "restore", help="load a backup file into the store (GRAPH_URL etc.); the store must be empty unless --replace"
    )
    restore.add_argument("file", help="the backup file")
    restore.add_argument("--replace", action="store_true", help="delete everything in the store first")

    mail = commands.add_parser(
        "send-mail",
        help="the outbox worker: send the queued mails over SMTP (KINDRED_SMTP_*; queue event reminders) "
        "and the webhook deliveries, with retries",
    )
    mail.add_argument("--once", action="store_true", help="send what is due now and exit (default: keep polling)")

    export = commands.add_parser("export-schema", help="write the GraphQL schema (SDL)")
    export.add_argument("output", nargs="?", default="-", help="file to write, or - for standard output")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    try:
        if args.command == "serve":
            if args.workers is not None:
                settings = settings.model_copy(update={"workers": max(1, args.workers)})
            return _serve(args, settings)
        if args.command == "seed":
            return asyncio.run(_seed(args, settings))
        if args.command == "import":
            return asyncio.run(_import(args, settings))
        if args.command == "create-organiser":
            return asyncio.run(_create_organiser(args, settings))
        if args.command == "snapshot-kpis":
            return asyncio.run(_snapshot_kpis(args, settings))
        if args.command == "copy":
            return asyncio.run(_copy(args, settings))
        if args.command == "backup":
            return asyncio.run(_backup(args, settings))
        if args.command == "restore":
            return asyncio.run(_restore(args, settings))
        if args.command == "send-mail":
            return asyncio.run(_send_mail(args, settings))
        return _export_schema(args, settings)
    except (KindredError, ValueError, LocalServerError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
