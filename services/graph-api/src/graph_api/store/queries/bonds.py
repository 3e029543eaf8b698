"""Bonds members make themselves: a request, confirmed when the other member asks back.

A confirmed bond is stored once per pair and kind, from the smaller id to the larger,
like every BOND; a request points from the member who asked.
"""

from __future__ import annotations

from typing import Final

# Confirms (creating the bond, dropping the other's request) when the other member already
# asked for this kind, or when the bond exists (then nothing changes); otherwise stores
# my request once. No row when either member is unknown.
RECORD_BOND_REQUEST: Final = (
    "MATCH (me:Member {id: $me}) MATCH (other:Member {id: $other}) "
    "WITH me, other, CASE WHEN me.id < other.id THEN me ELSE other END AS a, "
    "CASE WHEN me.id < other.id THEN other ELSE me END AS b "
    "OPTIONAL MATCH (other)-[asked:BOND_REQUEST {kind: $kind}]->(me) "
    "WITH me, other, a, b, collect(asked) AS asked "
    "OPTIONAL MATCH (a)-[bond:BOND {kind: $kind}]->(b) "
    "WITH me, other, a, b, asked, collect(bond) AS bonds "
    "WITH me, other, a, b, asked, bonds, size(bonds) > 0 OR size(asked) > 0 AS confirmed "
    "FOREACH (_ IN CASE WHEN confirmed AND size(bonds) = 0 THEN [1] ELSE [] END | "
    "MERGE (a)-[r:BOND {kind: $kind}]->(b) ON CREATE SET r.since = $since, r.source = $source, r.strength = $strength) "
    "FOREACH (request IN asked | DELETE request) "
    "FOREACH (_ IN CASE WHEN confirmed THEN [] ELSE [1] END | "
    "MERGE (me)-[q:BOND_REQUEST {kind: $kind}]->(other) ON CREATE SET q.since = $since) "
    # FalkorDB does not read back what this statement created, so the values come from
    # the bond that was there or from the parameters that made it.
    "RETURN confirmed, coalesce(head(bonds).strength, $strength) AS strength, "
    "coalesce(head(bonds).since, $since) AS since, coalesce(head(bonds).source, $source) AS source"
)

# Removes the bond of this kind, or the request either member made: no row when either
# member is unknown, `removed` 0 when there was nothing to remove.
REMOVE_BOND_OR_REQUEST: Final = (
    "MATCH (me:Member {id: $me}) MATCH (other:Member {id: $other}) "
    "OPTIONAL MATCH (me)-[r:BOND|BOND_REQUEST {kind: $kind}]-(other) "
    "WITH me, other, collect(r) AS found "
    "FOREACH (x IN found | DELETE x) "
    "RETURN size(found) AS removed"
)

BOND_REQUESTS_OF_MEMBER: Final = (
    "MATCH (me:Member {id: $memberId})-[r:BOND_REQUEST]-(other:Member) "
    "RETURN other.id AS otherId, r.kind AS kind, r.since AS since, startNode(r).id = $memberId AS outgoing "
    "ORDER BY since, otherId, kind"
)
