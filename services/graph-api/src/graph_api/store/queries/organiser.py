"""Statements for organisers' tools that the repository's shared statements do not cover."""

from __future__ import annotations

from typing import Final

# A new member, with their team and site, in one statement. `$teamIds` and `$siteIds` hold
# zero or one id each; the statement writes nothing when the handle is taken or an id is
# unknown (every id must be found), so the caller only has to work out which it was.
CREATE_PLACED_MEMBER: Final = (
    "OPTIONAL MATCH (t:Team) WHERE t.id IN $teamIds "
    "WITH collect(t) AS teams "
    "OPTIONAL MATCH (s:Site) WHERE s.id IN $siteIds "
    "WITH teams, collect(s) AS sites "
    "OPTIONAL MATCH (taken:Member {handle: $handle}) "
    "WITH teams, sites, count(taken) AS taken "
    "WHERE taken = 0 AND size(teams) = size($teamIds) AND size(sites) = size($siteIds) "
    "CREATE (m:Member {id: $id, handle: $handle, name: $name, email: $email, headline: $headline, "
    "vision: $vision, joinedAt: $joinedAt, optOut: false, nameOrder: $nameOrder, joinedOrder: $joinedOrder}) "
    "FOREACH (t IN teams | CREATE (m)-[:MEMBER_OF]->(t)) "
    "FOREACH (s IN sites | CREATE (m)-[:BASED_AT]->(s)) "
    "RETURN properties(m) AS node"
)

# The member goes with their sessions (a session left behind would be a stored credential
# of nobody) and their identities at identity providers.
DELETE_MEMBER_AND_SESSIONS: Final = (
    "MATCH (m:Member {id: $id}) "
    "OPTIONAL MATCH (m)-[:HAS_SESSION|HAS_PASSWORD_RESET|SIGNS_IN_AS]->(s) "
    "WITH m, m.id AS id, collect(s) AS sessions "
    "FOREACH (s IN sessions | DETACH DELETE s) "
    "DETACH DELETE m "
    "RETURN id"
)

# A member's role, changed only when an organiser remains afterwards: making someone an
# organiser always is; making an organiser a member needs another organiser. No row (and no
# write) when the member is unknown, or is the last organiser and would become a member.
# A demotion first writes the member, then every other organiser (to the value they hold):
# on Neo4j two organisers demoting each other at once then wait on each other's locks, the
# deadlock is detected and the retried write sees the other's change. FalkorDB runs writes
# one at a time.
SET_MEMBER_ROLE: Final = (
    "MATCH (m:Member {id: $id}) "
    "OPTIONAL MATCH (other:Member {role: 'organiser'}) WHERE other.id <> m.id "
    "WITH m, collect(other) AS others "
    "WHERE $role = 'organiser' OR coalesce(m.role, 'member') <> 'organiser' OR size(others) > 0 "
    "SET m.role = $role "
    "FOREACH (o IN CASE WHEN $role = 'organiser' THEN [] ELSE others END | SET o.role = o.role) "
    "RETURN properties(m) AS node"
)


def _move_links(link: str, holder: str) -> str:
    """Clauses that move each `link` from a `holder` to `src` onto `dst`, keeping the stronger
    intensity and the earlier date when the holder already has one, with one row of src, dst."""
    return (
        f"OPTIONAL MATCH ({holder})-[old:{link}]->(src) "
        "FOREACH (_ IN CASE WHEN old IS NULL THEN [] ELSE [1] END | "
        f"MERGE (m)-[kept:{link}]->(dst) "
        "ON CREATE SET kept.intensity = old.intensity, kept.since = old.since "
        "ON MATCH SET kept.intensity = CASE WHEN old.intensity > kept.intensity THEN old.intensity "
        "ELSE kept.intensity END, "
        "kept.since = CASE WHEN old.since < kept.since THEN old.since ELSE kept.since END) "
        "WITH DISTINCT src, dst "
    )


# Every member's link to `from` moves to `into`, then `from` goes. So do the links a deactivated
# member's passions are set aside as (queries/scim.py), kept for their return.
MERGE_PASSIONS: Final = (
    "MATCH (src:Passion {id: $fromId}) MATCH (dst:Passion {id: $intoId}) "
    + _move_links("PASSIONATE_ABOUT", "m:Member")
    + _move_links("PASSIONATE_ABOUT_WHILE_AWAY", "m")
    + "DETACH DELETE src RETURN properties(dst) AS node"
)
