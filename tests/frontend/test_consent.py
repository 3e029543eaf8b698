"""Consent on the profile: a member pauses suggestions until a day, chooses the kinds they want,
and keeps a "don't suggest me to" list, managed from the other person's profile and seen by no
one else."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest
from playwright.async_api import Page, expect

from graph_api.accounts.service import AccountService
from graph_api.settings import Settings
from tests.conftest import JWT_SECRET
from tests.frontend.conftest import PASSWORD, assert_fits_phone, graphql, shoot, sign_in
from tests.frontend.test_accessibility import axe_violations
from tests.frontend.test_human_words import _internal_words
from tests.seeding import SeedingRepository

pytestmark = pytest.mark.browser

MINE = "{ viewer { recommendationPausedUntil proposalKinds noIntroList { handle } } }"
ABOUT_NIA = '{ member(handle: "nia") { noIntroList { handle } onMyNoIntroList } }'
IN_TEN_DAYS = (datetime.now(timezone.utc).date() + timedelta(days=10)).isoformat()


@pytest.fixture
async def people(repository: SeedingRepository) -> dict[str, str]:
    """Nia Newcomer and Ada Gardener, who can both sign in."""
    accounts = AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET))
    ids = {}
    for handle, name in (("nia", "Nia Newcomer"), ("ada", "Ada Gardener")):
        member = await repository.create_member(handle=handle, name=name)
        await accounts.set_password(member.id, PASSWORD)
        ids[handle] = member.id
    return ids


def consent_box(page: Page):
    return page.get_by_role("region", name="What Kindred may suggest to you")


async def test_a_member_pauses_suggestions_until_a_day_and_is_told_when_they_start_again(
    page: Page, http: httpx.AsyncClient, people: dict[str, str]
) -> None:
    await sign_in(page, "nia", "#/member/nia")
    box = consent_box(page)
    await expect(box).to_contain_text("Not paused")
    await box.get_by_label("Pause until").fill(IN_TEN_DAYS)
    await box.get_by_role("button", name="Pause", exact=True).click()
    await expect(box.get_by_role("status").first).to_contain_text("Paused until")
    await expect(box.get_by_role("status").first).to_contain_text("start again that day by themselves")
    assert (await graphql(http, "nia", MINE, {}))["viewer"]["recommendationPausedUntil"] == IN_TEN_DAYS
    await page.reload()
    await expect(consent_box(page).get_by_role("status").first).to_contain_text("Paused until")
    await shoot(page, "profile-consent")
    await consent_box(page).get_by_role("button", name="Resume now").click()
    await expect(consent_box(page).get_by_role("status").first).to_contain_text("Not paused")
    assert (await graphql(http, "nia", MINE, {}))["viewer"]["recommendationPausedUntil"] is None


async def test_a_member_turns_a_kind_of_suggestion_off_with_its_checkbox(
    page: Page, http: httpx.AsyncClient, people: dict[str, str]
) -> None:
    await sign_in(page, "nia", "#/member/nia")
    box = consent_box(page)
    await box.get_by_role("checkbox", name="Introductions").uncheck()
    await box.get_by_role("button", name="Save my choices").click()
    await expect(box.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    await expect(box).to_contain_text("You may be suggested for purpose groups, skills pairings and event seating only.")
    assert (await graphql(http, "nia", MINE, {}))["viewer"]["proposalKinds"] == ["PURPOSE", "SKILLS", "EVENTS"]
    await page.reload()
    await expect(consent_box(page).get_by_role("checkbox", name="Introductions")).not_to_be_checked()
    await expect(consent_box(page).get_by_role("checkbox", name="Purpose groups")).to_be_checked()


async def test_dont_suggest_me_to_someone_from_their_profile_and_they_never_see_it(
    page: Page, http: httpx.AsyncClient, people: dict[str, str]
) -> None:
    await sign_in(page, "nia", "#/member/ada")
    box = page.get_by_role("region", name="Suggestions with Ada")
    await expect(box).to_contain_text("Only you see this: Ada is never told.")
    await box.get_by_role("button", name="Don't suggest me to Ada Gardener").click()
    await expect(box.get_by_role("status")).to_contain_text("Kindred won't suggest you and Ada Gardener to each other")
    assert (await graphql(http, "nia", MINE, {}))["viewer"]["noIntroList"] == [{"handle": "ada"}]
    assert (await graphql(http, "ada", ABOUT_NIA, {}))["member"] == {"noIntroList": None, "onMyNoIntroList": False}
    await page.reload()
    await expect(page.get_by_role("region", name="Suggestions with Ada").get_by_role("button", name="Suggest me to Ada Gardener again")).to_be_visible()


async def test_ones_own_profile_lists_the_people_one_is_not_suggested_to_and_takes_them_off(
    page: Page, http: httpx.AsyncClient, people: dict[str, str]
) -> None:
    await graphql(http, "nia", "mutation($id: ID!) { addToNoIntroList(memberId: $id) { handle } }", {"id": people["ada"]})
    await sign_in(page, "nia", "#/member/nia")
    box = consent_box(page)
    await expect(box.get_by_role("link", name="Ada Gardener")).to_be_visible()
    await box.get_by_role("button", name="Remove Ada Gardener").click()
    await expect(box).to_contain_text("Ada Gardener may be suggested to you again.")
    await expect(box).to_contain_text("Nobody.")
    assert (await graphql(http, "nia", MINE, {}))["viewer"]["noIntroList"] == []


async def test_someone_elses_profile_shows_no_consent_settings_of_theirs(page: Page, people: dict[str, str]) -> None:
    await sign_in(page, "nia", "#/member/ada")
    await expect(page.get_by_role("region", name="Suggestions with Ada")).to_be_visible()
    await expect(consent_box(page)).to_have_count(0)


async def _own_profile(page: Page, http: httpx.AsyncClient, people: dict[str, str]) -> None:
    await graphql(http, "nia", "mutation($id: ID!) { addToNoIntroList(memberId: $id) { handle } }", {"id": people["ada"]})
    await graphql(http, "nia", "mutation($d: Date) { setMyRecommendationPause(until: $d) { handle } }", {"d": IN_TEN_DAYS})
    await sign_in(page, "nia", "#/member/nia")
    await expect(consent_box(page).get_by_role("link", name="Ada Gardener")).to_be_visible()


async def _their_profile(page: Page, http: httpx.AsyncClient, people: dict[str, str]) -> None:
    await sign_in(page, "nia", "#/member/ada")
    await expect(page.get_by_role("region", name="Suggestions with Ada")).to_be_visible()


VIEWS = {"own": _own_profile, "theirs": _their_profile}


@pytest.mark.parametrize("name", list(VIEWS))
async def test_the_consent_views_have_no_serious_accessibility_violations(
    name: str, page: Page, http: httpx.AsyncClient, people: dict[str, str]
) -> None:
    await VIEWS[name](page, http, people)
    assert not await axe_violations(page)


@pytest.mark.parametrize("name", list(VIEWS))
async def test_the_consent_views_fit_a_phone(name: str, phone: Page, http: httpx.AsyncClient, people: dict[str, str]) -> None:
    await VIEWS[name](phone, http, people)
    await assert_fits_phone(phone)


@pytest.mark.parametrize("name", list(VIEWS))
async def test_the_consent_views_show_no_internal_identifier(
    name: str, page: Page, http: httpx.AsyncClient, people: dict[str, str]
) -> None:
    await VIEWS[name](page, http, people)
    assert await _internal_words(page, http, "nia") == []
