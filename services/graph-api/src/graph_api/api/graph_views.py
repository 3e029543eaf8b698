"""Graph views for drawing (sigma.js / graphology): members with their passions, teams and
sites as nodes, bonds and memberships as edges.

Bonds are private in detail, but silos only show if their existence is drawn: an edge
carries a bond's kind and strength, never its date or source. Members who opted out of
recommendations are drawn like everyone else. A view costs at most three statements.
"""

from __future__ import annotations

import asyncio
import enum
from collections import Counter
from typing import Any, Final

import strawberry
from strawberry.relay import GlobalID

from graph_api.api.context import Info
from graph_api.api.ids import plain_id
from graph_api.api.permissions import SIGNED_IN
from graph_api.api.types import BondKind
from graph_api.domain import rules
from graph_api.errors import BadInputError, NotFoundError
from graph_api.store.driver import GraphDriver, Record
from graph_api.store.queries import views as q

NEIGHBORHOOD_MAX_MEMBERS: Final = 2000
COMMUNITY_DEFAULT: Final = 500
COMMUNITY_MAX: Final = 5000
FILTER_PASSIONS_MAX: Final = 20
INTENSITY_MAX: Final = 5


@strawberry.enum(description="What a graph node stands for.")
class GraphNodeKind(enum.Enum):
    MEMBER = "MEMBER"
    PASSION = "PASSION"
    TEAM = "TEAM"
    SITE = "SITE"


@strawberry.enum(description="What a graph edge stands for.")
class GraphEdgeKind(enum.Enum):
    BOND = "BOND"
    PASSION = "PASSION"
    MEMBER_OF = "MEMBER_OF"
    BASED_AT = "BASED_AT"


@strawberry.type(description="A node to draw.")
class GraphNode:
    id: strawberry.ID = strawberry.field(description="The global id (usable with `node`).")
    key: str = strawberry.field(description="The plain store id; edges name their ends by it.")
    kind: GraphNodeKind
    label: str
    team: str | None = strawberry.field(default=None, description="Members: their team's key, for colouring.")
    site: str | None = strawberry.field(default=None, description="Members: their site's key.")
    passions: list[str] | None = strawberry.field(default=None, description="Members: their passion slugs.")
    size: float | None = strawberry.field(
        default=None,
        description="Members: how many bonds they have (all, not only those drawn); "
        "passions, teams and sites: how many of the drawn members they hold.",
    )


@strawberry.type(description="An edge to draw, between two node keys.")
class GraphEdge:
    source: str
    target: str
    kind: GraphEdgeKind
    bond_kind: BondKind | None = strawberry.field(default=None, description="Bonds only.")
    weight: float | None = strawberry.field(
        default=None, description="Bonds: their strength (0 to 1); passions: intensity / 5; memberships: null."
    )


@strawberry.type(description="Nodes and edges to draw; every edge joins two of the nodes.")
class GraphView:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = strawberry.field(description="More members matched than the view holds.")


@strawberry.input(description="Which members a community graph draws; omitted filters match everyone.")
class CommunityGraphFilter:
    passions: list[str] | None = strawberry.field(
        default=None, description="Members holding at least one of these passions (slugs or names)."
    )
    team: strawberry.ID | None = strawberry.field(default=None, description="Members of this team (not of teams inside it).")
    site: strawberry.ID | None = None


#: The other node kinds, in the order they follow the members.
_TYPE_NAMES: Final = {GraphNodeKind.TEAM: "Team", GraphNodeKind.SITE: "Site", GraphNodeKind.PASSION: "Passion"}
_RANK: Final = {kind: rank for rank, kind in enumerate(_TYPE_NAMES)}


def _global_id(type_name: str, key: str) -> strawberry.ID:
    return strawberry.ID(str(GlobalID(type_name, key)))


