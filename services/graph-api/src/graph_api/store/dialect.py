"""The only Cypher that differs between Neo4j and FalkorDB: schema set-up and full-text search.

Everything else lives in `queries.py` and runs unchanged on both engines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from graph_api.domain.search import SearchWords, search_words


@dataclass(frozen=True, slots=True)
class UniqueKey:
    label: str
    property: str


@dataclass(frozen=True, slots=True)
class FulltextIndex:
    name: str
    label: str
    properties: tuple[str, ...]


UNIQUE_KEYS: Final = (
    UniqueKey("Member", "id"),
    UniqueKey("Member", "handle"),
    UniqueKey("Passion", "id"),
    UniqueKey("Passion", "slug"),
    UniqueKey("Team", "id"),
    UniqueKey("Site", "id"),
    UniqueKey("Skill", "id"),
    UniqueKey("Skill", "slug"),
    UniqueKey("Session", "id"),
    UniqueKey("Invite", "id"),
    UniqueKey("ApiToken", "id"),
    UniqueKey("ProposalSet", "id"),
    UniqueKey("Proposal", "id"),
    UniqueKey("PurposeCommunity", "id"),
    UniqueKey("PurposeCommunity", "proposalId"),
    UniqueKey("Event", "id"),
    UniqueKey("KpiTarget", "id"),
    UniqueKey("KpiSnapshot", "id"),
    UniqueKey("SignInThrottle", "key"),
    UniqueKey("PasswordReset", "id"),
    UniqueKey("OutboxMail", "id"),
    UniqueKey("OutboxMail", "key"),
    UniqueKey("WebhookEndpoint", "id"),
    UniqueKey("WebhookDelivery", "id"),
    UniqueKey("ScimUser", "id"),
    UniqueKey("ScimUser", "scimUserKey"),
    UniqueKey("ScimGroup", "id"),
    UniqueKey("ProvisioningToken", "id"),
    UniqueKey("IdentityProvider", "id"),
    UniqueKey("ExternalIdentity", "key"),
    UniqueKey("SignInGrant", "id"),
)

#: Neo4j's range indexes (values need not be unique) that members pages are read in the order
#: of: a page of 100,000 members ordered by name comes from the index instead of a sort of all.
#: (FalkorDB sorts its label faster than it reads a long range of an index: none there.)
ORDERED_KEYS: Final = (
    UniqueKey("Member", "name"),
    UniqueKey("Member", "joinedAt"),
)

#: FalkorDB's range indexes on the members' numeric order keys (store/order_keys.py): a page of
#: members ordered by name or join date reads a short window of one (store/member_windows.py).
FALKORDB_ORDER_KEYS: Final = (
    UniqueKey("Member", "nameOrder"),
    UniqueKey("Member", "joinedOrder"),
)

FULLTEXT_INDEXES: Final = (
    FulltextIndex("member_text", "Member", ("name", "headline", "vision")),
    FulltextIndex("passion_text", "Passion", ("name", "description")),
    FulltextIndex("skill_text", "Skill", ("name",)),
)


def fulltext_index(name: str) -> FulltextIndex:
    for index in FULLTEXT_INDEXES:
        if index.name == name:
            return index
    raise KeyError(f"no full-text index named {name!r}")


# Neo4j 5 --------------------------------------------------------------------


def neo4j_schema_statements() -> dict[str, str]:
    """Name -> statement, each idempotent (IF NOT EXISTS)."""
    statements: dict[str, str] = {}
    for key in UNIQUE_KEYS:
        name = f"{key.label.lower()}_{key.property.lower()}_unique"
        statements[name] = (
            f"CREATE CONSTRAINT {name} IF NOT EXISTS "
            f"FOR (n:{key.label}) REQUIRE n.{key.property} IS UNIQUE"
        )
    for key in ORDERED_KEYS:
        name = f"{key.label.lower()}_{key.property.lower()}"
        statements[name] = f"CREATE RANGE INDEX {name} IF NOT EXISTS FOR (n:{key.label}) ON (n.{key.property})"
    for index in FULLTEXT_INDEXES:
        props = ", ".join(f"n.{prop}" for prop in index.properties)
        statements[index.name] = (
            f"CREATE FULLTEXT INDEX {index.name} IF NOT EXISTS FOR (n:{index.label}) ON EACH [{props}]"
        )
    return statements


def neo4j_fulltext_call(index: FulltextIndex) -> str:
    """The head of a statement that searches `index` for $text; it yields `node` and `score`."""
    return f"CALL db.index.fulltext.queryNodes('{index.name}', $text) YIELD node, score"


#: The head of a statement that searches members by text; it yields `node` and `score`.
NEO4J_FULLTEXT_CALL: Final = neo4j_fulltext_call(fulltext_index("member_text"))

NEO4J_AWAIT_INDEXES: Final = "CALL db.awaitIndexes(300)"

#: The start of a page of every member by its label alone: FalkorDB's, whatever the order
#: (it sorts its members faster than it reads a long range of an index).
MEMBERS_BY_LABEL: Final = "MATCH (m:Member)"

#: The start of a page of the members whose order key lies in [$windowFrom, $windowTo), by
#: order: FalkorDB reads the window from its range index (FALKORDB_ORDER_KEYS).
FALKORDB_MEMBERS_IN_WINDOW: Final[dict[str, str]] = {
    "NAME": "MATCH (m:Member) WHERE m.nameOrder >= $windowFrom AND m.nameOrder < $windowTo",
    "JOINED_AT": "MATCH (m:Member) WHERE m.joinedOrder >= $windowFrom AND m.joinedOrder < $windowTo",
}

#: The start of a page of every member on Neo4j, by (order, after a cursor): a predicate on the
#: order's key lets the planner read its range index (ORDERED_KEYS) in order, from the cursor on.
NEO4J_MEMBERS_IN_ORDER: Final[dict[tuple[str, bool], str]] = {
    ("NAME", False): "MATCH (m:Member) WHERE m.name IS NOT NULL",
    ("NAME", True): "MATCH (m:Member) WHERE m.name >= $afterKey",
    ("JOINED_AT", False): "MATCH (m:Member) WHERE m.joinedAt IS NOT NULL",
    ("JOINED_AT", True): "MATCH (m:Member) WHERE m.joinedAt <= $afterKey",
}

#: Members per passion in $ids, as `count` (no row for a passion nobody holds), from each
#: passion's degree instead of a match of every holder counted (`MATCH (:Passion {id: id})<-[r:
#: PASSIONATE_ABOUT]-() RETURN id, count(r)`). Only members hold PASSIONATE_ABOUT links (a
#: deactivated member's are set aside, see queries/scim.py), so the degree counts members. For
#: the 26,867 holders of the most held passion at 100,000 members: Neo4j reads the degree kept
#: with the node (getDegree) in 2.5 ms against 9.3; FalkorDB's `indegree`, which
#: Neo4j lacks (as FalkorDB lacks COUNT subqueries), takes 0.9 ms against 4.8.
NEO4J_MEMBER_COUNTS_OF_PASSIONS: Final = (
    "UNWIND $ids AS id MATCH (p:Passion {id: id}) WITH id, COUNT { (p)<-[:PASSIONATE_ABOUT]-() } AS count "
    "WHERE count > 0 RETURN id, count"
)
FALKORDB_MEMBER_COUNTS_OF_PASSIONS: Final = (
    "UNWIND $ids AS id MATCH (p:Passion {id: id}) WITH id, indegree(p, 'PASSIONATE_ABOUT') AS count "
    "WHERE count > 0 RETURN id, count"
)

#: How a view counts each member's bonds, as `bonds`, carrying `m` on: the head of a WITH that
#: a statement may go on with ORDER BY. Only bonds with members count: a deactivated member
#: (store/queries/scim.py) keeps their bonds, hidden, so the far end must be a Member. That
#: costs Neo4j the degree it keeps with each node (getDegree answers only for any far end): it
#: walks the bonds instead (a 40-member team of 2,366 bonds: 3 ms against 1.5). FalkorDB does
#: not parse COUNT subqueries, and counts an optional match three times faster than a pattern
#: comprehension; the bond is named and counted, as in queries/batch.py's BOND_COUNTS.
FALKORDB_BOND_DEGREE: Final = "OPTIONAL MATCH (m)-[r:BOND]-(:Member) WITH m, count(r) AS bonds"
NEO4J_BOND_DEGREE: Final = "WITH m, COUNT { (m)-[:BOND]-(:Member) } AS bonds"

#: The bonds with both ends in $ids, each once (as stored), kind and strength only: since and
#: source stay private. FalkorDB's form matches the far end again as `shown`, which it joins
#: against the shown members by hash (`b.id IN $ids` scans the list for every bond: seconds
#: for a few thousand ids); Neo4j's planner answers that form with a scan of every member's id
#: (13 ms for 40 ids of 100,000), a seek per id instead (5 ms); it then compares the far ends
#: as nodes, among the shown ones collected, without reading their ids (a depth-2 neighbourhood
#: of 248: 8.6 against 11.5 ms; 5,000 members: 174 against 182 ms). The hint keeps the seek on
#: a small graph too, where the planner would scan.
BONDS_AMONG_COLUMNS: Final = "RETURN a.id AS source, b.id AS target, r.kind AS kind, r.strength AS strength"
FALKORDB_BONDS_AMONG: Final = (
    "MATCH (a:Member)-[r:BOND]->(b:Member) WHERE a.id IN $ids "
    "MATCH (shown:Member {id: b.id}) WHERE shown.id IN $ids " + BONDS_AMONG_COLUMNS
)
NEO4J_BONDS_AMONG: Final = (
    "MATCH (m:Member) USING INDEX SEEK m:Member(id) WHERE m.id IN $ids WITH collect(m) AS shown "
    "UNWIND shown AS a MATCH (a)-[r:BOND]->(b) WHERE b IN shown " + BONDS_AMONG_COLUMNS
)

#: The head of a statement over every member in id order (views.ALL_BONDS starts with it), and
#: Neo4j's form of it for the members with ids in [$from, $to): Neo4j reads every bond of a large
#: community in such parts side by side, so that its server spends more than one core on them
#: (one statement runs on one core), each part read from the id index in order. FalkorDB reads
#: them in one statement: its range index ignores an upper bound on a string (FalkorDB/FalkorDB#2239).
MEMBERS_BY_ID: Final = "MATCH (a:Member) WHERE a.id IS NOT NULL "
NEO4J_MEMBERS_IN_ID_RANGE: Final = "MATCH (a:Member) WHERE a.id >= $from AND a.id < $to "
#: The id at position $skip in id order: where a part of NEO4J_MEMBERS_IN_ID_RANGE begins.
NEO4J_MEMBER_ID_AT: Final = "MATCH (a:Member) WHERE a.id IS NOT NULL WITH a.id AS id ORDER BY id SKIP $skip LIMIT 1 RETURN id"
#: Above every id (ids are ASCII, checked where they are written): the last part's upper bound.
ID_CEILING: Final = "\U0010ffff"


def neo4j_in_id_range(query: str) -> str:
    """`query`, which starts with MEMBERS_BY_ID, over the members with ids in [$from, $to)."""
    if not query.startswith(MEMBERS_BY_ID):
        raise ValueError("a read in id ranges must start with MEMBERS_BY_ID")
    return NEO4J_MEMBERS_IN_ID_RANGE + query.removeprefix(MEMBERS_BY_ID)


NEO4J_FULLTEXT_QUERY: Final = (
    "CALL db.index.fulltext.queryNodes($index, $text) YIELD node, score "
    "RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $limit"
)


# FalkorDB -------------------------------------------------------------------
# FalkorDB names a full-text index by its label; unique constraints need an exact-match
# index first and are created with the GRAPH.CONSTRAINT command (the client wraps it).


def falkordb_index_statement(key: UniqueKey) -> str:
    return f"CREATE INDEX FOR (n:{key.label}) ON (n.{key.property})"


def falkordb_fulltext_create(index: FulltextIndex) -> tuple[str, dict[str, object]]:
    args = ", ".join(f"$p{i}" for i in range(len(index.properties)))
    params: dict[str, object] = {"label": index.label}
    params.update({f"p{i}": prop for i, prop in enumerate(index.properties)})
    return f"CALL db.idx.fulltext.createNodeIndex($label, {args})", params


FALKORDB_LIST_INDEXES: Final = "CALL db.indexes() YIELD label, properties, types RETURN label, properties, types"


def falkordb_fulltext_call(index: FulltextIndex) -> str:
    """The head of a statement that searches `index` (named by its label) for $text."""
    return f"CALL db.idx.fulltext.queryNodes('{index.label}', $text) YIELD node, score"


FALKORDB_FULLTEXT_CALL: Final = falkordb_fulltext_call(fulltext_index("member_text"))

FALKORDB_FULLTEXT_QUERY: Final = (
    "CALL db.idx.fulltext.queryNodes($label, $text) YIELD node, score "
    "RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $limit"
)


# Search text -----------------------------------------------------------------
# Users type words, not query syntax (graph_api.domain.search); each engine gets the
# words joined in its own syntax, so the expression is always safe.


#: Characters Lucene's query parser reads as syntax (Neo4j's full-text search is Lucene).
_LUCENE_SPECIAL: Final = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def lucene_term(word: str) -> str:
    """One word as a literal Lucene term: its special characters escaped with a backslash, and
    lower-case, so `AND`, `OR` and `NOT` are words, not operators."""
    return _LUCENE_SPECIAL.sub(r"\\\1", word.lower())


def neo4j_fulltext_expression(search: SearchWords) -> str:
    """Every word must match (escaped: whatever a word holds, it stays a word), the last as a
    prefix when `search.prefix`."""
    terms = [lucene_term(word) for word in search.words]
    if search.prefix:
        terms[-1] += "*"
    return " AND ".join(terms)


def falkordb_fulltext_expression(search: SearchWords) -> str:
    return " ".join(_terms(search))


def _terms(search: SearchWords) -> list[str]:
    words = list(search.words)
    if search.prefix:
        words[-1] += "*"
    return words


def fulltext_expression(engine: str, text: str) -> str:
    """The expression for an engine named by callers that hold no adapter (bench/graph_api.py);
    the adapters' own `fulltext_expression` is the way for everything else."""
    search = search_words(text)
    return neo4j_fulltext_expression(search) if engine == "neo4j" else falkordb_fulltext_expression(search)


