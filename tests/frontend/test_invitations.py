"""Invitation links as invitees and organisers meet them: a dead link is said to be dead as the
page opens, the password rule is shown before the first attempt, and an organiser can make a
new link for an invitation whose link was lost (the old one stops working)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.frontend.conftest import PASSWORD, graphql, shoot, sign_in

pytestmark = pytest.mark.browser

INVITE = "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token invitation { id } } }"
REVOKE = "mutation($id: ID!) { revokeInvitation(id: $id) }"
CHECK = "query($t: String!) { invitationByToken(token: $t) { handle } }"


async def _invite(http: httpx.AsyncClient, organiser: str, handle: str = "nia") -> dict:
    invited = await graphql(http, organiser, INVITE, {"input": {"name": "Nia New", "email": "nia@example.org", "handle": handle}})
    return invited["inviteMember"]


async def test_a_withdrawn_invitation_link_is_refused_as_the_page_opens(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    invited = await _invite(http, community["organiser"])
    await graphql(http, community["organiser"], REVOKE, {"id": invited["invitation"]["id"]})
    await page.goto(f"/#/accept-invite?token={invited['token']}")
    await expect(page.get_by_role("heading", name="This invitation link does not work")).to_be_visible()
    await expect(page.get_by_role("alert")).to_contain_text("Ask an organiser to send you a new link")
    await expect(page.get_by_label("Password", exact=True)).to_have_count(0)
    await shoot(page, "invitation-dead")


async def test_the_password_rule_is_shown_before_the_first_attempt(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    invited = await _invite(http, community["organiser"])
    await page.goto(f"/#/accept-invite?token={invited['token']}")
    await expect(page.get_by_text("Welcome, Nia New.")).to_be_visible()
    await expect(page.get_by_text("At least 10 characters")).to_be_visible()
    await expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-describedby", re.compile("accept-password-hint"))
    await expect(page.get_by_role("alert")).to_have_count(0)
    await shoot(page, "invitation-accept")


async def test_an_organiser_makes_a_new_link_and_the_old_one_stops_working(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    old = await _invite(http, community["organiser"], handle="nia.lost")
    await sign_in(page, community["organiser"], "#/organiser/people")
    pending = page.get_by_role("region", name="Pending invitations")
    await pending.get_by_role("button", name="Make a new invitation link for Nia New").click()
    link = pending.get_by_label("Invitation link", exact=True)
    await expect(link).to_have_value(re.compile(r"#/accept-invite\?token=.+"))
    await shoot(page, "invitation-new-link")
    token = parse_qs(urlsplit((await link.input_value()).split("#", 1)[1]).query)["token"][0]
    assert token != old["token"]

    refused = (await http.post("/graphql", json={"query": CHECK, "variables": {"t": old["token"]}})).json()
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await page.goto(f"/#/accept-invite?token={token}")
    await page.get_by_label("Password", exact=True).fill(PASSWORD)
    await page.get_by_label("Password again").fill(PASSWORD)
    await page.get_by_role("button", name="Accept and sign in").click()
    await expect(page.locator("#member-name")).to_contain_text("Nia New")
