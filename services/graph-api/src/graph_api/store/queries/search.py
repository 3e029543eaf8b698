"""Full-text hits with their nodes (`fulltext_call` is the engine's head of a full-text read)."""

from __future__ import annotations

from collections.abc import Sequence


def hits_statement(fulltext_call: str, part: int = 0) -> str:
    """The best $limit hits of a full-text search for $text: `part`, id, score and node, best
    first. Ordered and limited before `properties()` reads the nodes, so only the hits kept are read."""
    return (
        f"{fulltext_call} WITH node, score ORDER BY score DESC, node.id LIMIT $limit "
        f"RETURN {int(part)} AS part, node.id AS id, score, properties(node) AS node"
    )


def hits_together_statement(fulltext_calls: Sequence[str]) -> str:
    """The best $limit hits of each full-text read, in one statement: each read's rows carry
    its position in `fulltext_calls` as `part`. One round trip instead of one per index."""
    return " UNION ALL ".join(hits_statement(call, part) for part, call in enumerate(fulltext_calls))


def statement_variants() -> dict[str, str]:
    from graph_api.store.dialect import FULLTEXT_INDEXES, neo4j_fulltext_call

    return {"hits_together": hits_together_statement([neo4j_fulltext_call(index) for index in FULLTEXT_INDEXES])}
