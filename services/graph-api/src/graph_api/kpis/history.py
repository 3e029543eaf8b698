"""KPI history: one small snapshot node per scope and day, and the series read back from them.

A snapshot holds every scalar KPI (:data:`graph_api.kpis.targets.KPIS`) of one scope on one
day, as a JSON object: some 600 bytes, so years of daily snapshots of a few scopes stay
small. Its id is made of the day and the scope, so taking it again the same day replaces
it. Each run snapshots the whole community, the scopes asked for, and every scope a target
is set on (so each target has a history); the graph is read once for all of them.

Run it daily in production: ``python -m graph_api snapshot-kpis`` (cron), or the
``snapshotCommunityHealth`` mutation.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from graph_api.domain import rules
from graph_api.kpis.health import Scope
from graph_api.kpis.loading import health_reports
from graph_api.kpis.targets import Kpi, kpi_values, list_targets
from graph_api.store.driver import GraphDriver
from graph_api.store.queries import kpis as q
from graph_api.store.repository import GraphRepository

__all__ = ["Snapshot", "kpi_history", "parse_scope", "scope_exists", "snapshot_id", "take_snapshots"]


@dataclass(frozen=True, slots=True)
class Snapshot:
    at: date
    scope: Scope
    values: dict[str, float | None]


def parse_scope(text: str) -> Scope:
    """``community``, ``team:<id>``, ``site:<id>`` or ``passion:<slug>`` (the CLI's --scope)."""
    kind, _, key = text.strip().partition(":")
    if kind == "community" and not key:
        return Scope.community()
    if kind not in ("team", "site", "passion") or not key:
        raise ValueError(f"scope {text!r} is not community, team:<id>, site:<id> or passion:<slug>")
    return Scope(kind, rules.slugify(key) if kind == "passion" else key)  # type: ignore[arg-type]


async def scope_exists(repository: GraphRepository, scope: Scope) -> bool:
    """Whether the scope's team, site or passion is in the graph (the community always is)."""
    if scope.id is None:
        return True
    find = {"team": repository.team, "site": repository.site, "passion": repository.passion_by_slug}[scope.kind]
    return await find(scope.id) is not None


def snapshot_id(at: date, scope: Scope) -> str:
    return f"kpisnapshot:{at.isoformat()}:{scope.kind}:{scope.id or ''}"


async def take_snapshots(driver: GraphDriver, scopes: Sequence[Scope], at: date) -> list[Snapshot]:
    """Snapshot the community, ``scopes`` and every target's scope on ``at``, in one write."""
    targeted = [target.scope for target in await list_targets(driver, None)]
    wanted = list(dict.fromkeys([Scope.community(), *scopes, *targeted]))
    reports = await health_reports(driver, wanted, as_of=at)
    snapshots = [Snapshot(at, scope, kpi_values(reports[scope])) for scope in wanted]
    rows = [
        {
            "id": snapshot_id(at, s.scope),
            "at": at.isoformat(),
            "scopeKind": s.scope.kind,
            "scopeId": s.scope.id,
            "values": json.dumps(s.values, separators=(",", ":")),
        }
        for s in snapshots
    ]
    await driver.write(q.PUT_KPI_SNAPSHOTS, {"snapshots": rows, "now": rules.utc_now()})
    return snapshots


async def kpi_history(
    driver: GraphDriver, kpi: Kpi, scope: Scope, start: date, end: date
) -> list[tuple[date, float | None]]:
    """(day, value) of one KPI from the snapshots of ``scope`` taken from ``start`` to ``end``, by day."""
    params = {"scopeKind": scope.kind, "scopeId": scope.id or "", "from": start.isoformat(), "to": end.isoformat()}
    series = []
    for row in await driver.read(q.KPI_HISTORY, params):
        value = json.loads(row["values"]).get(kpi.name)
        series.append((date.fromisoformat(row["at"]), float(value) if _number(value) else None))
    return series


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
