"""Proposals from the recommender, members' answers, and the purpose communities they form.

(:ProposalSet)-[:CONTAINS]->(:Proposal)<-[:IN_PROPOSAL {response, respondedAt}]-(:Member);
accepting a purpose-group proposal puts the member in its community:
(:Member)-[:BELONGS_TO {since}]->(:PurposeCommunity {proposalId})-[:FORMED_FROM]->(:Proposal).
Declining an intro or skills pairing records (:Member)-[:DECLINED_PAIR {at, proposalId}]->(:Member)
towards each other member. JSON values (parameters, quality, reason) are stored as strings.
"""

from __future__ import annotations

from typing import Final

from graph_api.store.queries.outbox import enqueue_digests
from graph_api.store.queries.webhooks import webhooks_on_answer, webhooks_on_publish

# The columns every proposal or community row carries, so neither needs a second read:
# the proposal `p` with its participants, and its community `c` (either may be null) with
# the community's members. FalkorDB cannot nest pattern comprehensions, hence four columns.
_COLUMNS: Final = (
    "properties(p) AS proposal, "
    "[(m:Member)-[r:IN_PROPOSAL]->(p) | {id: m.id, response: r.response, respondedAt: r.respondedAt}] AS participants, "
    "properties(c) AS community, "
    "[(x:Member)-[:BELONGS_TO]->(c) | x.id] AS communityMembers"
)
_COMMUNITY_OF_P: Final = "OPTIONAL MATCH (c:PurposeCommunity)-[:FORMED_FROM]->(p) "
_PROPOSAL_OF_C: Final = "OPTIONAL MATCH (c)-[:FORMED_FROM]->(p:Proposal) "

# Storing a set ------------------------------------------------------------------------------

MEMBER_STATES: Final = (
    "UNWIND $ids AS id MATCH (m:Member {id: id}) "
    "RETURN m.id AS id, m.handle AS handle, coalesce(m.optOut, false) AS optOut, "
    "m.pausedUntil AS pausedUntil, m.proposalKinds AS proposalKinds"
)
# The whole set in one statement, written only when every member in $memberIds (distinct)
# still exists and has not opted out; otherwise no row and nothing written. Groupings are
# never empty (domain.proposal_rules), so the final count keeps exactly one row.
STORE_PROPOSAL_SET: Final = (
    "UNWIND $memberIds AS memberId "
    "OPTIONAL MATCH (m:Member {id: memberId}) WHERE NOT coalesce(m.optOut, false) "
    "WITH count(m) AS eligible WHERE eligible = size($memberIds) "
    "OPTIONAL MATCH (t:KpiTarget) WHERE t.id IN $aimedTargetIds "
    "WITH eligible, count(t) AS aimed WHERE aimed = size($aimedTargetIds) "
    "CREATE (s:ProposalSet {id: $id, kind: $kind, status: 'draft', parameters: $parameters, "
    "algorithmVersion: $algorithmVersion, quality: $quality, createdAt: $now, eventId: $eventId, seed: $seed, "
    "aimedTargetIds: $aimedTargetIds}) "
    "WITH s "
    "UNWIND $groupings AS g "
    "CREATE (s)-[:CONTAINS]->(p:Proposal {id: g.id, kind: s.kind, round: g.round, table: g.table, "
    "reason: g.reason, reasonText: g.reasonText}) "
    "WITH s, p, g UNWIND g.members AS memberId "
    "MATCH (m:Member {id: memberId}) "
    "CREATE (m)-[:IN_PROPOSAL {response: 'pending'}]->(p) "
    "WITH s, count(*) AS links "
    "RETURN properties(s) AS node"
)

#: Which of $ids name KPI targets (a run aimed at targets names only existing ones).
EXISTING_TARGETS: Final = "MATCH (t:KpiTarget) WHERE t.id IN $ids RETURN t.id AS id"

# Reading and publishing sets ------------------------------------------------------------------

