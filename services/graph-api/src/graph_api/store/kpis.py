"""The facts the KPI computation reads, KPI targets and the stored KPI history.

The health inputs are read in eight concurrent statements (store/queries/kpis.py), each one
kind of fact as flat columns, turned into inputs by :func:`graph_api.kpis.loading.health_inputs`
(pure). On FalkorDB the columns come from the verbose reply of ``GRAPH.RO_QUERY`` decoded by
the redis client (hiredis): the FalkorDB client decodes every value of a reply with its own
coroutine, some 1.4 microseconds each, i.e. about 6 seconds for the bonds of a
100,000-member community. The Neo4j adapter asks for each statement's rows as one record
holding one list per column (``neo4j_driver.bulk_read_statement``), not a record per row.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from typing import Any, Final

from graph_api.domain import rules
from graph_api.kpis.health import HealthInputs, HealthReport, Scope
from graph_api.kpis.history import Snapshot, history_value, snapshot_id, snapshot_scopes, snapshot_values
from graph_api.kpis.loading import compute_reports, health_inputs
from graph_api.kpis.targets import KPIS, Kpi, StoredTarget, kpi_values
from graph_api.store.bulk import cyclic_gc_paused
from graph_api.store.driver import ColumnTypes, GraphDriver
from graph_api.store.queries import kpis as q


def _text(*names: str) -> dict[str, type]:
    return dict.fromkeys(names, str)


_MEMBERS = _text("id", "team", "site", "joinedAt", "lastActiveAt")
_BONDS = _text("a", "b", "kind", "since", "source", "eventId", "confirmedAt")
_GROUPS = _text("id", "createdAt", "reason")
_GROUP_MEMBERS = _text("community", "member")
_PASSIONS = _text("member", "slug")
_SKILLS = _text("member", "link", "slug")
_ANSWERS = _text("proposal", "kind", "member", "response", "respondedAt", "reason", "metAnswer")
_EVENTS = _text("id", "startsAt", "member")

#: The reads of `load_health_inputs`, in the order of health_inputs' arguments, with their columns.
HEALTH_INPUT_READS: Final[tuple[tuple[str, ColumnTypes], ...]] = (
    (q.KPI_MEMBERS, _MEMBERS),
    (q.KPI_BONDS, _BONDS),
    (q.KPI_GROUPS, _GROUPS),
    (q.KPI_GROUP_MEMBERS, _GROUP_MEMBERS),
    (q.KPI_PASSIONS, _PASSIONS),
    (q.KPI_SKILLS, _SKILLS),
    (q.KPI_ANSWERS, _ANSWERS),
    (q.KPI_EVENTS, _EVENTS),
)


def _scope_params(scope: Scope | None) -> dict[str, Any]:
    if scope is None:
        return {"scopeKind": None, "scopeId": None}
    return {"scopeKind": scope.kind, "scopeId": scope.id or ""}


class KpiStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    # Health reports ----------------------------------------------------------------------------

    async def _columns(self, statement: str, columns: ColumnTypes) -> dict[str, list[Any]]:
        return await self._driver.read_columns(statement, columns)

    async def load_health_inputs(self) -> HealthInputs:
        """Everything ``compute_health`` needs, read from the graph in eight concurrent statements."""
        with cyclic_gc_paused():
            members, bonds, groups, group_members, passions, skills, answers, events = await asyncio.gather(
                *(self._columns(statement, columns) for statement, columns in HEALTH_INPUT_READS)
            )
            return health_inputs(
                members=members, bonds=bonds, groups=groups, group_members=group_members, passions=passions,
                skills=skills, answers=answers, events=events,
            )

    async def health_reports(
        self,
        *,
        scopes: Sequence[Scope],
        as_of: date,
        min_passion_members: int = 5,
        brokers_top: int = 10,
        followup_days: int = 7,
    ) -> dict[Scope, HealthReport]:
        """One report per scope, from one load; computed in a worker thread (seconds at scale).
        `followup_days`: KINDRED_FOLLOWUP_DAYS, for proposal conversion."""
        inputs = await self.load_health_inputs()
        return await asyncio.to_thread(
            compute_reports, inputs, scopes, as_of=as_of, min_passion_members=min_passion_members,
            brokers_top=brokers_top, followup_days=followup_days,
        )

    async def health_report(
        self, *, scope: Scope, as_of: date, min_passion_members: int = 5, brokers_top: int = 10,
        followup_days: int = 7,
    ) -> HealthReport:
        reports = await self.health_reports(
            scopes=[scope], as_of=as_of, min_passion_members=min_passion_members, brokers_top=brokers_top,
            followup_days=followup_days,
        )
        return reports[scope]

    # Targets -----------------------------------------------------------------------------------

    async def create_target(
        self, *, target_id: str, kpi: Kpi, scope: Scope, target: float, by: date, baseline: float | None, today: date
    ) -> StoredTarget:
        params = {
            "id": target_id, "kpi": kpi.name, "scopeKind": scope.kind, "scopeId": scope.id, "target": target,
            "by": by.isoformat(), "now": rules.utc_now(), "baseline": baseline, "baselineAt": today.isoformat(),
        }
        rows = await self._driver.write(q.CREATE_KPI_TARGET, params)
        return StoredTarget.from_record(rows[0]["node"])

    async def targets(self, *, scope: Scope | None) -> list[StoredTarget]:
        """The targets of one scope, or every target (``None``), oldest first."""
        rows = await self._driver.read(q.KPI_TARGETS, _scope_params(scope))
        return [StoredTarget.from_record(row["node"]) for row in rows if row["node"]["kpi"] in KPIS]

    async def remove_target(self, *, target_id: str) -> bool:
        return bool(await self._driver.write(q.DELETE_KPI_TARGET, {"id": target_id}))

    # History -----------------------------------------------------------------------------------

    async def take_snapshots(self, *, scopes: Sequence[Scope], at: date) -> list[Snapshot]:
        """Snapshot the community, ``scopes`` and every target's scope on ``at``, in one write."""
        targeted = [target.scope for target in await self.targets(scope=None)]
        wanted = snapshot_scopes(scopes, targeted)
        reports = await self.health_reports(scopes=wanted, as_of=at)
        snapshots = [Snapshot(at, scope, kpi_values(reports[scope])) for scope in wanted]
        rows = [
            {
                "id": snapshot_id(at, s.scope),
                "at": at.isoformat(),
                "scopeKind": s.scope.kind,
                "scopeId": s.scope.id,
                "values": snapshot_values(s.values),
            }
            for s in snapshots
        ]
        await self._driver.write(q.PUT_KPI_SNAPSHOTS, {"snapshots": rows, "now": rules.utc_now()})
        return snapshots

    async def history(self, *, kpi: Kpi, scope: Scope, start: date, end: date) -> list[tuple[date, float | None]]:
        """(day, value) of one KPI from the snapshots of ``scope`` taken from ``start`` to ``end``, by day."""
        params = {"scopeKind": scope.kind, "scopeId": scope.id or "", "from": start.isoformat(), "to": end.isoformat()}
        return [
            (date.fromisoformat(row["at"]), history_value(row["values"], kpi))
            for row in await self._driver.read(q.KPI_HISTORY, params)
        ]

    async def scope_members(self, *, scope: Scope) -> int | None:
        """How many members a team, site or passion scope holds; None for the community."""
        if scope.kind == "community":
            return None
        rows = await self._driver.read(q.SCOPE_MEMBERS[scope.kind], {"id": scope.id})
        return int(rows[0]["members"]) if rows else 0
