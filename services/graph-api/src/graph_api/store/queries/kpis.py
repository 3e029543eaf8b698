"""Community health: the reads behind the health inputs, KPI targets and KPI history snapshots
(store/kpis.py, KpiStore).

The load statements read the whole graph, one statement per kind of fact, as flat columns
of strings, integers and nulls only (no lists, maps or booleans): KpiStore reads them
column-wise, and on FalkorDB straight from the verbose reply, which cannot carry lists.

(:KpiTarget {id, kpi, scopeKind, scopeId, target, by, createdAt, baseline, baselineAt});
(:KpiSnapshot {id, at, scopeKind, scopeId, values, takenAt}), one per day and scope, its id
made of both so that taking it again that day replaces it; `values` is a JSON object
(KPI name -> value or null) as a string. `scopeId` is absent for the community scope.
"""

from __future__ import annotations

from typing import Final

# Loading the health inputs ---------------------------------------------------------------

# One row per member: teams and sites are assigned by replacing the previous one.
KPI_MEMBERS: Final = (
    "MATCH (m:Member) "
    "OPTIONAL MATCH (m)-[:MEMBER_OF]->(t:Team) "
    "OPTIONAL MATCH (m)-[:BASED_AT]->(s:Site) "
    "RETURN m.id AS id, t.id AS team, s.id AS site, m.joinedAt AS joinedAt, m.lastActiveAt AS lastActiveAt"
)
# A bond is confirmed when both members asked for it (source 'member', see queries.bonds) or
# both recorded meeting at an event (confirmedAt, see queries.events.RECORD_MET).
# Unlabelled ends: Neo4j then scans the relationship type instead of checking two labels per
# bond (bonds join members only; the report ignores any other).
KPI_BONDS: Final = (
    "MATCH (a)-[r:BOND]->(b) "
    "RETURN a.id AS a, b.id AS b, r.kind AS kind, r.since AS since, r.source AS source, r.eventId AS eventId, "
    "r.confirmedAt AS confirmedAt"
)
# Accepted purpose groups: communities with their origin's reason (it names the passions)...
KPI_GROUPS: Final = (
    "MATCH (c:PurposeCommunity) OPTIONAL MATCH (c)-[:FORMED_FROM]->(p:Proposal) "
    "RETURN c.id AS id, c.createdAt AS createdAt, p.reason AS reason"
)
# ... and their members, one row each.
KPI_GROUP_MEMBERS: Final = (
    "MATCH (m:Member)-[:BELONGS_TO]->(c:PurposeCommunity) RETURN c.id AS community, m.id AS member"
)
KPI_PASSIONS: Final = "MATCH (m:Member)-[:PASSIONATE_ABOUT]->(p:Passion) RETURN m.id AS member, p.slug AS slug"
KPI_SKILLS: Final = (
    "MATCH (m:Member)-[r:SEEKS|OFFERS]->(s:Skill) RETURN m.id AS member, type(r) AS link, s.slug AS slug"
)
# Every member's answer to a published proposal; skills pairings carry their reason (the skill).
KPI_ANSWERS: Final = (
    "MATCH (:ProposalSet {status: 'published'})-[:CONTAINS]->(p:Proposal)<-[r:IN_PROPOSAL]-(m:Member) "
    "RETURN p.id AS proposal, p.kind AS kind, m.id AS member, r.response AS response, "
    "r.respondedAt AS respondedAt, CASE WHEN p.kind = 'skills' THEN p.reason END AS reason, r.metAnswer AS metAnswer"
)
# One row per attendance; an event without attendees gives one row with a null member.
KPI_EVENTS: Final = (
    "MATCH (e:Event) OPTIONAL MATCH (m:Member)-[:ATTENDED]->(e) "
    "RETURN e.id AS id, e.startsAt AS startsAt, m.id AS member"
)

# Targets --------------------------------------------------------------------------------------

CREATE_KPI_TARGET: Final = (
    "CREATE (t:KpiTarget {id: $id, kpi: $kpi, scopeKind: $scopeKind, scopeId: $scopeId, target: $target, "
    "by: $by, createdAt: $now, baseline: $baseline, baselineAt: $baselineAt}) "
    "RETURN properties(t) AS node"
)
# Every target when $scopeKind is null, else those of one scope ($scopeId '' for the community).
KPI_TARGETS: Final = (
    "MATCH (t:KpiTarget) "
    "WHERE $scopeKind IS NULL OR (t.scopeKind = $scopeKind AND coalesce(t.scopeId, '') = $scopeId) "
    "RETURN properties(t) AS node ORDER BY t.createdAt, t.id"
)
DELETE_KPI_TARGET: Final = "MATCH (t:KpiTarget {id: $id}) WITH t, t.id AS id DELETE t RETURN id"

# History ---------------------------------------------------------------------------------------

# Each of $snapshots: {id, at, scopeKind, scopeId, values}.
PUT_KPI_SNAPSHOTS: Final = (
    "UNWIND $snapshots AS s "
    "MERGE (n:KpiSnapshot {id: s.id}) "
    "SET n.at = s.at, n.scopeKind = s.scopeKind, n.scopeId = s.scopeId, n.values = s.values, n.takenAt = $now "
    "RETURN s.id AS id"
)
KPI_HISTORY: Final = (
    "MATCH (n:KpiSnapshot {scopeKind: $scopeKind}) "
    "WHERE coalesce(n.scopeId, '') = $scopeId AND n.at >= $from AND n.at <= $to "
    "RETURN n.at AS at, n.values AS values ORDER BY at"
)

# How many members a team, site or passion scope holds (the same membership as the report's).
SCOPE_MEMBERS_TEAM: Final = "MATCH (m:Member)-[:MEMBER_OF]->(:Team {id: $id}) RETURN count(DISTINCT m) AS members"
SCOPE_MEMBERS_SITE: Final = "MATCH (m:Member)-[:BASED_AT]->(:Site {id: $id}) RETURN count(DISTINCT m) AS members"
SCOPE_MEMBERS_PASSION: Final = (
    "MATCH (m:Member)-[:PASSIONATE_ABOUT]->(:Passion {slug: $id}) RETURN count(DISTINCT m) AS members"
)
SCOPE_MEMBERS: Final = {"team": SCOPE_MEMBERS_TEAM, "site": SCOPE_MEMBERS_SITE, "passion": SCOPE_MEMBERS_PASSION}