PROPOSAL_SET_BY_ID: Final = "MATCH (s:ProposalSet {id: $id}) RETURN properties(s) AS node"
#: How many members its proposals include, each once: who hears of it when it is published.
PROPOSAL_SET_MEMBER_COUNT: Final = (
    "MATCH (:ProposalSet {id: $id})-[:CONTAINS]->(:Proposal)<-[:IN_PROPOSAL]-(m:Member) RETURN count(DISTINCT m) AS members"
)
PROPOSAL_SET_STATUS: Final = "MATCH (s:ProposalSet)-[:CONTAINS]->(:Proposal {id: $id}) RETURN s.status AS status"
PROPOSAL_MEMBERS: Final = "MATCH (:Proposal {id: $id})<-[:IN_PROPOSAL]-(m:Member) RETURN m.id AS id"
#: Takes a whole group out of a draft set; no row when the proposal is unknown or its set published.
REMOVE_DRAFT_PROPOSAL: Final = (
    "MATCH (s:ProposalSet {status: 'draft'})-[:CONTAINS]->(p:Proposal {id: $id}) "
    "WITH s, p, s.id AS setId DETACH DELETE p RETURN setId"
)
#: Takes one member out of a group of a draft set, when at least two others stay (else no row).
#: The reason text is rewritten from the members who stay: the recommender's named the one taken out.
REMOVE_DRAFT_MEMBER: Final = (
    "MATCH (s:ProposalSet {status: 'draft'})-[:CONTAINS]->(p:Proposal {id: $id})<-[:IN_PROPOSAL]-(x:Member) "
    "WITH s, p, count(x) AS size WHERE size > 2 "
    "MATCH (p)<-[r:IN_PROPOSAL]-(:Member {id: $memberId}) DELETE r "
    "WITH s, p, size - 1 AS staying "
    "MATCH (p)<-[:IN_PROPOSAL]-(m:Member) WHERE m.id <> $memberId "
    "OPTIONAL MATCH (m)-[:PASSIONATE_ABOUT]->(q:Passion) "
    "WITH s, p, staying, q, count(DISTINCT m) AS holders "
    "WITH s, p, [n IN collect(CASE WHEN holders = staying THEN q.name END) WHERE n IS NOT NULL] AS shared "
    "SET p.reasonText = CASE WHEN size(shared) = 0 "
    "THEN 'An organiser chose this group; you share no passion yet, which makes for new ideas.' "
    "ELSE 'An organiser chose this group: all of you love ' + "
    "reduce(text = '', i IN range(0, size(shared) - 1) | text + "
    "CASE WHEN i = 0 THEN '' WHEN i = size(shared) - 1 THEN ' and ' ELSE ', ' END + shared[i]) + '.' END, "
    "p.edited = true "
    "RETURN s.id AS setId"
)
#: Publishing queues, in the same write, one mail per member of the set ($mailIdPrefix null: mail is
#: off) and one webhook delivery per endpoint that wants to hear of it ($hookIdPrefix null: off).
PUBLISH_PROPOSAL_SET: Final = (
    "MATCH (s:ProposalSet {id: $id}) WHERE s.status = 'draft' "
    "SET s.status = 'published', s.publishedAt = $now "
    # A table plan changes what the event's calendar entry says (your tables): a new revision, so
    # calendar apps that hold the entry take the new one (its SEQUENCE).
    "WITH s OPTIONAL MATCH (e:Event {id: coalesce(s.eventId, '')}) WHERE s.kind = 'events' "
    "FOREACH (_ IN CASE WHEN e IS NULL THEN [] ELSE [1] END | "
    "SET e.revision = coalesce(e.revision, 0) + 1, e.updatedAt = $now) "
    "WITH s "
    f"{enqueue_digests}"
    f"{webhooks_on_publish}"
    "RETURN properties(s) AS node"
)
# Filters are null when not asked for; $eventIds holds the forms an event's id may be stored in.
_SET_FILTERS: Final = (
    "($kind IS NULL OR s.kind = $kind) AND ($status IS NULL OR s.status = $status) "
    "AND ($eventIds IS NULL OR s.eventId IN $eventIds)"
)
# Newest first; $afterKey/$afterId (createdAt, id of the last row seen) are null on the first page.
PROPOSAL_SETS_PAGE: Final = (
    f"MATCH (s:ProposalSet) WHERE {_SET_FILTERS} "
    "AND ($afterKey IS NULL OR s.createdAt < $afterKey OR (s.createdAt = $afterKey AND s.id > $afterId)) "
    "RETURN properties(s) AS node ORDER BY s.createdAt DESC, s.id LIMIT $limit"
)
PROPOSAL_SETS_COUNT: Final = f"MATCH (s:ProposalSet) WHERE {_SET_FILTERS} RETURN count(s) AS total"
# Proposal ids sort in the order the recommender gave its groupings.
SET_PROPOSALS_PAGE: Final = (
    "MATCH (:ProposalSet {id: $setId})-[:CONTAINS]->(p:Proposal) WHERE $afterId IS NULL OR p.id > $afterId "
    "WITH p ORDER BY p.id LIMIT $limit "
    f"{_COMMUNITY_OF_P}"
    f"RETURN p.id AS id, {_COLUMNS} ORDER BY id"
)
SET_PROPOSALS_COUNT: Final = (
    "MATCH (:ProposalSet {id: $setId})-[:CONTAINS]->(p:Proposal) RETURN count(p) AS total"
)

# Members and their proposals ---------------------------------------------------------------------

