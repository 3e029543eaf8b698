"""Webhooks: (:WebhookEndpoint {id, name, url, events, format, secret, createdAt, updatedAt,
secretRotatedAt}) and (:WebhookDelivery {id, endpointId, event, status, attempts, dueAt,
createdAt, occurredAt, setId | proposalId | eventId, answer, people, leaseUntil, leaseOwner,
lastStatus, lastError, lastAttemptAt, deliveredAt}).

A delivery is written in the same statement as the change it tells of (the fragments below are
spliced into the publishing, answering and met-recording statements): one per endpoint that
wants the event, holding the facts (what happened, to what, when) its body is written from when
it is sent. `status`: pending (not tried yet), retrying (due again), delivered, failed (given up).
The worker claims due deliveries with a lease, as the mail outbox does.

Fragments spliced into other statements have lowercase names (they are no statements of their own).
Every splice takes $hookIdPrefix (null: webhooks are off, nothing is written) and $now.
"""

from __future__ import annotations

from typing import Final


def webhook_deliveries(event: str, carry: str, facts: str) -> str:
    """A fragment writing one delivery of `event` (a Cypher expression: a string literal, or a
    CASE on the carried variables) per endpoint that wants it, with `facts` (a map's entries over
    the carried variables, e.g. "eventId: e.id, people: size(others)"). `carry` names the
    variables the statement goes on with (the fragment ends with `WITH <carry>`).

    Endpoint ids are collected, not nodes: Neo4j 5.26 caches a property read inside a FOREACH
    over nodes (see outbox.enqueue_digests)."""
    return (
        f"WITH {carry}, {event} AS hookEvent "
        "OPTIONAL MATCH (hook:WebhookEndpoint) WHERE $hookIdPrefix IS NOT NULL AND hookEvent IN hook.events "
        f"WITH {carry}, hookEvent, collect(hook.id) AS hookIds "
        "FOREACH (hookId IN hookIds | CREATE (:WebhookDelivery {id: $hookIdPrefix + '-' + hookId, endpointId: hookId, "
        f"event: hookEvent, {facts}, status: 'pending', attempts: 0, dueAt: $now, createdAt: $now, occurredAt: $now}})) "
        f"WITH {carry} "
    )


#: Spliced after a set `s` is published: "event plan published" for an events set (its tables),
#: "proposal published" for any other.
webhooks_on_publish: Final = webhook_deliveries(
    "CASE s.kind WHEN 'events' THEN 'event_plan_published' ELSE 'proposal_published' END",
    "s",
    "setId: s.id, eventId: s.eventId",
)
#: Spliced after a member answered proposal `p` ($response: accepted or declined).
webhooks_on_answer: Final = webhook_deliveries("'proposal_answered'", "p", "proposalId: p.id, answer: $response")
#: Spliced when a member `me` recorded meeting `others` (a list) at event `e`. The "did you
#: meet?" follow-ups splice `webhook_deliveries("'met_recorded'", "<carry>", "proposalId: p.id, people: <n>")`.
webhooks_on_met_at_event: Final = webhook_deliveries(
    "'met_recorded'", "me, e, others", "eventId: e.id, people: size(others)"
)

# Endpoints -------------------------------------------------------------------------------------

# Everything but the secret, which no read for the API returns.
_ENDPOINT: Final = (
    "{id: h.id, name: h.name, url: h.url, events: h.events, format: h.format, createdAt: h.createdAt, "
    "updatedAt: h.updatedAt, secretRotatedAt: h.secretRotatedAt} AS node"
)
#: Written only while there are fewer than $max endpoints (else no row, nothing written).
CREATE_ENDPOINT: Final = (
    "OPTIONAL MATCH (x:WebhookEndpoint) WITH count(x) AS existing WHERE existing < $max "
    "CREATE (h:WebhookEndpoint {id: $id, name: $name, url: $url, events: $events, format: $format, "
    "secret: $secret, createdAt: $now}) "
    f"RETURN {_ENDPOINT}"
)
ENDPOINTS: Final = f"MATCH (h:WebhookEndpoint) RETURN {_ENDPOINT} ORDER BY h.createdAt, h.id"
ENDPOINT_BY_ID: Final = f"MATCH (h:WebhookEndpoint {{id: $id}}) RETURN {_ENDPOINT}"
#: Null values leave a field as it was.
UPDATE_ENDPOINT: Final = (
    "MATCH (h:WebhookEndpoint {id: $id}) "
    "SET h.name = coalesce($name, h.name), h.url = coalesce($url, h.url), h.events = coalesce($events, h.events), "
    "h.format = coalesce($format, h.format), h.updatedAt = $now "
    f"RETURN {_ENDPOINT}"
)
ROTATE_SECRET: Final = (
    "MATCH (h:WebhookEndpoint {id: $id}) SET h.secret = $secret, h.secretRotatedAt = $now, h.updatedAt = $now "
    f"RETURN {_ENDPOINT}"
)
#: The endpoint and its deliveries, in one write.
DELETE_ENDPOINT: Final = (
    "MATCH (h:WebhookEndpoint {id: $id}) "
    "OPTIONAL MATCH (d:WebhookDelivery {endpointId: h.id}) "
    "WITH h, collect(d) AS deliveries FOREACH (d IN deliveries | DELETE d) "
    "WITH h, h.id AS id DELETE h RETURN id"
)
#: What the worker signs with: the address, format and secret as they are when it sends.
ENDPOINT_FOR_SENDING: Final = (
    "MATCH (h:WebhookEndpoint {id: $id}) RETURN h.url AS url, h.format AS format, h.secret AS secret, h.name AS name"
)

