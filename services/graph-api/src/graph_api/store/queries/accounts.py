"""Statements for accounts: passwords, sessions (refresh tokens), invitations, API tokens,
a member's data export and account deletion."""

from __future__ import annotations

from typing import Final

from graph_api.store.queries.outbox import enqueue_invitation, forget_member_mails, supersede_invitation_mails

ACCOUNT_BY_HANDLE: Final = (
    "MATCH (m:Member {handle: $handle}) "
    "RETURN m.id AS id, m.passwordHash AS passwordHash, coalesce(m.role, 'member') AS role"
)
SET_PASSWORD_AND_ROLE: Final = (
    "MATCH (m:Member {id: $id}) SET m.passwordHash = $passwordHash, m.role = $role RETURN m.id AS id"
)
# The handle guard repeats the unique constraint so a lost race writes nothing on either engine.
CREATE_ORGANISER: Final = (
    "OPTIONAL MATCH (taken:Member {handle: $handle}) "
    "WITH count(taken) AS taken WHERE taken = 0 "
    "CREATE (m:Member {id: $id, handle: $handle, name: $name, email: $email, headline: '', vision: '', "
    "joinedAt: $now, optOut: false, role: 'organiser', passwordHash: $passwordHash, nameOrder: $nameOrder, "
    "joinedOrder: $joinedOrder}) "
    "RETURN m.id AS id"
)
CREATE_SESSION: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "CREATE (m)-[:HAS_SESSION]->(s:Session {id: $id, tokenHash: $tokenHash, createdAt: $now, expiresAt: $expiresAt}) "
    "RETURN s.id AS id, coalesce(m.role, 'member') AS role"
)
# The session remembers the hashes of its last refresh tokens, so a replayed one is recognised.
ROTATE_SESSION: Final = (
    "MATCH (m:Member)-[:HAS_SESSION]->(s:Session {id: $id}) "
    "WHERE s.tokenHash = $tokenHash AND s.expiresAt > $now "
    "SET s.usedHashes = ([s.tokenHash] + coalesce(s.usedHashes, []))[0..10], "
    "s.tokenHash = $newTokenHash, s.expiresAt = $expiresAt "
    "RETURN m.id AS memberId, coalesce(m.role, 'member') AS role"
)
#: A rotated refresh token came back: someone holds a copy, so the whole session ends.
END_REUSED_SESSION: Final = (
    "MATCH (s:Session {id: $id}) WHERE $tokenHash IN coalesce(s.usedHashes, []) "
    "WITH s, s.id AS id DETACH DELETE s RETURN id"
)
SESSION_ROLE: Final = (
    "MATCH (m:Member {id: $memberId})-[:HAS_SESSION]->(s:Session {id: $id}) "
    "WHERE s.expiresAt > $now RETURN coalesce(m.role, 'member') AS role"
)
DELETE_SESSION: Final = "MATCH (s:Session {id: $id}) WITH s, s.id AS id DETACH DELETE s RETURN id"
DELETE_MEMBER_SESSIONS: Final = (
    "MATCH (:Member {id: $memberId})-[:HAS_SESSION]->(s:Session) DETACH DELETE s RETURN count(*) AS deleted"
)

# Passwords: change (compare-and-set on the old hash) and organiser-issued reset links. ----------

#: Sets the new hash only if the password did not change meanwhile, and ends every other session.
CHANGE_PASSWORD: Final = (
    "MATCH (m:Member {id: $memberId}) WHERE m.passwordHash = $oldHash "
    "SET m.passwordHash = $passwordHash "
    "WITH m "
    "OPTIONAL MATCH (m)-[:HAS_SESSION]->(s:Session) WHERE s.id <> $keepSessionId "
    "WITH m, collect(s) AS sessions "
    "FOREACH (s IN sessions | DETACH DELETE s) "
    "RETURN m.id AS id, size(sessions) AS ended"
)
REPLACE_PASSWORD_HASH: Final = (
    "MATCH (m:Member {id: $memberId}) WHERE m.passwordHash = $oldHash "
    "SET m.passwordHash = $passwordHash RETURN m.id AS id"
)
PASSWORD_HASH: Final = "MATCH (m:Member {id: $memberId}) RETURN m.passwordHash AS passwordHash, m.handle AS handle"
#: One pending link per member: a new one replaces any earlier one.
CREATE_PASSWORD_RESET: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "OPTIONAL MATCH (m)-[:HAS_PASSWORD_RESET]->(old:PasswordReset) "
    "WITH m, collect(old) AS earlier "
    "FOREACH (old IN earlier | DETACH DELETE old) "
    "CREATE (m)-[:HAS_PASSWORD_RESET]->(r:PasswordReset {id: $id, tokenHash: $tokenHash, createdAt: $now, "
    "expiresAt: $expiresAt, createdBy: $createdBy}) "
    "RETURN r.id AS id, r.expiresAt AS expiresAt, m.handle AS handle"
)
#: Sets the password, consumes the link and ends every session of the member, in one write.
RESET_PASSWORD: Final = (
    "MATCH (m:Member)-[:HAS_PASSWORD_RESET]->(r:PasswordReset {id: $id}) "
    "WHERE r.tokenHash = $tokenHash AND r.expiresAt > $now "
    "SET m.passwordHash = $passwordHash "
    "WITH m, r "
    "OPTIONAL MATCH (m)-[:HAS_SESSION]->(s:Session) "
    "WITH m, r, collect(s) AS sessions "
    "FOREACH (s IN sessions | DETACH DELETE s) "
    "DETACH DELETE r "
    "RETURN m.id AS memberId"
)
PASSWORD_RESET_BY_ID: Final = (
    "MATCH (:Member)-[:HAS_PASSWORD_RESET]->(r:PasswordReset {id: $id}) "
    "RETURN r.tokenHash AS tokenHash, r.expiresAt AS expiresAt"
)

