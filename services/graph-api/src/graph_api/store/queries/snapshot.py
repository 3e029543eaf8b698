"""What the recommender reads: the community without opted-out members, page by page,
and what must not be proposed again.

A member who opted out appears nowhere here: not as a member, not as a bond partner,
not in an accepted group, not in a blocked pair.
"""

from __future__ import annotations

from typing import Final

# One statement per page whatever its size, keyset-paged by id ($after null on the first page).
# Passions, skills and bonds come packed, one string each ("jazz=5 cooking=3", "member-b=met"):
# FalkorDB's client parses every returned value on its own, and a page of 5000 members with
# their details as maps took 20 s where the packed strings take 3. Ids and slugs hold neither
# spaces nor "=". Each comprehension has its own variable names: FalkorDB mixes up two that
# share one.
SNAPSHOT_PAGE: Final = (
    "MATCH (m:Member) WHERE NOT coalesce(m.optOut, false) AND ($after IS NULL OR m.id > $after) "
    "WITH m ORDER BY m.id LIMIT $limit "
    "RETURN m.id AS key, m.name AS name, "
    "head([(m)-[:MEMBER_OF]->(t:Team) | t.id]) AS teamKey, "
    "head([(m)-[:BASED_AT]->(s:Site) | s.id]) AS siteKey, "
    "reduce(packed = '', item IN [(m)-[r:PASSIONATE_ABOUT]->(p:Passion) | p.slug + '=' + toString(r.intensity)] "
    "| packed + ' ' + item) AS passions, "
    "reduce(packed = '', item IN [(m)-[:SEEKS]->(sought:Skill) | sought.slug] | packed + ' ' + item) AS seeks, "
    "reduce(packed = '', item IN [(m)-[:OFFERS]->(offered:Skill) | offered.slug] | packed + ' ' + item) AS offers, "
    "reduce(packed = '', item IN [(m)-[b:BOND]-(o:Member) WHERE NOT coalesce(o.optOut, false) | o.id + '=' + b.kind] "
    "| packed + ' ' + item) AS bonds "
    "ORDER BY key"
)
SNAPSHOT_COUNT: Final = "MATCH (m:Member) WHERE NOT coalesce(m.optOut, false) RETURN count(m) AS total"

# Purpose communities (formed by accepting a purpose-group proposal) with their members.
ACCEPTED_GROUPS: Final = (
    "MATCH (c:PurposeCommunity) "
    "RETURN c.id AS id, [(m:Member)-[:BELONGS_TO]->(c) WHERE NOT coalesce(m.optOut, false) | m.id] AS members "
    "ORDER BY id"
)
# Every pair that met in a published intro proposal, smaller id first.
INTRO_PAIRS: Final = (
    "MATCH (:ProposalSet {kind: 'intros', status: 'published'})-[:CONTAINS]->(p:Proposal) "
    "MATCH (a:Member)-[:IN_PROPOSAL]->(p)<-[:IN_PROPOSAL]-(b:Member) "
    "WHERE a.id < b.id AND NOT coalesce(a.optOut, false) AND NOT coalesce(b.optOut, false) "
    "RETURN DISTINCT a.id AS a, b.id AS b"
)
# Pairs one member declined at or after $since (ISO-8601 UTC), smaller id first.
DECLINED_PAIRS: Final = (
    "MATCH (x:Member)-[d:DECLINED_PAIR]->(y:Member) "
    "WHERE d.at >= $since AND NOT coalesce(x.optOut, false) AND NOT coalesce(y.optOut, false) "
    "RETURN DISTINCT CASE WHEN x.id < y.id THEN x.id ELSE y.id END AS a, "
    "CASE WHEN x.id < y.id THEN y.id ELSE x.id END AS b"
)
