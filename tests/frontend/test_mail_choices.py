"""A member chooses which mails they get, on their own profile page; nobody else sees the choice."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.frontend.conftest import graphql, shoot, sign_in
from tests.frontend.test_member_next_steps import People
from tests.seeding import SeedingRepository

pytestmark = pytest.mark.browser

CHOICES = "{ viewer { mailChoices { proposals tables reminders followUps } } }"


@pytest.fixture
async def people(repository: SeedingRepository) -> People:
    found = People(repository)
    await found.add("nia", "Nia Newcomer")
    return found


async def test_a_member_turns_event_reminders_off_and_it_sticks(page: Page, http: httpx.AsyncClient, people: People) -> None:
    await sign_in(page, "nia", "#/member/nia")
    box = page.get_by_role("region", name="Mail")
    await expect(box.get_by_role("status")).to_contain_text("You get every kind of mail below.")
    await box.get_by_role("checkbox", name="Event reminders").uncheck()
    await expect(box.get_by_role("status")).to_contain_text("You get 3 of the 4 kinds of mail below.")
    await shoot(page, "member-mail-choices")
    await page.reload()
    box = page.get_by_role("region", name="Mail")
    await expect(box.get_by_role("checkbox", name="Event reminders")).not_to_be_checked()
    await expect(box.get_by_role("checkbox", name="New proposals")).to_be_checked()
    choices = (await graphql(http, "nia", CHOICES, {}))["viewer"]["mailChoices"]
    assert choices == {"proposals": True, "tables": True, "reminders": False, "followUps": True}


async def test_mail_choices_are_not_on_someone_elses_profile(page: Page, people: People) -> None:
    await people.add("ada", "Ada Gardener")
    await sign_in(page, "nia", "#/member/ada")
    await expect(page.get_by_role("heading", name="Ada Gardener @ada")).to_be_visible()
    await expect(page.get_by_role("region", name="Mail")).to_have_count(0)