# Invitations: an invite holds its handle while it is pending (not yet expired). -------------

_invite_map: Final = "i {.id, .handle, .name, .email, .role, .createdAt, .expiresAt, createdBy: by.id}"

#: $mail ({id, key, token}, or null when mail is off) queues the invitation mail in the same write.
CREATE_INVITE: Final = (
    "MATCH (by:Member {id: $createdBy}) "
    "OPTIONAL MATCH (taken:Member {handle: $handle}) "
    "WITH by, count(taken) AS members "
    "OPTIONAL MATCH (held:Invite {handle: $handle}) WHERE held.expiresAt > $now "
    "WITH by, members, count(held) AS invites WHERE members = 0 AND invites = 0 "
    "CREATE (by)-[:INVITED]->(i:Invite {id: $id, tokenHash: $tokenHash, handle: $handle, name: $name, "
    "email: $email, role: $role, createdAt: $now, expiresAt: $expiresAt, nameOrder: $nameOrder}) "
    f"{enqueue_invitation}"
    f"RETURN {_invite_map} AS invite"
)
#: Why a handle cannot be used: a member has it, or a pending invite other than `$inviteId` holds it.
HANDLE_HOLDERS: Final = (
    "OPTIONAL MATCH (taken:Member {handle: $handle}) "
    "WITH count(taken) AS members "
    "OPTIONAL MATCH (held:Invite {handle: $handle}) WHERE held.expiresAt > $now AND held.id <> $inviteId "
    "RETURN members, count(held) AS invites"
)
INVITE_BY_ID: Final = (
    "MATCH (i:Invite {id: $id}) OPTIONAL MATCH (by:Member)-[:INVITED]->(i) "
    f"RETURN {_invite_map} AS invite, i.tokenHash AS tokenHash"
)
LIST_INVITES: Final = (
    "MATCH (i:Invite) WHERE $includeExpired OR i.expiresAt > $now "
    "OPTIONAL MATCH (by:Member)-[:INVITED]->(i) "
    f"RETURN {_invite_map} AS invite ORDER BY i.createdAt DESC, i.id"
)
#: Creates the member and consumes the invite in one statement: a used, expired or wrong
#: token, or a handle taken meanwhile, matches nothing and writes nothing.
ACCEPT_INVITE: Final = (
    "MATCH (i:Invite {id: $inviteId}) WHERE i.tokenHash = $tokenHash AND i.expiresAt > $now "
    "WITH i, coalesce($handle, i.handle) AS handle "
    "OPTIONAL MATCH (taken:Member {handle: handle}) "
    "WITH i, handle, count(taken) AS members "
    "OPTIONAL MATCH (held:Invite {handle: handle}) WHERE held.id <> i.id AND held.expiresAt > $now "
    "WITH i, handle, members, count(held) AS invites WHERE members = 0 AND invites = 0 "
    "CREATE (m:Member {id: $memberId, handle: handle, name: i.name, email: i.email, headline: '', vision: '', "
    "joinedAt: $now, optOut: false, role: i.role, passwordHash: $passwordHash, nameOrder: i.nameOrder, "
    "joinedOrder: $joinedOrder}) "
    "DETACH DELETE i "
    "RETURN m.id AS id"
)
DELETE_INVITE: Final = "MATCH (i:Invite {id: $id}) WITH i, i.id AS id DETACH DELETE i RETURN id"
#: A new token and expiry for an invitation (the old token stops working, and so does the
#: unsent mail that carried it; $mail queues the new one), unless a member has
#: taken its handle or another pending invitation holds it meanwhile: then nothing is written.
RENEW_INVITE: Final = (
    "MATCH (i:Invite {id: $id}) "
    "OPTIONAL MATCH (taken:Member {handle: i.handle}) "
    "WITH i, count(taken) AS members "
    "OPTIONAL MATCH (held:Invite {handle: i.handle}) WHERE held.id <> i.id AND held.expiresAt > $now "
    "WITH i, members, count(held) AS invites WHERE members = 0 AND invites = 0 "
    "SET i.tokenHash = $tokenHash, i.expiresAt = $expiresAt "
    f"{supersede_invitation_mails}{enqueue_invitation}"
    "WITH i OPTIONAL MATCH (by:Member)-[:INVITED]->(i) "
    f"RETURN {_invite_map} AS invite"
)

