"""What a published proposal set changed: the answers of its members, and the sets aimed at a
KPI target (`ProposalSet.aimedTargetIds`, a list property). The graph itself (members' teams,
sites and passions, bonds) is read with the KPI statements (queries.kpis)."""

from __future__ import annotations

from typing import Final

#: Every member's answer to every proposal of a set, one row each.
SET_ANSWERS: Final = (
    "MATCH (:ProposalSet {id: $id})-[:CONTAINS]->(:Proposal)<-[r:IN_PROPOSAL]-(m:Member) "
    "RETURN m.id AS member, r.response AS response, r.respondedAt AS respondedAt"
)
#: The published sets aimed at one target, most recently published first.
SETS_AIMED_AT: Final = (
    "MATCH (s:ProposalSet) WHERE s.status = 'published' AND $targetId IN coalesce(s.aimedTargetIds, []) "
    "RETURN properties(s) AS node ORDER BY s.publishedAt DESC, s.id DESC LIMIT $limit"
)
