"""Graph views for drawing: which members a view shows, then their details and the bonds among them.

A view costs a few statements whatever its size. A neighbourhood chooses its member ids,
then reads `view_members`, `VIEW_PASSIONS` and the bonds among them (the driver's
`bonds_among`, a form per engine) for all of them at once. A
community view chooses its members with their details (`community_members`), then reads
`VIEW_PASSIONS` and the bonds among them; when it holds everyone, it reads `ALL_MEMBERS`,
`ALL_PASSIONS` and `ALL_BONDS` side by side instead, which need no list of ids. All of these return scalar columns
only, so that they can be read in bulk (`read_columns`).
"""

from __future__ import annotations

from typing import Final

from graph_api.store import dialect

# Choosing members -------------------------------------------------------------
# The neighbourhood statements give no row for an unknown member, else one row
# {center, hop1, hop2, reached}: each hop list is cut to $cap ids (the caller cuts the
# total) and `reached` counts everyone found, so the caller can tell it cut. Strongest
# bonds come first in hop 1; a pair with bonds of several kinds counts once.

NEIGHBORHOOD_DEPTH_1: Final = (
    "MATCH (c:Member {id: $id}) "
    "OPTIONAL MATCH (c)-[r:BOND]-(n:Member) "
    "WITH c, n, max(r.strength) AS strength ORDER BY strength DESC, n.id "
    "WITH c, collect(n.id) AS hop1 "
    "RETURN c.id AS center, hop1[0..$cap] AS hop1, [] AS hop2, size(hop1) AS reached"
)
#: Hop 2 walks out from the hop-1 members already found: asked as a two-bond path from the
#: centre, Neo4j's planner joins it against an index scan of every member instead.
NEIGHBORHOOD_DEPTH_2: Final = (
    "MATCH (c:Member {id: $id}) "
    "OPTIONAL MATCH (c)-[r:BOND]-(n:Member) "
    "WITH c, n, max(r.strength) AS strength ORDER BY strength DESC, n.id "
    "WITH c, collect(n) AS near "
    "UNWIND (CASE WHEN size(near) = 0 THEN [null] ELSE near END) AS n1 "
    "OPTIONAL MATCH (n1)-[:BOND]-(n2:Member) WHERE n2 <> c AND NOT n2 IN near "
    "WITH c, near, n2 ORDER BY n2.id "
    "WITH c, near, collect(DISTINCT n2.id) AS hop2 "
    "RETURN c.id AS center, [n IN near | n.id][0..$cap] AS hop1, hop2[0..$cap] AS hop2, "
    "size(near) + size(hop2) AS reached"
)


def community_members(*, passions: bool, team: bool, site: bool, bond_degree: str) -> str:
    """The members matching the filters switched on, most bonds first, at most $limit, with
    the columns of `view_members` (so that a community view needs no separate member read).

    $passions (slugs) keeps members holding any of them; $team and $site are ids.
    `bond_degree` is the driver's (`bond_degree()`).
    """
    if passions:
        parts = ["MATCH (p:Passion)<-[:PASSIONATE_ABOUT]-(m:Member) WHERE p.slug IN $passions WITH DISTINCT m"]
    else:
        parts = ["MATCH (m:Member)"]
    if team:
        parts.append("MATCH (m)-[:MEMBER_OF]->(:Team {id: $team})")
    if site:
        parts.append("MATCH (m)-[:BASED_AT]->(:Site {id: $site})")
    parts.append(
        f"{bond_degree} ORDER BY bonds DESC, m.id LIMIT $limit "
        "OPTIONAL MATCH (m)-[:MEMBER_OF]->(t:Team) "
        "OPTIONAL MATCH (m)-[:BASED_AT]->(s:Site) "
        "RETURN m.id AS id, m.name AS name, t.id AS teamId, t.name AS teamName, s.id AS siteId, s.name AS siteName, bonds"
    )
    return " ".join(parts)


