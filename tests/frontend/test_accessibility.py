"""Every page of the web app works with the keyboard, has labels for screen readers and fits a
phone: axe-core (frontend/node_modules/axe-core) audits each page in Chromium, each page is opened
at 375 px, and a few flows are walked with the keyboard alone."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
import pytest
from playwright.async_api import Locator, Page, expect

from graph_api.store.repository import GraphRepository
from tests.frontend.conftest import FRONTEND, PASSWORD, assert_fits_phone, graphql, shoot, sign_in

pytestmark = pytest.mark.browser

AXE = FRONTEND / "node_modules" / "axe-core" / "axe.min.js"
# What axe finds, with the impacts that fail a page (moderate and minor ones are left to review).
RUN_AXE = """async () => {
  const { violations } = await axe.run(document, { resultTypes: ["violations"] });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""

MEMBERS = "{ members(first: 30, orderBy: NAME) { edges { node { key handle name } } } }"
PASSIONS = "{ passions(first: 1, orderBy: MEMBERS) { edges { node { slug name } } } }"
STORE_SET = "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id } }"
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id } }"
INVITE = "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }"
CREATE_EVENT = "mutation($input: CreateEventInput!) { createEvent(input: $input) { key } }"
ADD_ATTENDEES = "mutation($e: ID!, $m: [ID!]!) { addEventAttendees(eventId: $e, memberIds: $m) { added } }"
SNAPSHOT = "mutation($at: Date) { snapshotCommunityHealth(at: $at) { at } }"


@dataclass
class Visit:
    """What a page needs to be opened: the tab, the API, the demo community."""

    page: Page
    http: httpx.AsyncClient
    community: dict[str, str]

    @property
    def organiser(self) -> str:
        return self.community["organiser"]

    @property
    def member(self) -> str:
        return self.community["member"]

    async def others(self, count: int) -> list[dict[str, str]]:
        """`count` demo members other than the two who sign in."""
        data = await graphql(self.http, self.organiser, MEMBERS, {})
        skip = {self.organiser, self.member}
        return [edge["node"] for edge in data["members"]["edges"] if edge["node"]["handle"] not in skip][:count]

    async def member_key(self) -> str:
        data = await graphql(self.http, self.organiser, "query($h: String!) { member(handle: $h) { key } }", {"h": self.member})
        return data["member"]["key"]

    async def proposal_set(self, kind: str, groupings: list[dict], event: str | None = None) -> str:
        """A published proposal set made through the API; returns its id."""
        stored = await graphql(self.http, self.organiser, STORE_SET, {"input": {
            "kind": kind, "parameters": {"seed": 0}, "algorithmVersion": "test-1", "quality": {"score": 0.75, "groups": len(groupings)},
            "groupings": groupings, "eventId": event,
        }})
        set_id = stored["storeProposalSet"]["id"]
        await graphql(self.http, self.organiser, PUBLISH, {"id": set_id})
        return set_id

    async def event(self) -> str:
        """An event with eight attendees and a published two-round table plan; returns its key."""
        ids = [person["key"] for person in await self.others(8)]
        key = (await graphql(self.http, self.organiser, CREATE_EVENT, {"input": {
            "name": "Community breakfast", "startsAt": "2030-03-01T08:00:00Z", "place": "Hall B"}}))["createEvent"]["key"]
        await graphql(self.http, self.organiser, ADD_ATTENDEES, {"e": key, "m": ids})
        await self.proposal_set("EVENTS", [
            {"members": ids[t * 4:(t + 1) * 4] if r == 1 else ids[t::2], "reasonText": "mixing", "round": r, "table": t + 1}
            for r in (1, 2) for t in (0, 1)
        ], event=key)
        return key


async def _sign_in_page(v: Visit) -> None:
    await v.page.goto("/#/sign-in")
    await expect(v.page.get_by_role("heading", name="Sign in to Kindred")).to_be_visible()


