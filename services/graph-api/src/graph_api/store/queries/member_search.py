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
    """Which filters are on; the values travel as parameters. With `passions`, the match starts
    from the passion $passion; `more_passions` also requires every slug of $morePassions."""

    text: bool = False
    passions: bool = False
    team: bool = False
    site: bool = False
    seeks: bool = False
    offers: bool = False
    more_passions: bool = False


# The filters as the first match (the anchor: few members, found by an index) ...
_ANCHORS: Final[dict[str, str]] = {
    "passions": "MATCH (:Passion {slug: $passion})<-[:PASSIONATE_ABOUT]-(m:Member)",
    "team": "MATCH (:Team {id: $team})<-[:MEMBER_OF]-(m:Member)",
    "site": "MATCH (:Site {id: $site})<-[:BASED_AT]-(m:Member)",
    "seeks": "MATCH (:Skill {slug: $seeks})<-[:SEEKS]-(m:Member)",
    "offers": "MATCH (:Skill {slug: $offers})<-[:OFFERS]-(m:Member)",
}
# ... and as a check on members already matched (one expansion from each).
_CHECKS: Final[dict[str, str]] = {
    "passions": "MATCH (m)-[:PASSIONATE_ABOUT]->(:Passion {slug: $passion}) WITH m, score",
    "team": "MATCH (m)-[:MEMBER_OF]->(:Team {id: $team}) WITH m, score",
    "site": "MATCH (m)-[:BASED_AT]->(:Site {id: $site}) WITH m, score",
    "seeks": "MATCH (m)-[:SEEKS]->(:Skill {slug: $seeks}) WITH m, score",
    "offers": "MATCH (m)-[:OFFERS]->(:Skill {slug: $offers}) WITH m, score",
}
#: Members per passion among $slugs (a passion without members gives no row): a filter on
#: several passions starts from the one with the fewest.
PASSION_MEMBER_COUNTS: Final = (
    "UNWIND $slugs AS slug MATCH (:Passion {slug: slug})<-[:PASSIONATE_ABOUT]-(m:Member) "
    "RETURN slug, count(m) AS members"
)
_MORE_PASSIONS: Final = (
    "MATCH (m)-[:PASSIONATE_ABOUT]->(more:Passion) WHERE more.slug IN $morePassions "
    "WITH m, score, count(DISTINCT more) AS matched WHERE matched = size($morePassions)"
)


#: The start of a page of every member, by default: a plain label scan (the driver's
#: `members_in_order` gives its engine's fastest form, e.g. dialect.NEO4J_MEMBERS_IN_ORDER).
_EVERYONE: Final = "MATCH (m:Member)"


def _match(query: MemberQuery, fulltext_call: str, everyone: str = _EVERYONE) -> list[str]:
    """The members matching every filter, as rows of (m, score). The match starts from the most
    selective side: the full-text hits, else the first keyed filter (its node found by an index,
    then its members), else `everyone`; the other filters check the members found."""
    on = [name for name in _ANCHORS if getattr(query, name)]
    parts: list[str] = []
    if query.text:
        parts.append(f"{fulltext_call} WITH node AS m, score WHERE m:Member")
    elif on:
        parts.append(f"{_ANCHORS[on.pop(0)]} WITH m, 0 AS score")
    else:
        parts.append(f"{everyone} WITH m, 0 AS score")
    parts.extend(_CHECKS[name] for name in on)
    if query.more_passions:
        parts.append(_MORE_PASSIONS)
    return parts


def page_statement(
    query: MemberQuery, order: MemberOrder, *, after: bool, fulltext_call: str, everyone: str = _EVERYONE
) -> str:
    """Rows of {node, sortKey, score}, at most $limit, after the cursor when `after`. Ordered and
    limited before the projection, so only the page's members are read in full."""
    key, order_by = _ORDER[order]
    parts = _match(query, fulltext_call, everyone)
    if after and order in _AFTER:
        parts.append(f"WITH m, score WHERE {_AFTER[order]}")
    parts.append(f"WITH m, score {order_by} " + ("SKIP $skip LIMIT $limit" if order == "RELEVANCE" else "LIMIT $limit"))
    parts.append(f"RETURN properties(m) AS node, {key} AS sortKey, score")
    return " ".join(parts)


def walk_statement(query: MemberQuery, order: MemberOrder, *, after: bool, walk: str) -> str:
    """Rows as `page_statement` gives them, found by walking members in `order` from `walk` (the
    start of a statement that matches every member as `m` from an index, in order), at most
    $walk of them from the cursor on, and checking each against every filter. When it returns
    $limit rows they are the page: any member past the walk comes after all of them."""
    key, order_by = _ORDER[order]
    # The cursor's filter as page_statement places it: merged into the match, Neo4j's planner
    # turns its OR into a union of two index ranges, which loses their order.
    parts = [f"{walk} WITH m, 0 AS score"]
    if after:
        parts.append(f"WITH m, score WHERE {_AFTER[order]}")
    parts.append(f"WITH m, score {order_by} LIMIT $walk")
    parts.extend(_CHECKS[name] for name in _ANCHORS if getattr(query, name))
    if query.more_passions:
        parts.append(_MORE_PASSIONS)
    parts.append(f"WITH m, score {order_by} LIMIT $limit")
    parts.append(f"RETURN properties(m) AS node, {key} AS sortKey, score")
    return " ".join(parts)


def count_statement(query: MemberQuery, *, fulltext_call: str) -> str:
    if query == MemberQuery():
        return "MATCH (m:Member) RETURN count(m) AS total"  # the label's count, kept by both engines
    return " ".join([*_match(query, fulltext_call), "RETURN count(m) AS total"])


def statement_variants() -> dict[str, str]:
    """No filter, each filter alone, all together, and a few mixes: every part appears in some
    variant, as an anchor and as a check.

    (All 64 combinations would lint each part many times over for no extra assurance.)
    """
    from graph_api.store.dialect import NEO4J_FULLTEXT_CALL, NEO4J_MEMBERS_IN_ORDER

    combos = [MemberQuery(), MemberQuery(*([True] * len(FILTERS))), MemberQuery(passions=True, more_passions=True)]
    combos += [MemberQuery(**{name: True}) for name in FILTERS]
    combos += [MemberQuery(text=True, passions=True, team=True), MemberQuery(team=True, site=True, seeks=True, offers=True)]
    found: dict[str, str] = {}
    for query in combos:
        tag = "+".join(name for name in (*FILTERS, "more_passions") if getattr(query, name)) or "all"
        found[f"members.count[{tag}]"] = count_statement(query, fulltext_call=NEO4J_FULLTEXT_CALL)
        for order in ("NAME", "JOINED_AT") + (("RELEVANCE",) if query.text else ()):
            for after in (False, True):
                statement = page_statement(query, order, after=after, fulltext_call=NEO4J_FULLTEXT_CALL)
                found[f"members.page[{tag};{order};after={after}]"] = statement
    for (order, after), everyone in NEO4J_MEMBERS_IN_ORDER.items():
        statement = page_statement(
            MemberQuery(), order, after=after, fulltext_call=NEO4J_FULLTEXT_CALL, everyone=everyone  # type: ignore[arg-type]
        )
        found[f"members.page[all;{order};after={after};neo4j]"] = statement
        for tag, query in (("passions", MemberQuery(passions=True)), ("passions+more", MemberQuery(passions=True, more_passions=True))):
            found[f"members.walk[{tag};{order};after={after};neo4j]"] = walk_statement(
                query, order, after=after, walk=everyone  # type: ignore[arg-type]
            )
    return found
