"""A member always has a next step: a first-time member is welcomed with three, empty places say
what fills them, a member says who they know and pauses recommendations from their profile, and
an accepted group shows who else is in and who is still deciding."""

from __future__ import annotations

import re

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

STORE_SET = "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { proposals(first: 5) { edges { node { id } } } id } }"
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id } }"
RESPOND = "mutation($id: ID!, $accept: Boolean!) { respondToProposal(id: $id, accept: $accept) { id } }"
RECORD_BOND = "mutation($other: ID!, $kind: BondKind!) { recordBond(otherMemberId: $other, kind: $kind) { status } }"
MY_REQUESTS = "{ myBondRequests { outgoing { kind other { handle } } } }"
OPT_OUT = "{ viewer { recommendationOptOut } }"


class People:
    """Members made for one test, each able to sign in; `ids` by handle."""

    def __init__(self, repository: SeedingRepository) -> None:
        self.repository = repository
        self.accounts = AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET))
        self.ids: dict[str, str] = {}

    async def add(self, handle: str, name: str, *, role: str = "member", vision: str | None = None) -> str:
        member = await self.repository.create_member(handle=handle, name=name, vision=vision)
        await self.accounts.set_password(member.id, PASSWORD, role=role)
        self.ids[handle] = member.id
        return member.id


@pytest.fixture
async def people(repository: SeedingRepository) -> People:
    found = People(repository)
    await found.add("nia", "Nia Newcomer")
    return found


async def _purpose_group(http: httpx.AsyncClient, people: People, handles: list[str]) -> str:
    """A published purpose-group proposal of these members; returns its id."""
    await people.add("olga", "Olga Organiser", role="organiser")
    stored = (await graphql(http, "olga", STORE_SET, {"input": {
        "kind": "PURPOSE", "parameters": {"seed": 0}, "algorithmVersion": "test-1", "quality": {"score": 0.8},
        "groupings": [{"members": [people.ids[h] for h in handles], "reasonText": "You all care about rooftop gardens."}],
    }}))["storeProposalSet"]
    await graphql(http, "olga", PUBLISH, {"id": stored["id"]})
    return stored["proposals"]["edges"][0]["node"]["id"]


# The welcome


async def test_a_new_member_sees_what_kindred_is_for_and_three_next_steps(page: Page, people: People) -> None:
    await sign_in(page, "nia", "#/member/nia")
    welcome = page.get_by_role("region", name="Welcome to Kindred")
    await expect(welcome).to_contain_text("Kindred helps you find the people here who care about what you care about")
    steps = welcome.get_by_role("listitem")
    await expect(steps).to_have_count(3)
    for name in ("Add your passions", "Write your vision", "See who shares your passions"):
        await expect(welcome.get_by_role("link", name=name)).to_be_visible()
    await shoot(page, "member-welcome")


async def test_a_new_member_is_welcomed_where_they_land_after_signing_in(page: Page, people: People) -> None:
    await sign_in(page, "nia")  # lands on the explore page
    welcome = page.get_by_role("region", name="Welcome to Kindred")
    await expect(welcome.get_by_role("link", name="Add your passions")).to_be_visible()


async def test_the_welcome_steps_open_the_editor_and_the_welcome_goes_once_passions_and_vision_are_saved(
    page: Page, people: People
) -> None:
    await sign_in(page, "nia", "#/member/nia")
    welcome = page.get_by_role("region", name="Welcome to Kindred")
    await welcome.get_by_role("link", name="Add your passions").click()
    await expect(page.get_by_role("combobox", name="Add a passion")).to_be_focused()
    await page.get_by_role("combobox", name="Add a passion").fill("Rooftop gardening")
    await page.get_by_role("form", name="Passions").get_by_role("button", name="Save passions").click()
    await expect(welcome).to_contain_text("done")

    await welcome.get_by_role("link", name="Write your vision").click()
    await expect(page.get_by_label("Vision")).to_be_focused()
    await page.get_by_label("Vision").fill("A garden on every roof of the campus.")
    await page.get_by_role("button", name="Save profile").click()
    await expect(page.get_by_role("region", name="Welcome to Kindred")).to_have_count(0)
    await page.reload()
    await expect(page.get_by_role("heading", name=re.compile("^Nia Newcomer"), level=1)).to_be_visible()
    await expect(page.get_by_role("region", name="Welcome to Kindred")).to_have_count(0)


