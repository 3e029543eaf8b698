"""SCIM provisioning: managed members (label ScimUser), managed teams (label ScimGroup) and the
provisioning clients' tokens.

A managed member is a Member node that also carries the ScimUser label. Deactivating them takes
the Member label away (and their sessions in the same statement): every read of the community
matches `:Member`, so a deactivated member disappears from all of them at once, while the node,
its relationships and its history stay. Reactivating gives the label back.

A passion's member count is its degree (dialect.FALKORDB_MEMBER_COUNTS_OF_PASSIONS), which
cannot check a label at the far end: so the same statement sets a deactivated member's passions
aside as PASSIONATE_ABOUT_WHILE_AWAY links, with their intensity and date, and reactivation
makes them PASSIONATE_ABOUT again.
"""

from __future__ import annotations

from typing import Final

# Reads ------------------------------------------------------------------------------------------

_USER_ROW: Final = (
    "OPTIONAL MATCH (m)-[:MEMBER_OF]->(t:ScimGroup) "
    "WITH m, collect([t.id, t.name]) AS groups "
    "RETURN properties(m) AS node, m:Member AS active, groups"
)
USER_BY_ID: Final = "MATCH (m:ScimUser {id: $id}) " + _USER_ROW
USERS_BY_USER_NAME: Final = "MATCH (m:ScimUser {scimUserKey: $value}) " + _USER_ROW
USERS_BY_EXTERNAL_ID: Final = "MATCH (m:ScimUser {scimExternalId: $value}) " + _USER_ROW
# The page is cut in id order, and ordered again after the groups are collected.
USERS_PAGE: Final = "MATCH (m:ScimUser) WITH m ORDER BY m.id SKIP $skip LIMIT $limit " + _USER_ROW + " ORDER BY m.id"
COUNT_USERS: Final = "MATCH (m:ScimUser) RETURN count(m) AS total"
HANDLE_TAKEN: Final = (
    "OPTIONAL MATCH (a:Member {handle: $handle}) OPTIONAL MATCH (b:ScimUser {handle: $handle}) "
    "RETURN count(a) + count(b) AS taken"
)

_GROUP_ROW: Final = (
    "OPTIONAL MATCH (m:ScimUser)-[:MEMBER_OF]->(t) "
    "WITH t, collect([m.id, m.name]) AS members "
    "RETURN properties(t) AS node, members"
)
GROUP_BY_ID: Final = "MATCH (t:ScimGroup {id: $id}) " + _GROUP_ROW
GROUPS_BY_DISPLAY_NAME: Final = "MATCH (t:ScimGroup {scimNameKey: $value}) " + _GROUP_ROW
GROUPS_BY_EXTERNAL_ID: Final = "MATCH (t:ScimGroup {scimExternalId: $value}) " + _GROUP_ROW
GROUPS_PAGE: Final = "MATCH (t:ScimGroup) WITH t ORDER BY t.id SKIP $skip LIMIT $limit " + _GROUP_ROW + " ORDER BY t.id"
COUNT_GROUPS: Final = "MATCH (t:ScimGroup) RETURN count(t) AS total"

#: Which of the given members are managed: the organisers' members page marks them.
MANAGED_AMONG: Final = "MATCH (m:ScimUser) WHERE m.id IN $ids RETURN m.id AS id"

# Users --------------------------------------------------------------------------------------------

# The userName guard repeats the unique constraint so a lost race writes nothing on either engine.
_CREATE_USER_GUARD: Final = (
    "OPTIONAL MATCH (taken:ScimUser {scimUserKey: $userKey}) WITH count(taken) AS taken WHERE taken = 0 "
)
_NEW_USER_PROPERTIES: Final = (
    "{id: $id, handle: $handle, name: $user.name, headline: '', vision: '', "
    "joinedAt: $now, joinedOrder: $joinedOrder, optOut: false, role: 'member', scimManaged: true}"
)
CREATE_ACTIVE_USER: Final = (
    _CREATE_USER_GUARD + "CREATE (m:Member:ScimUser " + _NEW_USER_PROPERTIES + ") "
    "SET m += $user, m.scimVersion = 1, m.scimCreated = $now, m.scimModified = $now RETURN m.id AS id"
)
CREATE_INACTIVE_USER: Final = (
    _CREATE_USER_GUARD + "CREATE (m:ScimUser " + _NEW_USER_PROPERTIES + ") "
    "SET m += $user, m.scimVersion = 1, m.scimCreated = $now, m.scimModified = $now, m.deactivatedAt = $now "
    "RETURN m.id AS id"
)

