"""Events, who attended them, and the bonds members record having made there.

(:Event {id, name, startsAt, place, createdAt, updatedAt, revision}) <-[:ATTENDED {addedAt}]- (:Member).
Meeting someone at an event is a `met` BOND (stored once per pair, smaller id first, like
every BOND) with `source` "event:<id>", `eventId` and `recordedBy` (who recorded it); the
second member recording it confirms it (`confirmedAt`). The table plan of an event is the events ProposalSet
published for it (queries.proposals).
"""

from __future__ import annotations

from typing import Final

from graph_api.store.queries.webhooks import webhooks_on_met_at_event

_NODE: Final = "RETURN properties(e) AS node"

CREATE_EVENT: Final = (
    "CREATE (e:Event {id: $id, name: $name, startsAt: $startsAt, place: $place, createdAt: $now}) " + _NODE
)
# `revision` counts the changes (a calendar file's SEQUENCE); `updatedAt` is the last one.
UPDATE_EVENT: Final = (
    "MATCH (e:Event {id: $id}) SET e += $changes, e.revision = coalesce(e.revision, 0) + 1, e.updatedAt = $now " + _NODE
)
DELETE_EVENT: Final = "MATCH (e:Event {id: $id}) WITH e, e.id AS id DETACH DELETE e RETURN id"
EVENTS_BY_ID: Final = "UNWIND $ids AS id MATCH (e:Event {id: id}) RETURN id, properties(e) AS node"
# Latest first; $afterKey/$afterId (startsAt, id of the last row seen) are null on the first page.
EVENTS_PAGE: Final = (
    "MATCH (e:Event) "
    "WHERE $afterKey IS NULL OR e.startsAt < $afterKey OR (e.startsAt = $afterKey AND e.id > $afterId) "
    "WITH e ORDER BY e.startsAt DESC, e.id LIMIT $limit " + _NODE
)
EVENTS_COUNT: Final = "MATCH (e:Event) RETURN count(e) AS total"
# The events a member attends, latest first.
EVENTS_ATTENDED: Final = (
    "MATCH (:Member {id: $memberId})-[:ATTENDED]->(e:Event) WITH e ORDER BY e.startsAt DESC, e.id LIMIT $limit " + _NODE
)

# Attendees --------------------------------------------------------------------------------------

EVENT_ATTENDEES: Final = (
    "MATCH (m:Member)-[:ATTENDED]->(:Event {id: $id}) RETURN properties(m) AS node ORDER BY m.name, m.id"
)
# The attendees $me has recorded meeting: a `met` bond $me recorded (at this event or earlier).
EVENT_MET_BY: Final = (
    "MATCH (:Event {id: $eventId})<-[:ATTENDED]-(o:Member)-[r:BOND {kind: 'met'}]-(me:Member {id: $me}) "
    "WHERE me.id IN coalesce(r.recordedBy, []) "
    "WITH DISTINCT o ORDER BY o.name, o.id RETURN properties(o) AS node"
)
# Written only when the event and every member in $memberIds (distinct) exist: otherwise no
# row and nothing written. `before`: who attended already.
ADD_EVENT_ATTENDEES: Final = (
    "MATCH (e:Event {id: $eventId}) "
    "WITH e, [(x:Member)-[:ATTENDED]->(e) | x.id] AS before "
    "UNWIND $memberIds AS memberId "
    "MATCH (m:Member {id: memberId}) "
    "WITH e, before, collect(m) AS found WHERE size(found) = size($memberIds) "
    "FOREACH (m IN found | MERGE (m)-[a:ATTENDED]->(e) ON CREATE SET a.addedAt = $now) "
    "RETURN e.id AS id, before"
)
def _add_group_attendees(label: str, membership: str) -> str:
    """Every member of the $groupId team or site attends, in one write, unless they number more
    than $max (then nothing is written). No row when the event or the group is missing.
    `before`: who attended already; `memberIds`: the group's members."""
    return (
        "MATCH (e:Event {id: $eventId}) "
        "WITH e, [(x:Member)-[:ATTENDED]->(e) | x.id] AS before "
        f"MATCH (g:{label} {{id: $groupId}}) "
        f"OPTIONAL MATCH (m:Member)-[:{membership}]->(g) "
        "WITH e, before, collect(m) AS found "
        "FOREACH (m IN CASE WHEN size(found) <= $max THEN found ELSE [] END | "
        "MERGE (m)-[a:ATTENDED]->(e) ON CREATE SET a.addedAt = $now) "
        "RETURN e.id AS id, before, [m IN found | m.id] AS memberIds"
    )


