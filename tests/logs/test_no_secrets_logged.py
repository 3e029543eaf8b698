"""No secret is ever logged: one full flow against a real graph-api (sign-in, a wrong password, a
refreshed session, an API token, an invitation accepted with a new password, a password change, a
webhook, a calendar feed, and bad requests of several kinds), then its whole log is searched for
every password, token and secret the flow used. (tests/log_capture.py does the same for the logs
of a whole test run.)"""

from __future__ import annotations

import json
import httpx

from graph_api.store.driver import GraphDriver
from tests import log_capture
from tests.api.conftest import PASSWORD, SIGN_IN, GraphQLClient, People
from tests.conftest import LiveServer, TestDatabase
from tests.seeding import SeedingRepository

NEW_PASSWORD = "a brand new passphrase for zoe"
CHANGED_PASSWORD = "zoe changed her mind about it"
WRONG_PASSWORD = "olga mistyped this passphrase"
HOOK_KEY = "hook-query-key-4f1c9a27e8b3d605"

REFRESH = "mutation($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken } }"
CREATE_TOKEN = "mutation { createApiToken(name: \"Sync\", scopes: [READ]) { token } }"
INVITE = """mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token link } }"""
PREVIEW = "query($token: String!) { invitationByToken(token: $token) { name } }"
ACCEPT = """mutation($token: String!, $password: String!) {
  acceptInvite(token: $token, password: $password) { accessToken refreshToken } }"""
CHANGE = "mutation($old: String!, $new: String!) { changePassword(currentPassword: $old, newPassword: $new) }"
HOOK = """mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }"""
START_FEED = "mutation { startCalendarFeed }"


async def flow(http: httpx.AsyncClient, repository: SeedingRepository) -> dict[str, str]:
    """The flow; what it used that must never be logged, by kind."""
    used: dict[str, str] = {"password": PASSWORD, "new password": NEW_PASSWORD, "changed password": CHANGED_PASSWORD}
    used |= {"wrong password": WRONG_PASSWORD, "webhook address's key": HOOK_KEY}
    anonymous = GraphQLClient(http)
    await People(repository, http).add("olga", role="organiser", email="olga@example.org")
    signed_in = (await anonymous.data(SIGN_IN, {"handle": "olga", "password": PASSWORD}))["signIn"]
    await anonymous.error(SIGN_IN, {"handle": "olga", "password": WRONG_PASSWORD})
    refreshed = (await anonymous.data(REFRESH, {"token": signed_in["refreshToken"]}))["refreshToken"]
    used |= {"access token": signed_in["accessToken"], "refresh token": signed_in["refreshToken"]}
    used |= {"refreshed access token": refreshed["accessToken"], "refreshed refresh token": refreshed["refreshToken"]}
    olga = GraphQLClient(http, token=refreshed["accessToken"])

    api_token = (await olga.data(CREATE_TOKEN))["createApiToken"]["token"]
    used["API token"] = api_token
    await GraphQLClient(http, token=api_token).data("{ members(first: 1) { totalCount } }")

    zoe = {"name": "Zoe", "email": "zoe@example.org", "handle": "zoe"}
    invitation = (await olga.data(INVITE, {"input": zoe}))["inviteMember"]
    used["invitation token"] = invitation["token"]
    await anonymous.data(PREVIEW, {"token": invitation["token"]})
    joined = (await anonymous.data(ACCEPT, {"token": invitation["token"], "password": NEW_PASSWORD}))["acceptInvite"]
    used["new member's access token"] = joined["accessToken"]
    await GraphQLClient(http, token=joined["accessToken"]).data(CHANGE, {"old": NEW_PASSWORD, "new": CHANGED_PASSWORD})

    hook = {"name": "Chat", "url": f"https://hooks.example.org/in?key={HOOK_KEY}", "events": ["PROPOSAL_PUBLISHED"]}
    used["webhook secret"] = (await olga.data(HOOK, {"input": hook}))["createWebhookEndpoint"]["secret"]

    feed = (await olga.data(START_FEED))["startCalendarFeed"]
    used["calendar feed token"] = feed.rsplit("/", 1)[1].removesuffix(".ics")
    assert (await http.get(feed)).status_code == 200

    # Bad requests: a password of the wrong type, a forged token, a broken body, a used-up link.
    typed = {"handle": "olga", "password": [WRONG_PASSWORD]}
    assert (await http.post("/graphql", json={"query": SIGN_IN, "variables": typed})).json()["errors"]
    forged = f"kt.apitoken-1.{'f0rg3d' * 6}"
    used["forged token"] = forged
    assert (await http.post("/graphql", json={"query": "{ viewer { handle } }"}, headers={"authorization": f"Bearer {forged}"})).status_code == 200
    assert (await http.post("/graphql", content=f'{{"query": "{PASSWORD}"', headers={"content-type": "application/json"})).status_code == 400
    assert (await http.get(f"/mail/unsubscribe?token={invitation['token']}")).status_code < 500
    assert (await http.get(f"/events/nothing.ics?token={api_token}")).status_code < 500
    return used


async def test_a_full_flow_leaves_no_secret_in_the_servers_log(
    database: TestDatabase, driver: GraphDriver, repository: SeedingRepository
) -> None:
    server = LiveServer(database.settings())
    sent: list[httpx.Request] = []

    async def count(request: httpx.Request) -> None:
        sent.append(request)

    with server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30, event_hooks={"request": [count]}) as http:
            used = await flow(http, repository)
    text = server.log_file.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]

    found = log_capture.leaks(text, {value: kind for kind, value in used.items()})
    assert not found, f"in {server.log_file}: {sorted(found)}"
    access = [line for line in lines if line["event"] == "request"]
    assert len(access) == len(sent) and all(line["request_id"] for line in lines if line["logger"].startswith("graph_api"))
    assert {line["path"] for line in access} >= {"/graphql", "/calendar/…", "/mail/unsubscribe", "/events/nothing.ics"}
    assert any(line["event"].startswith("sign-in refused") for line in lines)  # the wrong password was logged, not its text
