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
SKILLS_PAGE: Final = "MATCH (s:Skill) RETURN properties(s) AS node ORDER BY s.name, s.id SKIP $skip LIMIT $limit"
COUNT_SKILLS: Final = "MATCH (s:Skill) RETURN count(s) AS total"
