"""Writing imported members, with their teams, sites, passions, skills and bonds; and loading a
generated community into an empty graph in batches.

Each accepted row of an import is written by one atomic statement (member, team, site,
passions and skills), then its bonds by another (store/queries/imports.py). A community
loads kind by kind (``LoadKind``), each kind in batches of one UNWIND statement each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from graph_api.imports.parsing import ImportBond, ImportRow
from graph_api.store import queries
from graph_api.store.bulk import write_in_batches
from graph_api.store.driver import GraphDriver
from graph_api.store.ids import new_id
from graph_api.store.order_keys import JOINED_ORDER, NAME_ORDER, joined_order, member_order, name_order
from graph_api.store.queries import imports as q

_NAMED = {"team": q.IMPORT_TEAMS_NAMED, "site": q.IMPORT_SITES_NAMED}

#: The kinds of rows a generated community loads, each written by its own UNWIND statement.
LoadKind = Literal[
    "sites", "teams", "team units", "passions", "skills", "members", "team links", "site links",
    "passion links", "bonds", "needs", "offers",
]
_LOAD_STATEMENTS: Final[Mapping[str, str]] = {
    "sites": queries.LOAD_SITES,
    "teams": queries.LOAD_TEAMS,
    "team units": queries.LOAD_TEAM_PARENTS,
    "passions": queries.LOAD_PASSIONS,
    "skills": queries.LOAD_SKILLS,
    "members": queries.LOAD_MEMBERS,
    "team links": queries.LOAD_MEMBER_TEAMS,
    "site links": queries.LOAD_MEMBER_SITES,
    "passion links": queries.LOAD_PASSION_LINKS,
    "bonds": queries.LOAD_BONDS,
    "needs": queries.LOAD_SEEKS,
    "offers": queries.LOAD_OFFERS,
}
#: Rows of one kind: maps of the properties its statement reads from ``row``.
Rows = Sequence[Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class WrittenBond:
    #: The other member's handle and the bond's kind, as the row named them.
    handle: str
    kind: str
    #: False when the bond already existed (it is kept as it was).
    created: bool


class ImportStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def existing_members(self, *, handles: Sequence[str]) -> dict[str, str]:
        """Handle -> member id, for the handles already in the graph."""
        if not handles:
            return {}
        records = await self._driver.read(q.IMPORT_EXISTING_MEMBERS, {"handles": list(handles)})
        return {record["handle"]: record["id"] for record in records}

    async def ids_by_name(self, *, kind: Literal["team", "site"], names: Sequence[str]) -> dict[str, str]:
        """Name -> id of the existing teams (or sites) of those exact names (the oldest id if several)."""
        found: dict[str, str] = {}
        for record in await self._driver.read(_NAMED[kind], {"names": list(names)}):
            found.setdefault(record["name"], record["id"])
        return found

    async def count_existing_bonds(self, *, pairs: Sequence[tuple[str, str, str]]) -> int:
        """How many of the (handle, handle, kind) bonds the graph already holds."""
        if not pairs:
            return 0
        params = {"pairs": [{"a": a, "b": b, "kind": kind} for a, b, kind in pairs]}
        return len(await self._driver.read(q.IMPORT_EXISTING_BONDS, params))

    async def write_member(
        self, *, row: ImportRow, team_id: str | None, site_id: str | None, joined_at: str, since: str
    ) -> bool:
        """Create or update the row's member (one statement); True when it was created."""
        result = await self._driver.write(q.IMPORT_MEMBER, _member_params(row, team_id, site_id, joined_at, since))
        return bool(result and result[0]["created"])

    async def write_bonds(
        self, *, handle: str, bonds: Sequence[ImportBond], since: str, source: str, strength: float
    ) -> list[WrittenBond]:
        """The member's bonds (one statement): one entry per bond written, none for a missing member."""
        params = {
            "handle": handle,
            "bonds": [{"handle": bond.handle, "kind": bond.kind} for bond in bonds],
            "since": since,
            "source": source,
            "strength": strength,
            "write": new_id("write"),
        }
        result = await self._driver.write(q.IMPORT_MEMBER_BONDS, params)
        return [WrittenBond(record["handle"], record["kind"], bool(record["created"])) for record in result]


    # Loading a generated community -------------------------------------------------------------

    async def graph_is_empty(self) -> bool:
        return (await self._driver.read(queries.COUNT_NODES))[0]["count"] == 0

    async def load_rows(
        self, *, kind: LoadKind, rows: Rows, batch_size: int, in_flight: int, done: Callable[[int], None]
    ) -> None:
        """Every row of one kind, in batches of ``batch_size`` (each one atomic statement), up to
        ``in_flight`` at a time where the engine allows it (``store.bulk.batches_in_flight``);
        ``done`` hears of each batch written. Returns once all are written."""
        if kind == "members":
            rows = [{**row, **member_order(row["name"], row["joinedAt"])} for row in rows]
        await write_in_batches(
            self._driver, _LOAD_STATEMENTS[kind], rows, batch_size=batch_size, in_flight=in_flight, done=done
        )


def _member_params(
    row: ImportRow, team_id: str | None, site_id: str | None, joined_at: str, since: str
) -> Mapping[str, Any]:
    props: dict[str, Any] = {"name": row.name, NAME_ORDER: name_order(row.name)}
    for key in ("email", "headline", "vision"):
        value = getattr(row, key)
        if value is not None:
            props[key] = value
    return {
        "handle": row.handle,
        "id": new_id("member"),
        "joinedAt": joined_at,
        JOINED_ORDER: joined_order(joined_at),
        "since": since,
        "props": props,
        "teams": [{"id": team_id, "name": row.team}] if row.team and team_id else [],
        "sites": [{"id": site_id, "name": row.site, "city": row.city or ""}] if row.site and site_id else [],
        "passions": [
            {"slug": p.slug, "id": new_id("passion"), "name": p.name, "intensity": p.intensity} for p in row.passions
        ],
        "seeks": [{"slug": s.slug, "id": new_id("skill"), "name": s.name} for s in row.seeks],
        "offers": [{"slug": s.slug, "id": new_id("skill"), "name": s.name} for s in row.offers],
    }