# Deliveries ------------------------------------------------------------------------------------

# Newest first; $afterKey/$afterId (createdAt, id of the last row seen) are null on the first page.
DELIVERIES_PAGE: Final = (
    "MATCH (d:WebhookDelivery {endpointId: $endpointId}) "
    "WHERE $afterKey IS NULL OR d.createdAt < $afterKey OR (d.createdAt = $afterKey AND d.id > $afterId) "
    "RETURN properties(d) AS node ORDER BY d.createdAt DESC, d.id LIMIT $limit"
)
DELIVERIES_COUNT: Final = "MATCH (d:WebhookDelivery {endpointId: $endpointId}) RETURN count(d) AS total"
DELIVERY_BY_ID: Final = "MATCH (d:WebhookDelivery {id: $id}) RETURN properties(d) AS node"

#: Claims up to $limit due deliveries for $owner until $leaseUntil (the pattern of
#: outbox.CLAIM_DUE: the first SET takes each node's write lock on Neo4j, the lease is checked
#: again after it; FalkorDB runs write statements one at a time).
CLAIM_DUE: Final = (
    "MATCH (d:WebhookDelivery) WHERE d.status IN ['pending', 'retrying'] AND d.dueAt <= $now "
    "AND coalesce(d.leaseUntil, '') <= $now "
    "WITH d ORDER BY d.dueAt, d.id LIMIT $limit "
    "SET d.claimedAt = $now "
    "WITH d WHERE d.status IN ['pending', 'retrying'] AND coalesce(d.leaseUntil, '') <= $now "
    "SET d.leaseUntil = $leaseUntil, d.leaseOwner = $owner, d.attempts = coalesce(d.attempts, 0) + 1, "
    "d.lastAttemptAt = $now "
    "RETURN properties(d) AS node, d.dueAt AS dueAt, d.id AS id ORDER BY dueAt, id"
)
#: The receiver took it: marked whoever holds the lease.
MARK_DELIVERED: Final = (
    "MATCH (d:WebhookDelivery {id: $id}) "
    "SET d.status = 'delivered', d.deliveredAt = $now, d.lastStatus = $httpStatus, d.lastError = null, "
    "d.leaseUntil = null RETURN d.id AS id"
)
#: A failed attempt: due again at $dueAt, unless another worker took it over meanwhile.
MARK_RETRY: Final = (
    "MATCH (d:WebhookDelivery {id: $id}) WHERE d.status IN ['pending', 'retrying'] AND d.leaseOwner = $owner "
    "SET d.status = 'retrying', d.dueAt = $dueAt, d.leaseUntil = null, d.lastStatus = $httpStatus, d.lastError = $error "
    "RETURN d.id AS id"
)
#: Given up: after the last attempt, or an answer that says trying again will not help.
MARK_FAILED: Final = (
    "MATCH (d:WebhookDelivery {id: $id}) WHERE d.status IN ['pending', 'retrying'] "
    "SET d.status = 'failed', d.leaseUntil = null, d.lastStatus = $httpStatus, d.lastError = $error "
    "RETURN d.id AS id"
)
#: Deliveries done with (delivered or failed) and older than $before, at most $limit at a time.
PRUNE: Final = (
    "MATCH (d:WebhookDelivery) WHERE d.status IN ['delivered', 'failed'] AND d.createdAt < $before "
    "WITH d LIMIT $limit WITH d, d.id AS id DELETE d RETURN count(id) AS pruned"
)

# What a delivery says, read when it is sent ------------------------------------------------------

SET_FACTS: Final = (
    "MATCH (s:ProposalSet {id: $id}) "
    "OPTIONAL MATCH (s)-[:CONTAINS]->(p:Proposal) "
    "OPTIONAL MATCH (p)<-[:IN_PROPOSAL]-(m:Member) "
    "RETURN s.kind AS kind, s.eventId AS eventId, count(DISTINCT p) AS proposals, count(DISTINCT m) AS members, "
    "max(p.round) AS lastRound"
)
PROPOSAL_FACTS: Final = (
    "MATCH (p:Proposal {id: $id}) "
    "OPTIONAL MATCH (:Member)-[r:IN_PROPOSAL]->(p) "
    "RETURN p.kind AS kind, collect(r.response) AS answers"
)
EVENT_FACTS: Final = "MATCH (e:Event {id: $id}) RETURN e.name AS name, e.startsAt AS startsAt"
