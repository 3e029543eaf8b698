"""kpiDefinitions: what each KPI is and how to read it, as graph_api.kpis.targets defines it."""

from __future__ import annotations

from graph_api.api.schema import schema
from graph_api.kpis.targets import KPIS
from tests.api.conftest import GraphQLClient

DEFINITIONS = "{ kpiDefinitions { name label description definition unit higherIsBetter low high } }"


async def test_kpi_definitions_give_every_kpi_with_its_direction_and_range(organiser: GraphQLClient) -> None:
    definitions = (await organiser.data(DEFINITIONS))["kpiDefinitions"]
    assert [d["name"] for d in definitions] == list(KPIS)
    for d in definitions:
        kpi = KPIS[d["name"]]
        assert (d["higherIsBetter"], d["low"], d["high"], d["unit"]) == (
            kpi.higher_is_better, kpi.low, kpi.high, kpi.unit.upper()
        ), d["name"]


async def test_kpi_definitions_name_each_kpi_in_plain_words(organiser: GraphQLClient) -> None:
    definitions = (await organiser.data(DEFINITIONS))["kpiDefinitions"]
    cross_team = next(d for d in definitions if d["name"] == "CROSS_TEAM_BOND_SHARE")
    assert cross_team["label"] == "Cross-team ties"
    assert cross_team["description"] == "Share of ties that link people in different teams."
    assert len({d["label"] for d in definitions}) == len(definitions)
    assert all(d["description"] and d["description"] != d["definition"] for d in definitions)


async def test_a_kpi_s_exact_definition_is_the_one_its_kpi_name_value_carries(organiser: GraphQLClient) -> None:
    definitions = (await organiser.data(DEFINITIONS))["kpiDefinitions"]
    enum = schema.get_type_by_name("KpiName")
    assert enum is not None
    documented = {value.name: value.description for value in enum.values}
    assert {d["name"]: d["definition"] for d in definitions} == documented


async def test_shares_run_from_zero_to_one(organiser: GraphQLClient) -> None:
    definitions = (await organiser.data(DEFINITIONS))["kpiDefinitions"]
    shares = [d for d in definitions if d["unit"] == "SHARE"]
    assert shares and all((d["low"], d["high"]) == (0.0, 1.0) for d in shares)
