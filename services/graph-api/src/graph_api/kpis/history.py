"""KPI history: one small snapshot per scope and day, and the series read back from them.

A snapshot holds every scalar KPI (:data:`graph_api.kpis.targets.KPIS`) of one scope on one
day, as a JSON object: some 600 bytes, so years of daily snapshots of a few scopes stay
small. Its id is made of the day and the scope, so taking it again the same day replaces
it. Each run snapshots the whole community, the scopes asked for, and every scope a target
is set on (so each target has a history); the graph is read once for all of them
(``repository.kpis.take_snapshots``, which stores what this module shapes).

Run it daily in production: ``python -m graph_api snapshot-kpis`` (cron), or the
``snapshotCommunityHealth`` mutation.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from graph_api.domain import rules
from graph_api.kpis.health import Scope
from graph_api.kpis.targets import Kpi

__all__ = ["Snapshot", "history_value", "parse_scope", "snapshot_id", "snapshot_scopes", "snapshot_values"]


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


def snapshot_scopes(asked: Iterable[Scope], targeted: Iterable[Scope]) -> list[Scope]:
    """The scopes a run snapshots: the community, those asked for, then every target's, each once."""
    return list(dict.fromkeys([Scope.community(), *asked, *targeted]))


def snapshot_id(at: date, scope: Scope) -> str:
    return f"kpisnapshot:{at.isoformat()}:{scope.kind}:{scope.id or ''}"


def snapshot_values(values: dict[str, float | None]) -> str:
    """The stored form of a snapshot's values: a compact JSON object."""
    return json.dumps(values, separators=(",", ":"))


def history_value(stored: str, kpi: Kpi) -> float | None:
    """One KPI's value in a stored snapshot's values (None when absent or not a finite number)."""
    value = json.loads(stored).get(kpi.name)
    return float(value) if _number(value) else None


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
