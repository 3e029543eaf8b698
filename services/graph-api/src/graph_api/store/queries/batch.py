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
BOND_COUNTS: Final = (
    "UNWIND $ids AS id MATCH (m:Member {id: id}) RETURN id, size([(m)-[:BOND]-(o:Member) | o]) AS count"
)
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
PASSION_REACH: Final = (
    "UNWIND $ids AS id MATCH (p:Passion {id: id}) "
    "OPTIONAL MATCH (m:Member)-[:PASSIONATE_ABOUT]->(p) "
    "OPTIONAL MATCH (m)-[:MEMBER_OF]->(t:Team) "
    "OPTIONAL MATCH (m)-[:BASED_AT]->(s:Site) "
    "RETURN id, count(DISTINCT m) AS members, count(DISTINCT t) AS teams, count(DISTINCT s) AS sites"
)
TEAMS_BY_ID: Final = (
    "UNWIND $ids AS id MATCH (t:Team {id: id}) OPTIONAL MATCH (t)-[:PART_OF]->(parent:Team) "
    "RETURN id, properties(t) AS node, parent.id AS parentId"
)
SITES_BY_ID: Final = "UNWIND $ids AS id MATCH (s:Site {id: id}) RETURN id, properties(s) AS node"
SKILLS_BY_ID: Final = "UNWIND $ids AS id MATCH (s:Skill {id: id}) RETURN id, properties(s) AS node"
MEMBER_COUNTS_OF_TEAMS: Final = (
    "UNWIND $ids AS id MATCH (t:Team {id: id}) RETURN id, size([(m:Member)-[:MEMBER_OF]->(t) | m]) AS count"
)
MEMBER_COUNTS_OF_SITES: Final = (
    "UNWIND $ids AS id MATCH (s:Site {id: id}) RETURN id, size([(m:Member)-[:BASED_AT]->(s) | m]) AS count"
)