# An update matches the member only at the expected version (when one is given) and when no other
# managed member holds the new userName; no row means nothing was written.
_USER_AT_VERSION: Final = "MATCH (m:ScimUser {id: $id}) WHERE $version IS NULL OR m.scimVersion = $version "
_WRITE_USER: Final = (
    "OPTIONAL MATCH (other:ScimUser {scimUserKey: $userKey}) WHERE other.id <> m.id "
    "WITH m, count(other) AS clash WHERE clash = 0 "
    "SET m += $user, m.scimVersion = m.scimVersion + 1, m.scimModified = $now "
)
UPDATE_USER: Final = _USER_AT_VERSION + _WRITE_USER + "RETURN m.id AS id"


def _relink(held: str, into: str) -> str:
    """Clauses that turn each `held` link of `m` to a passion into an `into` link with the same
    properties, keeping one row of `m` (a member without passions too)."""
    return (
        f"WITH m OPTIONAL MATCH (m)-[r:{held}]->(p:Passion) "
        "FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | "
        f"MERGE (m)-[moved:{into}]->(p) SET moved += properties(r) DELETE r) "
        "WITH DISTINCT m "
    )


# The last organiser stays: deactivating them would leave the community without one. Their
# sessions end in the same statement.
DEACTIVATE_USER: Final = (
    _USER_AT_VERSION + "OPTIONAL MATCH (o:Member {role: 'organiser'}) WHERE o.id <> m.id "
    "WITH m, count(o) AS organisers WHERE coalesce(m.role, 'member') <> 'organiser' OR organisers > 0 "
    + _WRITE_USER
    + "REMOVE m:Member SET m.deactivatedAt = $now "
    "WITH m OPTIONAL MATCH (m)-[:HAS_SESSION|HAS_PASSWORD_RESET]->(s) "
    "WITH m, collect(s) AS sessions FOREACH (s IN sessions | DETACH DELETE s) "
    + _relink("PASSIONATE_ABOUT", "PASSIONATE_ABOUT_WHILE_AWAY")
    + "RETURN m.id AS id"
)
# Reactivation gives the Member label back unless another member took the handle meanwhile.
REACTIVATE_USER: Final = (
    _USER_AT_VERSION + "OPTIONAL MATCH (held:Member {handle: m.handle}) WHERE held.id <> m.id "
    "WITH m, count(held) AS held WHERE held = 0 "
    + _WRITE_USER
    + "SET m:Member REMOVE m.deactivatedAt "
    + _relink("PASSIONATE_ABOUT_WHILE_AWAY", "PASSIONATE_ABOUT")
    + "RETURN m.id AS id"
)
#: Members deactivated before their passions were set aside on deactivation: run at start, it
#: finds none once done.
SET_ASIDE_PASSIONS_OF_THE_AWAY: Final = (
    "MATCH (m:ScimUser) WHERE NOT m:Member "
    "MATCH (m)-[r:PASSIONATE_ABOUT]->(p:Passion) "
    "MERGE (m)-[away:PASSIONATE_ABOUT_WHILE_AWAY]->(p) SET away += properties(r) DELETE r "
    "RETURN count(away) AS moved"
)
# As deleteMember: the member goes with their sessions and every relationship.
DELETE_USER: Final = (
    "MATCH (m:ScimUser {id: $id}) WHERE $version IS NULL OR m.scimVersion = $version "
    "OPTIONAL MATCH (o:Member {role: 'organiser'}) WHERE o.id <> m.id "
    "WITH m, count(o) AS organisers WHERE coalesce(m.role, 'member') <> 'organiser' OR organisers > 0 "
    "OPTIONAL MATCH (m)-[:HAS_SESSION|HAS_PASSWORD_RESET]->(s) "
    "WITH m, m.id AS id, collect(s) AS sessions "
    "FOREACH (s IN sessions | DETACH DELETE s) "
    "DETACH DELETE m "
    "RETURN id"
)

