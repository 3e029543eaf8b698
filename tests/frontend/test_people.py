"""The organiser pages for members, teams and sites (#/organiser/people, #/organiser/teams-sites),
in headless Chromium against the live graph-api. Each flow leaves screenshots in test-output/."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.frontend.conftest import PASSWORD, assert_fits_phone, graphql, shoot, sign_in

pytestmark = pytest.mark.browser

MEMBER = "query($h: String!) { member(handle: $h) { id name handle role team { id name } site { id name } } }"
TEAMS = "{ teams(first: 100) { edges { node { id name memberCount parent { id name } } } } }"


async def member(http: httpx.AsyncClient, handle: str) -> dict | None:
    return (await graphql(http, "olga", MEMBER, {"h": handle}))["member"]


async def teams(http: httpx.AsyncClient) -> list[dict]:
    return [edge["node"] for edge in (await graphql(http, "olga", TEAMS, {}))["teams"]["edges"]]


async def find(page: Page, name: str):
    """Search the members list by name; returns the row of the one member found."""
    await page.get_by_label("Search by name, words or handle").fill(name)
    row = page.locator("table.people-table tbody tr", has=page.get_by_role("link", name=name, exact=True))
    await expect(row).to_have_count(1)
    return row


async def test_an_organiser_finds_and_edits_a_member(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    target = await member(http, community["member"])
    other_team = next(team for team in await teams(http) if team["id"] != (target["team"] or {}).get("id"))
    await sign_in(page, community["organiser"], "#/organiser/people")
    await expect(page.locator("#people-count")).to_have_text("Members 1–20 of 61")
    await shoot(page, "people")

    row = await find(page, target["name"])
    await page.get_by_role("button", name=f"Edit {target['name']}").click()
    form = page.get_by_role("form", name=f"Edit {target['name']}")
    await expect(form.get_by_label("Name", exact=True)).to_be_focused()
    await form.get_by_label("Team", exact=True).select_option(other_team["id"])
    await form.get_by_label("Headline", exact=True).fill("Moved to a new team")
    await shoot(page, "people-edit")
    await form.get_by_role("button", name="Save changes").click()

    await expect(page.locator(".people-status")).to_have_text(f"Saved the changes to {target['name']}.")
    await expect(form).to_have_count(0)
    await expect(row.locator("td[data-label=Team]")).to_have_text(other_team["name"])
    saved = await member(http, community["member"])
    assert saved["team"]["id"] == other_team["id"]
    assert saved["site"] == target["site"], "an untouched site stays as it was"

    await page.reload()
    row = await find(page, target["name"])
    await expect(row.locator("td[data-label=Team]")).to_have_text(other_team["name"])


async def test_an_organiser_pages_through_the_members(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["organiser"], "#/organiser/people")
    count = page.locator("#people-count")
    await expect(count).to_have_text("Members 1–20 of 61")
    first_page = await page.locator("table.people-table tbody th").all_inner_texts()
    # A click while a page loads is ignored (it would page from the old cursor): wait for each page.
    for shown in ("21–40", "41–60", "61–61"):
        await page.get_by_role("button", name="Next page").click()
        await expect(count).to_have_text(f"Members {shown} of 61")
    await expect(page.get_by_role("button", name="Next page")).to_be_disabled()
    for shown in ("41–60", "21–40", "1–20"):
        await page.get_by_role("button", name="Previous page").click()
        await expect(count).to_have_text(f"Members {shown} of 61")
    await expect(page.get_by_role("button", name="Previous page")).to_be_disabled()
    await expect(page.locator("table.people-table tbody th")).to_have_text(first_page)


async def test_a_team_member_count_lists_those_members(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    team = next(t for t in await teams(http) if 1 < t["memberCount"] <= 20)  # one page of them
    await sign_in(page, community["organiser"], "#/organiser/teams-sites")
    await page.get_by_role("link", name=f"{team['memberCount']} members in {team['name']}: list them").click()
    await expect(page.get_by_label("Filter by team")).to_have_value(team["id"])
    await expect(page.locator("#people-count")).to_have_text(f"Members 1–{team['memberCount']} of {team['memberCount']}")
    await expect(page.locator("table.people-table td[data-label=Team]")).to_have_text([team["name"]] * team["memberCount"])


async def test_a_search_by_handle_finds_the_member(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    target = await member(http, community["member"])
    await sign_in(page, community["organiser"], "#/organiser/people")
    await page.get_by_label("Search by name, words or handle").fill(f"@{target['handle']}")
    row = page.locator("table.people-table tbody tr").first
    await expect(row.get_by_role("link", name=target["name"], exact=True)).to_be_visible()
    await expect(row).to_contain_text("handle match")


async def test_an_organiser_creates_a_member_and_gets_an_invitation(
    browser: Browser, page: Page, live_server: LiveServer, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    await sign_in(page, community["organiser"], "#/organiser/people")
    await page.get_by_role("button", name="Add a member").click()
    form = page.get_by_role("form", name="New member")
    await expect(form.get_by_label("Invite them")).to_be_checked()
    await form.get_by_label("Name", exact=True).fill("Nadia Newcomer")
    await form.get_by_label("Handle", exact=True).fill("nadia.n")
    await form.get_by_label("Email", exact=True).fill("nadia@example.org")
    await form.get_by_role("button", name="Create invitation").click()

    link = page.get_by_label("Invitation link", exact=True)
    await expect(link).to_have_value(re.compile(r"#/accept-invite\?token=.+"))
    await expect(page.get_by_role("region", name="Pending invitations").locator("tbody tr")).to_contain_text("@nadia.n")
    await shoot(page, "people-invitation")

    token = parse_qs(urlsplit((await link.input_value()).split("#", 1)[1]).query)["token"][0]
    context = await browser.new_context(base_url=live_server.url)
    invitee = await context.new_page()
    await invitee.goto(f"/#/accept-invite?token={token}")
    await invitee.get_by_label("Password", exact=True).fill(PASSWORD)
    await invitee.get_by_label("Password again").fill(PASSWORD)
    await invitee.get_by_role("button", name="Accept and sign in").click()
    await expect(invitee.locator("#member-name")).to_contain_text("Nadia Newcomer")
    await context.close()
    assert (await member(http, "nadia.n"))["name"] == "Nadia Newcomer"


async def test_deleting_a_member_asks_for_confirmation(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    target = await member(http, community["member"])
    name = target["name"]
    await sign_in(page, community["organiser"], "#/organiser/people")
    row = await find(page, name)

    await page.get_by_role("button", name=f"Delete {name}").click()
    confirm = page.get_by_role("group", name=f"Delete {name}?")
    await expect(confirm).to_contain_text("cannot be undone")
    await expect(confirm.get_by_role("button", name=f"Keep {name}")).to_be_focused()
    await confirm.get_by_role("button", name=f"Keep {name}").click()
    await expect(confirm).to_have_count(0)
    await expect(row).to_have_count(1)
    assert await member(http, community["member"]) is not None

    await page.get_by_role("button", name=f"Delete {name}").click()
    await page.get_by_role("button", name=f"Yes, delete {name}").click()
    await expect(page.locator(".people-status")).to_have_text(f"{name} (@{target['handle']}) was deleted.")
    await expect(page.locator("#people-count")).to_have_text("No members match.")
    assert await member(http, community["member"]) is None


async def test_an_organiser_creates_renames_and_deletes_a_team(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    parent = sorted(await teams(http), key=lambda t: t["name"])[0]
    await sign_in(page, community["organiser"], "#/organiser/teams-sites")
    teams_section = page.get_by_role("region", name=re.compile(r"^Teams \(\d+\)$"))

    new_team = page.get_by_role("form", name="New team")
    await new_team.get_by_label("Team name").fill("Moonshots")
    await new_team.get_by_label("Inside (parent unit)").select_option(parent["id"])
    await new_team.get_by_role("button", name="Create team").click()
    await expect(page.locator(".people-status")).to_have_text("Team Moonshots was created.")
    row = teams_section.locator("tbody tr", has=page.get_by_role("rowheader", name="Moonshots", exact=True))
    await expect(row.locator("td[data-label=Inside]")).to_have_text(parent["name"])
    await shoot(page, "teams-sites")

    await page.get_by_role("button", name="Edit team Moonshots").click()
    editor = page.get_by_role("form", name="Edit team Moonshots")
    await editor.get_by_label("Name", exact=True).fill("Lunar Lab")
    await editor.get_by_label("Inside (parent unit)").select_option(label="Nothing: a top-level team")
    await editor.get_by_role("button", name="Save team").click()
    await expect(page.locator(".people-status")).to_have_text("Team Lunar Lab was saved.")
    row = teams_section.locator("tbody tr", has=page.get_by_role("rowheader", name="Lunar Lab", exact=True))
    await expect(row.locator("td[data-label=Inside]")).to_have_text("top level")
    saved = next(t for t in await teams(http) if t["name"] == "Lunar Lab")
    assert saved["parent"] is None

    await page.get_by_role("button", name="Delete team Lunar Lab").click()
    confirm = page.get_by_role("group", name="Delete team Lunar Lab?")
    await expect(confirm).to_contain_text("It has no members.")
    await confirm.get_by_role("button", name="Yes, delete team Lunar Lab").click()
    await expect(page.locator(".people-status")).to_have_text("Team Lunar Lab was deleted.")
    await expect(teams_section.get_by_role("rowheader", name="Lunar Lab", exact=True)).to_have_count(0)
    assert all(t["name"] != "Lunar Lab" for t in await teams(http))


async def test_deleting_a_team_says_what_happens_to_its_members(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    team = next(t for t in await teams(http) if t["memberCount"] > 1)
    await sign_in(page, community["organiser"], "#/organiser/teams-sites")
    await page.get_by_role("button", name=f"Delete team {team['name']}", exact=True).click()
    confirm = page.get_by_role("group", name=f"Delete team {team['name']}?")
    await expect(confirm).to_contain_text(f"Its {team['memberCount']} members will have no team")


async def test_a_duplicate_handle_is_reported_next_to_the_field(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["organiser"], "#/organiser/people")
    await page.get_by_role("button", name="Add a member").click()
    form = page.get_by_role("form", name="New member")
    await form.get_by_label("Add a profile only").check()
    await form.get_by_label("Name", exact=True).fill("Another Olga")
    handle = form.get_by_label("Handle", exact=True)
    await handle.fill(community["organiser"])
    await form.get_by_role("button", name="Add member").click()
    error = page.locator("#new-handle-error")
    await expect(error).to_contain_text("already taken")
    await expect(error).to_have_attribute("role", "alert")
    await expect(handle).to_have_attribute("aria-invalid", "true")
    await expect(handle).to_have_attribute("aria-describedby", re.compile(r"\bnew-handle-error\b"))
    await expect(page.locator("#new-name-error")).to_have_count(0)
    await shoot(page, "people-duplicate-handle")


async def test_an_organiser_makes_a_member_an_organiser(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    target = await member(http, community["member"])
    await sign_in(page, community["organiser"], "#/organiser/people")
    row = await find(page, target["name"])
    await expect(row.locator("td[data-label=Role]")).to_have_text("member")
    await page.get_by_role("button", name=f"Edit {target['name']}").click()
    form = page.get_by_role("form", name=f"Edit {target['name']}")
    role = form.get_by_label("Role", exact=True)
    await expect(role).to_have_value("MEMBER")
    await role.select_option("ORGANISER")
    await expect(form.get_by_text(f"{target['name']} can then do everything organisers do")).to_be_visible()
    await shoot(page, "people-role")
    await form.get_by_role("button", name="Save changes").click()

    await expect(page.locator(".people-status")).to_have_text(f"Saved the changes to {target['name']}.")
    await expect(row.locator("td[data-label=Role]")).to_have_text("organiser")
    assert (await member(http, community["member"]))["role"] == "organiser"
    # Their own requests now pass as an organiser's.
    await graphql(http, community["member"], "{ invitations { id } }", {})


async def test_the_only_organiser_cannot_step_down_and_is_told_why_next_to_the_role(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    await sign_in(page, community["organiser"], "#/organiser/people")
    await find(page, "Olga Organiser")
    await page.get_by_role("button", name="Edit Olga Organiser").click()
    form = page.get_by_role("form", name="Edit Olga Organiser")
    role = form.get_by_label("Role", exact=True)
    await role.select_option("MEMBER")
    await expect(form.get_by_text("This is you: as a member you lose the organiser pages")).to_be_visible()
    await form.get_by_role("button", name="Save changes").click()

    error = page.locator("#member-" + community["organiser_id"] + "-role-error")
    await expect(error).to_have_text("You are the only organiser: make another member an organiser before you step down.")
    await expect(error).to_have_attribute("role", "alert")
    await expect(role).to_have_attribute("aria-invalid", "true")
    await expect(role).to_have_attribute("aria-describedby", re.compile(r"-role-error\b"))
    await shoot(page, "people-last-organiser")
    assert (await member(http, community["organiser"]))["role"] == "organiser"
    await expect(page.get_by_role("heading", name="Members", exact=True)).to_be_visible()


async def test_a_member_sees_no_organiser_pages(page: Page, community: dict[str, str]) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.post_data or "") if request.url.endswith("/graphql") else None)
    await sign_in(page, community["member"], "#/organiser/people")
    await expect(page.get_by_text("Only organisers can manage members, teams and sites.")).to_be_visible()
    await expect(page.locator("table")).to_have_count(0)
    await expect(page.get_by_role("button", name="Add a member")).to_have_count(0)
    await page.goto("/#/organiser/teams-sites")
    await expect(page.get_by_role("heading", name="Teams and sites")).to_be_visible()
    await expect(page.get_by_text("Only organisers can manage members, teams and sites.")).to_be_visible()
    await expect(page.locator("table")).to_have_count(0)
    assert not [body for body in asked if "People" in body or "AllTeams" in body or "Invitations" in body]


async def test_the_people_page_fits_a_phone(phone: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    target = await member(http, community["member"])
    await sign_in(phone, community["organiser"], "#/organiser/people")
    await expect(phone.locator("#people-count")).to_contain_text("of 61")
    await assert_fits_phone(phone)
    await phone.get_by_role("button", name=f"Edit {target['name']}").click()
    await expect(phone.get_by_role("form", name=f"Edit {target['name']}")).to_be_visible()
    await assert_fits_phone(phone)
    await shoot(phone, "people-phone")


async def test_the_teams_and_sites_page_fits_a_phone(phone: Page, community: dict[str, str]) -> None:
    await sign_in(phone, community["organiser"], "#/organiser/teams-sites")
    await expect(phone.get_by_role("heading", name=re.compile(r"^Sites \(\d+\)$"))).to_be_visible()
    await assert_fits_phone(phone)
    await shoot(phone, "teams-sites-phone")