def _view(member_rows: list[Record], bond_rows: list[Record], order: list[str], truncated: bool) -> GraphView:
    """The drawing of the members `order` names, in that order, from VIEW_MEMBERS and VIEW_BONDS rows."""
    by_id: dict[str, Record] = {}
    for row in member_rows:
        by_id.setdefault(row["id"], row)  # a member the data gives several teams is drawn with one
    bonds = sorted(
        (row for row in bond_rows if row["source"] in by_id and row["target"] in by_id),
        key=lambda row: (row["source"], row["target"], row["kind"]),
    )
    edges = [
        GraphEdge(
            source=row["source"],
            target=row["target"],
            kind=GraphEdgeKind.BOND,
            bond_kind=BondKind(row["kind"]),
            weight=row["strength"],
        )
        for row in bonds
    ]
    nodes: list[GraphNode] = []
    labels: dict[tuple[GraphNodeKind, str], str] = {}
    counts: Counter[tuple[GraphNodeKind, str]] = Counter()

    def link(member: str, kind: GraphNodeKind, key: str, label: str, edge: GraphEdgeKind, weight: float | None) -> None:
        labels[(kind, key)] = label
        counts[(kind, key)] += 1
        edges.append(GraphEdge(source=member, target=key, kind=edge, weight=weight))

    for row in (by_id[key] for key in order if key in by_id):
        member = row["id"]
        passions = sorted(row["passions"], key=lambda p: (-p[3], p[1]))  # [id, slug, name, intensity]
        nodes.append(
            GraphNode(
                id=_global_id("Member", member),
                key=member,
                kind=GraphNodeKind.MEMBER,
                label=row["name"],
                team=row["teamId"],
                site=row["siteId"],
                passions=[slug for _, slug, _, _ in passions],
                size=float(row["bonds"]),
            )
        )
        for passion, _, name, intensity in passions:
            link(member, GraphNodeKind.PASSION, passion, name, GraphEdgeKind.PASSION, intensity / INTENSITY_MAX)
        if row["teamId"] is not None:
            link(member, GraphNodeKind.TEAM, row["teamId"], row["teamName"], GraphEdgeKind.MEMBER_OF, None)
        if row["siteId"] is not None:
            link(member, GraphNodeKind.SITE, row["siteId"], row["siteName"], GraphEdgeKind.BASED_AT, None)

    for (kind, key), label in sorted(labels.items(), key=lambda item: (_RANK[item[0][0]], item[1], item[0][1])):
        node_id = _global_id(_TYPE_NAMES[kind], key)
        nodes.append(GraphNode(id=node_id, key=key, kind=kind, label=label, size=float(counts[(kind, key)])))
    return GraphView(nodes=nodes, edges=edges, truncated=truncated)


async def _draw(driver: GraphDriver, ids: list[str], truncated: bool) -> GraphView:
    if not ids:
        return GraphView(nodes=[], edges=[], truncated=truncated)
    member_rows, bond_rows = await asyncio.gather(
        driver.read(q.VIEW_MEMBERS, {"ids": ids}), driver.read(q.VIEW_BONDS, {"ids": ids})
    )
    return _view(member_rows, bond_rows, ids, truncated)


def _community_params(filter: CommunityGraphFilter) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if filter.passions is not None:
        slugs = sorted({rules.slugify(p) for p in filter.passions} - {""})
        if not slugs or len(slugs) > FILTER_PASSIONS_MAX:
            raise BadInputError(f"passions must name 1 to {FILTER_PASSIONS_MAX} passions", field="passions")
        params["passions"] = slugs
    if filter.team is not None:
        params["team"] = plain_id(filter.team, "Team", field="team")
    if filter.site is not None:
        params["site"] = plain_id(filter.site, "Site", field="site")
    return params


@strawberry.type
class GraphViewQueries:
    @strawberry.field(
        description=(
            "A member, the members bonded to them (depth 1) and those members' bonds (depth 2), "
            f"with their passions, teams and sites. At most {NEIGHBORHOOD_MAX_MEMBERS} members, "
            "closest first; `truncated` says when more were in reach."
        ),
        permission_classes=SIGNED_IN,
    )
    async def neighborhood(self, info: Info, member_id: strawberry.ID, depth: int = 1) -> GraphView:
        if depth not in (1, 2):
            raise BadInputError(f"depth must be 1 or 2, not {depth}", field="depth")
        key = plain_id(member_id, "Member", field="memberId")
        driver = info.context.repository.driver
        statement = q.NEIGHBORHOOD_DEPTH_1 if depth == 1 else q.NEIGHBORHOOD_DEPTH_2
        rows = await driver.read(statement, {"id": key, "cap": NEIGHBORHOOD_MAX_MEMBERS})
        if not rows:
            raise NotFoundError(f"no member has the id {key!r}", field="memberId")
        row = rows[0]
        ids = [row["center"], *row["hop1"], *row["hop2"]]
        truncated = 1 + row["reached"] > NEIGHBORHOOD_MAX_MEMBERS
        return await _draw(driver, ids[:NEIGHBORHOOD_MAX_MEMBERS], truncated)

    @strawberry.field(
        description=(
            "Members matching the filter, those with the most bonds first, with their passions, "
            "teams and sites and the bonds among them; `truncated` says when more matched than `limit`."
        ),
        permission_classes=SIGNED_IN,
    )
    async def community_graph(
        self, info: Info, filter: CommunityGraphFilter | None = None, limit: int = COMMUNITY_DEFAULT
    ) -> GraphView:
        if not 1 <= limit <= COMMUNITY_MAX:
            raise BadInputError(f"limit must be from 1 to {COMMUNITY_MAX}, not {limit}", field="limit")
        params = _community_params(filter or CommunityGraphFilter())
        statement = q.community_members(passions="passions" in params, team="team" in params, site="site" in params)
        driver = info.context.repository.driver
        ids = [row["id"] for row in await driver.read(statement, {**params, "limit": limit + 1})]
        return await _draw(driver, ids[:limit], len(ids) > limit)