async def _accept_invite(v: Visit) -> None:
    token = (await graphql(v.http, v.organiser, INVITE, {"input": {"name": "Nia New", "email": "nia@example.org", "handle": "nia"}}))["inviteMember"]["token"]
    await v.page.goto(f"/#/accept-invite?token={token}")
    await expect(v.page.get_by_role("heading", name="Join Kindred")).to_be_visible()


async def _explore_bonds(v: Visit) -> None:
    await sign_in(v.page, v.member, "#/explore")
    await expect(v.page.locator('.graph[data-ready="true"]')).to_have_attribute("data-members", "61")


async def _explore_purpose(v: Visit) -> None:
    await sign_in(v.page, v.member, "#/explore?lens=purpose")
    await expect(v.page.locator('.graph[data-ready="true"]')).to_have_attribute("data-members", "61")


async def _own_profile(v: Visit) -> None:
    await sign_in(v.page, v.member, f"#/member/{v.member}")
    await expect(v.page.get_by_role("button", name="Edit my profile")).to_be_visible()


async def _own_profile_editing(v: Visit) -> None:
    """Editing one's profile, with the passion suggestions open."""
    passion = (await graphql(v.http, v.member, PASSIONS, {}))["passions"]["edges"][0]["node"]
    await _own_profile(v)
    await v.page.get_by_role("button", name="Edit my profile").click()
    await expect(v.page.get_by_role("form", name="Passions")).to_be_visible()
    await v.page.get_by_role("combobox", name="Add a passion").fill(passion["name"][:3])
    await expect(v.page.get_by_role("listbox", name="Suggested passions").get_by_role("option").first).to_be_visible()
    await v.page.keyboard.press("ArrowDown")


async def _someone_elses_profile(v: Visit) -> None:
    other = (await v.others(1))[0]
    await sign_in(v.page, v.member, f"#/member/{other['handle']}")
    await expect(v.page.get_by_role("heading", name=other["name"], level=1)).to_be_visible()


async def _passions(v: Visit) -> None:
    await sign_in(v.page, v.member, "#/passions")
    await expect(v.page.get_by_role("table")).to_be_visible()


async def _passion(v: Visit) -> None:
    passion = (await graphql(v.http, v.member, PASSIONS, {}))["passions"]["edges"][0]["node"]
    await sign_in(v.page, v.member, f"#/passion/{passion['slug']}")
    await expect(v.page.get_by_role("heading", name=passion["name"], level=1)).to_be_visible()


async def _my_proposals(v: Visit) -> None:
    others = await v.others(2)
    await v.proposal_set("PURPOSE", [{"members": [await v.member_key(), *(o["key"] for o in others)], "reasonText": "You all care about gardening."}])
    await sign_in(v.page, v.member, "#/proposals")
    await expect(v.page.get_by_text("You all care about gardening.")).to_be_visible()


async def _organiser(v: Visit) -> None:
    others = await v.others(4)
    await v.proposal_set("INTROS", [{"members": [o["key"] for o in others[:2]], "reasonText": "Both offer mentoring."}])
    await sign_in(v.page, v.organiser, "#/organiser")
    await expect(v.page.get_by_role("link", name=re.compile("^Introductions of"))).to_be_visible()


async def _proposal_set(v: Visit) -> None:
    others = await v.others(4)
    set_id = await v.proposal_set("INTROS", [{"members": [o["key"] for o in others[:2]], "reasonText": "Both offer mentoring."}])
    await sign_in(v.page, v.organiser, f"#/organiser/sets/{set_id}")
    await expect(v.page.get_by_text("Both offer mentoring.")).to_be_visible()


async def _import(v: Visit) -> None:
    await sign_in(v.page, v.organiser, "#/organiser/import")
    await v.page.get_by_label("File").set_input_files(files=[{
        "name": "people.csv", "mimeType": "text/csv",
        "buffer": b"handle,name,email\nnew.person,New Person,new@example.org\nbad.email,Bad Email,not-an-email\n",
    }])
    await v.page.get_by_label("Dry run (check only, write nothing)").check()
    await v.page.get_by_role("button", name="Import").click()
    await expect(v.page.locator("table.rejected tbody tr")).to_have_count(1)


