"""Neo4j adapter: the official async driver, with managed transactions (retried on
transient errors) over its connection pool."""

from __future__ import annotations

import logging
from typing import Any

import neo4j
from neo4j import AsyncGraphDatabase
from neo4j import exceptions as neo4j_errors

from graph_api.domain.search import search_words
from graph_api.errors import ConflictError, DatabaseUnavailableError, StoreQueryError
from graph_api.store import dialect, queries
from graph_api.store.driver import ColumnTypes, Params, PlanStep, Record, columns_from_rows

log = logging.getLogger(__name__)

_UNAVAILABLE = (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, neo4j_errors.AuthError, OSError)



async def _collect(tx: neo4j.AsyncManagedTransaction, query: str, params: dict[str, Any]) -> list[Record]:
    result = await tx.run(query, params)
    return [record.data() async for record in result]


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
        return await self._run(query, params, write=False)

    async def write(self, query: str, params: Params = None) -> list[Record]:
        return await self._run(query, params, write=True)

    async def _run(self, query: str, params: Params, *, write: bool) -> list[Record]:
        self.round_trips += 1
        try:
            async with self._driver.session(database=self._database) as session:
                run = session.execute_write if write else session.execute_read
                return await run(_collect, query, dict(params or {}))
        except _UNAVAILABLE as error:
            log.warning("Neo4j unavailable: %s", error)
            raise DatabaseUnavailableError() from error
        except neo4j_errors.ConstraintError as error:
            raise ConflictError("that value is already taken: it must be unique") from error
        except neo4j_errors.Neo4jError as error:
            raise StoreQueryError(f"the database refused a statement: {error.message}") from error

    async def read_columns(self, query: str, columns: ColumnTypes, params: Params = None) -> dict[str, list[Any]]:
        return columns_from_rows(await self.read(query, params), columns)

    async def plan(self, query: str, params: Params = None) -> list[PlanStep]:
        try:
            async with self._driver.session(database=self._database) as session:
                # Planned afresh: a plan cached while the graph was young could be reused.
                result = await session.run(f"CYPHER replan=force EXPLAIN {query}", dict(params or {}))
                summary = await result.consume()
        except _UNAVAILABLE as error:
            raise DatabaseUnavailableError() from error
        except neo4j_errors.Neo4jError as error:
            raise StoreQueryError(f"the database refused a statement: {error.message}") from error
        steps: list[PlanStep] = []
        pending = [summary.plan] if summary.plan else []
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

    async def fulltext_search(self, index: str, text: str, limit: int) -> list[Record]:
        dialect.fulltext_index(index)  # refuse unknown names before asking the server
        return await self.read(dialect.NEO4J_FULLTEXT_QUERY, {"index": index, "text": text, "limit": limit})

    async def clear(self) -> None:
        await self.write(queries.DELETE_EVERYTHING)

    async def close(self) -> None:
        await self._driver.close()
