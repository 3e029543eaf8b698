"""A member's consent to proposals: the pause, the kinds wanted, the "don't introduce me to" list.

The list is (:Member)-[:NO_INTRO {since}]->(:Member), read only by its owner and, as an
anonymous pair, by the recommender (queries.snapshot.NO_INTRO_PAIRS).
"""

from __future__ import annotations

from typing import Final

# The member's own pause replaces one the follow-ups caused (domain/followups.py); lifting that
# one forgets the proposals accepted until $now for the next such pause.
SET_PAUSE: Final = (
    "MATCH (m:Member {id: $memberId}) WITH m, coalesce(m.pauseReason, '') = $followUpsReason AS lifting "
    "SET m.pausedUntil = $until, m.pauseReason = null, "
    "m.followUpsCountFrom = CASE WHEN lifting THEN $now ELSE m.followUpsCountFrom END "
    "RETURN properties(m) AS node"
)
SET_KINDS: Final = "MATCH (m:Member {id: $memberId}) SET m.proposalKinds = $kinds RETURN properties(m) AS node"

# One statement: the pair is written only when it is new and the list has room. No row when
# either member is unknown; `present` says it was already there, `listed` how long the list was.
ADD_NO_INTRO: Final = (
    "MATCH (me:Member {id: $memberId}) MATCH (other:Member {id: $otherId}) "
    "OPTIONAL MATCH (me)-[listed:NO_INTRO]->(:Member) "
    "WITH me, other, count(listed) AS listed "
    "OPTIONAL MATCH (me)-[already:NO_INTRO]->(other) "
    "WITH me, other, listed, count(already) > 0 AS present "
    "FOREACH (_ IN CASE WHEN NOT present AND listed < $max THEN [1] ELSE [] END | "
    "MERGE (me)-[r:NO_INTRO]->(other) ON CREATE SET r.since = $now) "
    "RETURN present, listed"
)
# No row when the owner is unknown; `removed` 0 when the other was not on the list.
REMOVE_NO_INTRO: Final = (
    "MATCH (me:Member {id: $memberId}) "
    "OPTIONAL MATCH (me)-[r:NO_INTRO]->(:Member {id: $otherId}) "
    "WITH collect(r) AS found "
    "FOREACH (x IN found | DELETE x) "
    "RETURN size(found) AS removed"
)
NO_INTRO_LIST: Final = (
    "MATCH (:Member {id: $memberId})-[r:NO_INTRO]->(o:Member) "
    "RETURN properties(o) AS node ORDER BY o.name, o.id LIMIT $limit"
)
ON_NO_INTRO_LIST: Final = (
    "MATCH (:Member {id: $memberId})-[r:NO_INTRO]->(:Member {id: $otherId}) RETURN count(r) AS found"
)
# Pairs in any grouping of a proposal set about to be stored where one asked not to meet the other.
NO_INTRO_AMONG: Final = (
    "MATCH (x:Member)-[:NO_INTRO]->(y:Member) WHERE x.id IN $ids AND y.id IN $ids "
    "RETURN x.id AS a, y.id AS b"
)
