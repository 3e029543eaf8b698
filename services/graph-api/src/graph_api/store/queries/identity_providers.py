"""Identity providers and the accounts they sign in:
(:IdentityProvider {id, name, issuer, clientId, secret (sealed), allowedDomains, teamsClaim,
passwordSignIn, createdAt, updatedAt}), (:Member)-[:SIGNS_IN_AS]->(:ExternalIdentity {key,
issuer, subject, providerId, createdAt, lastSignInAt}) with key = issuer + ' ' + subject (unique),
and (:SignInGrant {id, tokenHash, memberId, createdAt, expiresAt}): the one-time code the
callback hands the browser, traded once through GraphQL for the usual tokens.
"""

from __future__ import annotations

from typing import Final

# Everything but the sealed secret, which only PROVIDER_WITH_SECRET reads.
_PROVIDER: Final = (
    "{id: p.id, name: p.name, issuer: p.issuer, clientId: p.clientId, allowedDomains: p.allowedDomains, "
    "teamsClaim: p.teamsClaim, passwordSignIn: p.passwordSignIn, createdAt: p.createdAt, updatedAt: p.updatedAt} AS node"
)
#: Written only while there are fewer than $max providers (else no row, nothing written).
CREATE_PROVIDER: Final = (
    "OPTIONAL MATCH (x:IdentityProvider) WITH count(x) AS existing WHERE existing < $max "
    "CREATE (p:IdentityProvider {id: $id, name: $name, issuer: $issuer, clientId: $clientId, secret: $secret, "
    "allowedDomains: $allowedDomains, teamsClaim: $teamsClaim, passwordSignIn: $passwordSignIn, createdAt: $now}) "
    f"RETURN {_PROVIDER}"
)
PROVIDERS: Final = f"MATCH (p:IdentityProvider) RETURN {_PROVIDER} ORDER BY p.createdAt, p.id"
PROVIDER_WITH_SECRET: Final = (
    "MATCH (p:IdentityProvider {id: $id}) "
    "RETURN {id: p.id, name: p.name, issuer: p.issuer, clientId: p.clientId, secret: p.secret, "
    "allowedDomains: p.allowedDomains, teamsClaim: p.teamsClaim, passwordSignIn: p.passwordSignIn, "
    "createdAt: p.createdAt, updatedAt: p.updatedAt} AS node"
)
#: Null values leave a field as it was; $clearTeamsClaim removes the claim.
UPDATE_PROVIDER: Final = (
    "MATCH (p:IdentityProvider {id: $id}) "
    "SET p.name = coalesce($name, p.name), p.issuer = coalesce($issuer, p.issuer), "
    "p.clientId = coalesce($clientId, p.clientId), p.secret = coalesce($secret, p.secret), "
    "p.allowedDomains = coalesce($allowedDomains, p.allowedDomains), "
    "p.teamsClaim = CASE WHEN $clearTeamsClaim THEN null ELSE coalesce($teamsClaim, p.teamsClaim) END, "
    "p.passwordSignIn = coalesce($passwordSignIn, p.passwordSignIn), p.updatedAt = $now "
    f"RETURN {_PROVIDER}"
)
DELETE_PROVIDER: Final = "MATCH (p:IdentityProvider {id: $id}) DELETE p RETURN $id AS id"
PASSWORD_SIGN_IN_CLOSED: Final = (
    "MATCH (p:IdentityProvider) WHERE p.passwordSignIn = false RETURN count(p) AS closed"
)

# Accounts ------------------------------------------------------------------------------------

