"""The mail outbox: (:OutboxMail {id, key, kind, status, attempts, dueAt, createdAt, ...}).

A mail is queued in the same statement as the change that causes it (the fragments below are
spliced into the invitation and publishing statements), so a change never happens without its
mail nor a mail without its change. `key` (unique) says what the mail is about: a second
statement meaning to queue the same mail finds it and queues nothing. `status` is pending, sent,
failed (given up after the last attempt), dropped (no longer wanted: unsubscribed, invitation
gone) or superseded (an invitation renewed before its mail was sent). An invitation's `token`
(the link's secret) is kept only until the mail is sent, given up or superseded.

The worker claims due mails with a lease ($owner until $leaseUntil), in one statement.
Fragments spliced into other statements have lowercase names (they are no statements of their own).
"""

from __future__ import annotations

from typing import Final

_NEW: Final = "status: 'pending', attempts: 0, dueAt: $now, createdAt: $now"

#: Spliced after an invitation `i` is written: queues its mail when $mail ({id, key, token}) is
#: not null (null: mail is off).
enqueue_invitation: Final = (
    "FOREACH (mail IN CASE WHEN $mail IS NULL THEN [] ELSE [$mail] END | "
    f"CREATE (:OutboxMail {{id: mail.id, key: mail.key, kind: 'invitation', inviteId: i.id, token: mail.token, {_NEW}}})) "
)
#: Spliced into a renewal before enqueue_invitation: the unsent mail of the old link is
#: superseded, and its token forgotten.
supersede_invitation_mails: Final = (
    "WITH i OPTIONAL MATCH (old:OutboxMail {inviteId: i.id}) WHERE old.status = 'pending' "
    "WITH i, collect(old) AS older "
    "FOREACH (old IN older | SET old.status = 'superseded', old.token = null, old.leaseUntil = null) "
)
#: Spliced after a set `s` is published: one digest per member of the set who has an address and
#: wants this kind (events sets: "your tables"; other sets: "your new proposals"), when $mailIdPrefix
#: is not null (null: mail is off).
enqueue_digests: Final = (
    "WITH s, CASE s.kind WHEN 'events' THEN 'tables' ELSE 'proposals' END AS mailKind "
    "OPTIONAL MATCH (s)-[:CONTAINS]->(:Proposal)<-[:IN_PROPOSAL]-(reader:Member) "
    "WHERE $mailIdPrefix IS NOT NULL AND coalesce(reader.email, '') <> '' "
    "AND NOT mailKind IN coalesce(reader.mailOff, []) "
    "WITH s, mailKind, collect(DISTINCT reader.id) AS readers "
    # Ids, not nodes: Neo4j 5.26 caches `m.id` across a FOREACH's iterations over nodes.
    "FOREACH (memberId IN readers | "
    "CREATE (:OutboxMail {id: $mailIdPrefix + '-' + memberId, key: mailKind + ':' + s.id + ':' + memberId, "
    f"kind: mailKind, memberId: memberId, setId: s.id, {_NEW}}})) "
    "WITH s "
)

#: Spliced into an account's deletion (member `m`, its id `id`): the member's mails go too.
forget_member_mails: Final = (
    "WITH m, id OPTIONAL MATCH (o:OutboxMail {memberId: id}) "
    "WITH m, id, collect(o) AS mails FOREACH (o IN mails | DELETE o) "
)

#: Reminders of the events starting in ($now, $until], for each attendee who has an address and
#: wants them, each once: the key names the event, the member and the start (an event moved to
#: another day is a new reminder). Returns how many were queued.
ENQUEUE_REMINDERS: Final = (
    "MATCH (m:Member)-[:ATTENDED]->(e:Event) WHERE e.startsAt > $now AND e.startsAt <= $until "
    "AND coalesce(m.email, '') <> '' AND NOT 'reminders' IN coalesce(m.mailOff, []) "
    "WITH m, e, 'reminders:' + e.id + ':' + m.id + ':' + e.startsAt AS key "
    "OPTIONAL MATCH (done:OutboxMail {key: key}) "
    "WITH m, e, key, count(done) AS queued WHERE queued = 0 "
    "CREATE (o:OutboxMail {id: $mailIdPrefix + '-' + e.id + '-' + m.id, key: key, kind: 'reminders', "
    f"memberId: m.id, eventId: e.id, {_NEW}}}) "
    "RETURN count(o) AS queued"
)
# The "did you meet?" follow-ups are queued by queries/followups.ENQUEUE_FOLLOWUPS (one per member
# and accepted intro or group, key "followups:<proposal>:<member>", with `proposalId`).

