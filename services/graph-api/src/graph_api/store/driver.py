"""The one interface both database adapters implement.

The repository speaks Cypher to a `GraphDriver`; the adapters differ only in how
they send it, how they map the engine's errors, and the dialect statements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

Record = dict[str, Any]
Params = Mapping[str, Any] | None
EngineKind = Literal["falkordb", "neo4j"]
#: The Python type of each column of a bulk read, by column name (str, int, float or bool).
ColumnTypes = Mapping[str, type]
#: One bulk read: a statement and its columns (`GraphDriver.read_columns`).
ColumnRead = tuple[str, ColumnTypes]
#: A read for `read_together`: the statement and the columns it returns.
RowRead = tuple[str, Sequence[str]]


@dataclass(frozen=True, slots=True)
class PlanStep:
    #: What the operator does, in engine-neutral words where it finds nodes ("index seek",
    #: "index scan", "label scan", "all nodes scan": `dialect.plan_step`), else the engine's name.
    kind: str
    #: The engine's own operator name and details ("NodeByLabelScan m:Member").
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} [{self.detail}]" if self.detail else self.kind


class GraphDriver(Protocol):
    engine: EngineKind
    #: Statements sent to the database since start; tests count round trips with it.
    round_trips: int

    async def read(self, query: str, params: Params = None) -> list[Record]:
        """Run a read-only statement and return its rows as dicts keyed by column."""

    async def write(self, query: str, params: Params = None) -> list[Record]:
        """Run one atomic write statement and return its rows."""

    async def read_columns(self, query: str, columns: ColumnTypes, params: Params = None) -> dict[str, list[Any]]:
        """A read of scalar columns, as one list per column, each value of its column's type
        (or None): bulk reads of thousands to a million rows, where decoding each row as a
        dict would dominate."""

    async def read_columns_together(self, reads: Sequence[ColumnRead], params: Params = None) -> list[dict[str, list[Any]]]:
        """`read_columns` of each read, all given `params`, answers in the order of `reads`: for
        small reads side by side (a view's members, passions and bonds), which an engine whose
        round trip costs more than their work may send as one statement."""

    async def read_together(self, reads: Sequence[RowRead], params: Params = None) -> list[list[Record]]:
        """`read` of each statement, all given `params`, answers in the order of `reads`: small
        reads side by side (the details of a page's members), which an engine whose round trip
        costs more than their work may send as one statement."""

    async def read_columns_of_everyone(self, query: str, columns: ColumnTypes, *, members: int) -> dict[str, list[Any]]:
        """`read_columns` of a statement over every member in id order (it starts with
        dialect.MEMBERS_BY_ID), rows in that order; `members` says about how many there are, so
        that an engine may read them in parts side by side."""

    async def plan(self, query: str, params: Params = None) -> list[PlanStep]:
        """The steps the engine plans for a statement, without running it, from the result back
        to where it starts: to keep hot reads on their indexes."""

    async def ping(self) -> None:
        """Raise `DatabaseUnavailableError` unless the database answers."""

    async def setup_schema(self) -> None:
        """Create indexes and uniqueness constraints; safe to run at every start."""

    def fulltext_expression(self, text: str) -> str:
        """What a user typed as this engine's full-text expression (BadInputError without a word)."""

    def fulltext_call(self, index: str) -> str:
        """The head of a statement that searches `index` for $text, yielding `node` and `score`."""

    def members_in_order(self, order: str, *, after: bool) -> str:
        """The start of a statement that matches every member as `m`, for a page in `order`
        (NAME or JOINED_AT; after a cursor when `after`), in the form this engine reads fastest."""

    def members_walk(self, order: str, *, after: bool) -> str | None:
        """The start of a statement that matches every member as `m` straight from an index in
        `order` (after a cursor when `after`), or None when this engine cannot read them in order."""

    def members_window(self, order: str) -> str | None:
        """The start of a statement that matches as `m` the members whose order key for `order`
        (store/order_keys.py) lies in [$windowFrom, $windowTo), read from an index; None when
        this engine reads members in order without one (`members_in_order`)."""

    def bonds_among(self) -> str:
        """A statement giving the bonds with both ends in $ids (source, target, kind, strength),
        in the form this engine reads fastest."""

    def member_counts_of_passions(self) -> str:
        """A statement giving, for each passion in $ids that any member holds, `id` and `count`
        (its members), in the form this engine reads fastest."""

    def bond_degree(self) -> str:
        """The head of a WITH that counts the bonds of each member `m` with other members as
        `bonds`, carrying `m` on (a statement may go on with ORDER BY), in the form this engine
        reads fastest."""

    async def fulltext_search(self, index: str, text: str, limit: int) -> list[Record]:
        """Rows of {id, score} from the engine's full-text index `index`."""

    async def clear(self) -> None:
        """Delete every node and relationship of this graph (tests and re-seeding)."""

    async def close(self) -> None: ...


def columns_from_rows(rows: list[Record], columns: ColumnTypes) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in columns}
