"""What the recommender reads: the community without opted-out or paused members, page by
page, and what must not be proposed again.

A member who opted out, or paused proposals until a day after $today (ISO date, a parameter
so that a pause ends by itself), appears nowhere here: not as a member, not as a bond
partner, not in an accepted group, not in a blocked pair.
"""

from __future__ import annotations

from typing import Final


def _available(m: str) -> str:
    """Whether member `m` takes proposals today (domain/consent.py: a pause runs while today is before its day)."""
    return f"NOT coalesce({m}.optOut, false) AND coalesce({m}.pausedUntil, '') <= $today"


# One statement per page whatever its size, keyset-paged by id ($after null on the first page).
# Passions, skills and bonds come packed, one string each ("jazz=5 cooking=3", "member-b=met"):
# FalkorDB's client parses every returned value on its own, and a page of 5000 members with
# their details as maps took 20 s where the packed strings take 3. Ids and slugs hold neither
# spaces nor "=". Each comprehension has its own variable names: FalkorDB mixes up two that
# share one.
SNAPSHOT_PAGE: Final = (
    "MATCH (m:Member) WHERE " + _available("m") + " AND ($after IS NULL OR m.id > $after) "
    "WITH m ORDER BY m.id LIMIT $limit "
    "RETURN m.id AS key, m.name AS name, "
    "head([(m)-[:MEMBER_OF]->(t:Team) | t.id]) AS teamKey, "
    "head([(m)-[:BASED_AT]->(s:Site) | s.id]) AS siteKey, "
    "reduce(packed = '', item IN [(m)-[r:PASSIONATE_ABOUT]->(p:Passion) | p.slug + '=' + toString(r.intensity)] "
    "| packed + ' ' + item) AS passions, "
    "reduce(packed = '', item IN [(m)-[:SEEKS]->(sought:Skill) | sought.slug] | packed + ' ' + item) AS seeks, "
    "reduce(packed = '', item IN [(m)-[:OFFERS]->(offered:Skill) | offered.slug] | packed + ' ' + item) AS offers, "
    "reduce(packed = '', item IN [(m)-[b:BOND]-(o:Member) WHERE " + _available("o") + " | o.id + '=' + b.kind] "
    "| packed + ' ' + item) AS bonds, coalesce(m.proposalKinds, $allKinds) AS kinds "
    "ORDER BY key"
)
SNAPSHOT_COUNT: Final = "MATCH (m:Member) WHERE " + _available("m") + " RETURN count(m) AS total"

# Purpose communities (formed by accepting a purpose-group proposal) with their members.
ACCEPTED_GROUPS: Final = (
    "MATCH (c:PurposeCommunity) "
    "RETURN c.id AS id, [(m:Member)-[:BELONGS_TO]->(c) WHERE " + _available("m") + " | m.id] AS members "
    "ORDER BY id"
)
# Every pair that met in a published intro proposal, smaller id first.
INTRO_PAIRS: Final = (
    "MATCH (:ProposalSet {kind: 'intros', status: 'published'})-[:CONTAINS]->(p:Proposal) "
    "MATCH (a:Member)-[:IN_PROPOSAL]->(p)<-[:IN_PROPOSAL]-(b:Member) "
    "WHERE a.id < b.id AND " + _available("a") + " AND " + _available("b") + " "
    "RETURN DISTINCT a.id AS a, b.id AS b"
)
# Pairs one member declined at or after $since (ISO-8601 UTC), smaller id first.
DECLINED_PAIRS: Final = (
    "MATCH (x:Member)-[d:DECLINED_PAIR]->(y:Member) "
    "WHERE d.at >= $since AND " + _available("x") + " AND " + _available("y") + " "
    "RETURN DISTINCT CASE WHEN x.id < y.id THEN x.id ELSE y.id END AS a, "
    "CASE WHEN x.id < y.id THEN y.id ELSE x.id END AS b"
)
# Pairs where one member asked not to be introduced to the other, smaller id first: who asked is not said.
NO_INTRO_PAIRS: Final = (
    "MATCH (x:Member)-[:NO_INTRO]->(y:Member) "
    "WHERE " + _available("x") + " AND " + _available("y") + " "
    "RETURN DISTINCT CASE WHEN x.id < y.id THEN x.id ELSE y.id END AS a, "
    "CASE WHEN x.id < y.id THEN y.id ELSE x.id END AS b"
)
