"""Signing in through the organisation's identity provider, end to end: a real OpenID provider
(oidc-provider, certified) on loopback, graph-api and the web app in Chromium. Its development
login form takes any login (the login is the account's e-mail address) and asks for consent."""

from __future__ import annotations

import base64
import logging
import hashlib
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from playwright.async_api import Page, Route, expect

from graph_api.store.repository import GraphRepository
from recommender.app import create_app as create_recommender_app
from recommender.settings import Settings as RecommenderSettings
from tests.conftest import ServedApp, TestDatabase, free_port
from tests.frontend.conftest import PASSWORD, WebStack, assert_fits_phone, graphql, shoot, sign_in
from tests.frontend.oidc_provider import CLIENT_ID, CLIENT_SECRET, oidc_provider
from tests.frontend.test_accessibility import axe_violations
from tests.frontend.test_human_words import _internal_words
from tests.frontend.test_member_next_steps import People
from tests.seeding import SeedingRepository

pytestmark = pytest.mark.browser

CREATE = "mutation($input: CreateIdentityProviderInput!) { createIdentityProvider(input: $input) { id } }"
INVITE = "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }"
MEMBER_BY_EMAIL = "MATCH (m:Member) WHERE m.email = $email OPTIONAL MATCH (m)-[:MEMBER_OF]->(t:Team) RETURN m.handle AS handle, m.name AS name, t.name AS team"
IDENTITIES = "MATCH (m:Member {email: $email})-[:SIGNS_IN_AS]->(i:ExternalIdentity) RETURN i.issuer AS issuer, i.subject AS subject"


@pytest.fixture(scope="module")
def live_server(frontend_bundle: Any, database: TestDatabase) -> Iterator[WebStack]:
    """The browser tests' stack, knowing its own address (the redirect URI) and letting issuers
    be plain http on loopback, as the test provider is."""
    api_port = free_port()
    recommender = ServedApp(
        create_recommender_app(RecommenderSettings(graph_api_url=f"http://127.0.0.1:{api_port}/graphql")), "the recommender"
    )
    settings = database.settings(
        KINDRED_RECOMMENDER_URL=f"{recommender.url}/graphql",
        KINDRED_PUBLIC_URL=f"http://127.0.0.1:{api_port}",
        KINDRED_OIDC_ALLOW_HTTP_LOOPBACK=True,
    )
    stack = WebStack(settings, api_port, recommender)
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def redirect_uri(live_server: WebStack) -> str:
    return f"{live_server.url}/oidc/callback"


@pytest.fixture(scope="module")
def okta(redirect_uri: str) -> Iterator[str]:
    """The first provider: every account is in the groups "Volunteers" and "Design"."""
    with oidc_provider(redirect_uri, groups=("Volunteers", "Design")) as issuer:
        yield issuer


@pytest.fixture(scope="module")
def keycloak(redirect_uri: str) -> Iterator[str]:
    with oidc_provider(redirect_uri) as issuer:
        yield issuer


@pytest.fixture
async def people(repository: SeedingRepository) -> People:
    found = People(repository)
    await found.add("olga", "Olga Organiser", role="organiser")
    await found.add("moe", "Moe Member")
    return found


async def add_provider(http: httpx.AsyncClient, name: str, issuer: str, **changes: Any) -> str:
    given = {"name": name, "issuer": issuer, "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
             "allowedDomains": ["example.org"], **changes}
    return (await graphql(http, "olga", CREATE, {"input": given}))["createIdentityProvider"]["id"]


async def sign_in_at_provider(page: Page, button: str, login: str) -> None:
    """From Kindred's sign-in page through the provider's login and consent forms, back to Kindred."""
    await page.get_by_role("link", name=button).click()
    await page.get_by_placeholder("Enter any login").fill(login)
    await page.get_by_placeholder("and password").fill("whatever the provider wants")
    await page.get_by_role("button", name="Sign-in").click()
    await page.get_by_role("button", name="Continue").click()


@pytest.fixture
async def browser_page(page: Page) -> AsyncIterator[Page]:
    """The tab, with the provider's web font (its login form asks the internet for it) refused at once."""
    await page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
    yield page


async def member_row(repository: GraphRepository, email: str) -> dict[str, Any] | None:
    rows = await repository.driver.read(MEMBER_BY_EMAIL, {"email": email})
    return rows[0] if rows else None


