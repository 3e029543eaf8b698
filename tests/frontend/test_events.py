"""The events pages: creating an event, its attendees (picked or imported), breakout rounds from
the live recommender, the printable table plan, and attendees recording whom they met."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.frontend.conftest import assert_fits_phone, graphql, shoot, sign_in
from tests.frontend.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

MEMBERS = "{ members(first: 20, orderBy: NAME) { edges { node { id key handle name } } } }"
CREATE = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id key } }"
ADD = "mutation($e: ID!, $m: [ID!]!) { addEventAttendees(eventId: $e, memberIds: $m) { added } }"
STORE = "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id } }"
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id } }"
EVENT_NAMES = "{ events(first: 50) { edges { node { name } } } }"


async def _others(http: httpx.AsyncClient, community: dict[str, str], count: int) -> list[dict[str, str]]:
    """`count` demo members, by name, other than the organiser and the community's signed-in member."""
    data = await graphql(http, community["organiser"], MEMBERS, {})
    skip = {community["organiser"], community["member"]}
    return [edge["node"] for edge in data["members"]["edges"] if edge["node"]["handle"] not in skip][:count]


async def _event(http: httpx.AsyncClient, community: dict[str, str], name: str, starts_at: str, attendees: list[str]) -> str:
    """An event made through the API, with these member ids attending; returns its key."""
    created = await graphql(http, community["organiser"], CREATE, {"input": {"name": name, "startsAt": starts_at, "place": "Hall B"}})
    key = created["createEvent"]["key"]
    if attendees:
        await graphql(http, community["organiser"], ADD, {"e": key, "m": attendees})
    return key


async def _plan(http: httpx.AsyncClient, community: dict[str, str], key: str, rounds: list[list[list[str]]], *, publish: bool = True) -> str:
    """A table plan for the event (rounds of tables of member ids), published unless asked not to; returns its set's id."""
    groupings = [
        {"members": members, "reasonText": "mixing", "round": number, "table": table}
        for number, tables in enumerate(rounds, start=1)
        for table, members in enumerate(tables, start=1)
    ]
    stored = await graphql(
        http, community["organiser"], STORE,
        {"input": {"kind": "EVENTS", "parameters": {}, "algorithmVersion": "test", "quality": {}, "groupings": groupings, "eventId": key}},
    )
    set_id = stored["storeProposalSet"]["id"]
    if publish:
        await graphql(http, community["organiser"], PUBLISH, {"id": set_id})
    return set_id


