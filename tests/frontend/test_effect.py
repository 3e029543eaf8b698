"""What a run changed, in the web app: the dashboard chains each KPI target to the runs aimed at
it and their measured effect (target, action, result), and the effect page compares the people
who accepted with those who did not, in words, linked from the published set."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.frontend.conftest import assert_fits_phone, graphql, shoot, sign_in
from tests.seeding import SeedingRepository

pytestmark = pytest.mark.browser

MEMBERS = "{ members(first: 30, orderBy: NAME) { edges { node { key handle } } } }"
SET_TARGET = "mutation($kpi: KpiName!, $target: Float!, $by: Date!) { setKpiTarget(kpi: $kpi, target: $target, by: $by) { id } }"
STORE_SET = """mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) {
  id proposals(first: 20) { edges { node { id members { key } } } } } }"""


def _today() -> date:
    return datetime.now(timezone.utc).date()


async def aimed_run(http: httpx.AsyncClient, repository: SeedingRepository, community: dict[str, str], days_ago: int = 40) -> str:
    """A target on cross-team ties, and an intros run aimed at it (predicting 40%), published
    `days_ago` days ago: 6 pairs, the first three accepted by both, the rest declined by one."""
    organiser = community["organiser"]
    target = (await graphql(http, organiser, SET_TARGET, {
        "kpi": "CROSS_TEAM_BOND_SHARE", "target": 0.5, "by": (_today() + timedelta(days=90)).isoformat()}))["setKpiTarget"]["id"]
    skip = {organiser, community["member"]}
    keys = [e["node"]["key"] for e in (await graphql(http, organiser, MEMBERS, {}))["members"]["edges"] if e["node"]["handle"] not in skip][:12]
    quality = {"aims": [{"targetId": target, "kpi": "CROSS_TEAM_BOND_SHARE", "scopeKind": "community", "scopeId": None,
                         "current": 0.3, "predicted": 0.4, "target": 0.5}]}
    stored = (await graphql(http, organiser, STORE_SET, {"input": {
        "kind": "INTROS", "parameters": {}, "algorithmVersion": "test-1", "quality": quality, "aimedTargetIds": [target],
        "groupings": [{"members": keys[i:i + 2], "reasonText": "You both like jazz."} for i in range(0, 12, 2)],
    }}))["storeProposalSet"]
    published_on = _today() - timedelta(days=days_ago)
    await repository.proposals.publish(set_id=stored["id"], now=f"{published_on.isoformat()}T09:00:00Z")
    answered = f"{(published_on + timedelta(days=1)).isoformat()}T09:00:00Z"
    for i, edge in enumerate(stored["proposals"]["edges"]):
        a, b = (m["key"] for m in edge["node"]["members"])
        accept_both = i < 3
        await repository.proposals.respond(member_id=a, proposal_id=edge["node"]["id"], accept=True, community_name="x", now=answered)
        await repository.proposals.respond(member_id=b, proposal_id=edge["node"]["id"], accept=accept_both, community_name="x", now=answered)
        if accept_both:
            await repository.record_bond(a, b, "met", since=(published_on + timedelta(days=5)).isoformat(), source="test")
    return stored["id"]


async def test_the_dashboard_chains_each_target_to_the_runs_aimed_at_it_and_what_they_changed(
    page: Page, community: dict[str, str], http: httpx.AsyncClient, repository: SeedingRepository
) -> None:
    await aimed_run(http, repository, community)
    await sign_in(page, community["organiser"], "#/dashboard")
    chain = page.get_by_role("region", name="What the runs aimed at these targets changed")
    target = chain.locator("li.card").first
    await expect(target.get_by_role("heading")).to_contain_text("Target: Cross-team ties at 50% by")
    await expect(target).to_contain_text("Action: Introductions published on")
    await expect(target).to_contain_text("to 12 people")
    await expect(target).to_contain_text("Result: First 30 days: cross-team ties among those who accepted from")
    await expect(target).to_contain_text("Too few people in one group to conclude anything: 9 accepted, 3 did not.")
    await expect(chain).to_contain_text("not a controlled experiment")
    await target.scroll_into_view_if_needed()
    await shoot(page, "dashboard-aimed-runs")
    await target.get_by_role("link", name=re.compile("^See what it changed: Introductions published on")).click()
    await expect(page.get_by_role("heading", name="What these introductions changed")).to_be_visible()


async def test_the_effect_page_compares_who_accepted_with_who_did_not_in_words(
    page: Page, community: dict[str, str], http: httpx.AsyncClient, repository: SeedingRepository
) -> None:
    set_id = await aimed_run(http, repository, community)
    await sign_in(page, community["organiser"], f"#/organiser/sets/{set_id}")
    await page.get_by_role("link", name="See what it changed").click()
    await expect(page.get_by_role("heading", name="What these introductions changed")).to_be_visible()
    await expect(page.locator("main")).to_contain_text("9 accepted at least one proposal, 3 declined or did not answer")
    await expect(page.get_by_role("note")).to_have_text("Too few people in one group to conclude anything: 9 accepted, 3 did not.")
    aims = page.get_by_role("region", name="What the run aimed at")
    await expect(aims).to_contain_text("Cross-team ties in the whole community, target 50%. The run predicted 40% if every proposal were accepted.")
    thirty = page.get_by_role("table", name=re.compile("^First 30 days"))
    await expect(thirty.get_by_role("row", name=re.compile("^People"))).to_contain_text("9")
    await expect(thirty.get_by_role("row", name=re.compile("^New ties per person"))).to_be_visible()
    await expect(thirty.get_by_role("row", name=re.compile("^Cross-team ties in the whole community"))).to_contain_text("people")
    ninety = page.get_by_role("region", name="First 90 days")
    await expect(ninety).to_contain_text("Not over yet: it ends on")
    await expect(ninety.get_by_role("table")).to_have_count(0)
    await shoot(page, "set-effect")


async def test_the_effect_page_fits_a_phone(
    phone: Page, community: dict[str, str], http: httpx.AsyncClient, repository: SeedingRepository
) -> None:
    set_id = await aimed_run(http, repository, community, days_ago=100)
    await sign_in(phone, community["organiser"], f"#/organiser/sets/{set_id}/effect")
    await expect(phone.get_by_role("table", name=re.compile("^First 90 days"))).to_be_visible()
    await assert_fits_phone(phone)
    await shoot(phone, "set-effect-phone")


async def test_a_member_is_told_only_organisers_see_it(
    page: Page, community: dict[str, str], http: httpx.AsyncClient, repository: SeedingRepository
) -> None:
    set_id = await aimed_run(http, repository, community)
    await sign_in(page, community["member"], f"#/organiser/sets/{set_id}/effect")
    await expect(page.get_by_text("Only organisers can see what a run of proposals changed.")).to_be_visible()
