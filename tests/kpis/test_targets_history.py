"""KPI targets (progress, on track, met) and KPI history (daily snapshots), over real HTTP.

The graph: olga (organiser), ada and bob in team A, cyd in team B; ada-bob and ada-cyd are
bonded, so the cross-team share is 1/2 and 1 of the 4 members (olga) is isolated.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from graph_api.kpis.history import parse_scope
from graph_api.kpis.targets import KPIS, evaluate
from tests.api.conftest import GraphQLClient, member, organiser, people  # noqa: F401 (fixtures)
from tests.conftest import TestDatabase
from tests.seeding import SeedingRepository

def today() -> date:
    """Today (UTC) when asked: a run that crosses midnight must not compare with yesterday."""
    return datetime.now(timezone.utc).date()

GRAPH_SIZE = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"

SET = """mutation($kpi: KpiName!, $target: Float!, $by: Date!, $scope: HealthScopeInput) {
  setKpiTarget(kpi: $kpi, target: $target, by: $by, scope: $scope) {
    id kpi scope { kind id } target by baseline baselineAt current expected progress met onTrack higherIsBetter
  }
}"""
TARGETS = """query($scope: HealthScopeInput, $asOf: Date) { kpiTargets(scope: $scope, asOf: $asOf) {
  id kpi scope { kind id } target baseline current expected progress met onTrack
} }"""
REMOVE = "mutation($id: ID!) { removeKpiTarget(id: $id) }"
SNAPSHOT = """mutation($scope: HealthScopeInput, $at: Date) { snapshotCommunityHealth(scope: $scope, at: $at) {
  at scope { kind id } values
} }"""
HISTORY = """query($kpi: KpiName!, $from: Date!, $to: Date!, $scope: HealthScopeInput) {
  communityHealthHistory(kpi: $kpi, from: $from, to: $to, scope: $scope) { at value }
}"""
SNAPSHOTS = "MATCH (n:KpiSnapshot) RETURN n.at AS at, n.scopeKind AS kind ORDER BY at, kind"


def days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


class Graph:
    def __init__(self, repository: SeedingRepository) -> None:
        self.repository = repository
        self.ids: dict[str, str] = {}
        self.teams: dict[str, str] = {}

    async def build(self) -> Graph:
        repo = self.repository
        for handle in ("ada", "bob", "cyd"):
            found = await repo.member_by_handle(handle)
            self.ids[handle] = found.id if found else (await repo.create_member(handle=handle, name=handle.title())).id
        for name in ("A", "B"):
            self.teams[name] = (await repo.create_team(f"Team {name}")).id
        for handle, team in (("ada", "A"), ("bob", "A"), ("cyd", "B")):
            await repo.assign_team(self.ids[handle], self.teams[team])
        await repo.record_bond(self.ids["ada"], self.ids["bob"], "colleague", since="2024-01-01", source="demo")
        await repo.record_bond(self.ids["ada"], self.ids["cyd"], "friend", since="2024-01-01", source="demo")
        return self

    async def size(self) -> dict[str, int]:
        return (await self.repository.driver.read(GRAPH_SIZE))[0]


@pytest.fixture
async def graph(repository: SeedingRepository, organiser: GraphQLClient) -> Graph:
    return await Graph(repository).build()


# Evaluating a target (pure) ------------------------------------------------------------------

CROSS = KPIS["CROSS_TEAM_BOND_SHARE"]
ISOLATED = KPIS["ISOLATED_SHARE"]
START, BY = date(2026, 1, 1), date(2026, 1, 11)


def test_a_target_is_on_track_when_the_value_is_at_least_on_the_straight_line() -> None:
    # halfway through, the line from 0.2 to 0.6 stands at 0.4
    status = evaluate(CROSS, baseline=0.2, target=0.6, start=START, by=BY, current=0.4, today=date(2026, 1, 6))
    assert status.expected == pytest.approx(0.4) and status.on_track and not status.met
    assert status.progress == pytest.approx(0.5)


def test_a_target_below_the_straight_line_is_not_on_track() -> None:
    status = evaluate(CROSS, baseline=0.2, target=0.6, start=START, by=BY, current=0.39, today=date(2026, 1, 6))
    assert status.on_track is False and status.met is False


def test_a_lower_is_better_kpi_is_on_track_below_the_line() -> None:
    status = evaluate(ISOLATED, baseline=0.5, target=0.1, start=START, by=BY, current=0.25, today=date(2026, 1, 6))
    assert status.expected == pytest.approx(0.3) and status.on_track and not status.met
    assert status.progress == pytest.approx(0.625)


def test_a_target_past_its_date_expects_the_target_itself() -> None:
    status = evaluate(CROSS, baseline=0.2, target=0.6, start=START, by=BY, current=0.5, today=date(2026, 2, 1))
    assert status.expected == pytest.approx(0.6) and status.on_track is False


def test_a_reached_target_is_met_and_on_track() -> None:
    status = evaluate(ISOLATED, baseline=0.5, target=0.1, start=START, by=BY, current=0.05, today=START)
    assert status.met and status.on_track and status.progress == pytest.approx(1.125)


def test_an_undefined_value_leaves_the_status_undefined() -> None:
    status = evaluate(CROSS, baseline=0.2, target=0.6, start=START, by=BY, current=None, today=START)
    assert (status.progress, status.met, status.on_track) == (None, None, None)


def test_without_a_baseline_on_track_means_met() -> None:
    status = evaluate(CROSS, baseline=None, target=0.6, start=START, by=BY, current=0.7, today=START)
    assert status.met and status.on_track and status.progress is None


# Targets over the API --------------------------------------------------------------------------


async def test_a_new_target_keeps_the_current_value_as_its_baseline(graph: Graph, organiser: GraphQLClient) -> None:
    target = (await organiser.data(SET, {"kpi": "CROSS_TEAM_BOND_SHARE", "target": 0.8, "by": days(10)}))["setKpiTarget"]
    assert (target["kpi"], target["scope"], target["target"], target["by"]) == (
        "CROSS_TEAM_BOND_SHARE", {"kind": "COMMUNITY", "id": None}, 0.8, days(10))
    assert (target["baseline"], target["current"], target["baselineAt"]) == (0.5, 0.5, days(0))
    assert (target["progress"], target["met"], target["onTrack"], target["higherIsBetter"]) == (0.0, False, True, True)


async def test_a_target_falls_off_track_when_the_value_lags_the_line(graph: Graph, organiser: GraphQLClient) -> None:
    await organiser.data(SET, {"kpi": "CROSS_TEAM_BOND_SHARE", "target": 0.8, "by": days(10)})
    (halfway,) = (await organiser.data(TARGETS, {"asOf": days(5)}))["kpiTargets"]
    assert halfway["expected"] == pytest.approx(0.65) and halfway["current"] == 0.5
    assert halfway["onTrack"] is False and halfway["met"] is False


async def test_a_target_progresses_as_the_graph_improves(graph: Graph, organiser: GraphQLClient) -> None:
    await organiser.data(SET, {"kpi": "CROSS_TEAM_BOND_SHARE", "target": 0.8, "by": days(10)})
    await graph.repository.record_bond(graph.ids["bob"], graph.ids["cyd"], "friend", since="2024-01-01")
    (target,) = (await organiser.data(TARGETS, {}))["kpiTargets"]
    # ties ada-bob, ada-cyd, bob-cyd: 2 of 3 cross teams
    assert target["current"] == pytest.approx(2 / 3) and target["baseline"] == 0.5
    assert target["progress"] == pytest.approx((2 / 3 - 0.5) / 0.3) and target["onTrack"] is True


async def test_a_lower_is_better_target_is_met_once_below_it(graph: Graph, organiser: GraphQLClient) -> None:
    target = (await organiser.data(SET, {"kpi": "ISOLATED_SHARE", "target": 0.3, "by": days(30)}))["setKpiTarget"]
    assert (target["current"], target["met"], target["onTrack"], target["higherIsBetter"]) == (0.25, True, True, False)


async def test_targets_are_listed_by_scope(graph: Graph, organiser: GraphQLClient) -> None:
    team = {"kind": "TEAM", "id": graph.teams["A"]}
    await organiser.data(SET, {"kpi": "ISOLATED_SHARE", "target": 0.1, "by": days(30)})
    await organiser.data(SET, {"kpi": "TEAM_BOUND_SHARE", "target": 0.0, "by": days(30), "scope": team})
    scoped = (await organiser.data(TARGETS, {"scope": team}))["kpiTargets"]
    assert [(t["kpi"], t["scope"]) for t in scoped] == [("TEAM_BOUND_SHARE", team)]
    assert scoped[0]["current"] == 0.5  # of ada and bob, only bob has no tie to another team
    everything = (await organiser.data(TARGETS, {}))["kpiTargets"]
    assert sorted(t["kpi"] for t in everything) == ["ISOLATED_SHARE", "TEAM_BOUND_SHARE"]


async def test_a_removed_target_is_gone(graph: Graph, organiser: GraphQLClient) -> None:
    target = (await organiser.data(SET, {"kpi": "ISOLATED_SHARE", "target": 0.1, "by": days(30)}))["setKpiTarget"]
    assert (await organiser.data(REMOVE, {"id": target["id"]}))["removeKpiTarget"] is True
    assert (await organiser.data(TARGETS, {}))["kpiTargets"] == []


async def test_removing_an_unknown_target_is_not_found(graph: Graph, organiser: GraphQLClient) -> None:
    error = await organiser.error(REMOVE, {"id": "kpitarget-nobody"})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "id"}


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"target": 1.5}, "target"),  # a share is at most 1
        ({"target": -2.0, "kpi": "SILO_INDEX_TEAMS"}, "target"),  # an E-I index is at least -1
        ({"by": days(-1)}, "by"),
        ({"scope": {"kind": "TEAM", "id": "team-nobody"}}, "scope.id"),
    ],
)
async def test_a_bad_target_is_refused_and_writes_nothing(
    graph: Graph, organiser: GraphQLClient, variables: dict[str, Any], field: str
) -> None:
    before = await graph.size()
    error = await organiser.error(SET, {"kpi": "CROSS_TEAM_BOND_SHARE", "target": 0.8, "by": days(10), **variables})
    assert error["extensions"]["field"] == field
    assert error["extensions"]["code"] == ("NOT_FOUND" if field == "scope.id" else "BAD_USER_INPUT")
    assert await graph.size() == before


async def test_an_infinite_target_is_refused_and_writes_nothing(graph: Graph, organiser: GraphQLClient) -> None:
    before = await graph.size()
    query = f'mutation {{ setKpiTarget(kpi: ISOLATED_SHARE, target: 1e999, by: "{days(10)}") {{ id }} }}'
    error = await organiser.error(query)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "target"}
    assert await graph.size() == before


async def test_a_nan_target_is_refused_and_writes_nothing(graph: Graph, organiser: GraphQLClient) -> None:
    before = await graph.size()
    # JSON has no NaN; Python's json module (and some clients) still write the token: the edge
    # refuses the body as JSON before any resolver sees it.
    body = json.dumps({"query": SET, "variables": {"kpi": "ISOLATED_SHARE", "target": math.nan, "by": days(10)}})
    response = await organiser.http.post("/graphql", content=body, headers={
        "Authorization": f"Bearer {organiser.token}", "Content-Type": "application/json"})
    error = response.json()["errors"][0]
    assert response.status_code == 400 and error["extensions"]["code"] == "INVALID_JSON"
    assert await graph.size() == before


async def test_a_member_cannot_set_a_target(member: GraphQLClient, graph: Graph) -> None:
    before = await graph.size()
    error = await member.error(SET, {"kpi": "ISOLATED_SHARE", "target": 0.1, "by": days(10)})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await graph.size() == before


# History -----------------------------------------------------------------------------------------


async def test_the_history_lists_snapshots_by_day_within_the_range(graph: Graph, organiser: GraphQLClient) -> None:
    await organiser.data(SNAPSHOT, {})
    await graph.repository.record_bond(graph.ids["bob"], graph.ids["cyd"], "friend", since="2024-01-01")
    await organiser.data(SNAPSHOT, {"at": days(-20)})  # a late snapshot of an earlier day, with the new tie
    await organiser.data(SNAPSHOT, {"at": days(-40)})
    series = (await organiser.data(HISTORY, {"kpi": "CROSS_TEAM_BOND_SHARE", "from": days(-30),
                                             "to": days(0)}))["communityHealthHistory"]
    assert series == [{"at": days(-20), "value": pytest.approx(2 / 3)}, {"at": days(0), "value": 0.5}]


async def test_snapshotting_a_day_again_replaces_its_snapshot(graph: Graph, organiser: GraphQLClient) -> None:
    await organiser.data(SNAPSHOT, {})
    await graph.repository.record_bond(graph.ids["bob"], graph.ids["cyd"], "friend", since="2024-01-01")
    stored = (await organiser.data(SNAPSHOT, {}))["snapshotCommunityHealth"]
    assert [s["scope"]["kind"] for s in stored] == ["COMMUNITY"]
    assert stored[0]["values"]["CROSS_TEAM_BOND_SHARE"] == pytest.approx(2 / 3)
    assert await graph.repository.driver.read(SNAPSHOTS) == [{"at": days(0), "kind": "community"}]
    series = (await organiser.data(HISTORY, {"kpi": "CROSS_TEAM_BOND_SHARE", "from": days(0),
                                             "to": days(0)}))["communityHealthHistory"]
    assert series == [{"at": days(0), "value": pytest.approx(2 / 3)}]


async def test_a_snapshot_covers_the_scope_given_and_every_targeted_scope(graph: Graph, organiser: GraphQLClient) -> None:
    team_b = {"kind": "TEAM", "id": graph.teams["B"]}
    await organiser.data(SET, {"kpi": "ISOLATED_SHARE", "target": 0.0, "by": days(30), "scope": team_b})
    stored = (await organiser.data(SNAPSHOT, {"scope": {"kind": "TEAM", "id": graph.teams["A"]}}))
    scopes = [s["scope"] for s in stored["snapshotCommunityHealth"]]
    assert scopes == [{"kind": "COMMUNITY", "id": None}, {"kind": "TEAM", "id": graph.teams["A"]}, team_b]
    series = (await organiser.data(HISTORY, {"kpi": "ISOLATED_SHARE", "from": days(0), "to": days(0),
                                             "scope": team_b}))["communityHealthHistory"]
    assert series == [{"at": days(0), "value": 0.0}]


async def test_a_snapshot_of_a_future_day_is_refused_and_writes_nothing(graph: Graph, organiser: GraphQLClient) -> None:
    before = await graph.size()
    error = await organiser.error(SNAPSHOT, {"at": days(1)})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "at"}
    assert await graph.size() == before


async def test_a_history_range_ending_before_it_starts_is_refused(graph: Graph, organiser: GraphQLClient) -> None:
    error = await organiser.error(HISTORY, {"kpi": "ISOLATED_SHARE", "from": days(0), "to": days(-1)})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "from"}


async def test_a_member_cannot_take_a_snapshot(member: GraphQLClient, graph: Graph) -> None:
    before = await graph.size()
    error = await member.error(SNAPSHOT, {})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await graph.size() == before


def test_the_cli_scope_names_a_kind_and_an_id() -> None:
    assert parse_scope("community").kind == "community"
    assert (parse_scope("passion:Rock Climbing").kind, parse_scope("passion:Rock Climbing").id) == (
        "passion", "rock-climbing")
    with pytest.raises(ValueError, match="not community"):
        parse_scope("team")


async def test_the_snapshot_command_stores_the_day_for_a_daily_cron(
    graph: Graph, database: TestDatabase
) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GRAPH_", "KINDRED_"))}
    env.update(database.environment(), KINDRED_SEED_MEMBERS="0", KINDRED_JWT_SECRET="test-secret-that-is-long-enough-for-hs256")
    result = subprocess.run(
        [sys.executable, "-m", "graph_api", "snapshot-kpis", "--scope", f"team:{graph.teams['A']}", "--at", days(-1)],
        env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"snapshot {days(-1)} community", f"snapshot {days(-1)} team {graph.teams['A']}"]
    assert await graph.repository.driver.read(SNAPSHOTS) == [{"at": days(-1), "kind": "community"},
                                                              {"at": days(-1), "kind": "team"}]


async def test_the_snapshot_command_refuses_an_unknown_team(graph: Graph, database: TestDatabase) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GRAPH_", "KINDRED_"))}
    env.update(database.environment(), KINDRED_SEED_MEMBERS="0", KINDRED_JWT_SECRET="test-secret-that-is-long-enough-for-hs256")
    result = subprocess.run(
        [sys.executable, "-m", "graph_api", "snapshot-kpis", "--scope", "team:team-nobody"],
        env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 2 and "no team 'team-nobody'" in result.stderr
    assert await graph.repository.driver.read(SNAPSHOTS) == []
