"""The organiser's dashboard: community KPIs with their history as charts and targets beside them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.frontend.conftest import assert_fits_phone, graphql, shoot, sign_in
from tests.seeding import SeedingRepository

pytestmark = pytest.mark.browser

SNAPSHOT = "mutation($at: Date) { snapshotCommunityHealth(at: $at) { at } }"
TODAYS_SNAPSHOT = "mutation { snapshotCommunityHealth { at } }"
SET_TARGET = "mutation($kpi: KpiName!, $target: Float!, $by: Date!) { setKpiTarget(kpi: $kpi, target: $target, by: $by) { id } }"
TARGETS = "{ kpiTargets(scope: {kind: COMMUNITY}) { kpi target by } }"
HEALTH = "{ communityHealth { crossSilo { share } } }"


def _today() -> date:
    return datetime.now(timezone.utc).date()


def _percent(share: float) -> str:
    """A share as the dashboard writes it: 37.5%, 40%."""
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


async def _bridge_teams(repository: SeedingRepository, count: int, offset: int) -> None:
    """Bonds between members of the first two teams: more ties cross team lines."""
    staffed = [members for team in await repository.teams(limit=100) if (members := await repository.team_members(team.id))]
    ones, others = sorted(staffed, key=len, reverse=True)[:2]
    for i in range(count):
        a = ones[(offset + i) % len(ones)]
        b = others[(offset + 2 * i + 1) % len(others)]
        await repository.record_bond(a.id, b.id, "friend")


async def _history(http: httpx.AsyncClient, repository: SeedingRepository, organiser: str) -> None:
    """Snapshots 28 and 14 days ago and yesterday, with cross-team bonds added in between."""
    today = _today()
    await graphql(http, organiser, SNAPSHOT, {"at": (today - timedelta(days=28)).isoformat()})
    await _bridge_teams(repository, 8, 0)
    await graphql(http, organiser, SNAPSHOT, {"at": (today - timedelta(days=14)).isoformat()})
    await _bridge_teams(repository, 8, 8)
    await graphql(http, organiser, SNAPSHOT, {"at": (today - timedelta(days=1)).isoformat()})


async def test_an_organiser_sees_the_kpis_with_their_targets(
    page: Page, community: dict[str, str], http: httpx.AsyncClient, repository: SeedingRepository
) -> None:
    organiser = community["organiser"]
    await _history(http, repository, organiser)
    await _bridge_teams(repository, 8, 16)
    by = _today() + timedelta(days=60)
    await graphql(http, organiser, SET_TARGET, {"kpi": "CROSS_TEAM_BOND_SHARE", "target": 0.5, "by": by.isoformat()})
    share = (await graphql(http, organiser, HEALTH, {}))["communityHealth"]["crossSilo"]["share"]

    await sign_in(page, organiser, "#/dashboard")
    card = page.locator("li.kpi-card", has=page.get_by_role("heading", name="Cross-team ties", exact=True))
    await expect(card.locator(".kpi-value .big")).to_have_text(_percent(share))
    await expect(card.locator(".kpi-target")).to_contain_text("Target 50%")
    await expect(card.locator(".kpi-status")).to_contain_text("Good: on track for the target")
    await expect(card.get_by_role("img", name="Up: better", exact=True)).to_have_text("↑")
    yesterday = _today() - timedelta(days=1)
    await expect(card.locator(".trend")).to_contain_text("Up ")
    await expect(card.locator(".trend")).to_contain_text(f"since {yesterday.day} {yesterday:%b %Y} (better)")
    chart = card.locator("figure.kpi-chart")
    await expect(chart).to_have_attribute("data-points", "3")
    await expect(chart.locator(".target-line")).to_have_count(1)
    await expect(chart.locator(".live circle")).to_have_count(1)  # today's value, not recorded yet
    await expect(chart.locator("figcaption")).to_contain_text("3 snapshots")
    await expect(chart.get_by_role("img")).to_have_accessible_name(await chart.locator("figcaption").inner_text())
    for heading in ("Silo index (teams)", "Purpose coverage", "Isolation", "Engagement"):
        await expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    await expect(page.get_by_role("table", name="Other KPIs", exact=False).get_by_role("rowheader", name="Mentoring bonds", exact=False)).to_be_visible()
    await expect(page.get_by_text("Trends start after the second snapshot")).to_have_count(0)
    await shoot(page, "dashboard")


async def test_on_day_one_the_page_says_once_that_trends_start_after_the_second_snapshot(
    page: Page, community: dict[str, str], http: httpx.AsyncClient
) -> None:
    organiser = community["organiser"]
    await graphql(http, organiser, TODAYS_SNAPSHOT, {})
    await sign_in(page, organiser, "#/dashboard")
    day_one = page.get_by_text("Trends start after the second snapshot", exact=False)
    await expect(day_one).to_have_count(1)
    await expect(day_one).to_contain_text("Kindred records the figures once a day")
    await expect(page.locator("li.kpi-card figure.kpi-chart[data-points='1']")).to_have_count(5)
    await expect(page.get_by_text("No earlier", exact=False)).to_have_count(0)  # not said again on each card or row
    await expect(page.locator(".trend-arrow")).to_have_count(0)
    await shoot(page, "dashboard-day-one")

    await graphql(http, organiser, SNAPSHOT, {"at": (_today() - timedelta(days=1)).isoformat()})
    await page.reload()
    await expect(page.locator("li.kpi-card figure.kpi-chart[data-points='2']")).to_have_count(5)
    await expect(day_one).to_have_count(0)
    await expect(page.locator("li.kpi-card .trend-arrow").first).to_be_visible()


async def test_a_kpi_with_a_target_shows_how_it_is_doing_in_words(
    page: Page, community: dict[str, str], http: httpx.AsyncClient
) -> None:
    organiser = community["organiser"]
    today = _today().isoformat()
    # Due today and far off: behind the plan, with no trend yet to say it is getting better.
    await graphql(http, organiser, SET_TARGET, {"kpi": "PURPOSE_COVERAGE", "target": 0.95, "by": today})
    await graphql(http, organiser, SET_TARGET, {"kpi": "MENTOR_BOND_SHARE", "target": 0.95, "by": today})
    await sign_in(page, organiser, "#/dashboard")
    card = page.locator("li.kpi-card", has=page.get_by_role("heading", name="Purpose coverage", exact=True))
    await expect(card.locator(".kpi-status")).to_contain_text("Bad: behind the plan for the target")
    await expect(card.locator(".kpi-status .mark-bad")).to_have_count(1)
    row = page.get_by_role("table", name="Other KPIs", exact=False).get_by_role("row", name="Mentoring bonds", exact=False)
    await expect(row).to_contain_text("Bad: behind the plan for the target")
    await expect(row).to_contain_text("95% by")


async def test_the_silo_index_and_modularity_are_explained_in_one_plain_line_each(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["organiser"], "#/dashboard")
    words = page.get_by_role("definition")
    silo = page.locator(".dash-glossary div", has=page.get_by_role("term").filter(has_text="Silo index"))
    modularity = page.locator(".dash-glossary div", has=page.get_by_role("term").filter(has_text="Modularity"))
    await expect(silo).to_be_visible()
    await expect(silo).to_contain_text("ties stay inside their own team or site")
    await expect(silo).to_contain_text("higher is better")
    await expect(modularity).to_be_visible()
    await expect(modularity).to_contain_text("lower is better for teams and sites, higher for purpose groups")
    await expect(words).to_have_count(3)


async def test_an_organiser_sets_a_target_from_the_dashboard(
    page: Page, community: dict[str, str], http: httpx.AsyncClient
) -> None:
    await sign_in(page, community["organiser"], "#/dashboard")
    card = page.locator("li.kpi-card", has=page.get_by_role("heading", name="Purpose coverage", exact=True))
    await card.get_by_role("button", name="Set a target for Purpose coverage").click()
    await expect(page.get_by_label("KPI", exact=True)).to_have_value("PURPOSE_COVERAGE")
    await expect(page.get_by_label("Target value")).to_be_focused()
    await page.get_by_label("Target value").fill("30")
    by = _today() + timedelta(days=120)
    await page.get_by_label("By", exact=True).fill(by.isoformat())
    await page.get_by_role("button", name="Set target").click()

    await expect(page.locator(".target-form [role=status]")).to_contain_text("Target set: Purpose coverage 30%")
    await expect(card.locator(".kpi-target")).to_contain_text("Target 30%")
    targets = page.get_by_role("table", name="Targets on this scope")
    await expect(targets.get_by_role("rowheader", name="Purpose coverage")).to_be_visible()
    stored = (await graphql(http, community["organiser"], TARGETS, {}))["kpiTargets"]
    assert stored == [{"kpi": "PURPOSE_COVERAGE", "target": 0.3, "by": by.isoformat()}]

    await targets.get_by_role("button", name="Remove the target on Purpose coverage", exact=False).click()
    await expect(page.get_by_text("No targets on this scope yet.")).to_be_visible()
    assert (await graphql(http, community["organiser"], TARGETS, {}))["kpiTargets"] == []


async def test_a_bad_target_is_reported_next_to_the_field(page: Page, community: dict[str, str], http: httpx.AsyncClient) -> None:
    await sign_in(page, community["organiser"], "#/dashboard")
    await page.get_by_label("KPI", exact=True).select_option(label="Cross-team ties")
    value = page.get_by_label("Target value")
    await value.fill("150")
    await page.get_by_role("button", name="Set target").click()
    await expect(value).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#target-value-error")).to_have_attribute("role", "alert")
    await expect(value).to_have_accessible_description("Please check this: Cross-team ties is a percentage: give a value from 0 to 100.")

    await value.fill("40")
    when = page.get_by_label("By", exact=True)
    await when.fill("2020-01-01")
    await page.get_by_role("button", name="Set target").click()
    await expect(when).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#target-by-error")).to_contain_text("in the past")
    await expect(page.locator("#target-value-error")).to_have_count(0)
    await shoot(page, "dashboard-target-error")
    assert (await graphql(http, community["organiser"], TARGETS, {}))["kpiTargets"] == []


async def test_an_organiser_records_todays_snapshot_of_a_team(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["organiser"], "#/dashboard")
    scope = page.get_by_label("Scope")
    team = (await scope.locator("optgroup[label=Teams] option").first.text_content()) or ""
    await scope.select_option(label=team)
    await expect(page.locator(".dash-summary")).to_contain_text(f"Figures for the team {team}")
    chart = page.locator("li.kpi-card figure.kpi-chart").first
    await expect(chart).to_have_attribute("data-points", "0")
    await page.get_by_role("button", name="Record today's snapshot").click()
    await expect(page.locator(".snapshot [role=status]")).to_contain_text(f"for the team {team} and the whole community")
    await expect(chart).to_have_attribute("data-points", "1")
    assert "scope=TEAM" in page.url


async def test_a_member_cannot_open_the_dashboard(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["member"], "#/dashboard")
    await expect(page.get_by_text("Only organisers can open the dashboard.")).to_be_visible()
    await expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")).to_have_count(0)
    await expect(page.locator("li.kpi-card")).to_have_count(0)


async def test_the_dashboard_fits_a_phone(
    phone: Page, community: dict[str, str], http: httpx.AsyncClient, repository: SeedingRepository
) -> None:
    organiser = community["organiser"]
    await _history(http, repository, organiser)
    by = _today() + timedelta(days=30)
    await graphql(http, organiser, SET_TARGET, {"kpi": "ISOLATED_SHARE", "target": 0.0, "by": by.isoformat()})
    await sign_in(phone, organiser, "#/dashboard")
    await expect(phone.locator("li.kpi-card figure.kpi-chart[data-points='3']")).to_have_count(5)
    await expect(phone.get_by_role("table", name="Targets on this scope")).to_be_visible()
    # Stacked on a phone, the other KPIs are still a table to a screen reader.
    others = phone.get_by_role("table", name="Other KPIs", exact=False)
    await expect(others.get_by_role("rowheader", name="Mentoring bonds", exact=False)).to_be_visible()
    await expect(others.get_by_role("columnheader", name="How it is doing")).to_have_count(1)
    await assert_fits_phone(phone)
    await shoot(phone, "dashboard-phone")
