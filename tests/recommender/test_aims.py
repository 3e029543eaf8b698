"""Runs aimed at KPI targets, without a server: the KPIs the recommender computes from its
snapshot (checked by hand and against graph-api's own compute_health), the pair bonus moving
the proposals' predicted KPIs the right way, and the refusals."""

from __future__ import annotations

import random
from datetime import date

import pytest

from graph_api.kpis.health import HealthInputs, Scope, compute_health
from graph_api.kpis.targets import KPIS
from recommender.aims import (
    SUPPORTED_KPIS,
    AimedTarget,
    AimRefused,
    KpiScope,
    PairBonus,
    TieGraph,
    aim_figures,
    choose_targets,
    kpi_value,
    proposal_pairs,
)
from recommender.algorithms.intros import propose_intros
from recommender.algorithms.purpose import propose_purpose_groups
from recommender.model import Community, MemberSnapshot, Vocabulary
from recommender.runs import BadParameters, parse_parameters

COMMUNITY = KpiScope()


def member(key: str, team: str | None, site: str | None = None, **passions: int) -> MemberSnapshot:
    return MemberSnapshot(id=key, team=team, site=site, passions=dict(passions) or {"jazz": 3})


@pytest.fixture
def small() -> TieGraph:
    """a, b (team A, Lyon), c, d (team B, Leeds), e (team B, no site), f (no team, Lyon), g (team A, alone).
    Ties: a-b (inside A), a-c (A-B), c-d (inside B), d-f (to no team); b-a given twice."""
    members = [member("a", "A", "lyon"), member("b", "A", "lyon"), member("c", "B", "leeds"),
               member("d", "B", "leeds"), member("e", "B"), member("f", None, "lyon"), member("g", "A")]
    return TieGraph.of(members, [("a", "b"), ("b", "a"), ("a", "c"), ("c", "d"), ("d", "f"), ("x", "a")])


def test_the_silo_index_counts_ties_whose_two_ends_have_a_team(small: TieGraph) -> None:
    # a-c external; a-b, c-d internal; d-f left out; the bond to unknown x ignored
    assert kpi_value("SILO_INDEX_TEAMS", COMMUNITY, small) == pytest.approx((1 - 2) / 3)
    assert kpi_value("CROSS_TEAM_BOND_SHARE", COMMUNITY, small) == pytest.approx(1 / 3)
    # sites: a-b (lyon), c-d (leeds) internal, a-c external, d-f external (leeds-lyon)
    assert kpi_value("SILO_INDEX_SITES", COMMUNITY, small) == pytest.approx(0.0)


def test_a_team_scope_counts_the_ties_with_one_end_in_the_team(small: TieGraph) -> None:
    team_a = KpiScope("team", "A")
    assert kpi_value("SILO_INDEX_TEAMS", team_a, small) == pytest.approx(0.0)  # a-b internal, a-c external
    assert kpi_value("ISOLATED_SHARE", team_a, small) == pytest.approx(1 / 3)  # g of a, b, g
    assert kpi_value("TEAM_BOUND_SHARE", team_a, small) == pytest.approx(2 / 3)  # b and g know nobody in B
    assert kpi_value("ISOLATED_SHARE", KpiScope("team", "nobody"), small) is None


def test_isolation_and_team_bound_shares_count_members(small: TieGraph) -> None:
    assert kpi_value("ISOLATED_SHARE", COMMUNITY, small) == pytest.approx(2 / 7)  # e and g
    # with a team: a b c d e g; crossing: a and c
    assert kpi_value("TEAM_BOUND_SHARE", COMMUNITY, small) == pytest.approx(4 / 6)
    assert kpi_value("ISOLATED_SHARE", KpiScope("site", "lyon"), small) == pytest.approx(0.0)


def test_the_predicted_value_counts_every_proposed_pair_as_a_tie_once(small: TieGraph) -> None:
    pairs = proposal_pairs([("g", "e"), ("a", "b")])  # g-e new and across teams; a-b already a tie
    assert kpi_value("SILO_INDEX_TEAMS", COMMUNITY, small, pairs) == pytest.approx((2 - 2) / 4)
    assert kpi_value("ISOLATED_SHARE", COMMUNITY, small, pairs) == 0.0
    assert kpi_value("TEAM_BOUND_SHARE", COMMUNITY, small, pairs) == pytest.approx(2 / 6)


