""""Add to calendar": the event page, "My events" and an accepted purpose group link to a calendar
file the API signed for the member; the link's address downloads it (fetched here with httpx,
without the browser's session: the link alone opens it)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import httpx
import icalendar
import pytest
from playwright.async_api import Locator, Page, expect

from tests.frontend.conftest import assert_fits_phone, graphql, shoot, sign_in
from tests.frontend.test_accessibility import axe_violations
from tests.frontend.test_events import _event, _others

pytestmark = pytest.mark.browser

STORE = "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id } }"
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id } }"


async def downloaded(http: httpx.AsyncClient, link: Locator) -> icalendar.Event:
    """The one calendar entry behind a link, fetched as a calendar app would."""
    href = await link.get_attribute("href")
    assert href is not None and await link.get_attribute("download") is not None
    response = await http.get(href)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    [entry] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    return entry


async def test_an_event_can_be_added_to_a_calendar_from_my_events_and_its_page(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    key = await _event(http, community, "Harvest supper", "2030-10-01T18:00:00Z", [community["member_id"]])
    await sign_in(page, community["member"], "#/events")
    mine = page.get_by_role("region", name="My events")
    entry = await downloaded(http, mine.get_by_role("link", name="Add to calendar: Harvest supper"))
    assert str(entry["SUMMARY"]) == "Harvest supper" and str(entry["LOCATION"]) == "Hall B"
    await shoot(page, "my-events-calendar-link")
    await page.goto(f"/#/events/{key}")
    link = page.get_by_role("link", name="Add to calendar: Harvest supper")
    await expect(link).to_be_visible()
    start = (await downloaded(http, link)).decoded("DTSTART")
    assert start == datetime(2030, 10, 1, 18, tzinfo=timezone.utc)


async def test_an_accepted_purpose_group_offers_its_first_meeting(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    others = await _others(http, community, 2)
    grouping = {"members": [community["member_id"], *(o["key"] for o in others)], "reasonText": "You all love gardening."}
    stored = await graphql(http, community["organiser"], STORE, {"input": {
        "kind": "PURPOSE", "parameters": {}, "algorithmVersion": "test", "quality": {}, "groupings": [grouping]}})
    await graphql(http, community["organiser"], PUBLISH, {"id": stored["storeProposalSet"]["id"]})
    await sign_in(page, community["member"], "#/proposals")
    card = page.get_by_role("listitem", name="Purpose group proposal")
    await expect(card.get_by_role("button", name="Accept")).to_be_visible()
    link = card.get_by_role("link", name="Add a suggested first meeting to your calendar", exact=False)
    await expect(link).to_have_count(0)  # not before accepting
    await card.get_by_role("button", name="Accept").click()
    await expect(link).to_be_visible()
    entry = await downloaded(http, link)
    assert str(entry["SUMMARY"]).startswith("First meeting: ")
    await shoot(page, "proposal-first-meeting-link")


async def test_a_member_subscribes_to_their_events_and_can_replace_the_address(
    phone: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    page = phone  # the long address must still fit a phone
    await _event(http, community, "Harvest supper", "2030-10-01T18:00:00Z", [community["member_id"]])
    await sign_in(page, community["member"], "#/events")
    feed = page.get_by_role("region", name="Your events in your calendar app")
    await feed.get_by_role("button", name="Subscribe in a calendar app").click()
    address = feed.get_by_label("Subscription address")
    await expect(address).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/calendar/.+\.ics$"))
    first = await address.input_value()
    response = await http.get(first)
    assert response.status_code == 200, response.text
    [entry] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Harvest supper"
    await shoot(page, "calendar-subscription")
    await assert_fits_phone(page)
    assert not await axe_violations(page)
    await feed.get_by_role("button", name="Make a new address").click()
    await expect(address).not_to_have_value(first)
    assert (await http.get(first)).status_code == 404
    assert (await http.get(await address.input_value())).status_code == 200