#: The member signed in by this (issuer, subject), noting the sign-in; no row for a newcomer.
IDENTITY_MEMBER: Final = (
    "MATCH (m:Member)-[:SIGNS_IN_AS]->(i:ExternalIdentity {key: $key}) "
    "SET i.lastSignInAt = $now RETURN m.id AS id"
)
#: A new member and their identity, in one write: no row when the handle is taken or the
#: identity already belongs to a member (a race with another sign-in). An identity left behind by
#: a deleted member is taken over.
CREATE_MEMBER_WITH_IDENTITY: Final = (
    "OPTIONAL MATCH (taken:Member {handle: $handle}) "
    "WITH count(taken) AS taken "
    "OPTIONAL MATCH (held:Invite {handle: $handle}) WHERE held.expiresAt > $now "
    "WITH taken, count(held) AS held WHERE taken = 0 AND held = 0 "
    "MERGE (i:ExternalIdentity {key: $key}) "
    "ON CREATE SET i.issuer = $issuer, i.subject = $subject, i.providerId = $providerId, i.createdAt = $now "
    "WITH i OPTIONAL MATCH (i)<-[:SIGNS_IN_AS]-(owner:Member) "
    "WITH i, count(owner) AS owners WHERE owners = 0 "
    "CREATE (m:Member {id: $id, handle: $handle, name: $name, email: $email, headline: '', vision: '', "
    "joinedAt: $now, optOut: false, nameOrder: $nameOrder, joinedOrder: $joinedOrder})-[:SIGNS_IN_AS]->(i) "
    "SET i.lastSignInAt = $now "
    "RETURN m.id AS id"
)
#: How many members have this e-mail address (lower case), and a pending invitation for it.
EMAIL_HOLDERS: Final = (
    "OPTIONAL MATCH (m:Member) WHERE toLower(m.email) = $email "
    "WITH count(m) AS members "
    "OPTIONAL MATCH (v:Invite) WHERE toLower(v.email) = $email AND v.expiresAt > $now "
    "RETURN members, collect(v.id)[0] AS inviteId"
)
#: Teams whose name (lower case) is among $names.
TEAMS_NAMED: Final = "MATCH (t:Team) WHERE toLower(t.name) IN $names RETURN t.id AS id, toLower(t.name) AS name"

# One-time sign-in codes -----------------------------------------------------------------------

CREATE_GRANT: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "CREATE (g:SignInGrant {id: $id, tokenHash: $tokenHash, memberId: m.id, createdAt: $now, expiresAt: $expiresAt}) "
    "RETURN g.id AS id"
)
#: Used once: the code is deleted as it is traded.
CONSUME_GRANT: Final = (
    "MATCH (g:SignInGrant {id: $id}) WHERE g.tokenHash = $tokenHash AND g.expiresAt > $now AND g.memberId IS NOT NULL "
    "WITH g, g.memberId AS memberId DELETE g RETURN memberId"
)
#: A code that, once the person confirms, turns their pending invitation into their account.
CREATE_JOIN_GRANT: Final = (
    "MATCH (v:Invite {id: $inviteId}) WHERE v.expiresAt > $now "
    "CREATE (g:SignInGrant {id: $id, tokenHash: $tokenHash, inviteId: v.id, key: $key, issuer: $issuer, "
    "subject: $subject, providerId: $providerId, createdAt: $now, expiresAt: $expiresAt}) "
    "RETURN g.id AS id"
)
#: The invitation a join code stands for (nothing is used up).
JOIN_GRANT_INVITATION: Final = (
    "MATCH (g:SignInGrant {id: $id}) WHERE g.tokenHash = $tokenHash AND g.expiresAt > $now AND g.inviteId IS NOT NULL "
    "MATCH (v:Invite {id: g.inviteId}) WHERE v.expiresAt > $now "
    "RETURN v.name AS name, v.handle AS handle"
)
#: The confirmed join: the invitation becomes the member with the identity, and the code and the
#: invitation are used up, in one write (no row: the code or the invitation is gone, or the
#: handle or identity was taken meanwhile).
JOIN_WITH_GRANT: Final = (
    "MATCH (g:SignInGrant {id: $id}) WHERE g.tokenHash = $tokenHash AND g.expiresAt > $now AND g.inviteId IS NOT NULL "
    "MATCH (v:Invite {id: g.inviteId}) WHERE v.expiresAt > $now "
    "OPTIONAL MATCH (taken:Member {handle: v.handle}) "
    "WITH g, v, count(taken) AS taken WHERE taken = 0 "
    "MERGE (i:ExternalIdentity {key: g.key}) "
    "ON CREATE SET i.issuer = g.issuer, i.subject = g.subject, i.providerId = g.providerId, i.createdAt = $now "
    "WITH g, v, i OPTIONAL MATCH (i)<-[:SIGNS_IN_AS]-(owner:Member) "
    "WITH g, v, i, count(owner) AS owners WHERE owners = 0 "
    "CREATE (m:Member {id: $memberId, handle: v.handle, name: v.name, email: v.email, headline: '', vision: '', "
    "joinedAt: $now, optOut: false, role: coalesce(v.role, 'member'), nameOrder: v.nameOrder, "
    "joinedOrder: $joinedOrder})-[:SIGNS_IN_AS]->(i) "
    "SET i.lastSignInAt = $now "
    "DETACH DELETE v, g "
    "RETURN m.id AS id"
)
PRUNE_GRANTS: Final = "MATCH (g:SignInGrant) WHERE g.expiresAt <= $now DELETE g RETURN count(g) AS pruned"