async def test_an_organiser_creates_an_event_and_prints_its_plan(
    page: Page, http: httpx.AsyncClient, community: dict[str, str], tmp_path: Path
) -> None:
    people = await _others(http, community, 12)
    picked, imported = people[:3], people[3:]
    await sign_in(page, community["organiser"], "#/events")

    await page.get_by_label("Name").fill("Spring mixer")
    await page.get_by_label("Starts").fill("2030-04-02T18:30")
    await page.get_by_label("Place").fill("Main hall")
    await page.get_by_role("button", name="Create event").click()
    await expect(page.get_by_role("heading", name="Spring mixer", level=1)).to_be_visible()

    for person in picked:
        await page.get_by_label("Find members by name").fill(person["name"])
        await page.get_by_role("checkbox", name=f"{person['name']} @{person['handle']}").check()
    await page.get_by_role("button", name="Add 3 attendees").click()
    await expect(page.get_by_role("status").filter(has_text="3 attendees added")).to_be_visible()

    csv = tmp_path / "attendees.csv"
    csv.write_text("handle\n" + "".join(f"{person['handle']}\n" for person in imported))
    await page.get_by_label("Attendee file").set_input_files(str(csv))
    await page.get_by_role("button", name="Import attendees").click()
    await expect(page.get_by_role("status").filter(has_text="9 attendees added")).to_be_visible()
    await expect(page.get_by_role("heading", name="Attendees (12)")).to_be_visible()

    await page.get_by_label("Seats per table").fill("4")
    await page.get_by_label("Rounds", exact=True).fill("3")
    await page.get_by_label("Search time (seconds)").fill("2")
    await page.get_by_role("button", name="Generate rounds").click()
    await expect(page.get_by_role("status").filter(has_text="Draft ready")).to_be_visible(timeout=60_000)
    draft = page.locator(".ev-draft")
    await expect(draft.get_by_role("heading", name="Draft plan: 3 rounds of 3 tables, 12 people")).to_be_visible()
    await expect(draft.get_by_text("Repeated meetings (two people at one table again)")).to_be_visible()
    await shoot(page, "event-draft")
    await page.get_by_role("button", name="Publish this plan").click()
    await page.get_by_role("button", name="Yes, publish to 12 attendees").click()
    await expect(page.get_by_role("status").filter(has_text="Published")).to_be_visible()
    await expect(page.locator("section[aria-labelledby=plan-title]")).to_contain_text("3 rounds of 3 tables, 12 people")
    await page.get_by_role("heading", name="Spring mixer", level=1).scroll_into_view_if_needed()
    await shoot(page, "event")

    await page.get_by_role("link", name="Open the printable table plan").click()
    await expect(page.get_by_role("heading", name="Spring mixer: table plan")).to_be_visible()
    for number in (1, 2, 3):
        round_ = page.get_by_role("region", name=f"Round {number}")
        await expect(round_.locator(".ev-table")).to_have_count(3)
        await expect(round_.locator(".ev-table li")).to_have_count(12)
    for person in people:
        await expect(page.locator(".ev-table li", has_text=person["name"])).to_have_count(3)
    await expect(page.get_by_role("button", name="Print")).to_be_visible()
    await shoot(page, "event-plan")

    await page.emulate_media(media="print")
    await expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    await expect(page.get_by_role("button", name="Print")).to_be_hidden()
    await expect(page.get_by_role("heading", name="Round 3")).to_be_visible()
    await expect(page.get_by_role("heading", name="Who sits where")).to_be_visible()
    await shoot(page, "event-plan-print")
    pdf = await page.pdf(format="A4")
    # Three rounds of three tables share the first page; the door sheet has the second to itself.
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2


async def test_a_bad_attendee_import_row_is_reported(
    page: Page, http: httpx.AsyncClient, community: dict[str, str], tmp_path: Path
) -> None:
    (person,) = await _others(http, community, 1)
    key = await _event(http, community, "Book swap", "2030-05-01T17:00:00Z", [])
    csv = tmp_path / "attendees.csv"
    csv.write_text(f"handle,note\n{person['handle']},vegetarian\nnobody.here,\n")
    await sign_in(page, community["organiser"], f"#/events/{key}")
    await page.get_by_label("Attendee file").set_input_files(str(csv))
    await page.get_by_role("button", name="Import attendees").click()
    report = page.locator(".ev-report")
    await expect(report).to_contain_text("1 attendee added · 1 row rejected")
    rejected = report.locator("table.rejected tbody tr")
    await expect(rejected).to_have_count(1)
    await expect(rejected.first).to_contain_text("2")
    await expect(rejected.first).to_contain_text("nobody.here")
    await expect(page.get_by_role("heading", name="Attendees (1)")).to_be_visible()
    await shoot(page, "event-import-report")


