"""KPI breakdowns by team, site or passion with fewer than KINDRED_KPI_MIN_GROUP (5) members show
no figures to anyone but organisers, and the API says why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from tests.api.conftest import GraphQLClient, People, api_token
from tests.seeding import SeedingRepository

REPORT = """query($scope: HealthScopeInput) { communityHealth(scope: $scope) { members
  siloByTeam { teams { key members internal external ei suppressed suppressedReason } }
  siloBySite { sites { key members suppressed } } report } }"""
HISTORY = """query($scope: HealthScopeInput) {
  communityHealthHistory(kpi: ISOLATED_SHARE, from: "2026-01-01", to: "2026-01-31", scope: $scope) { at } }"""


@dataclass
class Setting:
    organiser: GraphQLClient
    reader: GraphQLClient
    big: str
    small: str
    site: str


@pytest.fixture
async def setting(people: People, repository: SeedingRepository) -> Setting:
    """Team Big: five members who love jazz, based at Lyon; team Small: two, one of them at Lyon too."""
    olga = await people.add("olga", role="organiser")
    big, small = await repository.create_team("Big"), await repository.create_team("Small")
    site = await repository.create_site("Lyon")
    for i in range(7):
        member = await repository.create_member(handle=f"member{i}", name=f"Member {i}")
        await repository.assign_team(member.id, big.id if i < 5 else small.id)
        if i < 6:
            await repository.assign_site(member.id, site.id)
        if i < 2:
            await repository.set_member_passion(member.id, "Jazz", 4)
    reader = GraphQLClient(people.http, token=await api_token(repository, olga, "read"))
    return Setting(await people.client("olga"), reader, big.id, small.id, site.id)


def rows(report: dict) -> dict[str, dict]:
    return {row["key"]: row for row in report["communityHealth"]["siloByTeam"]["teams"]}


async def test_a_reader_sees_no_figures_of_a_team_row_with_too_few_members_and_why(setting: Setting) -> None:
    teams = rows(await setting.reader.data(REPORT))
    assert teams[setting.small] == {
        "key": setting.small, "members": None, "internal": None, "external": None, "ei": None, "suppressed": True,
        "suppressedReason": "Fewer than 5 members: figures about so few people are shown to organisers only, "
        "so that no one can be singled out.",
    }
    assert teams[setting.big]["members"] == 5
    assert teams[setting.big]["suppressed"] is False
    assert teams[setting.big]["suppressedReason"] is None


async def test_the_json_report_hides_the_same_rows_from_a_reader(setting: Setting) -> None:
    report = (await setting.reader.data(REPORT))["communityHealth"]["report"]
    groups = {group["group"]: group for group in report["silo_by_team"]["groups"]}
    assert groups[setting.small] == {"group": setting.small, "suppressed": True}
    assert groups[setting.big]["members"] == 5


async def test_organisers_see_every_row(setting: Setting) -> None:
    teams = rows(await setting.organiser.data(REPORT))
    assert teams[setting.small]["members"] == 2
    assert teams[setting.small]["suppressed"] is False


@pytest.mark.parametrize("kind", ["TEAM", "PASSION"])
async def test_a_reader_asking_for_a_small_scope_is_told_why_there_are_no_figures(setting: Setting, kind: str) -> None:
    scope = {"kind": kind, "id": setting.small if kind == "TEAM" else "jazz"}
    error = await setting.reader.error(REPORT, {"scope": scope})
    assert error["extensions"]["code"] == "TOO_FEW_MEMBERS"
    assert "fewer than 5 members" in error["message"] and "organisers only" in error["message"]
    assert (await setting.organiser.data(REPORT, {"scope": scope}))["communityHealth"]["members"] == 2


async def test_a_reader_reads_a_scope_with_enough_members(setting: Setting) -> None:
    for scope in ({"kind": "TEAM", "id": setting.big}, {"kind": "SITE", "id": setting.site}):
        assert (await setting.reader.data(REPORT, {"scope": scope}))["communityHealth"]["members"] >= 5


async def test_the_history_of_a_small_scope_is_for_organisers_only(setting: Setting) -> None:
    small = {"scope": {"kind": "TEAM", "id": setting.small}}
    assert (await setting.reader.error(HISTORY, small))["extensions"]["code"] == "TOO_FEW_MEMBERS"
    assert (await setting.organiser.data(HISTORY, small))["communityHealthHistory"] == []
    assert (await setting.reader.data(HISTORY, {"scope": {"kind": "TEAM", "id": setting.big}}))["communityHealthHistory"] == []
    assert (await setting.reader.data(HISTORY))["communityHealthHistory"] == []


SET_TARGET = """mutation($scope: HealthScopeInput, $by: Date!) {
  setKpiTarget(kpi: ISOLATED_SHARE, target: 0.1, by: $by, scope: $scope) { id } }"""
TARGETS = "{ kpiTargets { scope { id } target baseline current progress met suppressed suppressedReason } }"


async def test_a_reader_sees_a_small_scopes_target_but_none_of_its_figures(setting: Setting) -> None:
    by = (datetime.now(timezone.utc).date() + timedelta(days=30)).isoformat()
    for team in (setting.small, setting.big):
        await setting.organiser.data(SET_TARGET, {"scope": {"kind": "TEAM", "id": team}, "by": by})
    seen = {t["scope"]["id"]: t for t in (await setting.reader.data(TARGETS))["kpiTargets"]}
    assert seen[setting.small]["target"] == 0.1
    assert (seen[setting.small]["baseline"], seen[setting.small]["current"], seen[setting.small]["met"]) == (None, None, None)
    assert seen[setting.small]["suppressed"] is True and "organisers only" in seen[setting.small]["suppressedReason"]
    assert seen[setting.big]["suppressed"] is False and seen[setting.big]["current"] is not None
    by_organiser = {t["scope"]["id"]: t for t in (await setting.organiser.data(TARGETS))["kpiTargets"]}
    assert by_organiser[setting.small]["suppressed"] is False and by_organiser[setting.small]["current"] is not None
