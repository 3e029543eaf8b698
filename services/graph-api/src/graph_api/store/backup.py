"""A whole community to a file and back (`python -m graph_api backup FILE` / `restore FILE`).

The file is gzipped JSON lines, chosen because it is readable with `zcat | head` and any JSON
tool, streams line by line, is engine-neutral (the same file restores into FalkorDB or Neo4j)
and keeps a property's type: JSON tells 3 from 3.0, and Python reads back an int of any size
and a float by its exact repr. Line one is the header: the format and its version, when and
from which engine, node counts per label, relationship counts per type and the SHA-256 of
every line that follows (as bytes). Then one line per node (`labels`, `props`) and one per
relationship (`type`, its start's and end's primary label and unique key, `props`).

Consistency: the graph is read by ONE statement (queries/copying.py DUMP). On FalkorDB one
statement sees one state of the graph (its writes wait for readers), so the file is a snapshot
even while graph-api writes. On Neo4j one statement is one read transaction at read-committed
isolation: a write committed while the dump runs may be half seen. The dump then checks that
every relationship's ends are in it and refuses otherwise; a point-in-time Neo4j backup needs
writes stopped for the moment of the dump or Neo4j Enterprise's `neo4j-admin database backup`.

Restore checks the header and checksum before writing anything, refuses a store that holds
anything unless `replace`, and writes with the copy's statements (queries/copying.py), then
compares the store's counts with the header's.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph_api.store.copying import WRITE_BATCH, Census, CopyRefusedError, census, empty, is_empty, primary_label
from graph_api.store.copying import _checked_props as checked_props
from graph_api.store.driver import GraphDriver
from graph_api.store.queries import copying as q

FORMAT = "kindred-backup"
#: Raised when the lines change meaning; a reader refuses versions it does not know.
VERSION = 1


class BackupError(CopyRefusedError):
    """A backup or restore that cannot be done: nothing was written to the store."""


@dataclass(frozen=True)
class Summary:
    nodes: dict[str, int]
    relationships: dict[str, int]

    @property
    def node_total(self) -> int:
        return sum(self.nodes.values())

    @property
    def relationship_total(self) -> int:
        return sum(self.relationships.values())


def _line(item: dict[str, Any]) -> bytes:
    return json.dumps(item, ensure_ascii=False, sort_keys=True, allow_nan=False).encode() + b"\n"


def _key(labels: list[str], keys: list[Any], where: str) -> tuple[str, Any]:
    label = primary_label(tuple(sorted(labels)))
    value = keys[q.KEY_PROPERTIES.index(q.NODE_KEYS[label])]
    if value is None:
        raise BackupError(f"{where}: a {label} without its {q.NODE_KEYS[label]}")
    return label, value


async def backup(driver: GraphDriver, path: Path, *, engine: str) -> Summary:
    """Write the whole graph to `path` (through a temporary file: a failed dump leaves no file)."""
    rows = await driver.read(q.DUMP)
    nodes: dict[str, int] = defaultdict(int)
    types: dict[str, int] = defaultdict(int)
    present: set[tuple[str, Any]] = set()
    body: list[bytes] = []
    for row in rows:
        if row["kind"] != "node":
            continue
        labels = sorted(row["a"])
        label = primary_label(tuple(labels))
        props = checked_props(row["props"], f"a {label} node")
        present.add((label, props.get(q.NODE_KEYS[label])))
        for name in labels:
            nodes[name] += 1
        body.append(_line({"labels": labels, "props": props}))
    if not body:
        raise BackupError("the store holds nothing: no backup was written (is its URL or graph name right?)")
    for row in rows:
        if row["kind"] == "node":
            continue
        kind = row["type"]
        if kind not in q.RELATIONSHIP_TYPES:
            raise BackupError(f"the store holds a relationship of type {kind} the store does not know")
        start, end = _key(row["a"], row["aKeys"], kind), _key(row["b"], row["bKeys"], kind)
        if start not in present or end not in present:
            raise BackupError("the graph changed while it was read (a relationship without its node): try again")
        types[kind] += 1
        body.append(_line({"type": kind, "a": list(start), "b": list(end), "props": checked_props(row["props"], f"a {kind}")}))
    digest = hashlib.sha256(b"".join(body)).hexdigest()
    header = {
        "format": FORMAT, "version": VERSION, "engine": engine,
        "createdAt": datetime.now(UTC).isoformat(timespec="seconds"),
        "nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(types.items())), "sha256": digest,
    }
    partial = path.with_name(path.name + ".partial")
    with gzip.open(partial, "wb") as out:
        out.write(_line(header))
        out.writelines(body)
    partial.replace(path)
    return Summary(header["nodes"], header["relationships"])


def read_backup(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and the items of a backup file, checked (format, version, checksum, counts)."""
    try:
        with gzip.open(path, "rb") as stream:
            header_line = stream.readline()
            body = stream.read()
    except (OSError, EOFError) as error:
        raise BackupError(f"{path} is not a readable backup: {error}") from error
    try:
        header = json.loads(header_line)
    except ValueError as error:
        raise BackupError(f"{path} is not a Kindred backup (no header)") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Kindred backup")
    if header.get("version") != VERSION:
        raise BackupError(f"{path} is a backup of format version {header.get('version')}; this version reads {VERSION}")
    if hashlib.sha256(body).hexdigest() != header.get("sha256"):
        raise BackupError(f"{path} is damaged: its checksum does not match (nothing was restored)")
    items = [json.loads(line) for line in body.splitlines()]
    nodes: dict[str, int] = defaultdict(int)
    types: dict[str, int] = defaultdict(int)
    for item in items:
        if "labels" in item:
            for label in item["labels"]:
                nodes[label] += 1
        else:
            types[item["type"]] += 1
    if dict(sorted(nodes.items())) != header["nodes"] or dict(sorted(types.items())) != header["relationships"]:
        raise BackupError(f"{path} does not hold what its header counts (nothing was restored)")
    return header, items