async def test_an_attendee_records_who_they_met(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    others = await _others(http, community, 3)
    key = await _event(http, community, "Winter social", "2024-01-15T18:00:00Z", [community["member_id"], *(o["id"] for o in others)])
    await sign_in(page, community["member"], f"#/events/{key}")
    form = page.locator("form[aria-labelledby=met-title]")
    await form.get_by_label(others[0]["name"], exact=True).check()
    await form.get_by_label(others[1]["name"], exact=True).check()
    await form.get_by_role("button", name="Record who I met").click()
    await expect(form.get_by_role("status")).to_have_text(f"Recorded: you met {others[0]['name']} and {others[1]['name']}.")
    # Who is recorded shows on the form, after a reload too.
    await page.reload()
    for recorded in others[:2]:
        box = form.get_by_label(f"{recorded['name']} (recorded)")
        await expect(box).to_be_checked()
        await expect(box).to_be_disabled()
    await expect(form.get_by_label(others[2]["name"], exact=True)).to_be_enabled()
    await shoot(page, "event-met")

    me = await graphql(http, community["member"], "query($h: String!) { member(handle: $h) { bonds { kind other { handle } } } }", {"h": community["member"]})
    met = {bond["other"]["handle"] for bond in me["member"]["bonds"] if bond["kind"] == "MET"}
    assert {others[0]["handle"], others[1]["handle"]} <= met
    assert others[2]["handle"] not in met


async def test_a_refused_meeting_record_is_explained_next_to_the_form(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    others = await _others(http, community, 2)
    key = await _event(http, community, "Winter social", "2024-01-15T18:00:00Z", [community["member_id"], *(o["id"] for o in others)])
    await sign_in(page, community["member"], f"#/events/{key}")
    form = page.locator("form[aria-labelledby=met-title]")
    await form.get_by_label(others[0]["name"], exact=True).check()
    # Meanwhile the organiser takes that person off the list.
    await graphql(http, community["organiser"], "mutation($e: ID!, $m: ID!) { removeEventAttendee(eventId: $e, memberId: $m) { id } }", {"e": key, "m": others[0]["id"]})
    await form.get_by_role("button", name="Record who I met").click()
    alert = form.get_by_role("alert")
    await expect(alert).to_contain_text(f"did not attend the event: {others[0]['name']}")
    await shoot(page, "event-met-refused")


async def test_a_create_event_error_is_shown_next_to_the_field(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["organiser"], "#/events")
    await page.get_by_label("Starts").fill("2030-04-02T18:30")
    await page.get_by_role("button", name="Create event").click()
    error = page.locator("#name-error")
    await expect(error).to_have_attribute("role", "alert")
    await expect(error).to_contain_text("name must not be empty")
    await expect(page.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_role("heading", name="Create an event")).to_be_visible()
    await shoot(page, "event-create-error")


async def test_a_member_sees_the_events_but_no_create_form(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    await _event(http, community, "Older meetup", "2024-02-01T18:00:00Z", [])
    await _event(http, community, "Newer meetup", "2030-02-01T18:00:00Z", [])
    await sign_in(page, community["member"], "#/events")
    names = page.locator(".ev-list h3 a")
    await expect(names).to_have_text(["Newer meetup", "Older meetup"])
    await expect(page.get_by_role("heading", name="Create an event")).to_have_count(0)


async def test_the_event_and_plan_pages_fit_a_phone(phone: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    people = await _others(http, community, 8)
    ids = [p["key"] for p in people]
    key = await _event(http, community, "A long-named community breakfast for everyone", "2030-03-01T08:00:00Z", ids)
    groupings = [
        {"members": ids[t * 4:(t + 1) * 4] if r == 1 else ids[t::2], "reasonText": "mixing", "round": r, "table": t + 1}
        for r in (1, 2) for t in (0, 1)
    ]
    stored = await graphql(
        http, community["organiser"],
        "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id } }",
        {"input": {"kind": "EVENTS", "parameters": {}, "algorithmVersion": "test", "quality": {}, "groupings": groupings, "eventId": key}},
    )
    await graphql(http, community["organiser"], "mutation($id: ID!) { publishProposalSet(id: $id) { id } }", {"id": stored["storeProposalSet"]["id"]})

    await sign_in(phone, community["organiser"], "#/events")
    await expect(phone.get_by_role("link", name="A long-named community breakfast for everyone")).to_be_visible()
    await assert_fits_phone(phone)
    await shoot(phone, "events-phone")

    await phone.get_by_role("link", name="A long-named community breakfast for everyone").click()
    await expect(phone.get_by_role("heading", name="Attendees (8)")).to_be_visible()
    await expect(phone.get_by_role("heading", name="Breakout rounds")).to_be_visible()
    await assert_fits_phone(phone)
    await shoot(phone, "event-phone")

    await phone.get_by_role("link", name="Open the printable table plan").click()
    await expect(phone.get_by_role("region", name="Round 2").locator(".ev-table")).to_have_count(2)
    await assert_fits_phone(phone)
    await shoot(phone, "event-plan-phone")
    assert re.search(r"/plan$", phone.url)


async def test_the_events_list_shows_twenty_then_more_on_request(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    for n in range(21):
        await _event(http, community, f"Meetup {n:02d}", f"2031-01-{n + 1:02d}T18:00:00Z", [])
    await sign_in(page, community["member"], "#/events")
    cards = page.locator("ul.ev-list > li")
    await expect(cards).to_have_count(20)
    await expect(cards.first).to_contain_text("Meetup 20")  # latest first
    await page.get_by_role("button", name="Show more events").click()
    await expect(cards).to_have_count(21)
    await expect(cards.last).to_contain_text("Meetup 00")
    await expect(page.get_by_role("button", name="Show more events")).to_have_count(0)


async def test_an_organiser_edits_an_events_name_place_and_start(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    key = await _event(http, community, "Book swap", "2030-05-01T17:00:00Z", [])
    await sign_in(page, community["organiser"], f"#/events/{key}")
    await page.get_by_role("button", name="Edit event").click()
    await expect(page.get_by_label("Name", exact=True)).to_have_value("Book swap")
    await expect(page.get_by_label("Place")).to_have_value("Hall B")
    await page.get_by_label("Name", exact=True).fill("Summer book swap")
    await page.get_by_label("Place").fill("Garden room")
    await page.get_by_label("Starts").fill("2030-06-12T19:15")
    assert await axe_violations(page) == []
    await shoot(page, "event-edit")
    await page.get_by_role("button", name="Save changes").click()
    await expect(page.get_by_role("heading", name="Summer book swap", level=1)).to_be_visible()
    await expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    facts = page.locator("dl.facts")
    await expect(facts).to_contain_text("Garden room")
    await expect(facts).to_contain_text("Wed 12 Jun 2030, 19:15")

    stored = await graphql(http, community["organiser"], "query($id: ID!) { event(id: $id) { name place } }", {"id": key})
    assert stored["event"] == {"name": "Summer book swap", "place": "Garden room"}


async def test_an_event_edit_that_empties_the_name_is_refused_next_to_the_field(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    key = await _event(http, community, "Book swap", "2030-05-01T17:00:00Z", [])
    await sign_in(page, community["organiser"], f"#/events/{key}")
    await page.get_by_role("button", name="Edit event").click()
    await page.get_by_label("Name", exact=True).fill("")
    await page.get_by_role("button", name="Save changes").click()
    await expect(page.locator("#edit-name-error")).to_contain_text("name must not be empty")
    await page.get_by_role("button", name="Cancel").click()
    await expect(page.get_by_role("heading", name="Book swap", level=1)).to_be_visible()


async def test_an_organiser_deletes_an_event_after_confirming(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    people = await _others(http, community, 2)
    key = await _event(http, community, "Cancelled picnic", "2030-07-01T12:00:00Z", [p["id"] for p in people])
    await _event(http, community, "Autumn walk", "2030-09-01T10:00:00Z", [])
    await sign_in(page, community["organiser"], f"#/events/{key}")
    await page.get_by_role("button", name="Delete event").click()
    confirm = page.get_by_role("group", name="Delete Cancelled picnic?")
    await expect(confirm).to_contain_text("Its list of 2 attendees and its table plan go with it")
    assert await axe_violations(page) == []
    await shoot(page, "event-delete")
    await confirm.get_by_role("button", name="Keep it").click()
    await expect(confirm).to_have_count(0)

    await page.get_by_role("button", name="Delete event").click()
    await page.get_by_role("button", name="Yes, delete the event").click()
    await expect(page.get_by_role("heading", name="Events", level=1)).to_be_visible()
    await expect(page.locator(".ev-list h3 a")).to_have_text(["Autumn walk"])
    names = await graphql(http, community["organiser"], EVENT_NAMES, {})
    assert [e["node"]["name"] for e in names["events"]["edges"]] == ["Autumn walk"]


async def test_an_organiser_adds_a_whole_team_as_attendees(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    teams = await graphql(http, community["organiser"], "{ teams(first: 20) { edges { node { id name memberCount members(first: 50) { edges { node { name } } } } } } }", {})
    team = min((e["node"] for e in teams["teams"]["edges"] if e["node"]["memberCount"] >= 2), key=lambda t: t["memberCount"])
    members = sorted(edge["node"]["name"] for edge in team["members"]["edges"])
    key = await _event(http, community, "Team day", "2030-05-01T09:00:00Z", [])
    await sign_in(page, community["organiser"], f"#/events/{key}")
    form = page.locator("form[aria-labelledby=add-group-title]")
    await form.get_by_label("Team or site").select_option(value=f"team:{team['id']}")
    await form.get_by_role("button", name=re.compile(rf"^Add {len(members)} members of (.* › )?{re.escape(team['name'])}$")).click()
    await expect(form.get_by_role("status")).to_have_text(f"{len(members)} attendees added.")
    await expect(page.get_by_role("heading", name=f"Attendees ({len(members)})")).to_be_visible()
    await expect(page.locator(".ev-attendees a")).to_have_text(members)
    await shoot(page, "event-add-team")


async def test_the_member_picker_shows_each_members_team_and_site(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    found = await graphql(http, community["organiser"], "{ members(first: 100, orderBy: NAME) { edges { node { handle name team { name } site { name } } } } }", {})
    person = next(e["node"] for e in found["members"]["edges"] if e["node"]["team"] and e["node"]["site"])
    key = await _event(http, community, "Book swap", "2030-05-01T17:00:00Z", [])
    await sign_in(page, community["organiser"], f"#/events/{key}")
    await page.get_by_label("Find members by name").fill(person["name"])
    choice = page.locator(".ev-choices label").filter(has_text=f"@{person['handle']}")
    await expect(choice).to_contain_text(f"{person['team']['name']}, at {person['site']['name']}")
    await shoot(page, "event-picker")


async def test_the_door_sheet_lists_everyone_by_name_with_their_table_each_round(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    people = await _others(http, community, 6)
    ids = [p["key"] for p in people]
    key = await _event(http, community, "Harvest supper", "2030-10-01T18:00:00Z", ids)
    # people[5] sits out the second round.
    await _plan(http, community, key, [[ids[0:3], ids[3:6]], [[ids[0], ids[3], ids[2]], [ids[1], ids[4]]]])
    await sign_in(page, community["organiser"], f"#/events/{key}/plan")
    sheet = page.get_by_role("region", name="Who sits where")
    await expect(sheet.locator("thead th")).to_have_text(["Name", "Round 1", "Round 2"])
    expected = {
        people[0]["name"]: ["Table 1", "Table 1"], people[1]["name"]: ["Table 1", "Table 2"], people[2]["name"]: ["Table 1", "Table 1"],
        people[3]["name"]: ["Table 2", "Table 1"], people[4]["name"]: ["Table 2", "Table 2"], people[5]["name"]: ["Table 2", "–not seated"],
    }
    rows = sheet.locator("tbody tr")
    await expect(rows.locator("th")).to_have_text(sorted(expected, key=str.casefold))
    for index, name in enumerate(sorted(expected, key=str.casefold)):
        await expect(rows.nth(index).locator("td")).to_have_text(expected[name])
    await page.emulate_media(media="print")
    await shoot(page, "event-door-sheet")


async def test_publishing_a_draft_plan_asks_first_and_says_how_many_attendees_see_it(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    people = await _others(http, community, 6)
    ids = [p["key"] for p in people]
    key = await _event(http, community, "Harvest supper", "2030-10-01T18:00:00Z", ids)
    await _plan(http, community, key, [[ids[0:3], ids[3:6]]], publish=False)
    await sign_in(page, community["organiser"], f"#/events/{key}")
    await page.get_by_role("button", name="Review").click()
    await page.get_by_role("button", name="Publish this plan").click()
    confirm = page.get_by_role("group", name="Publish and show 6 attendees their tables?")
    await expect(confirm).to_be_visible()
    assert await axe_violations(page) == []
    await shoot(page, "event-publish-confirm")
    await confirm.get_by_role("button", name="Cancel").click()
    await expect(page.locator("section[aria-labelledby=plan-title]")).to_contain_text("No table plan has been published")

    await page.get_by_role("button", name="Publish this plan").click()
    await page.get_by_role("button", name="Yes, publish to 6 attendees").click()
    await expect(page.get_by_role("status").filter(has_text="Published")).to_be_visible()
    await expect(page.locator("section[aria-labelledby=plan-title]")).to_contain_text("1 round of 2 tables, 6 people")
