"""Every Cypher statement the store sends, in the openCypher subset that Neo4j 5 and
FalkorDB share. Values always travel as parameters; only labels and relationship
types (which Cypher cannot parameterise) are written into the text.

Each write is one statement, so it is atomic on both engines: a statement that
matches nothing (an unknown id) writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class NodeStatements:
    """The statements every node kind shares."""

    get_by_id: str
    update: str
    delete: str
    count: str
    list_page: str


def _node_statements(label: str, order_by: str) -> NodeStatements:
    return NodeStatements(
        get_by_id=f"MATCH (n:{label} {{id: $id}}) RETURN properties(n) AS node",
        update=f"MATCH (n:{label} {{id: $id}}) SET n += $changes RETURN properties(n) AS node",
        delete=f"MATCH (n:{label} {{id: $id}}) WITH n, n.id AS id DETACH DELETE n RETURN id",
        count=f"MATCH (n:{label}) RETURN count(n) AS count",
        list_page=(
            f"MATCH (n:{label}) WITH n ORDER BY n.{order_by}, n.id SKIP $skip LIMIT $limit "
            "RETURN properties(n) AS node"
        ),
    )


MEMBER: Final = _node_statements("Member", "name")
PASSION: Final = _node_statements("Passion", "slug")
TEAM: Final = _node_statements("Team", "name")
SITE: Final = _node_statements("Site", "name")
SKILL: Final = _node_statements("Skill", "slug")

# The whole graph -------------------------------------------------------------

COUNT_NODES: Final = "MATCH (n) RETURN count(n) AS count"
DELETE_EVERYTHING: Final = "MATCH (n) DETACH DELETE n"

# Members ---------------------------------------------------------------------

CREATE_MEMBER: Final = (
    "CREATE (m:Member {id: $id, handle: $handle, name: $name, email: $email, headline: $headline, "
    "vision: $vision, joinedAt: $joinedAt, optOut: $optOut, nameOrder: $nameOrder, joinedOrder: $joinedOrder}) RETURN properties(m) AS node"
)
GET_MEMBER_BY_HANDLE: Final = "MATCH (n:Member {handle: $handle}) RETURN properties(n) AS node"
FIND_MEMBER_IDS: Final = "MATCH (n:Member) WHERE n.id IN $ids RETURN n.id AS id"

# Passions --------------------------------------------------------------------

GET_PASSION_BY_SLUG: Final = "MATCH (n:Passion {slug: $slug}) RETURN properties(n) AS node"
REPLACE_MEMBER_PASSIONS: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "OPTIONAL MATCH (m)-[old:PASSIONATE_ABOUT]->(p:Passion) WHERE NOT p.slug IN $slugs "
    "DELETE old "
    "WITH DISTINCT m "
    "FOREACH (item IN $passions | "
    "MERGE (p:Passion {slug: item.slug}) ON CREATE SET p.id = item.id, p.name = item.name, p.description = '' "
    "MERGE (m)-[r:PASSIONATE_ABOUT]->(p) ON CREATE SET r.since = $since "
    "SET r.intensity = item.intensity) "
    "RETURN m.id AS id"
)
MEMBER_PASSIONS: Final = (
    "MATCH (:Member {id: $memberId})-[r:PASSIONATE_ABOUT]->(p:Passion) "
    "RETURN properties(p) AS passion, r.intensity AS intensity, r.since AS since "
    "ORDER BY r.intensity DESC, p.slug"
)

# Teams and sites ---------------------------------------------------------------

CREATE_TEAM: Final = "CREATE (t:Team {id: $id, name: $name}) RETURN properties(t) AS node, null AS parentId"
CREATE_TEAM_UNDER: Final = (
    "MATCH (parent:Team {id: $parentId}) "
    "CREATE (t:Team {id: $id, name: $name})-[:PART_OF]->(parent) "
    "RETURN properties(t) AS node, parent.id AS parentId"
)
TEAM_PARENT: Final = "MATCH (:Team {id: $id})-[:PART_OF]->(parent:Team) RETURN parent.id AS parentId"
SET_TEAM_PARENT: Final = (
    "MATCH (t:Team {id: $id}) MATCH (parent:Team {id: $parentId}) "
    "OPTIONAL MATCH (t)-[old:PART_OF]->(:Team) DELETE old "
    "WITH DISTINCT t, parent MERGE (t)-[:PART_OF]->(parent) "
    "RETURN properties(t) AS node, parent.id AS parentId"
)
CLEAR_TEAM_PARENT: Final = (
    "MATCH (t:Team {id: $id}) OPTIONAL MATCH (t)-[old:PART_OF]->(:Team) DELETE old "
    "WITH DISTINCT t RETURN properties(t) AS node, null AS parentId"
)
TEAM_HAS_DESCENDANT: Final = (
    "MATCH (:Team {id: $parentId})-[:PART_OF*1..]->(t:Team {id: $id}) RETURN count(t) AS count"
)
CREATE_SITE: Final = "CREATE (s:Site {id: $id, name: $name, city: $city}) RETURN properties(s) AS node"

ASSIGN_MEMBER_TEAM: Final = (
    "MATCH (m:Member {id: $memberId}) MATCH (t:Team {id: $teamId}) "
    "OPTIONAL MATCH (m)-[old:MEMBER_OF]->(:Team) DELETE old "
    "WITH DISTINCT m, t MERGE (m)-[:MEMBER_OF]->(t) "
    "RETURN m.id AS memberId, t.id AS teamId"
)
UNASSIGN_MEMBER_TEAM: Final = (
    "MATCH (:Member {id: $memberId})-[r:MEMBER_OF]->(:Team) DELETE r RETURN count(r) AS removed"
)
MEMBER_TEAM: Final = (
    "MATCH (:Member {id: $memberId})-[:MEMBER_OF]->(t:Team) "
    "OPTIONAL MATCH (t)-[:PART_OF]->(parent:Team) "
    "RETURN properties(t) AS node, parent.id AS parentId"
)
ASSIGN_MEMBER_SITE: Final = (
    "MATCH (m:Member {id: $memberId}) MATCH (s:Site {id: $siteId}) "
    "OPTIONAL MATCH (m)-[old:BASED_AT]->(:Site) DELETE old "
    "WITH DISTINCT m, s MERGE (m)-[:BASED_AT]->(s) "
    "RETURN m.id AS memberId, s.id AS siteId"
)
UNASSIGN_MEMBER_SITE: Final = (
    "MATCH (:Member {id: $memberId})-[r:BASED_AT]->(:Site) DELETE r RETURN count(r) AS removed"
)
MEMBER_SITE: Final = "MATCH (:Member {id: $memberId})-[:BASED_AT]->(s:Site) RETURN properties(s) AS node"

# Skills: needs and offers --------------------------------------------------------

REPLACE_MEMBER_SKILLS: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "OPTIONAL MATCH (m)-[oldSeek:SEEKS]->(s:Skill) WHERE NOT s.slug IN $seekSlugs "
    "DELETE oldSeek "
    "WITH DISTINCT m "
    "OPTIONAL MATCH (m)-[oldOffer:OFFERS]->(o:Skill) WHERE NOT o.slug IN $offerSlugs "
    "DELETE oldOffer "
    "WITH DISTINCT m "
    "FOREACH (item IN $seeks | "
    "MERGE (s:Skill {slug: item.slug}) ON CREATE SET s.id = item.id, s.name = item.name "
    "MERGE (m)-[:SEEKS]->(s)) "
    "FOREACH (item IN $offers | "
    "MERGE (o:Skill {slug: item.slug}) ON CREATE SET o.id = item.id, o.name = item.name "
    "MERGE (m)-[:OFFERS]->(o)) "
    "RETURN m.id AS id"
)
MEMBER_SEEKS: Final = (
    "MATCH (:Member {id: $memberId})-[:SEEKS]->(s:Skill) RETURN properties(s) AS node ORDER BY s.slug"
)
MEMBER_OFFERS: Final = (
    "MATCH (:Member {id: $memberId})-[:OFFERS]->(s:Skill) RETURN properties(s) AS node ORDER BY s.slug"
)

# Bulk loading (the demo community and imports): one batch per statement -------------

LOAD_SITES: Final = "UNWIND $rows AS row CREATE (s:Site {id: row.id, name: row.name, city: row.city})"
LOAD_TEAMS: Final = "UNWIND $rows AS row CREATE (t:Team {id: row.id, name: row.name})"
LOAD_TEAM_PARENTS: Final = (
    "UNWIND $rows AS row MATCH (t:Team {id: row.team}) MATCH (parent:Team {id: row.parent}) "
    "CREATE (t)-[:PART_OF]->(parent)"
)
LOAD_PASSIONS: Final = (
    "UNWIND $rows AS row CREATE (p:Passion {id: row.id, slug: row.slug, name: row.name, description: row.description})"
)
LOAD_SKILLS: Final = "UNWIND $rows AS row CREATE (s:Skill {id: row.id, slug: row.slug, name: row.name})"
LOAD_MEMBERS: Final = (
    "UNWIND $rows AS row CREATE (m:Member {id: row.id, handle: row.handle, name: row.name, email: row.email, "
    "headline: row.headline, vision: row.vision, joinedAt: row.joinedAt, optOut: false, nameOrder: row.nameOrder, "
    "joinedOrder: row.joinedOrder})"
)
LOAD_MEMBER_TEAMS: Final = (
    "UNWIND $rows AS row MATCH (m:Member {id: row.member}) MATCH (t:Team {id: row.team}) CREATE (m)-[:MEMBER_OF]->(t)"
)
LOAD_MEMBER_SITES: Final = (
    "UNWIND $rows AS row MATCH (m:Member {id: row.member}) MATCH (s:Site {id: row.site}) CREATE (m)-[:BASED_AT]->(s)"
)
LOAD_PASSION_LINKS: Final = (
    "UNWIND $rows AS row MATCH (m:Member {id: row.member}) MATCH (p:Passion {id: row.passion}) "
    "CREATE (m)-[:PASSIONATE_ABOUT {intensity: row.intensity, since: row.since}]->(p)"
)
LOAD_BONDS: Final = (
    "UNWIND $rows AS row MATCH (a:Member {id: row.a}) MATCH (b:Member {id: row.b}) "
    "CREATE (a)-[:BOND {kind: row.kind, strength: row.strength, since: row.since, source: row.source}]->(b)"
)
LOAD_SEEKS: Final = (
    "UNWIND $rows AS row MATCH (m:Member {id: row.member}) MATCH (s:Skill {id: row.skill}) CREATE (m)-[:SEEKS]->(s)"
)
LOAD_OFFERS: Final = (
    "UNWIND $rows AS row MATCH (m:Member {id: row.member}) MATCH (s:Skill {id: row.skill}) CREATE (m)-[:OFFERS]->(s)"
)
