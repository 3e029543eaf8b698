"""The measured loop against known answers (issue 16, item 4), over real HTTP on both engines.

A seeded community of 40 members in four teams of ten (Alpha m00-m09, Beta m10-m19, Gamma
m20-m29, Delta m30-m39; even numbers at the North site, odd at the South site) has KPI
targets; an intros set aimed at them is published 100 days ago (day P) and answered by
script; bonds are written with chosen dates before and after P, some on the windows'
edges. The report's figures are checked against values computed here independently, with
networkx, from the same script.

Script of answers (pairs m_k with m_{k+20}, k = 0..13, then m00 with m34):
    pairs 0-5 both accept on P+1; pairs 6-8 the first accepts, the second declines;
    pairs 9-11 both decline; pairs 12-13 no answer, but m12 accepts on P+50;
    m00 declines m34 (m00 accepted another, so counts as accepted); m34 does not answer.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pytest

from graph_api.kpis.health import Scope
from tests.api.conftest import GraphQLClient, People, people  # noqa: F401 (fixtures)
from tests.effects.community import Community, today
from tests.effects.queries import AIMED_RUNS, EFFECT
from tests.seeding import SeedingRepository

TEAMS = ("Alpha", "Beta", "Gamma", "Delta")
HANDLES = [f"m{i:02d}" for i in range(40)]
PAIRS = [(f"m{k:02d}", f"m{k + 20:02d}") for k in range(14)] + [("m00", "m34")]
LONERS = {"m02", "m22", "m09"}  # no tie before publishing


def team(handle: str) -> str:
    return TEAMS[int(handle[1:]) // 10]


def site(handle: str) -> str:
    return "North" if int(handle[1:]) % 2 == 0 else "South"


def scripted_answers(p: date) -> list[tuple[int, str, bool, date]]:
    """(pair index, member, accept, day)."""
    out: list[tuple[int, str, bool, date]] = []
    for k, (a, b) in enumerate(PAIRS[:14]):
        if k <= 5:
            out += [(k, a, True, p + timedelta(days=1)), (k, b, True, p + timedelta(days=1))]
        elif k <= 8:
            out += [(k, a, True, p + timedelta(days=2)), (k, b, False, p + timedelta(days=2))]
        elif k <= 11:
            out += [(k, a, False, p + timedelta(days=3)), (k, b, False, p + timedelta(days=3))]
    out.append((12, "m12", True, p + timedelta(days=50)))
    out.append((14, "m00", False, p + timedelta(days=1)))
    return out


def scripted_bonds(p: date) -> list[tuple[str, str, str, date]]:
    """(a, b, kind, since): old ties, new met bonds of accepted pairs, and others around P."""
    rng = random.Random(16)
    bonds: list[tuple[str, str, str, date]] = []
    for t in range(4):
        members = [h for h in HANDLES[t * 10:(t + 1) * 10] if h not in LONERS]
        for _ in range(12):
            a, b = rng.sample(members, 2)
            bonds.append((a, b, "colleague", p - timedelta(days=rng.randint(1, 400))))
    others = [h for h in HANDLES if h not in LONERS]
    for _ in range(5):
        a, b = rng.sample(others, 2)
        bonds.append((a, b, "friend", p - timedelta(days=rng.randint(1, 400))))
    bonds.append(("m01", "m21", "friend", p - timedelta(days=30)))  # an old tie: its later met never counts
    edges = [0, 3, 20, 29, 30, 60, 95]  # days after P: window edges on purpose
    for k, (a, b) in enumerate(PAIRS[:9]):
        bonds.append((a, b, "met", p + timedelta(days=edges[k % len(edges)])))
    bonds.append(("m02", "m15", "met", p + timedelta(days=10)))
    for _ in range(15):
        a, b = rng.sample(HANDLES, 2)
        bonds.append((a, b, "colleague", p + timedelta(days=rng.randint(-10, 99))))
    return bonds


# The independent computation -------------------------------------------------------------------


def tie_graph(bonds: list[tuple[str, str, str, date]]) -> nx.Graph:
    """One edge per pair, dated by its earliest bond (the store keeps the first `since` of a pair and kind)."""
    stored: dict[tuple[str, str, str], date] = {}
    for a, b, kind, since in bonds:
        stored.setdefault((min(a, b), max(a, b), kind), since)
    graph = nx.Graph()
    graph.add_nodes_from(HANDLES)
    for (a, b, _), since in stored.items():
        if graph.has_edge(a, b):
            graph[a][b]["since"] = min(graph[a][b]["since"], since)
        else:
            graph.add_edge(a, b, since=since)
    return graph


def expected_group(graph: nx.Graph, members: set[str], p: date, end: date, aims: list[tuple[str, Scope]]) -> dict[str, Any]:
    new = cross = 0
    for u in members:
        for v in graph[u]:
            if p <= graph[u][v]["since"] <= end:
                new += 1
                cross += team(u) != team(v)
    before = nx.Graph([(u, v) for u, v, s in graph.edges(data="since") if s < p])
    after = nx.Graph([(u, v) for u, v, s in graph.edges(data="since") if s <= end])
    kpis = []
    for kpi, scope in aims:
        chosen = {m for m in members if scope.kind == "community" or team(m) == scope.id}
        kpis.append((len(chosen), value(kpi, chosen, before), value(kpi, chosen, after)))
    return {"members": len(members), "newTies": new, "newCrossTeamTies": cross,
            "newTiesPerMember": new / len(members), "newCrossTeamTiesPerMember": cross / len(members), "kpis": kpis}


def value(kpi: str, chosen: set[str], graph: nx.Graph) -> float | None:
    if kpi == "ISOLATED_SHARE":
        return sum(1 for m in chosen if m not in graph or graph.degree(m) == 0) / len(chosen)
    if kpi == "PURPOSE_COVERAGE":
        return None
    group = site if kpi == "SILO_INDEX_SITES" else team
    touching = [(u, v) for u, v in graph.edges() if u in chosen or v in chosen]
    external = sum(1 for u, v in touching if group(u) != group(v))
    internal = len(touching) - external
    if not touching:
        return None
    if kpi == "CROSS_TEAM_BOND_SHARE":
        return external / len(touching)
    return (external - internal) / len(touching)


# The test ---------------------------------------------------------------------------------------


@pytest.fixture
async def organiser_client(people: People) -> GraphQLClient:  # noqa: F811
    await people.add("olga", role="organiser")
    return await people.client("olga")


async def test_the_effect_report_matches_an_independent_computation(
    repository: SeedingRepository, people: People, organiser_client: GraphQLClient  # noqa: F811
) -> None:
    t = today()
    p = t - timedelta(days=100)
    community = Community(repository, people)
    for handle in HANDLES:
        await community.add(handle, team(handle), site(handle))
    alpha = Scope.team(community.teams["Alpha"])
    aims = [("CROSS_TEAM_BOND_SHARE", Scope.team("Alpha")), ("ISOLATED_SHARE", Scope.community()),
            ("SILO_INDEX_SITES", Scope.community()), ("PURPOSE_COVERAGE", Scope.community())]
    target_ids = [await community.target(kpi, alpha if scope.kind == "team" else scope) for kpi, scope in aims]
    quality = {"aims": [{"targetId": target_ids[0], "kpi": "CROSS_TEAM_BOND_SHARE", "scopeKind": "team",
                         "scopeId": alpha.id, "current": 0.2, "predicted": 0.42, "target": 0.5}]}
    set_id, proposals = await community.published_set(PAIRS, published_on=p, aimed=target_ids, quality=quality)
    for k, handle, accept, day in scripted_answers(p):
        await community.answer(handle, proposals[k], accept, day)
    bonds = scripted_bonds(p)
    stored: set[tuple[str, str, str]] = set()
    for a, b, kind, since in bonds:
        if (key := (min(a, b), max(a, b), kind)) not in stored:
            stored.add(key)
            await community.bond(a, b, since, kind)

    report = (await organiser_client.data(EFFECT, {"id": set_id}))["proposalSet"]["effect"]

    accepted = {h for _, h, ok, _ in scripted_answers(p) if ok}
    others = {h for pair in PAIRS for h in pair} - accepted
    assert (report["accepted"], report["others"]) == (len(accepted), len(others)) == (16, 13)
    assert report["comparable"] is True and report["tooFew"] is None
    assert report["publishedOn"] == p.isoformat() and report["asOf"] == t.isoformat()
    assert [a["predicted"] for a in report["aims"]] == [0.42, None, None, None]
    assert [a["measurable"] for a in report["aims"]] == [True, True, True, False]
    assert report["aims"][0]["scopeName"] == "the Alpha team"

    graph = tie_graph(bonds)
    ends = {"SO_FAR": t, "DAYS_30": p + timedelta(days=29), "DAYS_90": p + timedelta(days=89)}
    assert [w["kind"] for w in report["windows"]] == list(ends)
    for window in report["windows"]:
        assert window["over"] is True and window["endsOn"] == ends[window["kind"]].isoformat()
        for name, members in (("accepted", accepted), ("others", others)):
            want = expected_group(graph, members, p, ends[window["kind"]], aims)
            got = window[name]
            for key in ("members", "newTies", "newCrossTeamTies"):
                assert got[key] == want[key], (window["kind"], name, key)
            assert got["newTiesPerMember"] == pytest.approx(want["newTiesPerMember"])
            assert got["newCrossTeamTiesPerMember"] == pytest.approx(want["newCrossTeamTiesPerMember"])
            for change, (n, before, after) in zip(got["kpis"], want["kpis"]):
                assert change["members"] == n
                assert change["before"] == pytest.approx(before) and change["after"] == pytest.approx(after)
                if before is not None and after is not None:
                    assert change["change"] == pytest.approx(after - before)
            assert got["kpis"][3]["note"].startswith("Not measurable per group")
    # the script makes a difference the report must see: accepted pairs met after publishing
    so_far = report["windows"][0]
    assert so_far["accepted"]["newTiesPerMember"] > so_far["others"]["newTiesPerMember"]

    runs = (await organiser_client.data(AIMED_RUNS, {"first": 5}))["kpiTargets"]
    by_target = {row["id"]: row["aimedRuns"] for row in runs}
    assert [run["setId"] for run in by_target[target_ids[0]]] == [set_id]
    run = by_target[target_ids[0]][0]
    assert run["members"] == 29 and run["publishedOn"] == p.isoformat()
    assert run["summary"].startswith("In the 90 days after publishing, the 16 who accepted made")