# API tokens -------------------------------------------------------------------------------

_token_map: Final = "t {.id, .name, .scopes, .createdAt, createdBy: by.id}"

CREATE_API_TOKEN: Final = (
    "MATCH (by:Member {id: $createdBy}) "
    "CREATE (by)-[:CREATED_TOKEN]->(t:ApiToken {id: $id, name: $name, scopes: $scopes, tokenHash: $tokenHash, "
    "createdAt: $now}) "
    f"RETURN {_token_map} AS token"
)
API_TOKEN_BY_ID: Final = (
    "MATCH (t:ApiToken {id: $id}) RETURN t.tokenHash AS tokenHash, t.scopes AS scopes, t.name AS name"
)
LIST_API_TOKENS: Final = (
    "MATCH (t:ApiToken) OPTIONAL MATCH (by:Member)-[:CREATED_TOKEN]->(t) "
    f"RETURN {_token_map} AS token ORDER BY t.createdAt DESC, t.id"
)
DELETE_API_TOKEN: Final = "MATCH (t:ApiToken {id: $id}) WITH t, t.id AS id DETACH DELETE t RETURN id"

# A member's own data: export and deletion ---------------------------------------------------

EXPORT_PROFILE: Final = "MATCH (m:Member {id: $memberId}) RETURN properties(m) AS profile"
EXPORT_BONDS: Final = (
    "MATCH (:Member {id: $memberId})-[r:BOND]-(other:Member) "
    "RETURN other.id AS memberId, other.handle AS handle, other.name AS name, r.kind AS kind, "
    "r.strength AS strength, r.since AS since, r.source AS source ORDER BY r.since, other.id, r.kind"
)
# BOND_REQUEST is written by the bond-request feature; until then this finds nothing.
EXPORT_BOND_REQUESTS: Final = (
    "MATCH (m:Member {id: $memberId})-[r:BOND_REQUEST]-(other:Member) "
    "RETURN startNode(r) = m AS sent, other.id AS memberId, other.handle AS handle, other.name AS name, "
    "properties(r) AS details ORDER BY other.id"
)
EXPORT_SESSIONS: Final = (
    "MATCH (:Member {id: $memberId})-[:HAS_SESSION]->(s:Session) "
    "RETURN s.createdAt AS createdAt, s.expiresAt AS expiresAt ORDER BY s.createdAt"
)
EXPORT_INVITES: Final = (
    "MATCH (by:Member {id: $memberId})-[:INVITED]->(i:Invite) "
    f"RETURN {_invite_map} AS invite ORDER BY i.createdAt, i.id"
)
EXPORT_API_TOKENS: Final = (
    "MATCH (by:Member {id: $memberId})-[:CREATED_TOKEN]->(t:ApiToken) "
    f"RETURN {_token_map} AS token ORDER BY t.createdAt, t.id"
)
#: Every relationship touching the member, whatever its type: the export misses nothing
#: that a feature added later may store. Except someone else's "don't introduce me to" entry
#: naming the member: that list is its owner's alone (store/queries/consent.py).
EXPORT_RELATIONSHIPS: Final = (
    "MATCH (m:Member {id: $memberId})-[r]-(other) "
    "WHERE NOT (type(r) = 'NO_INTRO' AND endNode(r) = m) "
    "RETURN type(r) AS type, startNode(r) = m AS outgoing, labels(other) AS otherLabels, "
    "other.id AS otherId, properties(r) AS properties ORDER BY type, otherId"
)
# No row (nothing deleted) when the handle changed meanwhile, or the member is the last organiser.
# The member's mails in the outbox go with them.
DELETE_ACCOUNT: Final = (
    "MATCH (m:Member {id: $memberId}) WHERE m.handle = $handle "
    "OPTIONAL MATCH (other:Member {role: 'organiser'}) WHERE other.id <> m.id "
    "WITH m, count(other) AS organisers "
    "WHERE coalesce(m.role, 'member') <> 'organiser' OR organisers > 0 "
    "OPTIONAL MATCH (m)-[:HAS_SESSION|HAS_PASSWORD_RESET|SIGNS_IN_AS]->(s) "
    "WITH m, m.id AS id, collect(s) AS sessions "
    "FOREACH (s IN sessions | DETACH DELETE s) "
    f"{forget_member_mails}"
    "DETACH DELETE m "
    "RETURN id"
)