ADD_TEAM_ATTENDEES: Final = _add_group_attendees("Team", "MEMBER_OF")
ADD_SITE_ATTENDEES: Final = _add_group_attendees("Site", "BASED_AT")
REMOVE_EVENT_ATTENDEE: Final = (
    "MATCH (:Member {id: $memberId})-[a:ATTENDED]->(e:Event {id: $eventId}) DELETE a RETURN e.id AS id"
)

# Meeting at an event ----------------------------------------------------------------------------

# Only when the event has started, the viewer attended it and so did every one of $others
# (distinct, without the viewer); otherwise no row and nothing written. A `met` bond the pair
# already has keeps its source and date and gains the viewer in recordedBy (and confirmedAt,
# when the other member recorded it before). Endpoints that want to hear of it get one delivery
# per recording in the same write ($hookIdPrefix).
RECORD_MET: Final = (
    "MATCH (me:Member {id: $me})-[:ATTENDED]->(e:Event {id: $eventId}) WHERE e.startsAt <= $now "
    "UNWIND $others AS otherId "
    "MATCH (o:Member {id: otherId})-[:ATTENDED]->(e) "
    "WITH me, e, collect(o) AS others WHERE size(others) = size($others) "
    "SET me.lastActiveAt = $now "
    f"{webhooks_on_met_at_event}"
    "UNWIND others AS o "
    "WITH me, e, o, CASE WHEN me.id < o.id THEN me ELSE o END AS a, CASE WHEN me.id < o.id THEN o ELSE me END AS b "
    "MERGE (a)-[r:BOND {kind: 'met'}]->(b) "
    "ON CREATE SET r.since = $today, r.source = 'event:' + e.id, r.eventId = e.id, r.strength = $strength, "
    "r.recordedBy = [me.id] "
    "ON MATCH SET r.confirmedAt = CASE WHEN o.id IN coalesce(r.recordedBy, []) "
    "AND NOT me.id IN coalesce(r.recordedBy, []) THEN $today ELSE r.confirmedAt END, "
    "r.recordedBy = CASE WHEN me.id IN coalesce(r.recordedBy, []) THEN r.recordedBy "
    "ELSE coalesce(r.recordedBy, []) + me.id END "
    "RETURN o.id AS id"
)
# Why RECORD_MET wrote nothing: the event's start, and which of $ids attended it.
MET_CHECK: Final = (
    "MATCH (e:Event {id: $eventId}) "
    "RETURN e.startsAt AS startsAt, [(m:Member)-[:ATTENDED]->(e) WHERE m.id IN $ids | m.id] AS attending"
)

# The table plan ---------------------------------------------------------------------------------

# The latest events set published for the event: one row per seat, rounds and tables in order.
EVENT_TABLE_PLAN: Final = (
    "MATCH (s:ProposalSet {kind: 'events', status: 'published', eventId: $eventId}) "
    "WITH s ORDER BY s.publishedAt DESC, s.id DESC LIMIT 1 "
    "MATCH (s)-[:CONTAINS]->(p:Proposal)<-[:IN_PROPOSAL]-(m:Member) "
    "RETURN properties(s) AS proposalSet, p.round AS round, p.table AS table, properties(m) AS member "
    "ORDER BY round, table, m.name, m.id"
)
