"""Graph views for drawing (sigma.js / graphology): members with their passions, teams and
sites as nodes, bonds and memberships as edges; or the same in packed columns (`packed`).

Bonds are private in detail, but silos only show if their existence is drawn: an edge
carries a bond's kind and strength, never its date or source. Members who opted out of
recommendations are drawn like everyone else. A view costs at most four statements.
"""

from __future__ import annotations

import enum
from collections import Counter
from typing import Any, Final

import strawberry
from strawberry.relay import GlobalID
from strawberry.scalars import JSON

from graph_api.api.context import Info
from graph_api.api.ids import plain_id
from graph_api.api.permissions import SIGNED_IN
from graph_api.api.types import BondKind
from graph_api.domain import rules
from graph_api.domain.views import Drawing
from graph_api.errors import BadInputError

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


PACKED_DESCRIPTION: Final = """The same view in a compact, columnar form, for drawing thousands of members:
one JSON object, several times smaller and faster to produce than `nodes` and `edges`.

- `members`: columns `key`, `label`, `team` and `site` (an index into `teams` / `sites`,
  or null), `bonds` (how many bonds the member has in all), `passions` (per member, indexes
  into `passions`, strongest first) and `intensity` (per member, 1 to 5, in the same order).
- `teams`, `sites`: columns `key`, `label`, `size` (drawn members there).
- `passions`: columns `key`, `slug`, `label`, `size` (drawn members holding it).
- `bonds`: columns `source` and `target` (indexes into `members`), `kind` (an index into
  `bondKinds`) and `strength` (0 to 1); each stored bond once, sorted like `edges`.
- `bondKinds`: the bond kinds `kind` indexes, lower case as stored (e.g. `colleague`).""".strip()


class _Rendering:
    """A drawing as typed nodes and edges or packed columns, each built once, on demand."""

    def __init__(self, drawing: Drawing) -> None:
        self.members = drawing.members
        self.bonds = drawing.bonds
        self._typed: tuple[list[GraphNode], list[GraphEdge]] | None = None

    def typed(self) -> tuple[list[GraphNode], list[GraphEdge]]:
        if self._typed is None:
            self._typed = self._build_typed()
        return self._typed

    def _build_typed(self) -> tuple[list[GraphNode], list[GraphEdge]]:
        edges = [
            GraphEdge(
                source=source,
                target=target,
                kind=GraphEdgeKind.BOND,
                bond_kind=BondKind(kind),
                weight=strength,
            )
            for source, target, kind, strength in self.bonds
        ]
        nodes: list[GraphNode] = []
        labels: dict[tuple[GraphNodeKind, str], str] = {}
        counts: Counter[tuple[GraphNodeKind, str]] = Counter()

        def link(member: str, kind: GraphNodeKind, key: str, label: str, edge: GraphEdgeKind, weight: float | None) -> None:
            labels[(kind, key)] = label
            counts[(kind, key)] += 1
            edges.append(GraphEdge(source=member, target=key, kind=edge, weight=weight))

        for member in self.members:
            nodes.append(
                GraphNode(
                    id=_global_id("Member", member.key),
                    key=member.key,
                    kind=GraphNodeKind.MEMBER,
                    label=member.name,
                    team=member.team[0] if member.team else None,
                    site=member.site[0] if member.site else None,
                    passions=[slug for _, slug, _, _ in member.passions],
                    size=float(member.bonds),
                )
            )
            for passion, _, name, intensity in member.passions:
                link(member.key, GraphNodeKind.PASSION, passion, name, GraphEdgeKind.PASSION, intensity / INTENSITY_MAX)
            if member.team:
                link(member.key, GraphNodeKind.TEAM, *member.team, GraphEdgeKind.MEMBER_OF, None)
            if member.site:
                link(member.key, GraphNodeKind.SITE, *member.site, GraphEdgeKind.BASED_AT, None)

        for (kind, key), label in sorted(labels.items(), key=lambda item: (_RANK[item[0][0]], item[1], item[0][1])):
            node_id = _global_id(_TYPE_NAMES[kind], key)
            nodes.append(GraphNode(id=node_id, key=key, kind=kind, label=label, size=float(counts[(kind, key)])))
        return nodes, edges

    def packed(self) -> dict[str, Any]:
        teams, sites, passions = _Column(), _Column(), _Column()
        columns = ("key", "label", "team", "site", "bonds", "passions", "intensity")
        members: dict[str, list[Any]] = {name: [] for name in columns}
        position: dict[str, int] = {}
        for member in self.members:
            position[member.key] = len(position)
            members["key"].append(member.key)
            members["label"].append(member.name)
            members["team"].append(teams.add(*member.team) if member.team else None)
            members["site"].append(sites.add(*member.site) if member.site else None)
            members["bonds"].append(member.bonds)
            members["passions"].append([passions.add(key, name, slug) for key, slug, name, _ in member.passions])
            members["intensity"].append([intensity for *_, intensity in member.passions])
        kinds = sorted({bond[2] for bond in self.bonds})
        kind_index = {kind: i for i, kind in enumerate(kinds)}
        return {
            "members": members,
            "teams": teams.columns(),
            "sites": sites.columns(),
            "passions": passions.columns(with_slug=True),
            "bonds": {
                "source": [position[bond[0]] for bond in self.bonds],
                "target": [position[bond[1]] for bond in self.bonds],
                "kind": [kind_index[bond[2]] for bond in self.bonds],
                "strength": [bond[3] for bond in self.bonds],
            },
            "bondKinds": kinds,
        }