async def _tokens(v: Visit) -> None:
    await sign_in(v.page, v.organiser, "#/organiser/tokens")
    await v.page.get_by_label("Name").fill("crm sync")
    await v.page.get_by_role("button", name="Create token").click()
    await expect(v.page.locator("input.token")).not_to_have_value("")


async def _identity(v: Visit) -> None:
    await sign_in(v.page, v.organiser, "#/organiser/identity")
    await expect(v.page.get_by_role("heading", name="Sign-in and provisioning")).to_be_visible()
    await expect(v.page.get_by_role("region", name="Sign-in with your identity provider")).to_be_visible()


async def _members(v: Visit) -> None:
    await sign_in(v.page, v.organiser, "#/organiser/people")
    await expect(v.page.locator("#people-count")).to_contain_text("of 61")


async def _teams_and_sites(v: Visit) -> None:
    await sign_in(v.page, v.organiser, "#/organiser/teams-sites")
    await expect(v.page.get_by_role("heading", name=re.compile(r"^Sites \(\d+\)$"))).to_be_visible()


async def _events(v: Visit) -> None:
    await v.event()
    await sign_in(v.page, v.organiser, "#/events")
    await expect(v.page.get_by_role("link", name="Community breakfast")).to_be_visible()


async def _event(v: Visit) -> None:
    key = await v.event()
    await sign_in(v.page, v.organiser, f"#/events/{key}")
    await expect(v.page.get_by_role("heading", name="Attendees (8)")).to_be_visible()
    await expect(v.page.get_by_role("heading", name="Breakout rounds")).to_be_visible()


async def _event_plan(v: Visit) -> None:
    key = await v.event()
    await sign_in(v.page, v.organiser, f"#/events/{key}/plan")
    await expect(v.page.get_by_role("region", name="Round 2").locator(".ev-table")).to_have_count(2)


async def _dashboard(v: Visit) -> None:
    await graphql(v.http, v.organiser, SNAPSHOT, {"at": (date.today() - timedelta(days=1)).isoformat()})
    await sign_in(v.page, v.organiser, "#/dashboard")
    await expect(v.page.locator("li.kpi-card").first).to_be_visible()


async def _set_effect(v: Visit) -> None:
    others = await v.others(4)
    set_id = await v.proposal_set("INTROS", [{"members": [o["key"] for o in others[i:i + 2]], "reasonText": "Both offer mentoring."} for i in (0, 2)])
    await sign_in(v.page, v.organiser, f"#/organiser/sets/{set_id}/effect")
    await expect(v.page.get_by_role("heading", name="What these introductions changed")).to_be_visible()


Opener = Callable[[Visit], Awaitable[None]]
# Each page as a person reaches it, with enough in it to show its parts (a proposal, an event, ...).
PAGES: dict[str, Opener] = {
    "sign-in": _sign_in_page,
    "accept-invite": _accept_invite,
    "explore-bonds": _explore_bonds,
    "explore-purpose": _explore_purpose,
    "profile-own": _own_profile,
    "profile-editing": _own_profile_editing,
    "profile-other": _someone_elses_profile,
    "passions": _passions,
    "passion": _passion,
    "proposals": _my_proposals,
    "organiser": _organiser,
    "proposal-set": _proposal_set,
    "import": _import,
    "tokens": _tokens,
    "identity": _identity,
    "people": _members,
    "teams-sites": _teams_and_sites,
    "events": _events,
    "event": _event,
    "event-plan": _event_plan,
    "dashboard": _dashboard,
    "set-effect": _set_effect,
}
# Pages whose module another change owns: what axe finds there is reported, not fixed here.
KNOWN_VIOLATIONS: dict[str, str] = {}
# Phone screenshots the pages' own tests take already.
HAS_PHONE_SHOT = {"people", "teams-sites", "events", "event", "event-plan", "dashboard", "set-effect"}


def _cases(known: dict[str, str]) -> list:
    return [pytest.param(name, id=name, marks=[pytest.mark.xfail(strict=False, reason=known[name])] if name in known else []) for name in PAGES]