MY_PROPOSALS: Final = (
    "MATCH (:Member {id: $memberId})-[mine:IN_PROPOSAL]->(p:Proposal)<-[:CONTAINS]-(s:ProposalSet {status: 'published'}) "
    "WHERE ($response IS NULL OR mine.response = $response) AND ($kinds IS NULL OR p.kind IN $kinds) "
    "WITH p, s.publishedAt AS publishedAt ORDER BY publishedAt DESC, p.id LIMIT $limit "
    f"{_COMMUNITY_OF_P}"
    f"RETURN p.id AS id, publishedAt, {_COLUMNS} ORDER BY publishedAt DESC, id"
)
# One published proposal that includes the member; no row otherwise.
MY_PROPOSAL: Final = (
    "MATCH (:Member {id: $memberId})-[:IN_PROPOSAL]->(p:Proposal {id: $id})"
    "<-[:CONTAINS]-(:ProposalSet {status: 'published'}) "
    f"{_COMMUNITY_OF_P}"
    f"RETURN {_COLUMNS}"
)
# The answer and its consequences in one statement (what it may delete is collected first,
# then each consequence is a FOREACH over a list that is empty unless its condition holds):
# accepting a purpose group joins its community (created by the first acceptance), declining
# leaves it; declining an intro or skills pairing blocks each pair, accepting unblocks them.
# Endpoints that want to hear of answers get a delivery in the same write ($hookIdPrefix).
RESPOND_TO_PROPOSAL: Final = (
    "MATCH (me:Member {id: $memberId})-[mine:IN_PROPOSAL]->(p:Proposal {id: $id})"
    "<-[:CONTAINS]-(:ProposalSet {status: 'published'}) "
    "SET mine.response = $response, mine.respondedAt = $now "
    "WITH me, p "
    "OPTIONAL MATCH (me)-[belongs:BELONGS_TO]->(:PurposeCommunity {proposalId: p.id}) "
    "WITH me, p, collect(belongs) AS memberships "
    "OPTIONAL MATCH (other:Member)-[:IN_PROPOSAL]->(p) WHERE other.id <> me.id "
    "WITH me, p, memberships, collect(other) AS others "
    "OPTIONAL MATCH (me)-[declined:DECLINED_PAIR {proposalId: p.id}]->(:Member) "
    "WITH me, p, memberships, others, collect(declined) AS declines "
    "FOREACH (_ IN CASE WHEN $accept AND p.kind = 'purpose' THEN [1] ELSE [] END | "
    "MERGE (c:PurposeCommunity {proposalId: p.id}) "
    "ON CREATE SET c.id = $communityId, c.name = $communityName, c.createdAt = $now "
    "MERGE (c)-[:FORMED_FROM]->(p) "
    "MERGE (me)-[b:BELONGS_TO]->(c) ON CREATE SET b.since = $now) "
    "FOREACH (b IN CASE WHEN $accept THEN [] ELSE memberships END | DELETE b) "
    "FOREACH (other IN CASE WHEN NOT $accept AND p.kind IN ['intros', 'skills'] THEN others ELSE [] END | "
    "MERGE (me)-[d:DECLINED_PAIR {proposalId: p.id}]->(other) SET d.at = $now) "
    "FOREACH (d IN CASE WHEN $accept THEN declines ELSE [] END | DELETE d) "
    "WITH p "
    f"{webhooks_on_answer}"
    "RETURN p.id AS id"
)

# Purpose communities -----------------------------------------------------------------------------

# Newest first, only communities someone still belongs to; $afterKey/$afterId as for sets.
COMMUNITIES_PAGE: Final = (
    "MATCH (c:PurposeCommunity) WITH c, size([(x:Member)-[:BELONGS_TO]->(c) | x]) AS memberCount "
    "WHERE memberCount > 0 AND ($afterKey IS NULL OR c.createdAt < $afterKey OR (c.createdAt = $afterKey AND c.id > $afterId)) "
    "WITH c ORDER BY c.createdAt DESC, c.id LIMIT $limit "
    f"{_PROPOSAL_OF_C}"
    f"RETURN c.createdAt AS createdAt, c.id AS id, {_COLUMNS} ORDER BY createdAt DESC, id"
)
COMMUNITIES_COUNT: Final = (
    "MATCH (c:PurposeCommunity) WITH c, size([(x:Member)-[:BELONGS_TO]->(c) | x]) AS memberCount "
    "WHERE memberCount > 0 RETURN count(c) AS total"
)
COMMUNITIES_BY_ID: Final = (
    f"UNWIND $ids AS id MATCH (c:PurposeCommunity {{id: id}}) {_PROPOSAL_OF_C}RETURN id, {_COLUMNS}"
)
# Batched for the Member.communities DataLoader.
COMMUNITIES_OF_MEMBERS: Final = (
    "UNWIND $ids AS id MATCH (:Member {id: id})-[:BELONGS_TO]->(c:PurposeCommunity) "
    f"{_PROPOSAL_OF_C}RETURN id, {_COLUMNS}"
)