async def restore(driver: GraphDriver, path: Path, *, replace: bool = False) -> Summary:
    """Write a backup into the store (its schema set up); refuses a non-empty store unless `replace`."""
    header, items = read_backup(path)
    for item in items:
        labels = item.get("labels") or [item["a"][0], item["b"][0]]
        for label in labels:
            if label not in q.NODE_KEYS:
                raise BackupError(f"the backup holds a label the store does not know: {label}")
        if "type" in item and item["type"] not in q.RELATIONSHIP_TYPES:
            raise BackupError(f"the backup holds a relationship type the store does not know: {item['type']}")
    if not await is_empty(driver):
        if not replace:
            raise BackupError("the store is not empty: nothing was restored (--replace empties it first)")
        await empty(driver)
    node_groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    joins: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        if "labels" in item:
            node_groups[tuple(item["labels"])].append(item["props"])
        else:
            joins[(item["a"][0], item["type"], item["b"][0])].append(
                {"a": item["a"][1], "b": item["b"][1], "props": item["props"]}
            )
    for labels, rows in sorted(node_groups.items()):
        for first in range(0, len(rows), WRITE_BATCH):
            await driver.write(q.create_nodes(labels), {"rows": rows[first : first + WRITE_BATCH]})
    for join, rows in sorted(joins.items()):
        for first in range(0, len(rows), WRITE_BATCH):
            await driver.write(q.create_relationships(*join), {"rows": rows[first : first + WRITE_BATCH]})
    restored: Census = await census(driver)
    if restored.per_label() != header["nodes"] or restored.per_type() != header["relationships"]:
        raise BackupError(
            f"the store does not hold what the backup does: nodes {restored.per_label()} for {header['nodes']}, "
            f"relationships {restored.per_type()} for {header['relationships']}"
        )
    return Summary(header["nodes"], header["relationships"])