def _random_case(seed: int) -> tuple[list[MemberSnapshot], list[tuple[str, str]]]:
    rng = random.Random(seed)
    members = [
        member(f"m{i:02d}", rng.choice(["A", "B", "C", None]), rng.choice(["lyon", "leeds", None]),
               **{rng.choice(["jazz", "chess", "hiking"]): rng.randint(1, 5)})
        for i in range(30)
    ]
    bonds = [(rng.choice(members).id, rng.choice(members).id) for _ in range(40)]
    return members, bonds


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_kpi_and_scope_equals_graph_apis_compute_health(seed: int) -> None:
    members, bonds = _random_case(seed)
    graph = TieGraph.of(members, bonds)
    inputs = HealthInputs(
        member_ids=[m.id for m in members], member_team=[m.team for m in members], member_site=[m.site for m in members],
        bond_a=[a for a, _ in bonds], bond_b=[b for _, b in bonds], bond_kind=["colleague"] * len(bonds),
        bond_since=["2030-01-01"] * len(bonds), member_passions={m.id: list(m.passions) for m in members},
    )
    scopes = [Scope.community(), Scope.team("A"), Scope.team("C"), Scope.site("leeds"), Scope.passion("jazz")]
    for scope in scopes:
        report = compute_health(inputs, as_of=date(2030, 6, 1), scope=scope)
        for kpi in SUPPORTED_KPIS:
            ours = kpi_value(kpi, KpiScope(scope.kind, scope.id), graph)
            assert ours == pytest.approx(KPIS[kpi].value(report)), (kpi, scope)


def siloed(n: int = 48) -> Community:
    """Four teams; everyone in a team shares its passion, and every team also shares "cooking"
    with one other team at intensity 2 (weaker): un-aimed groups stay inside teams."""
    members = []
    for i in range(n):
        team = f"team{i % 4}"
        passions = {f"passion{i % 4}": 5, "cooking": 2} if i % 2 == 0 else {f"passion{i % 4}": 5}
        members.append(MemberSnapshot(id=f"m{i:02d}", team=team, site=None, passions=passions))
    bonds = frozenset((f"m{i:02d}", f"m{i + 4:02d}") for i in range(0, n - 4, 8))
    return Community(members=tuple(members), bonds=bonds)


def _target(kpi: str, target: float, scope: KpiScope = COMMUNITY) -> AimedTarget:
    return AimedTarget("kpitarget-1", kpi, scope, target, "2031-06-30", kpi.title())


def _predicted(community: Community, target: AimedTarget, proposal) -> float | None:
    graph = TieGraph.of(community.members, community.bonds)
    return kpi_value(target.kpi, target.scope, graph, proposal_pairs(g.members for g in proposal.groupings))


def test_purpose_groups_aimed_at_the_silo_index_raise_its_predicted_value() -> None:
    community = siloed()
    target = _target("SILO_INDEX_TEAMS", 0.5)
    aim = PairBonus([target], TieGraph.of(community.members, community.bonds))
    unaimed = propose_purpose_groups(community, seed=1, cohesion_weight=1.0, bridging_weight=0.0)
    aimed = propose_purpose_groups(community, seed=1, cohesion_weight=1.0, bridging_weight=0.0, aim=aim, aim_weight=1.0)
    assert _predicted(community, target, aimed) > _predicted(community, target, unaimed)
    assert aimed.parameters["aim_weight"] == 1.0
    again = propose_purpose_groups(community, seed=1, cohesion_weight=1.0, bridging_weight=0.0, aim=aim, aim_weight=1.0)
    assert [g.members for g in again.groupings] == [g.members for g in aimed.groupings]


def test_aimed_purpose_groups_still_share_a_passion() -> None:
    community = siloed()
    aim = PairBonus([_target("SILO_INDEX_TEAMS", 0.5)], TieGraph.of(community.members, community.bonds))
    aimed = propose_purpose_groups(community, seed=1, aim=aim, aim_weight=1.0)
    assert all(g.reason.shared_passions for g in aimed.groupings)


def test_intros_aimed_at_isolation_introduce_the_members_with_no_tie() -> None:
    # Only m00 and m01 can meet the others (they love jazz); m01 already has a tie, m00 has none.
    members = [member("m00", "A", jazz=4), member("m01", "A", jazz=5), member("m02", "B", jazz=5),
               member("m03", "B", chess=4), member("m04", "C", chess=4), member("m05", "A", hiking=3)]
    community = Community(members=tuple(members), bonds=frozenset({("m01", "m05"), ("m03", "m05")}))
    target = _target("ISOLATED_SHARE", 0.0)
    aim = PairBonus([target], TieGraph.of(community.members, community.bonds))
    unaimed = propose_intros(community, seed=0)
    aimed = propose_intros(community, seed=0, aim=aim, aim_weight=0.5)
    assert ("m01", "m02") in [g.members for g in unaimed.groupings]  # the strongest jazz pair
    assert ("m00", "m02") in [g.members for g in aimed.groupings]
    assert _predicted(community, target, aimed) < _predicted(community, target, unaimed)