# The worker -----------------------------------------------------------------------------------

#: Claims up to $limit due mails for $owner until $leaseUntil. The first SET takes each node's
#: write lock (Neo4j): a claimer that lost the race waits there, then sees the winner's lease in
#: the second WHERE and skips the mail. FalkorDB runs write statements one at a time.
CLAIM_DUE: Final = (
    "MATCH (o:OutboxMail) WHERE o.status = 'pending' AND o.dueAt <= $now AND coalesce(o.leaseUntil, '') <= $now "
    "WITH o ORDER BY o.dueAt, o.id LIMIT $limit "
    "SET o.claimedAt = $now "
    "WITH o WHERE o.status = 'pending' AND coalesce(o.leaseUntil, '') <= $now "
    "SET o.leaseUntil = $leaseUntil, o.leaseOwner = $owner, o.attempts = coalesce(o.attempts, 0) + 1 "
    "RETURN properties(o) AS mail, o.dueAt AS dueAt, o.id AS id ORDER BY dueAt, id"
)
#: Sent: the token is forgotten. Marked whoever holds the lease: the mail went out.
MARK_SENT: Final = (
    "MATCH (o:OutboxMail {id: $id}) "
    "SET o.status = 'sent', o.sentAt = $now, o.token = null, o.leaseUntil = null, o.lastError = null "
    "RETURN o.id AS id"
)
#: A failed attempt: due again at $dueAt, unless another worker took the mail over meanwhile.
MARK_RETRY: Final = (
    "MATCH (o:OutboxMail {id: $id}) WHERE o.status = 'pending' AND o.leaseOwner = $owner "
    "SET o.dueAt = $dueAt, o.leaseUntil = null, o.lastError = $error RETURN o.id AS id"
)
#: Given up ('failed') or no longer wanted ('dropped'): the token is forgotten.
MARK_FINAL: Final = (
    "MATCH (o:OutboxMail {id: $id}) WHERE o.status = 'pending' "
    "SET o.status = $status, o.token = null, o.leaseUntil = null, o.lastError = $error RETURN o.id AS id"
)
#: Mails done with (not pending) and older than $before, at most $limit at a time.
PRUNE: Final = (
    "MATCH (o:OutboxMail) WHERE o.status <> 'pending' AND o.createdAt < $before "
    "WITH o LIMIT $limit WITH o, o.id AS id DELETE o RETURN count(id) AS pruned"
)
MAIL_BY_KEY: Final = "MATCH (o:OutboxMail {key: $key}) RETURN properties(o) AS mail"

# What a mail says, read when it is sent (the member's address and choices as they are then) -------

MAIL_MEMBER: Final = (
    "MATCH (m:Member {id: $id}) "
    "RETURN m.name AS name, m.handle AS handle, m.email AS email, coalesce(m.mailOff, []) AS mailOff"
)
MAIL_INVITATION: Final = (
    "MATCH (i:Invite {id: $id}) WHERE i.expiresAt > $now "
    "OPTIONAL MATCH (by:Member)-[:INVITED]->(i) "
    "RETURN i.name AS name, i.email AS email, i.expiresAt AS expiresAt, by.name AS invitedBy"
)
MAIL_DIGEST: Final = (
    "MATCH (me:Member {id: $memberId})-[:IN_PROPOSAL]->(p:Proposal)<-[:CONTAINS]-(s:ProposalSet {id: $setId}) "
    "RETURN s.kind AS kind, s.eventId AS eventId, p.id AS id, p.round AS round, p.table AS table, "
    "p.reasonText AS reason, [(x:Member)-[:IN_PROPOSAL]->(p) WHERE x.id <> me.id | x.name] AS others "
    "ORDER BY round, table, id"
)
MAIL_EVENT: Final = (
    "MATCH (e:Event) WHERE e.id IN $ids RETURN e.id AS id, e.name AS name, e.startsAt AS startsAt, e.place AS place, "
    "e.createdAt AS createdAt, e.revision AS revision, e.updatedAt AS updatedAt"
)

# A member's choices ------------------------------------------------------------------------------

MAIL_CHOICES: Final = "MATCH (m:Member {id: $id}) RETURN coalesce(m.mailOff, []) AS off"
#: Turns the kinds in $on on and those in $off off, leaving the others as they were.
SET_MAIL_CHOICES: Final = (
    "MATCH (m:Member {id: $id}) "
    "WITH m, [k IN coalesce(m.mailOff, []) WHERE NOT k IN $on AND NOT k IN $off] + $off AS off "
    "SET m.mailOff = off RETURN off"
)