async def test_signing_in_through_the_provider_creates_the_member_and_lands_signed_in(
    browser_page: Page, http: httpx.AsyncClient, people: People, repository: SeedingRepository, okta: str
) -> None:
    page = browser_page
    await repository.create_team("Design")
    await add_provider(http, "Example Okta", okta, teamsClaim="groups")
    await page.goto("/#/sign-in")
    await shoot(page, "sign-in-with-provider")
    await sign_in_at_provider(page, "Sign in with Example Okta", "grace@example.org")
    await expect(page.get_by_role("button", name="Sign out (Grace)")).to_be_visible()
    assert "code=" not in page.url
    assert await member_row(repository, "grace@example.org") == {"handle": "grace", "name": "Grace", "team": "Design"}
    identities = await repository.driver.read(IDENTITIES, {"email": "grace@example.org"})
    assert identities == [{"issuer": okta, "subject": "grace@example.org"}]


async def test_a_wrong_pkce_verifier_is_refused_by_the_provider_and_said_plainly(
    browser_page: Page, http: httpx.AsyncClient, people: People, repository: SeedingRepository, okta: str
) -> None:
    """The challenge the provider sees is swapped on the way, so Kindred's verifier no longer fits it."""
    page = browser_page
    other = base64.urlsafe_b64encode(hashlib.sha256(b"someone else's verifier").digest()).rstrip(b"=").decode()

    async def swap_challenge(route: Route) -> None:
        """Kindred's start answers with a redirect to the provider: its challenge is replaced."""
        answer = await route.fetch(max_redirects=0)
        parts = urlsplit(answer.headers["location"])
        asked = dict(parse_qsl(parts.query))
        assert asked["code_challenge_method"] == "S256" and asked["nonce"] and asked["state"]
        query = {**asked, "code_challenge": other}
        await route.fulfill(response=answer, headers={**answer.headers, "location": parts._replace(query=urlencode(query)).geturl()})

    await page.route("**/oidc/*/start", swap_challenge)
    await add_provider(http, "Example Okta", okta)
    await page.goto("/#/sign-in")
    await sign_in_at_provider(page, "Sign in with Example Okta", "pat@example.org")
    await expect(page.get_by_role("alert")).to_have_text("Your organisation's sign-in service did not let the sign-in through. Try again; if it keeps happening, tell an organiser.")
    assert await member_row(repository, "pat@example.org") is None


async def test_an_id_token_from_another_issuer_is_refused(
    browser_page: Page, http: httpx.AsyncClient, people: People, repository: SeedingRepository, redirect_uri: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The provider's discovery document names http://localhost:<port> as the issuer (as Kindred
    is configured), while its ID tokens say http://127.0.0.1:<port>."""
    page = browser_page
    caplog.set_level(logging.INFO, logger="graph_api.accounts.oidc.routes")
    with oidc_provider(redirect_uri, echo_issuer=True) as real_issuer:
        claimed = real_issuer.replace("127.0.0.1", "localhost")
        await add_provider(http, "Impostor", claimed)
        await page.goto("/#/sign-in")
        await sign_in_at_provider(page, "Sign in with Impostor", "ivy@example.org")
        await expect(page.get_by_role("alert")).to_contain_text("Kindred could not confirm who signed in")
    assert "ID_TOKEN_INVALID" in caplog.text and "'iss'" in caplog.text  # the ID token's claim, not another check
    assert await member_row(repository, "ivy@example.org") is None


async def test_an_invited_newcomer_confirms_and_joins_as_invited(
    browser_page: Page, http: httpx.AsyncClient, people: People, repository: SeedingRepository, okta: str
) -> None:
    page = browser_page
    await graphql(http, "olga", INVITE, {"input": {"name": "Grace H.", "email": "grace@example.org", "handle": "admiral"}})
    await add_provider(http, "Example Okta", okta)
    await page.goto("/#/sign-in")
    await sign_in_at_provider(page, "Sign in with Example Okta", "grace@example.org")
    welcome = page.get_by_role("group", name="Welcome, Grace H.")
    await expect(welcome).to_contain_text("You were invited to Kindred as @admiral")
    assert await member_row(repository, "grace@example.org") is None
    await shoot(page, "sign-in-provider-join")
    assert await axe_violations(page) == []
    await welcome.get_by_role("button", name="Join Kindred").click()
    await expect(page.get_by_role("button", name="Sign out (Grace H.)")).to_be_visible()
    assert await member_row(repository, "grace@example.org") == {"handle": "admiral", "name": "Grace H.", "team": None}


async def test_an_unknown_e_mail_domain_is_refused_in_plain_words(
    browser_page: Page, http: httpx.AsyncClient, people: People, repository: SeedingRepository, okta: str
) -> None:
    page = browser_page
    await add_provider(http, "Example Okta", okta)
    await page.goto("/#/sign-in")
    await sign_in_at_provider(page, "Sign in with Example Okta", "eve@elsewhere.test")
    await expect(page.get_by_role("alert")).to_have_text(
        "People with an e-mail address at that domain cannot join here through this sign-in. "
        "Ask an organiser to invite you, or sign in with your work account."
    )
    await expect(page.get_by_role("link", name="Sign in with Example Okta")).to_be_visible()
    assert await member_row(repository, "eve@elsewhere.test") is None


