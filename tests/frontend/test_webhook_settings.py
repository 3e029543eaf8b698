"""An organiser adds a webhook endpoint on the API tokens page, copies its secret (shown once),
reads its recent deliveries in words, and removes it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.frontend.conftest import assert_fits_phone, graphql, shoot, sign_in
from tests.frontend.test_member_next_steps import People
from tests.notifications.conftest import Community, stamp
from tests.seeding import SeedingRepository

pytestmark = pytest.mark.browser

ENDPOINTS = "{ webhookEndpoints { name url events format } }"


@pytest.fixture
async def people(repository: SeedingRepository) -> People:
    found = People(repository)
    await found.add("olga", "Olga Organiser", role="organiser")
    return found


async def test_an_organiser_adds_an_endpoint_sees_its_deliveries_and_removes_it(
    page: Page, http: httpx.AsyncClient, people: People, repository: SeedingRepository
) -> None:
    await sign_in(page, "olga", "#/organiser/tokens")
    box = page.get_by_role("region", name="Webhooks")
    await expect(box.get_by_text("No endpoints yet.")).to_be_visible()
    await box.get_by_label("Title", exact=True).fill("Organisers' chat")
    await box.get_by_label("Address", exact=True).fill("http://hooks.example.org/kindred")
    await box.get_by_role("button", name="Add endpoint").click()
    await expect(box.get_by_text("The address must start with https://.")).to_be_visible()
    await box.get_by_label("Address", exact=True).fill("https://hooks.example.org/kindred")
    await box.get_by_role("checkbox", name="Meetings recorded").check()
    await box.get_by_role("button", name="Add endpoint").click()
    secret = box.get_by_role("textbox", name="Secret")
    await expect(secret).to_have_value(re.compile(r"^whsec_"))
    await box.get_by_role("button", name="Copy secret").click()
    await expect(box.get_by_text(re.compile(r"^(Copied\.|Copying is not allowed here)"))).to_be_visible()
    endpoints = (await graphql(http, "olga", ENDPOINTS, {}))["webhookEndpoints"]
    assert endpoints == [{"name": "Organisers' chat", "url": "https://hooks.example.org/kindred",
                          "events": ["PROPOSAL_PUBLISHED", "EVENT_PLAN_PUBLISHED", "MET_RECORDED"], "format": "CHAT"}]

    community = Community(repository)
    await community.add("ann", "bob")
    await repository.proposals.publish(set_id=await community.draft("intros", ["ann", "bob"]))
    await repository.proposals.publish(set_id=await community.draft("purpose", ["ann", "bob"]))
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    [first, _] = await repository.webhooks.claim_due(owner="test", now=stamp(now), lease_until=stamp(now + timedelta(minutes=5)), limit=1) + [None]
    assert first is not None
    await repository.webhooks.mark_retry(delivery_id=first.id, owner="test", due_at=stamp(now + timedelta(seconds=30)),
                                         http_status=503, error="the receiver answered 503 Service Unavailable")
    await page.reload()
    box = page.get_by_role("region", name="Webhooks")
    await expect(box.get_by_role("heading", name="Organisers' chat")).to_be_visible()
    await expect(box.get_by_text("Proposals published, table plans published and meetings recorded · Chat message")).to_be_visible()
    await expect(box.get_by_text("2 deliveries in the last 30 days, 2 waiting.")).to_be_visible()
    deliveries = box.get_by_role("list", name="Recent deliveries")
    await expect(deliveries.get_by_role("listitem")).to_have_count(2)
    await expect(deliveries).to_contain_text("Failed, next try")
    await expect(deliveries).to_contain_text("(the receiver answered 503 Service Unavailable)")
    await expect(deliveries).to_contain_text("Waiting to be sent")
    await shoot(page, "organiser-webhooks")
    await assert_fits_phone_after(page)

    await box.get_by_role("button", name="Remove Organisers' chat").click()
    await box.get_by_role("button", name="Remove it").click()
    await expect(box.get_by_text("No endpoints yet.")).to_be_visible()
    assert (await graphql(http, "olga", ENDPOINTS, {}))["webhookEndpoints"] == []


async def assert_fits_phone_after(page: Page) -> None:
    await page.set_viewport_size({"width": 375, "height": 800})
    await assert_fits_phone(page)
    await page.set_viewport_size({"width": 1280, "height": 800})


async def test_a_new_secret_is_shown_once(page: Page, people: People, repository: SeedingRepository) -> None:
    await repository.webhooks.create(name="Team chat", url="https://hooks.example.org/team", events=["met_recorded"],
                                     format="chat", now=stamp(datetime.now(timezone.utc)))
    await sign_in(page, "olga", "#/organiser/tokens")
    box = page.get_by_role("region", name="Webhooks")
    await box.get_by_role("button", name="New secret for Team chat").click()
    await expect(box.get_by_text("Copy the secret of Team chat now: it will not be shown again.")).to_be_visible()
    await expect(box.get_by_role("textbox", name="Secret")).to_have_value(re.compile(r"^whsec_"))
    await box.get_by_role("button", name="Done").click()
    await expect(box.get_by_role("textbox", name="Secret")).to_have_count(0)
