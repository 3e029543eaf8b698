"""Statements of the bulk member import (graph_api.imports).

Each accepted row is written by IMPORT_MEMBER alone (member, team, site, passions and
skills in one atomic statement), then its bonds by IMPORT_MEMBER_BONDS. Teams and sites
are resolved to ids before writing, so a name shared by several rows maps to one node.
"""

from __future__ import annotations

from typing import Final

# Validation: what the graph already holds ---------------------------------------

IMPORT_EXISTING_MEMBERS: Final = (
    "UNWIND $handles AS handle MATCH (m:Member {handle: handle}) RETURN m.handle AS handle, m.id AS id"
)
IMPORT_TEAMS_NAMED: Final = (
    "MATCH (t:Team) WHERE t.name IN $names RETURN t.name AS name, t.id AS id ORDER BY t.id"
)
IMPORT_SITES_NAMED: Final = (
    "MATCH (s:Site) WHERE s.name IN $names RETURN s.name AS name, s.id AS id ORDER BY s.id"
)
IMPORT_EXISTING_BONDS: Final = (
    "UNWIND $pairs AS pair "
    "MATCH (:Member {handle: pair.a})-[r:BOND]-(:Member {handle: pair.b}) WHERE r.kind = pair.kind "
    "RETURN DISTINCT pair.a AS a, pair.b AS b, pair.kind AS kind"
)

# Writing one row ------------------------------------------------------------------
# $props holds only the fields the row gives; $teams and $sites hold zero or one
# {id, name[, city]} map: when one is given it replaces the member's current one.
# (No CALL subqueries: Neo4j 5 deprecates `CALL { WITH m ...}` and FalkorDB lacks `CALL (m) {...}`;
# conditional FOREACH over collected lists is in both.)

IMPORT_MEMBER: Final = (
    "MERGE (m:Member {handle: $handle}) "
    "ON CREATE SET m.id = $id, m.joinedAt = $joinedAt, m.joinedOrder = $joinedOrder, m.optOut = false, "
    "m.headline = '', m.vision = '' "
    "SET m += $props "
    "WITH m, m.id = $id AS created "
    "OPTIONAL MATCH (m)-[oldTeam:MEMBER_OF]->(:Team) "
    "WITH m, created, collect(oldTeam) AS oldTeams "
    "OPTIONAL MATCH (m)-[oldSite:BASED_AT]->(:Site) "
    "WITH m, created, oldTeams, collect(oldSite) AS oldSites "
    "FOREACH (old IN CASE WHEN size($teams) > 0 THEN oldTeams ELSE [] END | DELETE old) "
    "FOREACH (old IN CASE WHEN size($sites) > 0 THEN oldSites ELSE [] END | DELETE old) "
    "FOREACH (team IN $teams | "
    "MERGE (t:Team {id: team.id}) ON CREATE SET t.name = team.name "
    "MERGE (m)-[:MEMBER_OF]->(t)) "
    "FOREACH (site IN $sites | "
    "MERGE (s:Site {id: site.id}) ON CREATE SET s.name = site.name, s.city = site.city "
    "MERGE (m)-[:BASED_AT]->(s)) "
    "FOREACH (passion IN $passions | "
    "MERGE (p:Passion {slug: passion.slug}) "
    "ON CREATE SET p.id = passion.id, p.name = passion.name, p.description = '' "
    "MERGE (m)-[r:PASSIONATE_ABOUT]->(p) ON CREATE SET r.since = $since "
    "SET r.intensity = passion.intensity) "
    "FOREACH (skill IN $seeks | "
    "MERGE (s:Skill {slug: skill.slug}) ON CREATE SET s.id = skill.id, s.name = skill.name "
    "MERGE (m)-[:SEEKS]->(s)) "
    "FOREACH (skill IN $offers | "
    "MERGE (s:Skill {slug: skill.slug}) ON CREATE SET s.id = skill.id, s.name = skill.name "
    "MERGE (m)-[:OFFERS]->(s)) "
    "RETURN m.id AS id, created"
)

# Writing one row's bonds: stored once per pair and kind, from the smaller id to the
# larger. One row back per bond written; `created` is false when it already existed. It is
# told by a mark only this write sets on creating (then cleared): a count read before the MERGE
# would race with a concurrent import of the same pair on Neo4j.

IMPORT_MEMBER_BONDS: Final = (
    "MATCH (m:Member {handle: $handle}) "
    "UNWIND $bonds AS bond "
    "MATCH (other:Member {handle: bond.handle}) WHERE other.id <> m.id "
    "WITH bond, CASE WHEN m.id < other.id THEN m ELSE other END AS a, "
    "CASE WHEN m.id < other.id THEN other ELSE m END AS b "
    "MERGE (a)-[r:BOND {kind: bond.kind}]->(b) "
    "ON CREATE SET r.since = $since, r.source = $source, r.strength = $strength, r.createdByWrite = $write "
    "WITH bond, r, coalesce(r.createdByWrite = $write, false) AS created "
    "SET r.createdByWrite = null "
    "RETURN bond.handle AS handle, bond.kind AS kind, created"
)
