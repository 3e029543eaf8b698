"""Graph views for drawing: neighbourhoods and community graphs, read in bulk.

A view costs at most four statements whatever its size (see queries.views). Reads that go
together are sent with `read_columns_together`: on Neo4j, where a round trip costs about a
millisecond, that makes a team's view one statement and a neighbourhood two.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any, Final

from graph_api.domain.views import DrawnBond, DrawnMember, Drawing
from graph_api.errors import NotFoundError
from graph_api.store.bulk import cyclic_gc_paused
from graph_api.store.driver import ColumnRead, GraphDriver
from graph_api.store.queries import views as q

Columns = dict[str, list[Any]]

MEMBER_COLUMNS: Final = {"id": str, "name": str, "teamId": str, "teamName": str, "siteId": str, "siteName": str, "bonds": int}
#: Every member's columns but the bond count, which a view of everyone counts from the bonds it reads.
MEMBER_COLUMNS_UNCOUNTED: Final = {name: kind for name, kind in MEMBER_COLUMNS.items() if name != "bonds"}
PASSION_COLUMNS: Final = {"member": str, "id": str, "slug": str, "name": str, "intensity": int}
BOND_COLUMNS: Final = {"source": str, "target": str, "kind": str, "strength": float}


def _drawing(members: Columns, passions: Columns, bonds: Columns, order: list[str], truncated: bool) -> Drawing:
    """The members of `order` found in the columns of view_members, VIEW_PASSIONS and bonds_among,
    in that order, and the bonds among them."""
    held: dict[str, list[tuple[str, str, str, int]]] = {}
    for member, key, slug, name, intensity in zip(*(passions[c] for c in PASSION_COLUMNS), strict=True):
        held.setdefault(member, []).append((key, slug, name, int(intensity)))
    by_id: dict[str, DrawnMember] = {}
    for key, name, team, team_name, site, site_name, count in zip(*(members[c] for c in MEMBER_COLUMNS), strict=True):
        if key in by_id:
            continue  # a member the data gives several teams is drawn with one
        by_id[key] = DrawnMember(
            key=key,
            name=name,
            team=(team, team_name) if team is not None else None,
            site=(site, site_name) if site is not None else None,
            bonds=int(count),
            passions=sorted(held.get(key, []), key=lambda p: (-p[3], p[1])),
        )
    drawn_members = [by_id[key] for key in order if key in by_id]
    drawn = {member.key for member in drawn_members}
    drawn_bonds: list[DrawnBond] = sorted(
        (source, target, kind, float(strength))
        for source, target, kind, strength in zip(*(bonds[c] for c in BOND_COLUMNS), strict=True)
        if source in drawn and target in drawn
    )
    return Drawing(members=drawn_members, bonds=drawn_bonds, truncated=truncated)


def chosen_members_reads(*, bond_degree: str, bonds_among: str) -> list[ColumnRead]:
    """What a view of chosen members ($ids) reads together: members, passions, bonds among them."""
    return [(q.view_members(bond_degree), MEMBER_COLUMNS), *details_reads(bonds_among=bonds_among)]


def details_reads(*, bonds_among: str) -> list[ColumnRead]:
    """The passions of chosen members ($ids) and the bonds among them, read together."""
    return [(q.VIEW_PASSIONS, PASSION_COLUMNS), (bonds_among, BOND_COLUMNS)]


def team_reads(*, bond_degree: str) -> list[ColumnRead]:
    """What a team's view reads together, by the team ($team): a team is small, so its details are
    read with its members, not after them."""
    members = q.community_members(passions=False, team=True, site=False, bond_degree=bond_degree)
    return [(members, MEMBER_COLUMNS), (q.TEAM_PASSIONS, PASSION_COLUMNS), (q.TEAM_BONDS, BOND_COLUMNS)]


class GraphViews:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def neighborhood(self, *, member_id: str, depth: int, cap: int) -> Drawing:
        """The member, those bonded to them (depth 1) and their bonds (depth 2): at most `cap`
        members, closest first. Depth is 1 or 2."""
        statement = q.NEIGHBORHOOD_DEPTH_1 if depth == 1 else q.NEIGHBORHOOD_DEPTH_2
        rows = await self._driver.read(statement, {"id": member_id, "cap": cap})
        if not rows:
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")
        row = rows[0]
        ids = [row["center"], *row["hop1"], *row["hop2"]]
        return await self._draw(ids[:cap], truncated=1 + row["reached"] > cap)

    async def community(
        self, *, passions: list[str] | None, team: str | None, site: str | None, limit: int
    ) -> Drawing:
        """Members matching the filters given (passion slugs, team and site ids; None matches
        everyone), most bonds first, at most `limit`."""
        params: dict[str, Any] = {
            name: value for name, value in (("passions", passions), ("team", team), ("site", site)) if value is not None
        }
        with cyclic_gc_paused():
            return await self._draw_community(params, limit)

    async def _draw(self, ids: list[str], *, truncated: bool) -> Drawing:
        if not ids:
            return Drawing.empty(truncated=truncated)
        reads = chosen_members_reads(bond_degree=self._driver.bond_degree(), bonds_among=self._driver.bonds_among())
        members, passions, bonds = await self._driver.read_columns_together(reads, {"ids": ids})
        return _drawing(members, passions, bonds, ids, truncated)

    async def _draw_community(self, params: dict[str, Any], limit: int) -> Drawing:
        if not params:
            (count,) = await self._driver.read(q.COUNT_MEMBERS)
            if count["members"] <= limit:
                return await self._draw_everyone(limit, count["members"])
        chosen = {**params, "limit": limit + 1}
        if params.keys() == {"team"}:
            reads = team_reads(bond_degree=self._driver.bond_degree())
            members, passions, bonds = await self._driver.read_columns_together(reads, chosen)
            return _drawing(members, passions, bonds, members["id"][:limit], len(members["id"]) > limit)
        statement = q.community_members(
            passions="passions" in params, team="team" in params, site="site" in params, bond_degree=self._driver.bond_degree()
        )
        members = await self._driver.read_columns(statement, MEMBER_COLUMNS, chosen)
        ids = members["id"][:limit]
        if not ids:
            return Drawing.empty()
        passions, bonds = await self._driver.read_columns_together(
            details_reads(bonds_among=self._driver.bonds_among()), {"ids": ids}
        )
        return _drawing(members, passions, bonds, ids, len(members["id"]) > limit)

    async def _draw_everyone(self, limit: int, members_count: int) -> Drawing:
        """Every member (the community fits the limit): three reads side by side, no list of ids.
        Bonds are counted and members ordered here, from the bonds read anyway."""
        members, passions, bonds = await asyncio.gather(
            self._driver.read_columns(q.ALL_MEMBERS, MEMBER_COLUMNS_UNCOUNTED),
            self._driver.read_columns(q.ALL_PASSIONS, PASSION_COLUMNS),
            self._driver.read_columns_of_everyone(q.ALL_BONDS, BOND_COLUMNS, members=members_count),
        )
        degree = Counter(bonds["source"])
        degree.update(bonds["target"])
        members["bonds"] = [degree[key] for key in members["id"]]
        # Most bonds first, as community_members orders them (someone may have joined since the count).
        order = sorted(set(members["id"]), key=lambda key: (-degree[key], key))
        return _drawing(members, passions, bonds, order[:limit], len(order) > limit)
