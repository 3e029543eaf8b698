""""Did you meet?" in the web app: a member answers the follow-ups of intros and groups they
accepted on My proposals (ticking whom they met in a group), sees the notice of the pause three
unanswered ones cause and resumes, and an organiser reads proposal conversion on the dashboard."""

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
from tests.notifications.conftest import Community, stamp
from tests.seeding import SeedingRepository

pytestmark = pytest.mark.browser

NOW = datetime.now(timezone.utc)
MINE = "{ myFollowUps { proposalId } viewer { proposalsPausedForFollowUps } }"
BONDS = '{ member(handle: "nia") { bonds { kind other { handle } } } }'


class People(Community):
    async def accounts(self, *handles: str, role: str = "member") -> None:
        await self.add(*handles)
        accounts = AccountService(self.repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET))
        for handle in handles:
            await accounts.set_password(self.ids[handle], PASSWORD, role=role)

    async def accepted(self, kind: str, handles: list[str], *, days_ago: float = 8) -> str:
        set_id = await self.draft(kind, handles)
        await self.repository.proposals.publish(set_id=set_id, mail=False)
        rows = await self.repository.driver.read(
            "MATCH (:ProposalSet {id: $id})-[:CONTAINS]->(p:Proposal) RETURN p.id AS id", {"id": set_id}
        )
        proposal = str(rows[0]["id"])
        for handle in handles:
            await self.repository.proposals.respond(member_id=self.ids[handle], proposal_id=proposal, accept=True,
                                                    community_name="Jazz makers",
                                                    now=stamp(NOW - timedelta(days=days_ago)))
        return proposal


@pytest.fixture
async def people(repository: SeedingRepository) -> People:
    found = People(repository)
    await found.accounts("nia", "ada", "ben")
    return found


def follow_ups(page: Page):
    return page.get_by_role("region", name="Did you meet?")


async def test_a_member_answers_a_group_follow_up_ticking_whom_they_met(
    page: Page, http: httpx.AsyncClient, people: People
) -> None:
    group = await people.accepted("purpose", ["nia", "ada", "ben"])
    await people.accepted("intros", ["nia", "ben"])
    await sign_in(page, "nia", f"#/proposals?followup={group}")
    box = follow_ups(page)
    card = box.get_by_role("listitem").filter(has_text="Jazz makers")
    await expect(card).to_contain_text("Your purpose group “Jazz makers” with Ada and Ben")
    await expect(card).to_contain_text("Did you meet anyone from the group?")
    await expect(card).to_have_class("card follow-up focused")
    await card.get_by_role("button", name="We met").click()
    await expect(card.get_by_role("alert")).to_contain_text("Tick whom you met")
    await card.get_by_role("checkbox", name="Ada").check()
    await shoot(page, "follow-ups")
    assert not await axe_violations(page)
    assert await _internal_words(page, http, "nia") == []
    await card.get_by_role("button", name="We met").click()
    await expect(box.get_by_role("status")).to_have_text("Noted: you met Ada. Thank you!")
    await expect(box.get_by_role("listitem")).to_have_count(1)  # the intro with Ben is still asked
    bonds = (await graphql(http, "nia", BONDS, {}))["member"]["bonds"]
    assert bonds == [{"kind": "MET", "other": {"handle": "ada"}}]


async def test_we_did_not_meet_closes_an_intro_follow_up(page: Page, http: httpx.AsyncClient, people: People) -> None:
    await people.accepted("intros", ["nia", "ben"])
    await sign_in(page, "nia", "#/proposals")
    card = follow_ups(page).get_by_role("listitem").filter(has_text="Your introduction to Ben")
    await expect(card).to_contain_text("Did you meet Ben?")
    await card.get_by_role("button", name="We did not meet").click()
    await expect(follow_ups(page).get_by_role("status")).to_have_text("Noted: you did not meet. Thank you!")
    assert (await graphql(http, "nia", MINE, {}))["myFollowUps"] == []


async def test_three_unanswered_follow_ups_pause_proposals_and_the_member_resumes(
    page: Page, http: httpx.AsyncClient, people: People
) -> None:
    await people.accounts("cat")
    for other in ("ada", "ben", "cat"):
        await people.accepted("intros", ["nia", other], days_ago=15)
    assert await people.repository.followups.ask_due(now=NOW - timedelta(days=7), days=7) == 6
    assert await people.repository.followups.pause_unanswered(now=NOW, days=7) == 1
    await sign_in(page, "nia", "#/proposals")
    notice = follow_ups(page).get_by_role("note", name="Proposals paused")
    await expect(notice).to_contain_text(
        "We paused new proposals because three ‘did you meet?’ questions are unanswered. Answer one or resume now."
    )
    await shoot(page, "follow-ups-paused")
    assert not await axe_violations(page)
    await page.goto("/#/member/nia")
    consent = page.get_by_role("region", name="What Kindred may suggest to you")
    await expect(consent).to_contain_text("three ‘did you meet?’ questions are unanswered")
    await consent.get_by_role("link", name="Answer or resume on My proposals").click()
    await notice.get_by_role("button", name="Resume now").click()
    await expect(follow_ups(page).get_by_role("status")).to_have_text("New proposals can come again.")
    await expect(notice).to_have_count(0)
    assert (await graphql(http, "nia", MINE, {}))["viewer"]["proposalsPausedForFollowUps"] is False


async def test_the_follow_ups_fit_a_phone(phone: Page, people: People) -> None:
    await people.accepted("purpose", ["nia", "ada", "ben"])
    await sign_in(phone, "nia", "#/proposals")
    await expect(follow_ups(phone).get_by_role("listitem")).to_have_count(1)
    await assert_fits_phone(phone)


async def test_the_dashboard_shows_proposal_conversion_in_words(
    page: Page, http: httpx.AsyncClient, people: People
) -> None:
    await people.accounts("olga", role="organiser")
    intro = await people.accepted("intros", ["nia", "ada"])
    await people.accepted("purpose", ["nia", "ben", "ada"])
    await graphql(http, "nia", 'mutation($p: ID!) { answerFollowUp(proposalId: $p, met: true) { proposalId } }', {"p": intro})
    await sign_in(page, "olga", "#/dashboard")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Intros and groups that met"))
    await expect(row).to_contain_text("50%")
    await expect(row).to_contain_text(
        "1 of 2 accepted intros and groups met (introductions 1 of 1, purpose groups 0 of 1); 1 answered whether they met."
    )
    await row.scroll_into_view_if_needed()
    await shoot(page, "dashboard-proposal-conversion")
