"""The statements of a whole-graph copy between stores (store/copying.py).

Labels and relationship types cannot be parameters, so each statement is built for one
label or type taken from the fixed allow-lists below (the store's own schema), never from
data read out of a database.
"""

from __future__ import annotations

from typing import Final

from graph_api.store import dialect

#: Each label the store writes, with the unique property a copy pages and joins on (the
#: first unique key of the label in dialect.UNIQUE_KEYS: `id`, or `key` for SignInThrottle).
NODE_KEYS: Final[dict[str, str]] = {}
for _key in dialect.UNIQUE_KEYS:
    NODE_KEYS.setdefault(_key.label, _key.property)

#: Every relationship type the store writes.
RELATIONSHIP_TYPES: Final = (
    "ATTENDED", "BASED_AT", "BELONGS_TO", "BOND", "BOND_REQUEST", "CONTAINS", "CREATED_TOKEN",
    "DECLINED_PAIR", "FORMED_FROM", "HAS_PASSWORD_RESET", "HAS_SESSION", "INVITED", "IN_PROPOSAL",
    "MEMBER_OF", "NO_INTRO", "OFFERS", "PART_OF", "PASSIONATE_ABOUT", "PASSIONATE_ABOUT_WHILE_AWAY", "SEEKS",
    "SIGNS_IN_AS",
)

NODE_CENSUS: Final = "MATCH (n) RETURN labels(n) AS labels, count(n) AS count"
RELATIONSHIP_CENSUS: Final = (
    "MATCH (a)-[r]->(b) RETURN labels(a) AS a, type(r) AS type, labels(b) AS b, count(r) AS count"
)
ANY_NODE: Final = "MATCH (n) RETURN count(n) AS count"
DELETE_SOME: Final = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"


def _label(label: str) -> str:
    if label not in NODE_KEYS:
        raise ValueError(f"{label!r} is not a label of the store")
    return label


def _type(kind: str) -> str:
    if kind not in RELATIONSHIP_TYPES:
        raise ValueError(f"{kind!r} is not a relationship type of the store")
    return kind


def keyless_count(label: str) -> str:
    key = NODE_KEYS[_label(label)]
    return f"MATCH (n:{label}) WHERE n.{key} IS NULL RETURN count(n) AS count"


def first_nodes(label: str) -> str:
    key = NODE_KEYS[_label(label)]
    return (
        f"MATCH (n:{label}) WHERE n.{key} IS NOT NULL "
        f"RETURN n.{key} AS key, labels(n) AS labels, properties(n) AS props ORDER BY key LIMIT $limit"
    )


def next_nodes(label: str) -> str:
    key = NODE_KEYS[_label(label)]
    return (
        f"MATCH (n:{label}) WHERE n.{key} > $after "
        f"RETURN n.{key} AS key, labels(n) AS labels, properties(n) AS props ORDER BY key LIMIT $limit"
    )


def create_nodes(labels: tuple[str, ...]) -> str:
    return f"UNWIND $rows AS row CREATE (n:{':'.join(_label(label) for label in labels)}) SET n = row"


def read_relationships(start: str, kind: str, end: str) -> str:
    start_key, end_key = NODE_KEYS[_label(start)], NODE_KEYS[_label(end)]
    return (
        f"UNWIND $keys AS key MATCH (a:{start} {{{start_key}: key}})-[r:{_type(kind)}]->(b:{end}) "
        f"RETURN key AS a, b.{end_key} AS b, properties(r) AS props"
    )


def create_relationships(start: str, kind: str, end: str) -> str:
    start_key, end_key = NODE_KEYS[_label(start)], NODE_KEYS[_label(end)]
    return (
        f"UNWIND $rows AS row MATCH (a:{start} {{{start_key}: row.a}}) MATCH (b:{end} {{{end_key}: row.b}}) "
        f"CREATE (a)-[r:{_type(kind)}]->(b) SET r = row.props"
    )


def statement_variants() -> dict[str, str]:
    """Every node statement, and the relationship statements for each type between members
    (for the linter: the end labels of a copy come from the same allow-list)."""
    found: dict[str, str] = {}
    for label in NODE_KEYS:
        found[f"KEYLESS_COUNT.{label}"] = keyless_count(label)
        found[f"FIRST_NODES.{label}"] = first_nodes(label)
        found[f"NEXT_NODES.{label}"] = next_nodes(label)
        found[f"CREATE_NODES.{label}"] = create_nodes((label,))
    for kind in RELATIONSHIP_TYPES:
        found[f"READ_RELATIONSHIPS.{kind}"] = read_relationships("Member", kind, "Team")
        found[f"CREATE_RELATIONSHIPS.{kind}"] = create_relationships("Member", kind, "Team")
    return found


#: The unique key properties of every label (`id`, `key`), in a fixed order: a dumped
#: relationship carries its ends' values of each, and the reader picks its label's.
KEY_PROPERTIES: Final = tuple(sorted(set(NODE_KEYS.values())))

_KEYS_OF = {name: ", ".join(f"{name}.{key}" for key in KEY_PROPERTIES) for name in ("a", "b")}

#: A whole graph in one statement (a backup): one statement reads one state of a FalkorDB
#: graph, where a graph's writes wait for its readers (see store/backup.py for Neo4j).
DUMP: Final = (
    "MATCH (a) RETURN 'node' AS kind, labels(a) AS a, [] AS aKeys, properties(a) AS props, "
    "'' AS type, [] AS b, [] AS bKeys "
    "UNION ALL "
    f"MATCH (a)-[r]->(b) RETURN 'relationship' AS kind, labels(a) AS a, [{_KEYS_OF['a']}] AS aKeys, "
    f"properties(r) AS props, type(r) AS type, labels(b) AS b, [{_KEYS_OF['b']}] AS bKeys"
)
