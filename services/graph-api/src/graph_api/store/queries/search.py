"""Full-text hits with their nodes, one statement per index (`fulltext_call` is the engine's head)."""

from __future__ import annotations


def hits_statement(fulltext_call: str) -> str:
    """The best $limit hits of a full-text search for $text: id, score and node, best first.
    Ordered and limited before `properties()` reads the nodes, so only the hits kept are read."""
    return (
        f"{fulltext_call} WITH node, score ORDER BY score DESC, node.id LIMIT $limit "
        "RETURN node.id AS id, score, properties(node) AS node"
    )


def statement_variants() -> dict[str, str]:
    from graph_api.store.dialect import FULLTEXT_INDEXES, neo4j_fulltext_call

    return {f"hits[{index.name}]": hits_statement(neo4j_fulltext_call(index)) for index in FULLTEXT_INDEXES}
