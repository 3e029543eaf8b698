"""Batched reads behind the GraphQL DataLoaders: one statement for a whole list of ids."""

from __future__ import annotations

from typing import Final

MEMBERS_BY_ID: Final = "UNWIND $ids AS id MATCH (m:Member {id: id}) RETURN id, properties(m) AS node"
MEMBERS_BY_HANDLE: Final = "UNWIND $keys AS key MATCH (m:Member {handle: key}) RETURN key, properties(m) AS node"
PASSIONS_OF_MEMBERS: Final = (
    "UNWIND $ids AS id MATCH (:Member {id: id})-[r:PASSIONATE_ABOUT]->(p:Passion) "
    "RETURN id, properties(p) AS passion, r.intensity AS intensity, r.since AS since "
    "ORDER BY id, intensity DESC, p.slug"
)
TEAMS_OF_MEMBERS: Final = (
    "UNWIND $ids AS id MATCH (:Member {id: id})-[:MEMBER_OF]->(t:Team) "
    "OPTIONAL MATCH (t)-[:PART_OF]->(parent:Team) "
    "RETURN id, properties(t) AS node, parent.id AS parentId"
)
SITES_OF_MEMBERS: Final = (
    "UNWIND $ids AS id MATCH (:Member {id: id})-[:BASED_AT]->(s:Site) RETURN id, properties(s) AS node"
)
#: Bonds per member among $ids, each kind with each member counted (a member without bonds gives
#: no row). The bond is named and counted: FalkorDB gives one row per neighbour for an unnamed
#: relationship, so two kinds of bond with the same member would count once. The far end is a
#: Member: a deactivated member (store/queries/scim.py) keeps their bonds, hidden. A match and
#: count, not a pattern comprehension per member: 20 members at 100,000 took 0.39 against
#: 0.85 ms on FalkorDB, 1.7 against 2.0 ms on Neo4j.
BOND_COUNTS: Final = "UNWIND $ids AS id MATCH (:Member {id: id})-[r:BOND]-(:Member) RETURN id, count(r) AS count"
BONDS_OF_MEMBERS: Final = (
    "UNWIND $ids AS id MATCH (:Member {id: id})-[r:BOND]-(other:Member) "
    "RETURN id, other.id AS otherId, r.kind AS kind, r.strength AS strength, r.since AS since, "
    "r.source AS source ORDER BY id, otherId, kind"
)
SEEKS_OF_MEMBERS: Final = (
    "UNWIND $ids AS id MATCH (:Member {id: id})-[:SEEKS]->(s:Skill) RETURN id, properties(s) AS node ORDER BY id, s.slug"
)
OFFERS_OF_MEMBERS: Final = (
    "UNWIND $ids AS id MATCH (:Member {id: id})-[:OFFERS]->(s:Skill) RETURN id, properties(s) AS node ORDER BY id, s.slug"
)
PASSIONS_BY_ID: Final = "UNWIND $ids AS id MATCH (p:Passion {id: id}) RETURN id, properties(p) AS node"
PASSIONS_BY_SLUG: Final = "UNWIND $keys AS key MATCH (p:Passion {slug: key}) RETURN key, properties(p) AS node"
# A passion's reach: one row per (id, kind) that has any, each part matched from the passion's
# index and counted apart (optional matches per member cost far more than three counts).
PASSION_REACH: Final = (
    "UNWIND $ids AS id MATCH (:Passion {id: id})<-[:PASSIONATE_ABOUT]-(m:Member) "
    "RETURN id, 'members' AS kind, count(m) AS count "
    "UNION ALL "
    "UNWIND $ids AS id MATCH (:Passion {id: id})<-[:PASSIONATE_ABOUT]-(:Member)-[:MEMBER_OF]->(t:Team) "
    "RETURN id, 'teams' AS kind, count(DISTINCT t) AS count "
    "UNION ALL "
    "UNWIND $ids AS id MATCH (:Passion {id: id})<-[:PASSIONATE_ABOUT]-(:Member)-[:BASED_AT]->(s:Site) "
    "RETURN id, 'sites' AS kind, count(DISTINCT s) AS count"
)
TEAMS_BY_ID: Final = (
    "UNWIND $ids AS id MATCH (t:Team {id: id}) OPTIONAL MATCH (t)-[:PART_OF]->(parent:Team) "
    "RETURN id, properties(t) AS node, parent.id AS parentId"
)
SITES_BY_ID: Final = "UNWIND $ids AS id MATCH (s:Site {id: id}) RETURN id, properties(s) AS node"
SKILLS_BY_ID: Final = "UNWIND $ids AS id MATCH (s:Skill {id: id}) RETURN id, properties(s) AS node"
# No row for a team or site without members (counted 0).
MEMBER_COUNTS_OF_TEAMS: Final = (
    "UNWIND $ids AS id MATCH (:Team {id: id})<-[:MEMBER_OF]-(m:Member) RETURN id, count(m) AS count"
)
MEMBER_COUNTS_OF_SITES: Final = (
    "UNWIND $ids AS id MATCH (:Site {id: id})<-[:BASED_AT]-(m:Member) RETURN id, count(m) AS count"
)
