"""Neo4j adapter: the official async driver over its connection pool. Writes run in managed
transactions (the driver retries them on transient errors); reads run as auto-commit
statements, retried here, which saves the BEGIN and COMMIT round trips of a transaction: a
small read takes a third of the time."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import neo4j
from neo4j import AsyncGraphDatabase
from neo4j import exceptions as neo4j_errors

from graph_api.domain.search import search_words
from graph_api.errors import ConflictError, DatabaseUnavailableError, StoreQueryError
from graph_api.store import dialect, queries
from graph_api.store.driver import ColumnRead, ColumnTypes, Params, PlanStep, Record, RowRead
from graph_api.store.statement_metrics import metered

log = logging.getLogger(__name__)

_UNAVAILABLE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.AuthError,
    neo4j_errors.DatabaseUnavailable,
    neo4j_errors.ConnectionAcquisitionTimeoutError,  # every pooled connection busy: overloaded
    OSError,
)
#: The first pause before a read is tried again, doubled each time up to the last.
_READ_RETRY_PAUSES = (0.05, 1.0)

_T = TypeVar("_T")
#: What a statement's result becomes: given a transaction (writes) or a session (reads), both
#: of which `run` a statement.
_Work = Callable[[Any, str, dict[str, Any]], Awaitable[_T]]
#: Records a streamed bulk read asks for at a time: all of them, in one PULL (the default,
#: 1,000, costs a round trip per thousand rows).
_BULK_FETCH_SIZE = -1


class _TooBigToCollect(Exception):
    """The server's transaction memory cannot hold a bulk read's columns as lists."""


async def _collect(tx: neo4j.AsyncManagedTransaction | neo4j.AsyncSession, query: str, params: dict[str, Any]) -> list[Record]:
    result = await tx.run(query, params)
    return [record.data() async for record in result]


def _null_marker(kind: type) -> str:
    """What stands for null in a collected column (collect() drops nulls): a value of another type."""
    return "''" if kind is bool else "false"


async def _plan_of(tx: neo4j.AsyncManagedTransaction | neo4j.AsyncSession, query: str, params: dict[str, Any]) -> dict[str, Any] | None:
    # Planned afresh: a plan cached while the graph was young could be reused.
    result = await tx.run(f"CYPHER replan=force EXPLAIN {query}", params)
    return (await result.consume()).plan


def bulk_read_statement(query: str, columns: ColumnTypes, *, prefix: str = "") -> str:
    """`query` with all its rows returned in one record: one list per column (named `prefix` and
    the column's name), nulls replaced by `_null_marker`. The async driver handles every record
    on its own (some 30 microseconds each, most of it socket reads), which makes a million rows
    half a minute; a million values per column arrive in chunks of 64 KB and decode in a
    fraction of a second."""
    collected = ", ".join(
        f"collect(coalesce(`{name}`, {_null_marker(kind)})) AS `{prefix}{name}`" for name, kind in columns.items()
    )
    return f"CALL () {{ {query} }} RETURN {collected}"


def _together_prefix(position: int) -> str:
    return f"r{position}_"


def together_statement(reads: Sequence[ColumnRead]) -> str:
    """The bulk reads of `reads` as one statement: each collected in a subquery of its own (one
    row each, so nothing multiplies), its columns named after its position. A round trip costs
    about a millisecond on Neo4j, more than a small view's three reads themselves."""
    subqueries = " ".join(
        f"CALL () {{ {bulk_read_statement(query, columns, prefix=_together_prefix(i))} }}"
        for i, (query, columns) in enumerate(reads)
    )
    returned = ", ".join(
        f"`{_together_prefix(i)}{name}`" for i, (_, columns) in enumerate(reads) for name in columns
    )
    return f"{subqueries} RETURN {returned}"


def _unmarked(column: Sequence[Any], kind: type) -> list[Any]:
    """A collected column in its declared type, its null markers None again."""
    if kind is bool:
        return [None if value.__class__ is str else value for value in column]
    if kind is float:
        return [None if value is False else float(value) for value in column]
    return [None if value is False else value for value in column]


async def _collected_columns(
    tx: neo4j.AsyncManagedTransaction | neo4j.AsyncSession, query: str, params: dict[str, Any]
) -> neo4j.Record:
    try:
        result = await tx.run(query, params)
        return await result.single(strict=True)
    except neo4j_errors.TransientError as error:
        if _over_transaction_memory(error):
            raise _TooBigToCollect(error.message) from error
        raise


def _over_transaction_memory(error: neo4j_errors.Neo4jError) -> bool:
    """The statement alone needs more than a transaction may hold (db.memory.transaction.max):
    transient for Neo4j, but trying it again fails again."""
    return "MemoryPoolOutOfMemory" in (error.code or "") and "db.memory.transaction.max " in (error.message or "")


async def _records(
    tx: neo4j.AsyncManagedTransaction | neo4j.AsyncSession, query: str, params: dict[str, Any]
) -> tuple[tuple[str, ...], list[neo4j.Record]]:
    # Records are tuples: kept as they come, no dict per row.
    result = await tx.run(query, params)
    return result.keys(), [record async for record in result]


def _typed(column: Sequence[Any], kind: type) -> list[Any]:
    """A column in its declared type: Neo4j sends each value in its own type, but a float
    property may have been stored as a whole number."""
    if kind is float:
        return [None if value is None else float(value) for value in column]
    return list(column)


#: A read over every member is split into one part per this many members, at most this many parts,
#: run side by side (read_columns_of_everyone): at 100,000 members and 1,000,000 bonds, four parts
#: read every bond in about half the time of one statement on two cores.
_MEMBERS_PER_PART = 25_000
_EVERYONE_PARTS_MAX = 4


class Neo4jDriver:
    engine = "neo4j"

    def __init__(
        self,
        url: str,
        *,
        user: str,
        password: str | None,
        database: str | None = None,
        pool_size: int = 16,
        timeout: float = 30.0,
    ) -> None:
        self.round_trips = 0
        self._database = database
        self._retry_for = timeout
        self._driver = AsyncGraphDatabase.driver(
            url,
            auth=(user, password or ""),
            max_connection_pool_size=pool_size,
            connection_acquisition_timeout=timeout,
            max_transaction_retry_time=timeout,
            # "Label/type/property not in the database" on a young graph: expected, not worth a
            # warning per statement. Deprecation and performance notifications stay (the driver
            # logs them; tests/store/test_neo4j_notifications.py keeps every statement free of them).
            notifications_disabled_classifications=[neo4j.NotificationDisabledClassification.UNRECOGNIZED],
        )

    async def read(self, query: str, params: Params = None) -> list[Record]:
        with metered(self.engine, "read"):
            return await self._run(query, params, write=False)

    async def write(self, query: str, params: Params = None) -> list[Record]:
        with metered(self.engine, "write"):
            return await self._run(query, params, write=True)

    async def _run(
        self, query: str, params: Params, *, write: bool, work: _Work[Any] = _collect, fetch_size: int | None = None
    ) -> Any:
        self.round_trips += 1
        try:
            fetch = {} if fetch_size is None else {"fetch_size": fetch_size}
            if not write:
                return await self._read_retried(work, query, dict(params or {}), fetch)
            async with self._driver.session(database=self._database, **fetch) as session:
                return await session.execute_write(work, query, dict(params or {}))
        except _UNAVAILABLE as error:
            log.warning("Neo4j unavailable: %s", error)
            raise DatabaseUnavailableError() from error
        except neo4j_errors.ConstraintError as error:
            raise ConflictError("that value is already taken: it must be unique") from error
        except neo4j_errors.Neo4jError as error:
            # A transient error still there when retrying stopped (a starting or overloaded
            # server) is an outage; going over the per-transaction memory is not.
            if isinstance(error, neo4j_errors.TransientError) and not _over_transaction_memory(error):
                log.warning("Neo4j unavailable: %s", error)
                raise DatabaseUnavailableError() from error
            raise StoreQueryError(f"the database refused a statement: {error.message}") from error

    async def _read_retried(self, work: _Work[Any], query: str, params: dict[str, Any], fetch: dict[str, int]) -> Any:
        """`work` on a fresh auto-commit session, tried again on the errors the driver would retry
        a transaction on (a restarting server, a lock timeout) until `timeout` has passed. A read
        changes nothing, so trying it again is always safe."""
        deadline = time.monotonic() + self._retry_for
        pause = _READ_RETRY_PAUSES[0]
        while True:
            try:
                async with self._driver.session(
                    database=self._database, default_access_mode=neo4j.READ_ACCESS, **fetch
                ) as session:
                    return await work(session, query, params)
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as error:
                if not error.is_retryable() or time.monotonic() + pause > deadline:
                    raise
                if isinstance(error, neo4j_errors.Neo4jError) and _over_transaction_memory(error):
                    raise
                log.info("Neo4j read tried again in %.2f s: %s", pause, error)
            await asyncio.sleep(pause)
            pause = min(pause * 2, _READ_RETRY_PAUSES[1])

    async def read_columns(self, query: str, columns: ColumnTypes, params: Params = None) -> dict[str, list[Any]]:
        with metered(self.engine, "bulk_read"):
            return await self._read_columns(query, columns, params)

    async def _read_columns(self, query: str, columns: ColumnTypes, params: Params) -> dict[str, list[Any]]:
        try:
            statement = bulk_read_statement(query, columns)
            record = await self._run(statement, params, write=False, work=_collected_columns)
            return {name: _unmarked(record[name], kind) for name, kind in columns.items()}
        except _TooBigToCollect as error:
            # A small heap: stream the rows instead, record by record (slower, bounded memory).
            log.info("bulk read streamed, too big to collect on this server: %s", error)
        keys, records = await self._run(query, params, write=False, work=_records, fetch_size=_BULK_FETCH_SIZE)
        position = {name: i for i, name in enumerate(keys)}
        values = list(zip(*records)) if records else [() for _ in keys]
        return {name: _typed(values[position[name]], kind) for name, kind in columns.items()}

    async def read_columns_together(self, reads: Sequence[ColumnRead], params: Params = None) -> list[dict[str, list[Any]]]:
        with metered(self.engine, "bulk_read"):
            try:
                record = await self._run(together_statement(reads), params, write=False, work=_collected_columns)
            except _TooBigToCollect as error:
                log.info("reads sent one by one, too big to collect together on this server: %s", error)
                return [await self._read_columns(query, columns, params) for query, columns in reads]
        return [
            {name: _unmarked(record[f"{_together_prefix(i)}{name}"], kind) for name, kind in columns.items()}
            for i, (_, columns) in enumerate(reads)
        ]

    async def read_together(self, reads: Sequence[RowRead], params: Params = None) -> list[list[Record]]:
        (record,) = await self.read(dialect.rows_together_statement(reads, dialect.NEO4J_SUBQUERY), params)
        return [list(record[f"r{i}"]) for i in range(len(reads))]

    async def plan(self, query: str, params: Params = None) -> list[PlanStep]:
        root = await self._run(query, params, write=False, work=_plan_of)
        steps: list[PlanStep] = []
        pending = [root] if root else []
        while pending:
            operator = pending.pop()
            name = str(operator.get("operatorType", "")).split("@", 1)[0]
            detail = f"{name} {operator.get('args', {}).get('Details', '')}".strip()
            steps.append(PlanStep(dialect.plan_step(name), detail))
            pending.extend(reversed(operator.get("children", [])))
        return steps

    async def ping(self) -> None:
        try:
            await self._driver.verify_connectivity()
        except _UNAVAILABLE as error:
            raise DatabaseUnavailableError() from error

    async def setup_schema(self) -> None:
        for statement in dialect.neo4j_schema_statements().values():
            await self.write(statement)
        await self.write(dialect.NEO4J_AWAIT_INDEXES)

    def fulltext_expression(self, text: str) -> str:
        """What a user typed as this engine's full-text expression (BadInputError without a word)."""
        return dialect.neo4j_fulltext_expression(search_words(text))

    def fulltext_call(self, index: str) -> str:
        """The head of a statement that searches `index` for $text, yielding `node` and `score`."""
        return dialect.neo4j_fulltext_call(dialect.fulltext_index(index))

    def members_in_order(self, order: str, *, after: bool) -> str:
        return dialect.NEO4J_MEMBERS_IN_ORDER.get((order, after), dialect.MEMBERS_BY_LABEL)

    def members_walk(self, order: str, *, after: bool) -> str | None:
        return dialect.NEO4J_MEMBERS_IN_ORDER.get((order, after))

    def members_window(self, order: str) -> str | None:
        return None  # its string range indexes are read in order (members_in_order)

    def bonds_among(self) -> str:
        return dialect.NEO4J_BONDS_AMONG

    async def read_columns_of_everyone(self, query: str, columns: ColumnTypes, *, members: int) -> dict[str, list[Any]]:
        parts = min(_EVERYONE_PARTS_MAX, members // _MEMBERS_PER_PART)
        if parts < 2:
            return await self.read_columns(query, columns)
        starts = await asyncio.gather(
            *(self.read(dialect.NEO4J_MEMBER_ID_AT, {"skip": members * i // parts}) for i in range(1, parts))
        )
        bounds = ["", *(rows[0]["id"] for rows in starts if rows), dialect.ID_CEILING]
        in_range = dialect.neo4j_in_id_range(query)
        pieces = await asyncio.gather(
            *(self.read_columns(in_range, columns, {"from": low, "to": high}) for low, high in zip(bounds, bounds[1:]))
        )
        return {name: [value for piece in pieces for value in piece[name]] for name in columns}

    def member_counts_of_passions(self) -> str:
        return dialect.NEO4J_MEMBER_COUNTS_OF_PASSIONS

    def bond_degree(self) -> str:
        return dialect.NEO4J_BOND_DEGREE

    async def fulltext_search(self, index: str, text: str, limit: int) -> list[Record]:
        dialect.fulltext_index(index)  # refuse unknown names before asking the server
        return await self.read(dialect.NEO4J_FULLTEXT_QUERY, {"index": index, "text": text, "limit": limit})

    async def clear(self) -> None:
        await self.write(queries.DELETE_EVERYTHING)

    async def close(self) -> None:
        await self._driver.close()
