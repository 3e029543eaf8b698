""""Did you meet?" (domain/followups.py): the follow-ups of accepted intros and purpose groups.

A follow-up is no record of its own: it is the member's acceptance (`IN_PROPOSAL {response:
'accepted', respondedAt}`) of a proposal of a followed-up kind that another member accepted
too, open while `metAnswer` is missing and `respondedAt` lies in ($lapsedBefore, $dueBefore].
The mail worker's pass notes when it was first asked (`followUpAt`, ASK_DUE): the pause counts
from then, so a follow-up nobody was told about yet never pauses anyone.
The answer closes it on the same relationship: `metAnswer` ('met' | 'not met'),
`metAnsweredAt`, `metWith` (the ids named). A `met` answer writes a `met` BOND with each
member named, the same shape as meeting at an event (queries/events.RECORD_MET: smaller id
first, `recordedBy`, `confirmedAt` when the other recorded it too) with `source`
"proposal:<id>" and `proposalId`.
"""

from __future__ import annotations

from typing import Final

from graph_api.store.queries.webhooks import webhook_deliveries

# The others who accepted the proposal `p`, but `me`.
_ACCEPTED_OTHERS: Final = (
    "[(o:Member)-[x:IN_PROPOSAL]->(p) WHERE o.id <> {me}.id AND x.response = 'accepted' | {what}]"
)


def _others(me: str, what: str) -> str:
    return _ACCEPTED_OTHERS.format(me=me, what="{" + what + "}" if ":" in what else what)


#: The member's open follow-ups, oldest first: the proposal, when they accepted it, the others
#: who accepted it and, for a purpose group, its community's name.
MY_FOLLOWUPS: Final = (
    "MATCH (me:Member {id: $memberId})-[mine:IN_PROPOSAL]->(p:Proposal)<-[:CONTAINS]-(:ProposalSet {status: 'published'}) "
    "WHERE p.kind IN $kinds AND mine.response = 'accepted' AND mine.metAnswer IS NULL "
    "AND mine.respondedAt <= $dueBefore AND mine.respondedAt > $lapsedBefore "
    f"WITH me, mine, p, {_others('me', 'id: o.id, name: o.name, handle: o.handle')} AS others "
    "WHERE size(others) > 0 "
    "OPTIONAL MATCH (c:PurposeCommunity)-[:FORMED_FROM]->(p) "
    "RETURN p.id AS proposalId, p.kind AS kind, mine.respondedAt AS acceptedAt, mine.followUpAt AS askedAt, others, "
    "c.name AS groupName "
    "ORDER BY acceptedAt, proposalId LIMIT $limit"
)

#: The answer, in ONE statement (nothing is written unless every check holds): the member's
#: acceptance of a followed-up kind not answered yet, someone else accepted too, and everyone in
#: $met (null: everyone else who accepted; only read when $answer is 'met') accepted it. It closes
#: the follow-up, lifts a pause the follow-ups caused (`followUpsCountFrom`: only follow-ups
#: asked after this count towards another), and writes a `met` bond with each member named.
#: A webhook fragment ("met recorded") is spliced in before the final RETURN, where one row holds
#: `me`, `p`, `met` and `lifting`.
#: "met recorded" for the endpoints that want it, when the answer named someone (no event otherwise).
webhooks_on_followup_met: Final = webhook_deliveries(
    "CASE WHEN size(met) > 0 THEN 'met_recorded' END", "p, lifting, met", "proposalId: p.id, people: size(met)"
)

ANSWER_FOLLOWUP: Final = (
    "MATCH (me:Member {id: $memberId})-[mine:IN_PROPOSAL]->(p:Proposal {id: $proposalId})"
    "<-[:CONTAINS]-(:ProposalSet {status: 'published'}) "
    "WHERE p.kind IN $kinds AND mine.response = 'accepted' AND mine.metAnswer IS NULL "
    f"WITH me, mine, p, {_others('me', 'o.id')} AS namable "
    "WITH me, mine, p, namable, CASE WHEN $answer = 'met' THEN coalesce($met, namable) ELSE [] END AS metIds "
    "WHERE size(namable) > 0 AND all(x IN metIds WHERE x IN namable) "
    "WITH me, mine, p, metIds, coalesce(me.pauseReason, '') = $pauseReason AS lifting "
    "SET mine.metAnswer = $answer, mine.metAnsweredAt = $now, mine.metWith = metIds, me.lastActiveAt = $now, "
    "me.pausedUntil = CASE WHEN lifting THEN null ELSE me.pausedUntil END, "
    "me.followUpsCountFrom = CASE WHEN lifting THEN $now ELSE me.followUpsCountFrom END, "
    "me.pauseReason = CASE WHEN lifting THEN null ELSE me.pauseReason END "
    "WITH me, p, metIds, lifting "
    "OPTIONAL MATCH (o:Member) WHERE o.id IN metIds "
    "WITH me, p, lifting, o, CASE WHEN o IS NULL OR me.id < o.id THEN me ELSE o END AS a, "
    "CASE WHEN o IS NULL OR me.id < o.id THEN o ELSE me END AS b "
    "FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | "
    "MERGE (a)-[r:BOND {kind: 'met'}]->(b) "
    "ON CREATE SET r.since = $today, r.source = 'proposal:' + p.id, r.proposalId = p.id, r.strength = $strength, "
    "r.recordedBy = [me.id] "
    "ON MATCH SET r.proposalId = coalesce(r.proposalId, p.id), "
    "r.confirmedAt = CASE WHEN o.id IN coalesce(r.recordedBy, []) "
    "AND NOT me.id IN coalesce(r.recordedBy, []) THEN $today ELSE r.confirmedAt END, "
    "r.recordedBy = CASE WHEN me.id IN coalesce(r.recordedBy, []) THEN r.recordedBy "
    "ELSE coalesce(r.recordedBy, []) + me.id END) "
    # One row from here: `me`, `p` (the proposal), `met` (ids of the members named), `lifting`.
    "WITH me, p, lifting, [x IN collect(o.id) WHERE x IS NOT NULL] AS met "
    f"{webhooks_on_followup_met}"
    "RETURN p.id AS proposalId, lifting, met"
)