def test_the_bonus_favours_pairs_across_the_teams_furthest_below_target() -> None:
    # team A: all its ties inside (E-I -1); team B: half; team C: every tie leaves it
    members = [member(k, t) for k, t in [("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B"), ("c1", "C"), ("c2", "C")]]
    graph = TieGraph.of(members, [("a1", "a2"), ("b1", "b2"), ("b1", "c1"), ("c2", "a1")])
    bonus = PairBonus([_target("SILO_INDEX_TEAMS", 0.5)], graph)
    assert bonus.pair("a2", "b2") > bonus.pair("b2", "c2") > bonus.pair("a2", "a1") == 0.0


def test_the_aims_figures_say_current_predicted_and_target() -> None:
    members = [member("a", "A"), member("b", "B"), member("c", "A")]
    graph = TieGraph.of(members, [("a", "c")])
    target = AimedTarget("kpitarget-9", "SILO_INDEX_TEAMS", KpiScope("team", "A"), 0.2, "2031-06-30",
                         "Silo index (teams)", reported_current=-1.0)
    (row,), notes = aim_figures([target], graph, [("a", "b")], Vocabulary(teams={"A": "Platform"}))
    assert row == {
        "targetId": "kpitarget-9", "kpi": "SILO_INDEX_TEAMS", "label": "Silo index (teams)", "scopeKind": "team",
        "scopeId": "A", "scopeName": "Platform", "current": -1.0, "predicted": 0.0, "target": 0.2,
        "by": "2031-06-30", "higherIsBetter": True, "unit": "index",
    }
    assert notes == ()


def test_a_dashboard_figure_that_counts_hidden_members_is_kept_and_said() -> None:
    members = [member("a", "A"), member("b", "B")]
    target = AimedTarget("t", "ISOLATED_SHARE", COMMUNITY, 0.0, "2031-06-30", "Isolation", reported_current=0.75)
    (row,), notes = aim_figures([target], TieGraph.of(members, []), [("a", "b")], Vocabulary())
    assert row["current"] == 0.75 and row["predicted"] == pytest.approx(0.0)  # 0.75 + (0 - 1), kept in range
    assert "opted out" in notes[0]


ROWS = [
    {"id": "kpitarget-silo", "kpi": "SILO_INDEX_TEAMS", "scope": {"kind": "COMMUNITY", "id": None}, "target": 0.2,
     "by": "2031-06-30", "current": -0.4, "suppressed": False},
    {"id": "kpitarget-active", "kpi": "ACTIVE_SHARE", "scope": {"kind": "TEAM", "id": "team-1"}, "target": 0.8,
     "by": "2031-06-30", "current": 0.5, "suppressed": False},
]
DEFINITIONS = [{"name": "SILO_INDEX_TEAMS", "label": "Silo index (teams)"}, {"name": "ACTIVE_SHARE", "label": "Engagement"}]


def test_the_targets_are_read_with_their_scope_label_and_current_value() -> None:
    (chosen,) = choose_targets(["kpitarget-silo"], ROWS, DEFINITIONS)
    assert chosen == AimedTarget("kpitarget-silo", "SILO_INDEX_TEAMS", COMMUNITY, 0.2, "2031-06-30",
                                 "Silo index (teams)", -0.4)


def test_an_unknown_target_is_refused_as_not_found() -> None:
    with pytest.raises(AimRefused) as refused:
        choose_targets(["kpitarget-gone"], ROWS, DEFINITIONS)
    assert refused.value.code == "NOT_FOUND" and "kpitarget-gone" in refused.value.message


def test_a_kpi_the_recommender_cannot_aim_at_is_refused_with_those_it_can() -> None:
    with pytest.raises(AimRefused) as refused:
        choose_targets(["kpitarget-active"], ROWS, DEFINITIONS)
    assert refused.value.code == "BAD_USER_INPUT" and "Engagement" in refused.value.message
    assert all(kpi in refused.value.message for kpi in SUPPORTED_KPIS)


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        ("purpose", {"aims": ("kpitarget-1",), "aim_weight": 1.5}, "aim_weight"),
        ("purpose", {"aims": ("kpitarget-1",), "aim_weight": -0.1}, "aim_weight"),
        ("intros", {"aim_weight": 0.3}, "aim_weight"),
        ("purpose", {"aims": tuple(f"kpitarget-{i}" for i in range(6))}, "aims"),
        ("purpose", {"aims": ("not an id!",)}, "aims"),
        ("skills", {"aims": ("kpitarget-1",)}, "aims"),
        ("events", {"aims": ("kpitarget-1",), "attendees": ("a", "b")}, "aims"),
    ],
)
def test_bad_aims_and_weights_are_refused(kind: str, values: dict, field: str) -> None:
    with pytest.raises(BadParameters) as refused:
        parse_parameters(kind, values)
    assert refused.value.field == field


def test_aims_and_their_weight_are_parameters_of_purpose_and_intros() -> None:
    parsed = parse_parameters("intros", {"aims": ["kpitarget-1", "kpitarget-1", "kpitarget-2"], "aim_weight": 0.25})
    assert parsed.aims == ("kpitarget-1", "kpitarget-2") and parsed.aim_weight == 0.25
