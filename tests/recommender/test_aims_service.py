"""Runs aimed at KPI targets end to end: graph-api served by uvicorn (both engines), the
recommender's HTTP service and batch command reading the targets through kpiTargets."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import httpx
import pytest

from graph_api.kpis.health import Scope
from graph_api.kpis.targets import KPIS
from recommender.aims import KpiScope, TieGraph, kpi_value
from tests.conftest import LiveServer
from tests.recommender.test_service import (  # noqa: F401 - fixtures
    Community,
    batch,
    community,
    graph_client,
    people,
    proposal_sets,
    recommender_http,
    recommender_server,
)
from tests.seeding import SeedingRepository

PROPOSE = """mutation($kind: ProposalKind!, $parameters: ProposeInput) { propose(kind: $kind, parameters: $parameters) {
  proposalSetId notes quality { siloIndexAfter aims { targetId kpi label scopeKind scopeId scopeName current predicted
    target by higherIsBetter unit } } } }"""
TARGETS = "{ kpiTargets { id kpi scope { kind id } current } }"
SET = "query($id: ID!) { proposalSet(id: $id) { aimedTargetIds quality parameters } }"


async def add_target(repository: SeedingRepository, kpi: str, scope: Scope, target: float) -> str:
    stored = await repository.kpis.create_target(
        target_id=f"kpitarget-{uuid.uuid4().hex[:12]}", kpi=KPIS[kpi], scope=scope, target=target,
        by=date(2031, 6, 30), baseline=None, today=date(2030, 1, 1),
    )
    return stored.id


async def propose(client: httpx.AsyncClient, token: str, kind: str, parameters: dict) -> dict:
    response = await client.post(
        "/graphql", json={"query": PROPOSE, "variables": {"kind": kind, "parameters": parameters}},
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.json()


async def test_the_recommenders_kpis_equal_graph_apis_on_a_seeded_community(
    community: Community, repository: SeedingRepository, live_server: LiveServer
) -> None:
    snapshot = await graph_client(live_server, community.token).snapshot()
    team = next(m.team for m in snapshot.members if m.id == community.ids["member01"])
    site = next(m.site for m in snapshot.members if m.id == community.ids["member01"])
    # The two hidden members (opted out) are in member00's team and have no site, no tie:
    # the scopes below leave them out, so both sides see the same members.
    scopes = [Scope.community(), Scope.team(team), Scope.site(site)]
    kpis = ["SILO_INDEX_TEAMS", "SILO_INDEX_SITES", "CROSS_TEAM_BOND_SHARE"]
    for scope in scopes:
        for kpi in kpis:
            await add_target(repository, kpi, scope, 0.5)
    for kpi in ("ISOLATED_SHARE", "TEAM_BOUND_SHARE"):
        await add_target(repository, kpi, Scope.team(team), 0.1)
        await add_target(repository, kpi, Scope.site(site), 0.1)
    graph = TieGraph.of(snapshot.members, snapshot.bond_kinds)
    rows = (await community.olga.data(TARGETS))["kpiTargets"]
    assert len(rows) == 13
    for row in rows:
        kind = row["scope"]["kind"].lower()
        scope = KpiScope(kind, None if kind == "community" else row["scope"]["id"])
        assert kpi_value(row["kpi"], scope, graph) == pytest.approx(row["current"]), row


async def test_propose_aimed_at_targets_stores_them_and_their_figures(
    community: Community, repository: SeedingRepository, recommender_http: httpx.AsyncClient
) -> None:
    silo = await add_target(repository, "SILO_INDEX_TEAMS", Scope.community(), 0.5)
    isolated = await add_target(repository, "ISOLATED_SHARE", Scope.community(), 0.05)
    body = await propose(recommender_http, community.token, "PURPOSE",
                         {"seed": 2, "aims": [silo, isolated], "aimWeight": 0.75})
    assert not body.get("errors"), body
    proposed = body["data"]["propose"]
    current = {row["id"]: row["current"] for row in (await community.olga.data(TARGETS))["kpiTargets"]}
    silo_row, isolated_row = proposed["quality"]["aims"]
    assert silo_row["targetId"] == silo and silo_row["kpi"] == "SILO_INDEX_TEAMS"
    assert silo_row["label"] == "Silo index (teams)" and silo_row["scopeName"] == "the whole community"
    assert silo_row["current"] == pytest.approx(current[silo]) and silo_row["target"] == 0.5
    assert silo_row["predicted"] == pytest.approx(proposed["quality"]["siloIndexAfter"])  # nobody hidden has a tie
    assert silo_row["predicted"] > silo_row["current"] and silo_row["by"] == "2031-06-30"
    # graph-api counts the two hidden members (isolated); the recommender keeps its figure and says so
    assert isolated_row["current"] == pytest.approx(current[isolated]) and isolated_row["unit"] == "share"
    assert isolated_row["predicted"] < isolated_row["current"]
    assert any("opted out" in note for note in proposed["notes"])

    stored = (await community.olga.data(SET, {"id": proposed["proposalSetId"]}))["proposalSet"]
    assert stored["aimedTargetIds"] == [silo, isolated]
    assert [row["targetId"] for row in stored["quality"]["aims"]] == [silo, isolated]
    assert {"targetId", "kpi", "scopeKind", "scopeId", "current", "predicted", "target"} <= set(stored["quality"]["aims"][0])
    assert stored["parameters"]["aimWeight"] == 0.75 and stored["parameters"]["aims"] == [silo, isolated]


@pytest.mark.parametrize(
    ("parameters", "code", "words"),
    [
        ({"aims": ["kpitarget-gone"]}, "NOT_FOUND", "no KPI target has the id"),
        ({"aims": ["ACTIVE"]}, "BAD_USER_INPUT", "cannot aim a run at Engagement"),
        ({"aims": ["SILO"], "aimWeight": 2}, "BAD_USER_INPUT", "aim_weight"),
    ],
)
async def test_propose_refuses_aims_it_cannot_follow_and_stores_nothing(
    community: Community, repository: SeedingRepository, recommender_http: httpx.AsyncClient,
    parameters: dict, code: str, words: str,
) -> None:
    ids = {"ACTIVE": await add_target(repository, "ACTIVE_SHARE", Scope.community(), 0.9),
           "SILO": await add_target(repository, "SILO_INDEX_TEAMS", Scope.community(), 0.5)}
    parameters = {**parameters, "aims": [ids.get(a, a) for a in parameters["aims"]]}
    body = await propose(recommender_http, community.token, "INTROS", parameters)
    error = body["errors"][0]
    assert error["extensions"]["code"] == code and words in error["message"], error
    assert error["extensions"]["field"] in ("aims", "aimWeight")
    assert await proposal_sets(community.olga) == []


async def test_a_batch_run_aimed_at_a_target_prints_its_figures_in_words(
    community: Community, repository: SeedingRepository, live_server: LiveServer, tmp_path: Path
) -> None:
    silo = await add_target(repository, "SILO_INDEX_TEAMS", Scope.community(), 0.5)
    done = await batch(live_server, community.token, tmp_path, "--kind", "intros", "--aim", silo, "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert "aimed at:" in done.stdout
    assert "Silo index (teams) of the whole community: now" in done.stdout
    assert "if every proposal is accepted" in done.stdout and "by 30 June 2031" in done.stdout
    (stored,) = await proposal_sets(community.olga, "INTROS")
    assert stored["quality"]["aims"][0]["targetId"] == silo

    refused = await batch(live_server, community.token, tmp_path, "--kind", "intros", "--aim", "kpitarget-gone")
    assert refused.returncode == 2 and "no KPI target has the id" in refused.stderr