# Groups -------------------------------------------------------------------------------------------

# A member is in one team: joining a managed team takes them out of the team they were in.
_SET_GROUP_MEMBERS: Final = (
    "OPTIONAL MATCH (gone:ScimUser)-[r:MEMBER_OF]->(t) WHERE NOT gone.id IN $memberIds "
    "WITH t, ms, collect(r) AS goneEdges "
    "OPTIONAL MATCH (x:ScimUser)-[old:MEMBER_OF]->(o:Team) WHERE x.id IN $memberIds AND o.id <> t.id "
    "WITH t, ms, goneEdges, collect(old) AS olds "
    "FOREACH (r IN goneEdges | DELETE r) "
    "FOREACH (r IN olds | DELETE r) "
    "FOREACH (m IN ms | MERGE (m)-[:MEMBER_OF]->(t)) "
    "RETURN t.id AS id"
)
CREATE_GROUP: Final = (
    "OPTIONAL MATCH (m:ScimUser) WHERE m.id IN $memberIds "
    "WITH collect(m) AS ms WHERE size(ms) = size($memberIds) "
    "CREATE (t:Team:ScimGroup {id: $id}) "
    "SET t += $group, t.scimVersion = 1, t.scimCreated = $now, t.scimModified = $now "
    "WITH t, ms " + _SET_GROUP_MEMBERS
)
UPDATE_GROUP: Final = (
    "MATCH (t:ScimGroup {id: $id}) WHERE $version IS NULL OR t.scimVersion = $version "
    "OPTIONAL MATCH (m:ScimUser) WHERE m.id IN $memberIds "
    "WITH t, collect(m) AS ms WHERE size(ms) = size($memberIds) "
    "SET t += $group, t.scimVersion = t.scimVersion + 1, t.scimModified = $now "
    "WITH t, ms " + _SET_GROUP_MEMBERS
)
DELETE_GROUP: Final = (
    "MATCH (t:ScimGroup {id: $id}) WHERE $version IS NULL OR t.scimVersion = $version "
    "WITH t, t.id AS id DETACH DELETE t RETURN id"
)
#: The given ids that are not managed members (a group naming them is refused).
UNKNOWN_USERS: Final = (
    "UNWIND $ids AS id OPTIONAL MATCH (m:ScimUser {id: id}) WITH id, m WHERE m IS NULL RETURN id"
)

# Provisioning tokens ------------------------------------------------------------------------------

CREATE_PROVISIONING_TOKEN: Final = (
    "MATCH (by:Member {id: $createdBy}) "
    "CREATE (by)-[:CREATED_TOKEN]->(t:ProvisioningToken {id: $id, name: $name, tokenHash: $tokenHash, "
    "createdAt: $now}) "
    "RETURN {id: t.id, name: t.name, createdAt: t.createdAt, createdBy: by.id} AS token"
)
PROVISIONING_TOKEN_HASH: Final = "MATCH (t:ProvisioningToken {id: $id}) RETURN t.tokenHash AS tokenHash"
LIST_PROVISIONING_TOKENS: Final = (
    "MATCH (t:ProvisioningToken) OPTIONAL MATCH (by:Member)-[:CREATED_TOKEN]->(t) "
    "RETURN {id: t.id, name: t.name, createdAt: t.createdAt, createdBy: by.id} AS token "
    "ORDER BY t.createdAt DESC, t.id"
)
DELETE_PROVISIONING_TOKEN: Final = (
    "MATCH (t:ProvisioningToken {id: $id}) WITH t, t.id AS id DETACH DELETE t RETURN id"
)