#: A team's view reads its members' passions and the bonds among them by the team itself, side
#: by side with choosing its members (`community_members`): one round trip instead of two.
#: Past the view's limit they hold members the view leaves out, whom the drawing ignores.
TEAM_PASSIONS: Final = (
    "MATCH (:Team {id: $team})<-[:MEMBER_OF]-(m:Member)-[r:PASSIONATE_ABOUT]->(p:Passion) "
    "RETURN m.id AS member, p.id AS id, p.slug AS slug, p.name AS name, r.intensity AS intensity"
)
#: The bonds among a team's members: each member's bonds to one of the members already collected
#: (half the time of matching the team at both ends, on both engines: 2,400 bonds of a 40-member
#: team, Neo4j 9 against 13 ms, FalkorDB 3.7 against 5.6).
TEAM_BONDS: Final = (
    "MATCH (:Team {id: $team})<-[:MEMBER_OF]-(m:Member) WITH collect(m) AS team UNWIND team AS a "
    "MATCH (a)-[r:BOND]->(b) WHERE b IN team "
    "RETURN a.id AS source, b.id AS target, r.kind AS kind, r.strength AS strength"
)


#: How many members there are: a view of everyone reads passions and bonds without a list of ids.
COUNT_MEMBERS: Final = "MATCH (m:Member) RETURN count(m) AS members"


def statement_variants() -> dict[str, str]:
    """All eight filter combinations (each is short to lint) and the members read, in Neo4j's form."""
    from graph_api.store.dialect import NEO4J_BOND_DEGREE

    found: dict[str, str] = {"view_members": view_members(NEO4J_BOND_DEGREE)}
    for passions in (False, True):
        for team in (False, True):
            for site in (False, True):
                tag = "+".join(name for name, on in (("passions", passions), ("team", team), ("site", site)) if on)
                found[f"community_members[{tag or 'all'}]"] = community_members(
                    passions=passions, team=team, site=site, bond_degree=NEO4J_BOND_DEGREE
                )
    return found


# Drawing the chosen members -------------------------------------------------------

def view_members(bond_degree: str) -> str:
    """One row per member of $ids (more if the data gives a member several teams or sites).
    `bonds` counts every bond of the member with a member (not only those drawn), the driver's way
    (`bond_degree()`)."""
    return (
        "UNWIND $ids AS id MATCH (m:Member {id: id}) "
        f"{bond_degree} "
        "OPTIONAL MATCH (m)-[:MEMBER_OF]->(t:Team) "
        "OPTIONAL MATCH (m)-[:BASED_AT]->(s:Site) "
        "RETURN m.id AS id, m.name AS name, t.id AS teamId, t.name AS teamName, s.id AS siteId, s.name AS siteName, bonds"
    )
#: One row per passion held by a member of $ids.
VIEW_PASSIONS: Final = (
    "UNWIND $ids AS id MATCH (m:Member {id: id})-[r:PASSIONATE_ABOUT]->(p:Passion) "
    "RETURN m.id AS member, p.id AS id, p.slug AS slug, p.name AS name, r.intensity AS intensity"
)
#: Every member with their team and site, as `view_members` gives them but without `bonds`:
#: a view of everyone counts bonds from ALL_BONDS, which it reads anyway.
ALL_MEMBERS: Final = (
    "MATCH (m:Member) "
    "OPTIONAL MATCH (m)-[:MEMBER_OF]->(t:Team) "
    "OPTIONAL MATCH (m)-[:BASED_AT]->(s:Site) "
    "RETURN m.id AS id, m.name AS name, t.id AS teamId, t.name AS teamName, s.id AS siteId, s.name AS siteName"
)
#: Every passion held by every member, as VIEW_PASSIONS gives them.
ALL_PASSIONS: Final = (
    "MATCH (m:Member)-[r:PASSIONATE_ABOUT]->(p:Passion) "
    "RETURN m.id AS member, p.id AS id, p.slug AS slug, p.name AS name, r.intensity AS intensity"
)
#: Every bond, each once (as stored), as the driver's `bonds_among` gives them, grouped by the
#: source member in id order: the drawing sorts its bonds by (source, target), and a list
#: that comes grouped sorts several times faster than one in storage order (a second saved at
#: 1,000,000 bonds). Neo4j walks its range index of member ids in order (no sort); FalkorDB
#: sorts 100,000 ids in a few milliseconds. The far end is a Member: a deactivated member keeps
#: their bonds, hidden.
ALL_BONDS: Final = (
    dialect.MEMBERS_BY_ID + "WITH a ORDER BY a.id "
    "MATCH (a)-[r:BOND]->(b:Member) RETURN a.id AS source, b.id AS target, r.kind AS kind, r.strength AS strength"
)
