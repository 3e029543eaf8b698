"""The members connection: filters, orderings and keyset pagination assembled from parts.

Every combination is enumerated by `statement_variants()` so the linter checks them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

MemberOrder = Literal["NAME", "JOINED_AT", "RELEVANCE"]
FILTERS: Final = ("text", "passions", "team", "site", "seeks", "offers")

# Sort key per order; RELEVANCE pages by offset, the others by (key, id) keyset.
_ORDER: Final[dict[str, tuple[str, str]]] = {
    "NAME": ("m.name", "ORDER BY m.name, m.id"),
    "JOINED_AT": ("m.joinedAt", "ORDER BY m.joinedAt DESC, m.id"),
    "RELEVANCE": ("score", "ORDER BY score DESC, m.id"),
}
_AFTER: Final[dict[str, str]] = {
    "NAME": "(m.name > $afterKey OR (m.name = $afterKey AND m.id > $afterId))",
    "JOINED_AT": "(m.joinedAt < $afterKey OR (m.joinedAt = $afterKey AND m.id > $afterId))",
}


@dataclass(frozen=True, slots=True)
class MemberQuery:
    """Which filters are on; the values travel as parameters."""

    text: bool = False
    passions: bool = False
    team: bool = False
    site: bool = False
    seeks: bool = False
    offers: bool = False


def _match(query: MemberQuery, fulltext_call: str) -> list[str]:
    parts: list[str] = []
    if query.text:
        parts.append(f"{fulltext_call} WITH node AS m, score WHERE m:Member")
    else:
        parts.append("MATCH (m:Member) WITH m, 0 AS score")
    if query.passions:
        parts.append(
            "MATCH (m)-[:PASSIONATE_ABOUT]->(p:Passion) WHERE p.slug IN $passions "
            "WITH m, score, count(DISTINCT p) AS matched WHERE matched = size($passions)"
        )
    if query.team:
        parts.append("MATCH (m)-[:MEMBER_OF]->(:Team {id: $team}) WITH m, score")
    if query.site:
        parts.append("MATCH (m)-[:BASED_AT]->(:Site {id: $site}) WITH m, score")
    if query.seeks:
        parts.append("MATCH (m)-[:SEEKS]->(:Skill {slug: $seeks}) WITH m, score")
    if query.offers:
        parts.append("MATCH (m)-[:OFFERS]->(:Skill {slug: $offers}) WITH m, score")
    return parts


def page_statement(query: MemberQuery, order: MemberOrder, *, after: bool, fulltext_call: str) -> str:
    """Rows of {node, sortKey, score}, at most $limit, after the cursor when `after`."""
    key, order_by = _ORDER[order]
    parts = _match(query, fulltext_call)
    if after:
        parts.append(f"WITH m, score WHERE {_AFTER[order]}" if order in _AFTER else "WITH m, score")
    parts.append(f"RETURN properties(m) AS node, {key} AS sortKey, score {order_by}")
    parts.append("SKIP $skip LIMIT $limit" if order == "RELEVANCE" else "LIMIT $limit")
    return " ".join(parts)


def count_statement(query: MemberQuery, *, fulltext_call: str) -> str:
    return " ".join([*_match(query, fulltext_call), "RETURN count(m) AS total"])


def statement_variants() -> dict[str, str]:
    """No filter, each filter alone, and all together: every part appears in some variant.

    (All 64 combinations would lint each part many times over for no extra assurance.)
    """
    from graph_api.store.dialect import NEO4J_FULLTEXT_CALL

    combos = [MemberQuery(), MemberQuery(*([True] * len(FILTERS)))]
    combos += [MemberQuery(**{name: True}) for name in FILTERS]
    found: dict[str, str] = {}
    for query in combos:
        tag = "+".join(name for name in FILTERS if getattr(query, name)) or "all"
        found[f"members.count[{tag}]"] = count_statement(query, fulltext_call=NEO4J_FULLTEXT_CALL)
        for order in ("NAME", "JOINED_AT") + (("RELEVANCE",) if query.text else ()):
            for after in (False, True):
                statement = page_statement(query, order, after=after, fulltext_call=NEO4J_FULLTEXT_CALL)
                found[f"members.page[{tag};{order};after={after}]"] = statement
    return found
