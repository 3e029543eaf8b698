"""The organiser aims a recommender run at KPI targets ("Aim at targets" on the organiser page)
and reads the aimed figures in words, in the run's result and in the set's review."""

from __future__ import annotations

import re
from datetime import date

import httpx
import pytest
from playwright.async_api import Page, expect

from graph_api.kpis.health import Scope
from graph_api.kpis.targets import KPIS
from graph_api.store.repository import GraphRepository
from tests.frontend.conftest import graphql, shoot, sign_in

pytestmark = pytest.mark.browser


async def test_an_organiser_aims_a_run_at_a_target_and_reads_what_it_would_change(
    page: Page, http: httpx.AsyncClient, community: dict[str, str], repository: GraphRepository
) -> None:
    kpis = repository.kpis
    silo = await kpis.create_target(target_id="kpitarget-silo", kpi=KPIS["SILO_INDEX_TEAMS"], scope=Scope.community(),
                                    target=0.2, by=date(2031, 6, 30), baseline=None, today=date(2030, 1, 1))
    await kpis.create_target(target_id="kpitarget-active", kpi=KPIS["ACTIVE_SHARE"], scope=Scope.community(),
                             target=0.9, by=date(2031, 6, 30), baseline=None, today=date(2030, 1, 1))
    await sign_in(page, community["organiser"], "#/organiser")
    choice = page.get_by_role("group", name="Aim at targets")
    box = choice.get_by_role("checkbox", name=re.compile(r"^Silo index \(teams\) of the whole community: 0\.20 by 30 Jun 2031"))
    await expect(box).to_be_visible()
    await expect(choice.get_by_role("checkbox")).to_have_count(1)  # engagement cannot be aimed at
    await box.check()
    await shoot(page, "recommender-aim-choice")

    await page.get_by_role("button", name="Run", exact=True).click()
    status = page.get_by_role("status").filter(has_text="groupings over")
    await expect(status).to_be_visible(timeout=60_000)
    await expect(status).to_contain_text(re.compile(
        r"Silo index \(teams\) of the whole community: -?\d\.\d\d now, -?\d\.\d\d if every proposal is accepted"))

    await page.get_by_role("link", name=re.compile("^Purpose groups of")).first.click()
    await expect(page).to_have_url(re.compile(r"#/organiser/sets/"))
    # The set's own section: the organiser page's list has aimed figures too, and may still be shown.
    proposed = page.get_by_role("region", name="As the recommender proposed it")
    await expect(proposed.locator(".aim-figures")).to_contain_text("the target is 0.20 by 30 Jun 2031")
    await shoot(page, "recommender-aimed-set")
    sets = await graphql(http, "olga", "{ proposalSets(kind: PURPOSE) { edges { node { aimedTargetIds } } } }", {})
    assert [edge["node"]["aimedTargetIds"] for edge in sets["proposalSets"]["edges"]] == [[silo.id]]


async def test_kinds_that_cannot_be_aimed_offer_no_targets(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["organiser"], "#/organiser")
    await expect(page.get_by_role("group", name="Aim at targets")).to_contain_text("No targets yet")
    await page.get_by_label("What to propose").select_option("SKILLS")
    await expect(page.get_by_role("group", name="Aim at targets")).to_have_count(0)
