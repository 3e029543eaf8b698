"""An organiser makes a provisioning token for their identity provider (shown once) and revokes it;
the members page marks provisioned members and shows their name, email and team read-only, saying why."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Page, expect

from graph_api.scim import tokens
from tests.frontend.conftest import assert_fits_phone, shoot, sign_in
from tests.frontend.test_member_next_steps import People
from tests.scim.conftest import Provisioner
from tests.seeding import SeedingRepository

pytestmark = pytest.mark.browser

REGION = "Provisioning from your identity provider"


@pytest.fixture
async def people(repository: SeedingRepository) -> People:
    found = People(repository)
    await found.add("olga", "Olga Organiser", role="organiser")
    return found


async def test_an_organiser_makes_a_provisioning_token_sees_it_once_and_revokes_it(
    page: Page, http: httpx.AsyncClient, people: People
) -> None:
    await sign_in(page, "olga", "#/organiser/identity")
    box = page.get_by_role("region", name=REGION)
    await expect(box.get_by_text("No provisioning tokens yet.")).to_be_visible()
    await expect(box.locator("code")).to_have_text(re.compile(r"^http://127\.0\.0\.1:\d+/scim/v2$"))
    await box.get_by_label("Identity provider", exact=True).fill("Okta")
    await box.get_by_role("button", name="Make a provisioning token").click()
    shown = box.get_by_role("textbox", name="Provisioning token")
    await expect(shown).to_have_value(re.compile(r"^ks\."))
    token = await shown.input_value()
    answer = await http.get("/scim/v2/Users", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    await expect(box.get_by_role("list", name="Provisioning tokens").get_by_role("listitem")).to_have_count(1)
    await shoot(page, "organiser-provisioning-tokens")
    await page.set_viewport_size({"width": 375, "height": 800})
    await assert_fits_phone(page)

    await box.get_by_role("button", name="Done").click()
    await expect(shown).to_have_count(0)
    await box.get_by_role("button", name="Revoke the token for Okta").click()
    await expect(box.get_by_text("No provisioning tokens yet.")).to_be_visible()
    assert (await http.get("/scim/v2/Users", headers={"Authorization": f"Bearer {token}"})).status_code == 401


async def test_the_members_page_shows_a_provisioned_member_as_managed_and_read_only(
    page: Page, http: httpx.AsyncClient, people: People, repository: SeedingRepository
) -> None:
    provisioner = Provisioner(http, (await tokens.create(repository, people.ids["olga"], "Entra ID")).token)
    ada = await provisioner.create_user("ada.lovelace@example.org")
    await provisioner.create_group("Analytical Engines", ada["id"])
    await sign_in(page, "olga", "#/organiser/people")
    row = page.locator("table.people-table tbody tr", has=page.get_by_role("link", name="Ada Lovelace", exact=True))
    await expect(row.get_by_text("Managed by your identity provider")).to_be_visible()
    olga_row = page.locator("table.people-table tbody tr", has=page.get_by_role("link", name="Olga Organiser", exact=True))
    await expect(olga_row.get_by_text("Managed by your identity provider")).to_have_count(0)

    await page.get_by_role("button", name="Edit Ada Lovelace").click()
    form = page.get_by_role("form", name="Edit Ada Lovelace")
    await expect(form.get_by_text(
        "Ada Lovelace is managed by your organisation's identity provider: their name, email and team come from there."
    )).to_be_visible()
    await expect(form.get_by_role("textbox", name="Name", exact=True)).to_have_count(0)
    await expect(form.get_by_role("textbox", name="Email", exact=True)).to_have_count(0)
    await expect(form.get_by_role("combobox", name="Team", exact=True)).to_have_count(0)
    await expect(form.get_by_text("ada.lovelace@example.org")).to_be_visible()
    await expect(form.get_by_text("Analytical Engines")).to_be_visible()
    await expect(form.get_by_label("Handle", exact=True)).to_be_focused()
    await form.get_by_label("Headline", exact=True).fill("Poet of science")
    await shoot(page, "people-edit-managed")
    await form.get_by_role("button", name="Save changes").click()
    await expect(page.locator(".people-status")).to_have_text("Saved the changes to Ada Lovelace.")
    member = await repository.member(ada["id"])
    assert member is not None and member.headline == "Poet of science" and member.name == "Ada Lovelace"
