"""Listing passions (with their reach), teams, sites and skills a page at a time."""

from __future__ import annotations

from typing import Final

_PASSION_MATCH: Final = (
    "MATCH (p:Passion) WHERE $text = '' OR p.slug CONTAINS $text "
    "WITH p, size([(m:Member)-[:PASSIONATE_ABOUT]->(p) | m]) AS members WHERE members >= $minMembers "
)
PASSIONS_BY_MEMBERS: Final = (
    _PASSION_MATCH + "RETURN properties(p) AS node, members ORDER BY members DESC, p.slug SKIP $skip LIMIT $limit"
)
PASSIONS_BY_NAME: Final = (
    _PASSION_MATCH + "RETURN properties(p) AS node, members ORDER BY p.name, p.slug SKIP $skip LIMIT $limit"
)
COUNT_PASSIONS: Final = _PASSION_MATCH + "RETURN count(p) AS total"
TEAMS_PAGE: Final = (
    "MATCH (t:Team) OPTIONAL MATCH (t)-[:PART_OF]->(parent:Team) "
    "RETURN properties(t) AS node, parent.id AS parentId, t.name AS name, t.id AS id "
    "ORDER BY name, id SKIP $skip LIMIT $limit"
)
COUNT_TEAMS: Final = "MATCH (t:Team) RETURN count(t) AS total"
SITES_PAGE: Final = "MATCH (s:Site) RETURN properties(s) AS node ORDER BY s.name, s.id SKIP $skip LIMIT $limit"
COUNT_SITES: Final = "MATCH (s:Site) RETURN count(s) AS total"
# Who seeks a skill is private, so a skill nobody offers would tell that someone seeks it:
# unless $everyone (organisers), only skills someone offers or the viewer ($me) seeks are kept.
_SKILL_VISIBLE: Final = (
    "OPTIONAL MATCH (o:Member)-[:OFFERS]->(s) WITH s, count(o) AS offerers "
    "OPTIONAL MATCH (me:Member {id: $me})-[:SEEKS]->(s) WITH s, offerers, count(me) AS mine "
    "WHERE $everyone OR offerers > 0 OR mine > 0 "
)
SKILLS_PAGE: Final = (
    "MATCH (s:Skill) " + _SKILL_VISIBLE + "RETURN properties(s) AS node ORDER BY s.name, s.id SKIP $skip LIMIT $limit"
)
COUNT_SKILLS: Final = "MATCH (s:Skill) " + _SKILL_VISIBLE + "RETURN count(s) AS total"
VISIBLE_SKILLS_BY_ID: Final = (
    "UNWIND $ids AS id MATCH (s:Skill {id: id}) " + _SKILL_VISIBLE + "RETURN s.id AS id, properties(s) AS node"
)
