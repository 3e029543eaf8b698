"""Copy a whole community from one store to another (`python -m graph_api copy`), across engines.

Engine-neutral: every statement is plain openCypher both engines run (store/queries/copying.py).
Nodes are read label by label in keyset pages ordered by the label's unique key and written with
one `UNWIND ... CREATE` per page; then relationships, type by type, from the keys of their start
nodes, joined on both ends' unique keys. Property maps travel as they are read: ints stay ints,
floats floats, lists lists, so the copy holds the same values on either engine.

Refused before anything is written: a target that holds anything (unless `replace`, which
empties it first), an empty source (a mistyped graph name must not empty a target), and a
source holding a label or relationship type the store does not know or a node without its
label's unique key (it could not be joined on).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph_api.store.driver import GraphDriver
from graph_api.store.queries import copying as q

#: Nodes read per page, and keys of start nodes per relationship read.
PAGE = 2000
#: Relationships written per statement.
WRITE_BATCH = 5000
#: Nodes deleted per statement when a target is emptied (`replace`).
DELETE_BATCH = 10_000

_SCALARS = (str, int, float, bool)


class CopyRefusedError(ValueError):
    """The copy cannot start: nothing was written."""


@dataclass
class Census:
    """What a graph holds: nodes per label set, relationships per (start labels, type, end labels)."""

    nodes: dict[tuple[str, ...], int] = field(default_factory=dict)
    relationships: dict[tuple[tuple[str, ...], str, tuple[str, ...]], int] = field(default_factory=dict)

    @property
    def node_total(self) -> int:
        return sum(self.nodes.values())

    @property
    def relationship_total(self) -> int:
        return sum(self.relationships.values())

    def per_label(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for labels, count in self.nodes.items():
            for label in labels:
                counts[label] += count
        return dict(sorted(counts.items()))

    def per_type(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for (_, kind, _), count in self.relationships.items():
            counts[kind] += count
        return dict(sorted(counts.items()))


async def census(driver: GraphDriver) -> Census:
    found = Census()
    for row in await driver.read(q.NODE_CENSUS):
        labels = tuple(sorted(row["labels"]))
        found.nodes[labels] = found.nodes.get(labels, 0) + int(row["count"])
    for row in await driver.read(q.RELATIONSHIP_CENSUS):
        key = (tuple(sorted(row["a"])), row["type"], tuple(sorted(row["b"])))
        found.relationships[key] = found.relationships.get(key, 0) + int(row["count"])
    return found


def primary_label(labels: tuple[str, ...]) -> str:
    """The label a node is paged and joined by: the first of its labels the store knows."""
    for label in q.NODE_KEYS:
        if label in labels:
            return label
    raise CopyRefusedError(f"a node labelled {':'.join(labels) or '(no label)'} is not of the store")


async def _check_source(source: GraphDriver, found: Census) -> None:
    problems: list[str] = []
    for labels, count in found.nodes.items():
        unknown = [label for label in labels if label not in q.NODE_KEYS]
        if not labels or unknown:
            problems.append(f"{count} node(s) labelled {':'.join(labels) or '(no label)'}")
    for (_, kind, _), count in found.relationships.items():
        if kind not in q.RELATIONSHIP_TYPES:
            problems.append(f"{count} relationship(s) of type {kind}")
    if problems:
        raise CopyRefusedError("the source holds what the store does not know: " + "; ".join(sorted(set(problems))))
    for label in sorted({primary_label(labels) for labels in found.nodes}):
        rows = await source.read(q.keyless_count(label))
        if rows and int(rows[0]["count"]):
            raise CopyRefusedError(
                f"the source holds {rows[0]['count']} {label} node(s) without their {q.NODE_KEYS[label]}"
            )


def _checked_props(props: dict[str, Any], where: str) -> dict[str, Any]:
    for name, value in props.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, _SCALARS) for item in values):
            kind = type(value).__name__
            raise CopyRefusedError(f"{where} has a property {name!r} of a kind a copy cannot carry: {kind}")
    return props


async def is_empty(driver: GraphDriver) -> bool:
    rows = await driver.read(q.ANY_NODE)
    return not rows or int(rows[0]["count"]) == 0


async def empty(driver: GraphDriver) -> None:
    """Delete everything, a batch of nodes per statement (one huge transaction would not fit a
    small Neo4j heap)."""
    while True:
        rows = await driver.write(q.DELETE_SOME, {"limit": DELETE_BATCH})
        if not rows or int(rows[0]["deleted"]) == 0:
            return


async def copy_graph(
    source: GraphDriver,
    target: GraphDriver,
    *,
    replace: bool = False,
    on_census: Callable[[Census], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Census:
    """Copy every node and relationship of `source` into `target` (its schema already set up);
    returns what was copied. Refuses a non-empty target unless `replace`."""
    found = await census(source)
    if not found.nodes:
        raise CopyRefusedError("the source store holds nothing: nothing was copied (is its URL or graph name right?)")
    await _check_source(source, found)
    if not await is_empty(target):
        if not replace:
            raise CopyRefusedError("the target store is not empty: nothing was copied (--replace empties it first)")
        await empty(target)
    if on_census is not None:
        on_census(found)
    advance = progress or (lambda _: None)

    keys: dict[str, list[Any]] = {}
    for label in sorted({primary_label(labels) for labels in found.nodes}):
        keys[label] = await _copy_nodes(source, target, label, advance)

    joins: set[tuple[str, str, str]] = set()
    for start, kind, end in found.relationships:
        joins.add((primary_label(start), kind, primary_label(end)))
    for start, kind, end in sorted(joins):
        await _copy_relationships(source, target, (start, kind, end), keys.get(start, []), advance)

    copied = await census(target)
    if copied.per_label() != found.per_label() or copied.per_type() != found.per_type():
        raise CopyRefusedError(
            f"the copy does not match its source: nodes {copied.per_label()} for {found.per_label()}, "
            f"relationships {copied.per_type()} for {found.per_type()}"
        )
    return found


async def _copy_nodes(
    source: GraphDriver, target: GraphDriver, label: str, advance: Callable[[int], None]
) -> list[Any]:
    """Copy the nodes whose primary label is `label`; returns their keys, in order."""
    keys: list[Any] = []
    rows = await source.read(q.first_nodes(label), {"limit": PAGE})
    while rows:
        by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            labels = tuple(sorted(row["labels"]))
            if primary_label(labels) != label:
                continue  # copied with its own primary label
            by_labels[labels].append(_checked_props(row["props"], f"the {label} {row['key']!r}"))
            keys.append(row["key"])
        for labels, props in by_labels.items():
            await target.write(q.create_nodes(labels), {"rows": props})
            advance(len(props))
        if len(rows) < PAGE:
            break
        rows = await source.read(q.next_nodes(label), {"after": rows[-1]["key"], "limit": PAGE})
    return keys


async def _copy_relationships(
    source: GraphDriver,
    target: GraphDriver,
    join: tuple[str, str, str],
    start_keys: list[Any],
    advance: Callable[[int], None],
) -> None:
    read, write = q.read_relationships(*join), q.create_relationships(*join)
    pending: list[dict[str, Any]] = []
    for first in range(0, len(start_keys), PAGE):
        for row in await source.read(read, {"keys": start_keys[first : first + PAGE]}):
            pending.append({"a": row["a"], "b": row["b"], "props": _checked_props(row["props"], f"a {join[1]}")})
        while len(pending) >= WRITE_BATCH:
            batch, pending = pending[:WRITE_BATCH], pending[WRITE_BATCH:]
            await target.write(write, {"rows": batch})
            advance(len(batch))
    if pending:
        await target.write(write, {"rows": pending})
        advance(len(pending))