async def test_a_member_who_hides_the_welcome_does_not_see_it_again(page: Page, people: People) -> None:
    await sign_in(page, "nia", "#/member/nia")
    await page.get_by_role("button", name="Hide this welcome").click()
    await expect(page.get_by_role("region", name="Welcome to Kindred")).to_have_count(0)
    await page.reload()
    await expect(page.get_by_role("heading", name=re.compile("^Nia Newcomer"), level=1)).to_be_visible()
    await expect(page.get_by_role("region", name="Welcome to Kindred")).to_have_count(0)


# Knowing someone


async def test_a_member_says_they_know_someone_and_waits_for_them_to_confirm(
    page: Page, http: httpx.AsyncClient, people: People
) -> None:
    await people.add("ada", "Ada Gardener")
    await sign_in(page, "nia", "#/member/ada")
    box = page.get_by_role("region", name="You and Ada Gardener")
    await box.get_by_label("How you know them").select_option("COLLEAGUE")
    await box.get_by_role("button", name="I know Ada Gardener").click()
    await expect(box).to_contain_text("Waiting for Ada Gardener to confirm.")
    await expect(box.get_by_role("status")).to_have_text("Ada Gardener is asked to confirm.")
    requests = (await graphql(http, "nia", MY_REQUESTS, {}))["myBondRequests"]["outgoing"]
    assert requests == [{"kind": "COLLEAGUE", "other": {"handle": "ada"}}]
    await shoot(page, "member-bond-asked")


async def test_a_bond_both_confirmed_shows_as_bonded_and_can_be_removed(
    page: Page, http: httpx.AsyncClient, people: People
) -> None:
    await people.add("ada", "Ada Gardener")
    await graphql(http, "ada", RECORD_BOND, {"other": people.ids["nia"], "kind": "MET"})
    await sign_in(page, "nia", "#/member/ada")
    box = page.get_by_role("region", name="You and Ada Gardener")
    await expect(box).to_contain_text("Ada Gardener says you know each other")
    await box.get_by_role("button", name="Confirm").click()
    await expect(box).to_contain_text("You and Ada Gardener know each other")
    await box.get_by_role("button", name="Remove this bond").click()
    await expect(box.get_by_role("button", name="I know Ada Gardener")).to_be_visible()


# Pausing recommendations


async def test_pausing_recommendations_sticks_after_a_reload(page: Page, http: httpx.AsyncClient, people: People) -> None:
    await sign_in(page, "nia", "#/member/nia")
    box = page.get_by_role("region", name="Recommendations")
    await expect(box).to_contain_text("On.")
    await box.get_by_role("button", name="Pause recommendations").click()
    await expect(box.get_by_role("status")).to_contain_text("Paused.")
    await page.reload()
    box = page.get_by_role("region", name="Recommendations")
    await expect(box.get_by_role("status")).to_contain_text("left out of new introductions")
    assert (await graphql(http, "nia", OPT_OUT, {}))["viewer"]["recommendationOptOut"] is True
    await box.get_by_role("button", name="Resume recommendations").click()
    await expect(box.get_by_role("button", name="Pause recommendations")).to_be_visible()
    assert (await graphql(http, "nia", OPT_OUT, {}))["viewer"]["recommendationOptOut"] is False


# An accepted group


async def test_an_accepted_group_lists_who_accepted_who_is_deciding_and_who_declined(
    page: Page, http: httpx.AsyncClient, people: People
) -> None:
    for handle, name in (("ada", "Ada Gardener"), ("bob", "Bo Builder"), ("cyd", "Cy Composter")):
        await people.add(handle, name)
    proposal = await _purpose_group(http, people, ["nia", "ada", "bob", "cyd"])
    await graphql(http, "ada", RESPOND, {"id": proposal, "accept": True})
    await graphql(http, "cyd", RESPOND, {"id": proposal, "accept": False})
    await sign_in(page, "nia", "#/proposals")
    card = page.get_by_role("listitem", name="Purpose group proposal")
    await card.get_by_role("button", name="Accept").click()
    answers = card.locator(".group-answers")
    await expect(answers.get_by_role("heading", name="Who is in")).to_be_visible()
    await expect(answers.locator("dt")).to_have_text(["Accepted", "Still deciding", "Declined"])
    await expect(answers.locator("dd")).to_have_text(["Ada Gardener", "Bo Builder", "Cy Composter"])
    await expect(answers.get_by_role("link", name="Bo Builder")).to_have_attribute("href", "#/member/bob")
    await shoot(page, "proposals-accepted-group")