#: Why ANSWER_FOLLOWUP wrote nothing (no row: the member has no such published proposal).
FOLLOWUP_CHECK: Final = (
    "MATCH (me:Member {id: $memberId})-[mine:IN_PROPOSAL]->(p:Proposal {id: $proposalId})"
    "<-[:CONTAINS]-(:ProposalSet {status: 'published'}) "
    f"RETURN p.kind AS kind, mine.response AS response, mine.metAnswer AS answer, {_others('me', 'o.id')} AS namable"
)

#: Notes when each open follow-up was first asked (`IN_PROPOSAL.followUpAt`, once): the
#: worker's pass that finds it due. Returns how many were asked now.
ASK_DUE: Final = (
    "MATCH (m:Member)-[r:IN_PROPOSAL]->(p:Proposal) "
    "WHERE p.kind IN $kinds AND r.response = 'accepted' AND r.metAnswer IS NULL AND r.followUpAt IS NULL "
    "AND r.respondedAt <= $dueBefore AND r.respondedAt > $lapsedBefore "
    f"WITH r, size({_others('m', 'o.id')}) AS others WHERE others > 0 "
    "SET r.followUpAt = $now "
    "RETURN count(r) AS asked"
)

#: Pauses (until they act) each member who is not paused and has $pauseAfter open follow-ups
#: asked at least KINDRED_FOLLOWUP_DAYS days ago ($overdueBefore) and after their last lift.
#: Returns how many were paused.
PAUSE_UNANSWERED: Final = (
    "MATCH (m:Member)-[r:IN_PROPOSAL]->(p:Proposal) "
    "WHERE p.kind IN $kinds AND r.response = 'accepted' AND r.metAnswer IS NULL "
    "AND r.followUpAt <= $overdueBefore AND r.respondedAt > $lapsedBefore "
    "AND r.followUpAt > coalesce(m.followUpsCountFrom, '') AND coalesce(m.pausedUntil, '') <= $today "
    f"WITH m, p, size({_others('m', 'o.id')}) AS others WHERE others > 0 "
    "WITH m, count(p) AS unanswered WHERE unanswered >= $pauseAfter "
    "SET m.pausedUntil = $pausedUntil, m.pauseReason = $pauseReason "
    "RETURN count(m) AS paused"
)

#: The follow-up mails of every open follow-up not mailed yet, once per member and proposal
#: (the key), for members with an address who want them. Returns how many were queued.
ENQUEUE_FOLLOWUPS: Final = (
    "MATCH (m:Member)-[r:IN_PROPOSAL]->(p:Proposal) "
    "WHERE p.kind IN $kinds AND r.response = 'accepted' AND r.metAnswer IS NULL "
    "AND r.respondedAt <= $dueBefore AND r.respondedAt > $lapsedBefore "
    "AND coalesce(m.email, '') <> '' AND NOT 'followups' IN coalesce(m.mailOff, []) "
    f"WITH m, p, size({_others('m', 'o.id')}) AS others WHERE others > 0 "
    "WITH m, p, 'followups:' + p.id + ':' + m.id AS key "
    "OPTIONAL MATCH (done:OutboxMail {key: key}) "
    "WITH m, p, key, count(done) AS queued WHERE queued = 0 "
    "CREATE (o:OutboxMail {id: $mailIdPrefix + '-' + p.id + '-' + m.id, key: key, kind: 'followups', "
    "memberId: m.id, proposalId: p.id, status: 'pending', attempts: 0, dueAt: $now, createdAt: $now}) "
    "RETURN count(o) AS queued"
)

#: What a follow-up mail says: the proposal, the others who accepted it, the group's name, and
#: whether the member is paused by the follow-ups; no row once answered or no longer accepted.
MAIL_FOLLOWUP: Final = (
    "MATCH (me:Member {id: $memberId})-[mine:IN_PROPOSAL]->(p:Proposal {id: $proposalId}) "
    "WHERE mine.response = 'accepted' AND mine.metAnswer IS NULL "
    "OPTIONAL MATCH (c:PurposeCommunity)-[:FORMED_FROM]->(p) "
    f"RETURN p.kind AS kind, mine.respondedAt AS acceptedAt, {_others('me', 'o.name')} AS others, "
    "c.name AS groupName, coalesce(me.pauseReason, '') = $pauseReason AS paused"
)
