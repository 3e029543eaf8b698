"""Statements for accounts: passwords, sessions (refresh tokens), invitations and API tokens."""

from __future__ import annotations

from typing import Final

ACCOUNT_BY_HANDLE: Final = (
    "MATCH (m:Member {handle: $handle}) "
    "RETURN m.id AS id, m.passwordHash AS passwordHash, coalesce(m.role, 'member') AS role"
)
SET_PASSWORD_AND_ROLE: Final = (
    "MATCH (m:Member {id: $id}) SET m.passwordHash = $passwordHash, m.role = $role RETURN m.id AS id"
)
CREATE_SESSION: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "CREATE (m)-[:HAS_SESSION]->(s:Session {id: $id, tokenHash: $tokenHash, createdAt: $now, expiresAt: $expiresAt}) "
    "RETURN s.id AS id, coalesce(m.role, 'member') AS role"
)
ROTATE_SESSION: Final = (
    "MATCH (m:Member)-[:HAS_SESSION]->(s:Session {id: $id}) "
    "WHERE s.tokenHash = $tokenHash AND s.expiresAt > $now "
    "SET s.tokenHash = $newTokenHash, s.expiresAt = $expiresAt "
    "RETURN m.id AS memberId, coalesce(m.role, 'member') AS role"
)
SESSION_ROLE: Final = (
    "MATCH (m:Member {id: $memberId})-[:HAS_SESSION]->(s:Session {id: $id}) "
    "WHERE s.expiresAt > $now RETURN coalesce(m.role, 'member') AS role"
)
DELETE_SESSION: Final = "MATCH (s:Session {id: $id}) WITH s, s.id AS id DETACH DELETE s RETURN id"
DELETE_MEMBER_SESSIONS: Final = (
    "MATCH (:Member {id: $memberId})-[:HAS_SESSION]->(s:Session) DETACH DELETE s RETURN count(*) AS deleted"
)

CREATE_INVITE: Final = (
    "MATCH (by:Member {id: $createdBy}) "
    "CREATE (by)-[:INVITED]->(i:Invite {id: $id, tokenHash: $tokenHash, handle: $handle, name: $name, "
    "email: $email, role: $role, createdAt: $now, expiresAt: $expiresAt}) "
    "RETURN properties(i) AS invite"
)
INVITE_BY_ID: Final = "MATCH (i:Invite {id: $id}) RETURN properties(i) AS invite"
ACCEPT_INVITE: Final = (
    "MATCH (i:Invite {id: $inviteId}) WHERE i.tokenHash = $tokenHash AND i.expiresAt > $now "
    "CREATE (m:Member {id: $memberId, handle: i.handle, name: i.name, email: i.email, headline: '', vision: '', "
    "joinedAt: $now, optOut: false, role: i.role, passwordHash: $passwordHash}) "
    "DETACH DELETE i "
    "RETURN m.id AS id"
)

CREATE_API_TOKEN: Final = (
    "MATCH (by:Member {id: $createdBy}) "
    "CREATE (by)-[:CREATED_TOKEN]->(t:ApiToken {id: $id, name: $name, scopes: $scopes, tokenHash: $tokenHash, "
    "createdAt: $now}) "
    "RETURN t.id AS id, t.name AS name, t.scopes AS scopes, t.createdAt AS createdAt"
)
API_TOKEN_BY_ID: Final = (
    "MATCH (t:ApiToken {id: $id}) RETURN t.tokenHash AS tokenHash, t.scopes AS scopes, t.name AS name"
)
LIST_API_TOKENS: Final = (
    "MATCH (t:ApiToken) RETURN t.id AS id, t.name AS name, t.scopes AS scopes, t.createdAt AS createdAt "
    "ORDER BY t.createdAt DESC, t.id"
)
DELETE_API_TOKEN: Final = "MATCH (t:ApiToken {id: $id}) WITH t, t.id AS id DETACH DELETE t RETURN id"