class _Column:
    """Teams, sites or passions of a packed view: each once, in order of first use, with how many drawn members hold it."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self.keys: list[str] = []
        self.labels: list[str] = []
        self.slugs: list[str] = []
        self.sizes: list[int] = []

    def add(self, key: str, label: str | None, slug: str | None = None) -> int:
        at = self._index.get(key)
        if at is None:
            at = self._index[key] = len(self.keys)
            self.keys.append(key)
            self.labels.append(label or "")
            self.slugs.append(slug or "")
            self.sizes.append(0)
        self.sizes[at] += 1
        return at

    def columns(self, *, with_slug: bool = False) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {"key": self.keys, "label": self.labels, "size": self.sizes}
        if with_slug:
            out["slug"] = self.slugs
        return out


@strawberry.type(description="Nodes and edges to draw; every edge joins two of the nodes.")
class GraphView:
    truncated: bool = strawberry.field(description="More members matched than the view holds.")
    drawing: strawberry.Private[_Rendering]

    @classmethod
    def of(cls, drawing: Drawing) -> GraphView:
        return cls(truncated=drawing.truncated, drawing=_Rendering(drawing))

    @strawberry.field(description="Members first (in the order chosen), then teams, sites and passions.")
    def nodes(self) -> list[GraphNode]:
        return self.drawing.typed()[0]

    @strawberry.field(description="Bonds first, then each member's passions, team and site.")
    def edges(self) -> list[GraphEdge]:
        return self.drawing.typed()[1]

    @strawberry.field(description=PACKED_DESCRIPTION)
    def packed(self) -> JSON:
        return self.drawing.packed()


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


def _passion_slugs(names: list[str] | None) -> list[str] | None:
    if names is None:
        return None
    slugs = sorted({rules.slugify(p) for p in names} - {""})
    if not slugs or len(slugs) > FILTER_PASSIONS_MAX:
        raise BadInputError(f"passions must name 1 to {FILTER_PASSIONS_MAX} passions", field="passions")
    return slugs


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
        views = info.context.repository.views
        return GraphView.of(await views.neighborhood(member_id=key, depth=depth, cap=NEIGHBORHOOD_MAX_MEMBERS))

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
        chosen = filter or CommunityGraphFilter()
        drawing = await info.context.repository.views.community(
            passions=_passion_slugs(chosen.passions),
            team=None if chosen.team is None else plain_id(chosen.team, "Team", field="team"),
            site=None if chosen.site is None else plain_id(chosen.site, "Site", field="site"),
            limit=limit,
        )
        return GraphView.of(drawing)