async def axe_violations(page: Page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` in frontend/")
    # Evaluated through the DevTools protocol: the page's CSP (no inline script) rightly refuses
    # an injected <script>, and the test must not weaken the policy it audits the page under.
    await page.evaluate(AXE.read_text())
    return await page.evaluate(RUN_AXE)


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"- {v['id']} ({v['impact']}): {v['help']}; at {', '.join(v['targets'][:6])}" for v in violations)


@pytest.mark.parametrize("name", _cases(KNOWN_VIOLATIONS))
async def test_each_page_has_no_serious_accessibility_violations(
    name: str, page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    await PAGES[name](Visit(page, http, community))
    violations = await axe_violations(page)
    assert not violations, f"axe finds on the {name} page:\n{_describe(violations)}"


@pytest.mark.parametrize("name", list(PAGES))
async def test_each_page_fits_a_phone(name: str, phone: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    await PAGES[name](Visit(phone, http, community))
    await assert_fits_phone(phone)
    if name not in HAS_PHONE_SHOT:
        await shoot(phone, f"{name}-phone")


async def test_the_phone_check_names_what_makes_a_page_too_wide(phone: Page, community: dict[str, str]) -> None:
    await sign_in(phone, community["member"], "#/passions")
    await phone.evaluate("""() => {
      const wide = document.createElement("div");
      wide.className = "too-wide";
      wide.style.width = "900px";
      wide.textContent = "A banner nobody sized";
      document.querySelector("main section").append(wide);
    }""")
    with pytest.raises(AssertionError, match=r"layout viewport \d+ px.*widest: .*main#main > section > div\.too-wide reaches \d+ px"):
        await assert_fits_phone(phone)


# Keyboard alone -------------------------------------------------------------------------------

async def _focused(locator: Locator) -> bool:
    return await locator.evaluate("el => el === document.activeElement")


async def tab_to(page: Page, target: Locator, *, back: bool = False, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if await target.count() == 1 and await _focused(target):
            return
        await page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{limit} presses of {'Shift+Tab' if back else 'Tab'} never reached {target}")


async def test_a_member_signs_in_with_the_keyboard(page: Page, community: dict[str, str]) -> None:
    await page.goto("/#/passions")
    # The app first tries to resume a session from the refresh cookie; a person waits for the form.
    await expect(page.get_by_label("Handle")).to_be_visible()
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Handle")).to_be_focused()
    await page.keyboard.type(community["member"])
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Password")).to_be_focused()
    await page.keyboard.press("Shift+Tab")
    await expect(page.get_by_label("Handle")).to_be_focused()
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    await expect(page.get_by_role("heading", name="Passions", level=1)).to_be_visible()


async def test_the_skip_link_moves_the_focus_past_the_navigation(page: Page, community: dict[str, str]) -> None:
    await sign_in(page, community["member"], "#/passions")
    await page.reload()
    await expect(page.get_by_role("heading", name="Passions", level=1)).to_be_visible()
    await page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    await expect(skip).to_be_focused()
    box = await skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is on screen"
    await page.keyboard.press("Enter")
    await expect(page.locator("main#main")).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Find a passion")).to_be_focused()
    assert page.url.endswith("#/passions"), "the skip link leaves the route alone"


async def test_on_explore_a_keyboard_user_changes_the_lens_finds_a_member_and_opens_their_profile(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    other = (await Visit(page, http, community).others(1))[0]
    await sign_in(page, community["member"], "#/explore")
    await expect(page.locator('.graph[data-ready="true"]')).to_be_visible()
    bonds = page.get_by_role("radio", name="Bonds (who knows whom)")
    await tab_to(page, bonds)
    await page.keyboard.press("ArrowDown")
    await expect(page.get_by_role("radio", name="Purpose (who cares about what)")).to_be_checked()
    await expect(page.get_by_role("img", name="Members clustered around their strongest passion")).to_have_attribute("data-ready", "true")

    await tab_to(page, page.get_by_role("searchbox", name="Search members by name or team"))
    await page.keyboard.type(other["name"])
    chip = page.get_by_role("navigation", name="Matching members").get_by_role("button", name=other["name"])
    await expect(chip).to_be_visible()
    await page.keyboard.press("Tab")
    await expect(chip).to_be_focused()
    await expect(page.locator(".hover-card")).to_contain_text(other["name"])  # the graph shows whom the focus is on
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", name=other["name"], level=1)).to_be_visible()
    assert page.url.endswith(f"#/member/{other['handle']}")
    await expect(page.locator("main#main")).to_be_focused()  # a new page: reading starts at its content


async def test_on_their_profile_a_member_adds_a_passion_from_the_suggestions_with_the_keyboard(
    page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    handle = community["member"]
    mine = {p["passion"]["name"] for p in (await graphql(http, handle, "query($h: String!) { member(handle: $h) { passions { passion { name } } } }", {"h": handle}))["member"]["passions"]}
    passions = (await graphql(http, handle, "{ passions(first: 100, orderBy: MEMBERS) { edges { node { name } } } }", {}))["passions"]["edges"]
    wanted = next(edge["node"]["name"] for edge in passions if edge["node"]["name"] not in mine and len(edge["node"]["name"]) >= 4)

    await sign_in(page, handle, f"#/member/{handle}")
    edit = page.get_by_role("button", name="Edit my profile")
    await tab_to(page, edit)
    await page.keyboard.press("Space")
    await expect(page.get_by_role("button", name="Close editing")).to_have_attribute("aria-expanded", "true")

    box = page.get_by_role("combobox", name="Add a passion")
    await tab_to(page, box)
    await page.keyboard.type(wanted[:4])
    options = page.get_by_role("listbox", name="Suggested passions").get_by_role("option")
    suggestion = options.filter(has_text=wanted)
    await expect(suggestion).to_be_visible()
    await page.keyboard.press("Escape")
    await expect(box).to_have_attribute("aria-expanded", "false")
    await page.keyboard.press("ArrowDown")
    await expect(box).to_have_attribute("aria-expanded", "true")
    for _ in range(await options.count()):
        if await suggestion.get_attribute("aria-selected") == "true":
            break
        await page.keyboard.press("ArrowDown")
    await expect(suggestion).to_have_attribute("aria-selected", "true")
    await expect(box).to_have_attribute("aria-activedescendant", await suggestion.get_attribute("id") or "")
    await shoot(page, "profile-passion-suggestions")
    await page.keyboard.press("Enter")
    await expect(box).to_have_value(wanted)
    await expect(box).to_have_attribute("aria-expanded", "false")
    await page.keyboard.press("Enter")  # the list is closed: Enter adds
    passions_form = page.get_by_role("form", name="Passions")
    await expect(passions_form.get_by_role("button", name=f"Remove {wanted}")).to_be_visible()
    await tab_to(page, passions_form.get_by_role("button", name="Save passions"))
    await page.keyboard.press("Enter")
    await expect(passions_form.get_by_role("status")).to_have_text("Saved")
    await expect(page.locator("ul.passions").get_by_role("link", name=wanted)).to_be_visible()


async def _focus_ring(page: Page) -> dict:
    return await page.evaluate("""() => {
      const el = document.activeElement, style = getComputedStyle(el);
      return { what: el.outerHTML.slice(0, 120), outline: style.outlineStyle, width: parseFloat(style.outlineWidth), shadow: style.boxShadow };
    }""")


@pytest.mark.parametrize("name", ["sign-in", "profile-editing", "explore-bonds", "organiser", "people", "events", "dashboard"])
async def test_whatever_the_keyboard_focuses_shows_a_focus_ring(
    name: str, page: Page, http: httpx.AsyncClient, community: dict[str, str]
) -> None:
    await PAGES[name](Visit(page, http, community))
    seen: list[str] = []
    for _ in range(40):
        await page.keyboard.press("Tab")
        ring = await _focus_ring(page)
        if ring["what"].startswith("<body"):
            break
        seen.append(ring["what"])
        assert (ring["outline"] != "none" and ring["width"] > 0) or ring["shadow"] != "none", f"no visible focus on {ring['what']}"
    assert len(seen) >= 3, seen