async def test_before_accepting_a_member_does_not_see_who_answered(page: Page, http: httpx.AsyncClient, people: People) -> None:
    await people.add("ada", "Ada Gardener")
    proposal = await _purpose_group(http, people, ["nia", "ada"])
    await graphql(http, "ada", RESPOND, {"id": proposal, "accept": True})
    await sign_in(page, "nia", "#/proposals")
    card = page.get_by_role("listitem", name="Purpose group proposal")
    await expect(card.get_by_role("button", name="Accept")).to_be_enabled()
    await expect(card.get_by_role("heading", name="Who is in")).to_have_count(0)


# Empty places name what fills them


async def test_an_empty_own_profile_names_the_action_for_each_part(page: Page, people: People) -> None:
    await sign_in(page, "nia", "#/member/nia")
    profile = page.locator(".profile")
    for link in ("Add a headline: one line about you", "Write your vision: what you want to achieve here",
                 "Add your passions so people who share them can find you", "Add the skills you offer and seek"):
        await expect(profile.get_by_role("link", name=link)).to_be_visible()
    await expect(profile.get_by_role("link", name="My proposals")).to_be_visible()
    await profile.get_by_role("link", name="Add the skills you offer and seek").click()
    await expect(page.get_by_label("I offer")).to_be_focused()


async def test_no_proposals_yet_names_adding_passions(page: Page, people: People) -> None:
    await sign_in(page, "nia", "#/proposals")
    await expect(page.get_by_text("No proposals for you yet.")).to_be_visible()
    await page.get_by_role("link", name="adding your passions").first.click()
    await expect(page.get_by_role("combobox", name="Add a passion")).to_be_focused()


async def test_a_passion_search_with_no_match_offers_to_add_it(page: Page, people: People) -> None:
    await sign_in(page, "nia", "#/passions")
    await page.get_by_label("Find a passion").fill("Underwater basket weaving")
    await expect(page.get_by_text("No passion matches “Underwater basket weaving” yet.")).to_be_visible()
    await page.get_by_role("link", name="Add it to your passions").click()
    await expect(page.get_by_role("combobox", name="Add a passion")).to_be_focused()


# The new views are accessible and say things in words


async def _welcome_view(page: Page, http: httpx.AsyncClient, people: People) -> None:
    await sign_in(page, "nia", "#/member/nia")
    await expect(page.get_by_role("region", name="Welcome to Kindred")).to_be_visible()


async def _bond_view(page: Page, http: httpx.AsyncClient, people: People) -> None:
    await people.add("ada", "Ada Gardener")
    await graphql(http, "ada", RECORD_BOND, {"other": people.ids["nia"], "kind": "MENTOR"})
    await sign_in(page, "nia", "#/member/ada")
    await expect(page.get_by_role("button", name="Confirm")).to_be_visible()


async def _accepted_group_view(page: Page, http: httpx.AsyncClient, people: People) -> None:
    await people.add("ada", "Ada Gardener")
    proposal = await _purpose_group(http, people, ["nia", "ada"])
    await graphql(http, "nia", RESPOND, {"id": proposal, "accept": True})
    await sign_in(page, "nia", "#/proposals")
    await expect(page.get_by_role("heading", name="Who is in")).to_be_visible()


VIEWS = {"welcome": _welcome_view, "bond": _bond_view, "accepted-group": _accepted_group_view}


@pytest.mark.parametrize("name", list(VIEWS))
async def test_each_new_view_has_no_serious_accessibility_violations(name: str, page: Page, http: httpx.AsyncClient, people: People) -> None:
    await VIEWS[name](page, http, people)
    violations = await axe_violations(page)
    assert not violations, violations


@pytest.mark.parametrize("name", list(VIEWS))
async def test_each_new_view_fits_a_phone(name: str, phone: Page, http: httpx.AsyncClient, people: People) -> None:
    await VIEWS[name](phone, http, people)
    await assert_fits_phone(phone)


@pytest.mark.parametrize("name", list(VIEWS))
async def test_each_new_view_shows_no_internal_identifier(name: str, page: Page, http: httpx.AsyncClient, people: People) -> None:
    await VIEWS[name](page, http, people)
    assert await _internal_words(page, http, "nia") == []