async def test_two_providers_at_once_each_button_signs_in_through_its_own(
    browser_page: Page, http: httpx.AsyncClient, people: People, repository: SeedingRepository, okta: str, keycloak: str
) -> None:
    page = browser_page
    await add_provider(http, "Example Okta", okta)
    await add_provider(http, "Example Keycloak", keycloak)
    await page.goto("/#/sign-in")
    await sign_in_at_provider(page, "Sign in with Example Keycloak", "kim@example.org")
    await expect(page.get_by_role("button", name="Sign out (Kim)")).to_be_visible()
    await page.get_by_role("button", name="Sign out (Kim)").click()
    await sign_in_at_provider(page, "Sign in with Example Okta", "oli@example.org")
    await expect(page.get_by_role("button", name="Sign out (Oli)")).to_be_visible()
    assert await repository.driver.read(IDENTITIES, {"email": "kim@example.org"}) == [{"issuer": keycloak, "subject": "kim@example.org"}]
    assert await repository.driver.read(IDENTITIES, {"email": "oli@example.org"}) == [{"issuer": okta, "subject": "oli@example.org"}]


async def test_password_sign_in_turned_off_refuses_members_but_not_the_break_glass_organiser(
    browser_page: Page, http: httpx.AsyncClient, people: People, okta: str
) -> None:
    page = browser_page
    await add_provider(http, "Example Okta", okta, passwordSignIn=False)
    await page.goto("/#/sign-in")
    await expect(page.get_by_text("The password form below is for organisers.")).to_be_visible()
    await page.get_by_label("Handle").fill("moe")
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_role("alert")).to_contain_text("Passwords are turned off here")
    await sign_in(page, "olga")


async def test_an_organiser_adds_a_provider_on_the_settings_page(
    browser_page: Page, http: httpx.AsyncClient, people: People, redirect_uri: str
) -> None:
    page = browser_page
    await sign_in(page, "olga", "#/organiser/identity")
    box = page.get_by_role("region", name="Sign-in with your identity provider")
    await expect(box.get_by_text(redirect_uri)).to_be_visible()
    await box.get_by_label("Button title").fill("Example Entra")
    await box.get_by_label("Issuer").fill("http://login.example.org/tenant/v2.0")
    await box.get_by_label("Client id").fill("app-123")
    await box.get_by_label("Client secret").fill("very secret")
    await box.get_by_label("E-mail domains whose people may join").fill("example.org, staff.example.org")
    await box.get_by_role("button", name="Add identity provider").click()
    await expect(box.get_by_text("The issuer must start with https://")).to_be_visible()
    await box.get_by_label("Issuer").fill("https://login.example.org/tenant/v2.0")
    await box.get_by_role("button", name="Add identity provider").click()
    await expect(box.get_by_role("heading", name="Example Entra")).to_be_visible()
    await expect(box.get_by_text("People at example.org, staff.example.org join on their first sign-in")).to_be_visible()
    await box.get_by_role("button", name="Turn members' passwords off").click()
    await expect(box.get_by_text("only organisers use passwords")).to_be_visible()
    await shoot(page, "identity-providers")
    await page.set_viewport_size({"width": 375, "height": 740})
    await assert_fits_phone(page)


async def test_the_sign_in_buttons_and_the_settings_are_accessible_and_in_plain_words(
    browser_page: Page, http: httpx.AsyncClient, people: People, okta: str, keycloak: str
) -> None:
    page = browser_page
    await add_provider(http, "Example Okta", okta, teamsClaim="groups")
    await add_provider(http, "Example Keycloak", keycloak, passwordSignIn=False)
    await page.goto("/#/sign-in")
    await expect(page.get_by_role("link", name="Sign in with Example Keycloak")).to_be_visible()
    assert await axe_violations(page) == []
    assert await _internal_words(page, http, "olga") == []
    await page.set_viewport_size({"width": 375, "height": 740})
    await assert_fits_phone(page)
    await shoot(page, "sign-in-with-providers-phone")
    await page.set_viewport_size({"width": 1280, "height": 860})
    await sign_in(page, "olga", "#/organiser/identity")
    await expect(page.get_by_role("heading", name="Example Keycloak")).to_be_visible()
    assert await axe_violations(page) == []
    assert await _internal_words(page, http, "olga") == []