# Plans: each engine's plan operators, by what they do to find nodes.

_PLAN_STEPS: Final[dict[str, frozenset[str]]] = {
    "index seek": frozenset({
        "Node By Index Scan", "Node By Id Seek",  # FalkorDB (its index scan is given the value)
        "NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange",
        "MultiNodeIndexSeek", "NodeByIdSeek", "NodeByElementIdSeek",
    }),
    # Every entry of an index, filtered after: Neo4j's planner picks it over a seek for a label
    # of a few dozen nodes. Still on the index (a rewrite that loses it gives a label scan).
    "index scan": frozenset({"NodeIndexScan", "NodeUniqueIndexScan"}),
    "label scan": frozenset({
        "Node By Label Scan", "NodeByLabelScan", "IntersectionNodeByLabelsScan", "UnionNodeByLabelsScan",
    }),
    "all nodes scan": frozenset({"All Node Scan", "AllNodesScan"}),
}


def plan_step(operator: str) -> str:
    """An engine's plan operator ("NodeUniqueIndexSeek@neo4j", "Node By Label Scan") in
    engine-neutral words: "index seek", "index scan", "label scan", "all nodes scan", or its own name."""
    name = operator.split("@", 1)[0].strip()
    return next((step for step, names in _PLAN_STEPS.items() if name in names), name)


# Reads sent together -----------------------------------------------------------------------

#: How each engine opens a subquery that imports nothing: Neo4j (5.23 on) deprecates the bare
#: `CALL {`, the only form FalkorDB knows.
NEO4J_SUBQUERY: Final = "CALL () {"
FALKORDB_SUBQUERY: Final = "CALL {"


def rows_together_statement(reads: Sequence[tuple[str, Sequence[str]]], subquery: str) -> str:
    """The reads of `reads` (statement, its columns) as one statement: the rows of each
    collected as maps in a subquery of its own (one row each, so nothing multiplies), named
    after its position (`r0`, `r1`, ...). `subquery` is the engine's head of a subquery."""
    subqueries = " ".join(
        f"{subquery} {subquery} " + query + " } RETURN collect({"
        + ", ".join(f"`{name}`: `{name}`" for name in columns) + f"}}) AS `r{i}` }}"
        for i, (query, columns) in enumerate(reads)
    )
    return f"{subqueries} RETURN " + ", ".join(f"`r{i}`" for i in range(len(reads)))
