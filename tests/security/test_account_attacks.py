"""Attacks on accounts: password guessing, stolen and forged tokens, reset links, and control
characters in what members write. Each refusal asserts its code; time bounds are ratios."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import jwt
import pytest

from graph_api.accounts import credentials
from graph_api.accounts.service import AccountService
from graph_api.accounts.throttle import client_address
from graph_api.domain import rules
from graph_api.errors import BadInputError, UnauthenticatedError
from graph_api.imports.parsing import RejectedRow, parse_import
from graph_api.settings import Settings
from tests.api.conftest import PASSWORD, SIGN_IN, GraphQLClient, People
from tests.conftest import DEFAULT_PASSWORD_COST, JWT_SECRET, LiveServer, TestDatabase
from tests.security.conftest import assert_cheap, seconds, trivial_seconds

WRONG = "not the right password"
REFRESH = "mutation($token: String) { refreshToken(refreshToken: $token) { accessToken refreshToken } }"
MEMBERS = "{ members(first: 1) { totalCount } }"
RESET_LINK = "mutation($id: ID!) { createPasswordResetLink(memberId: $id) { link token expiresAt member { handle } } }"
RESET = "mutation($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) { accessToken } }"
PROFILE = "mutation($input: ProfileInput!) { updateMyProfile(input: $input) { name headline } }"


def _from(address: str) -> dict[str, str]:
    """The test client is on loopback, a trusted proxy by default: it may say whom it forwards."""
    return {"x-forwarded-for": address}


async def _sign_in(http: httpx.AsyncClient, handle: str, password: str, address: str = "198.51.100.7") -> dict[str, Any]:
    response = await http.post(
        "/graphql", json={"query": SIGN_IN, "variables": {"handle": handle, "password": password}}, headers=_from(address)
    )
    assert response.status_code == 200, response.text
    return response.json()


def _code(body: dict[str, Any]) -> str:
    assert body.get("errors"), body
    return str(body["errors"][0]["extensions"]["code"])


# Password guessing -----------------------------------------------------------------------------


async def test_guessing_one_handles_password_is_refused_with_rate_limited_and_retry_after(
    people: People, http: httpx.AsyncClient
) -> None:
    await people.add("ada")
    for _ in range(5):  # settings.sign_in_failures_per_handle
        assert _code(await _sign_in(http, "ada", WRONG)) == "UNAUTHENTICATED"
    refused = await _sign_in(http, "ada", PASSWORD)
    error = refused["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 0 < error["extensions"]["retryAfter"] <= 900
    assert "try again in" in error["message"] and "minute" in error["message"]


async def test_guessing_many_handles_from_one_address_is_refused(people: People, http: httpx.AsyncClient) -> None:
    await people.add("ada")
    for attempt in range(20):  # settings.sign_in_failures_per_address
        assert _code(await _sign_in(http, f"guess-{attempt}", WRONG, "203.0.113.9")) == "UNAUTHENTICATED"
    body = await _sign_in(http, "ada", PASSWORD, "203.0.113.9")
    assert _code(body) == "RATE_LIMITED" and "from your address" in body["errors"][0]["message"]
    assert not (await _sign_in(http, "ada", PASSWORD, "203.0.113.10")).get("errors"), "another address is not throttled"


async def test_a_rate_limited_guess_is_refused_before_any_password_check(people: People, http: httpx.AsyncClient) -> None:
    await people.add("ada")
    for _ in range(5):
        await _sign_in(http, "ada", WRONG)
    await assert_cheap(http, lambda: _sign_in(http, "ada", WRONG), ratio=10)  # argon2 alone costs more


async def test_correct_sign_ins_from_one_address_are_never_throttled(people: People, http: httpx.AsyncClient) -> None:
    await people.add("ada")
    for _ in range(25):
        assert not (await _sign_in(http, "ada", PASSWORD)).get("errors")


async def test_a_successful_sign_in_clears_the_handles_failures(people: People, http: httpx.AsyncClient) -> None:
    await people.add("ada")
    for _ in range(4):
        await _sign_in(http, "ada", WRONG)
    assert not (await _sign_in(http, "ada", PASSWORD)).get("errors")
    for _ in range(5):
        assert _code(await _sign_in(http, "ada", WRONG)) == "UNAUTHENTICATED"


async def test_parallel_guesses_cannot_slip_past_the_limit(people: People, http: httpx.AsyncClient) -> None:
    await people.add("ada")
    answers = await asyncio.gather(*(_sign_in(http, "ada", WRONG) for _ in range(12)))
    codes = sorted(_code(body) for body in answers)
    assert codes.count("UNAUTHENTICATED") == 5 and codes.count("RATE_LIMITED") == 7


@pytest.fixture
async def second_server(database: TestDatabase, http: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """Another graph-api replica on the same database."""
    with LiveServer(database.settings()) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            yield client


async def test_throttling_is_shared_by_two_graph_api_servers_on_one_store(
    people: People, http: httpx.AsyncClient, second_server: httpx.AsyncClient
) -> None:
    await people.add("ada")
    for _ in range(3):
        assert _code(await _sign_in(http, "ada", WRONG)) == "UNAUTHENTICATED"
    for _ in range(2):
        assert _code(await _sign_in(second_server, "ada", WRONG)) == "UNAUTHENTICATED"
    assert _code(await _sign_in(http, "ada", PASSWORD)) == "RATE_LIMITED"
    assert _code(await _sign_in(second_server, "ada", PASSWORD)) == "RATE_LIMITED"


async def test_healthz_stays_fast_while_sign_ins_hash_passwords(people: People, http: httpx.AsyncClient) -> None:
    handles = [f"member-{index}" for index in range(8)]
    default_cost = AccountService(people.repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET, **DEFAULT_PASSWORD_COST))
    for handle in handles:  # hashed at graph-api's default cost, so each sign-in pays for it
        await default_cost.set_password(await people.add(handle), PASSWORD)
    unit = max(await trivial_seconds(http), 0.001)
    burst = asyncio.gather(*(_sign_in(http, handle, PASSWORD) for handle in handles))
    probes = []
    while not burst.done():  # probe all through the burst: argon2 on the event loop would stall one
        probes.append(await seconds(lambda: http.get("/healthz")))
    answers = await burst
    assert all(not body.get("errors") for body in answers)
    mean = sum(probes) / len(probes)
    assert mean <= 20 * unit, f"/healthz took {mean / unit:.0f} trivial queries' time while sign-ins hashed"


async def test_argon2_never_runs_on_the_event_loop(
    people: People, repository: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    await people.add("ada")
    threads: list[threading.Thread] = []

    def recording(original: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            threads.append(threading.current_thread())
            return original(*args)

        return run

    monkeypatch.setattr(credentials.Passwords, "verify", recording(credentials.Passwords.verify))
    monkeypatch.setattr(credentials.Passwords, "hash", recording(credentials.Passwords.hash))
    accounts = AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET))
    await accounts.sign_in("ada", PASSWORD)
    with pytest.raises(UnauthenticatedError):
        await accounts.sign_in("nobody", PASSWORD)
    await accounts.set_password(people.ids["ada"], "another long password")
    assert len(threads) == 3 and threading.current_thread() not in threads


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy() -> None:
    trusted = ["10.0.0.1"]
    assert client_address("10.0.0.1", "198.51.100.7, 10.0.0.1", trusted) == "198.51.100.7"
    assert client_address("198.51.100.99", "198.51.100.7", trusted) == "198.51.100.99"
    assert client_address("10.0.0.1", "not an address", trusted) == "10.0.0.1"
    assert client_address(None, None, trusted) == "unknown"


def test_x_forwarded_for_is_believed_from_a_trusted_proxy_network() -> None:
    # Pods' addresses change: a proxy is trusted by its network (the pod network of a cluster).
    trusted = ["127.0.0.1", "10.42.0.0/16", "fd00::/8"]
    assert client_address("10.42.7.19", "198.51.100.7", trusted) == "198.51.100.7"
    assert client_address("fd00::12", "198.51.100.7", trusted) == "198.51.100.7"
    assert client_address("10.43.0.1", "198.51.100.7", trusted) == "10.43.0.1"
    assert client_address("unix-socket", "198.51.100.7", trusted) == "unix-socket"


async def test_a_failed_sign_in_logs_one_short_line_without_a_traceback(
    people: People, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    await people.add("ada")
    caplog.set_level(logging.INFO)
    caplog.clear()
    await _sign_in(http, "ada", WRONG)
    await asyncio.sleep(0.05)
    lines = [
        record for record in caplog.records
        if record.name.startswith(("graph_api", "strawberry")) and record.name != "graph_api.access"  # the access line aside
    ]
    assert len(lines) == 1, [record.getMessage() for record in lines]
    assert lines[0].exc_info is None and len(lines[0].getMessage()) < 200


# Stolen and forged tokens ----------------------------------------------------------------------


async def test_a_replayed_refresh_token_ends_the_whole_session_family(people: People, http: httpx.AsyncClient) -> None:
    await people.add("ada")
    anonymous = GraphQLClient(http)
    stolen = (await anonymous.data(SIGN_IN, {"handle": "ada", "password": PASSWORD}))["signIn"]
    owner = (await anonymous.data(REFRESH, {"token": stolen["refreshToken"]}))["refreshToken"]
    newest = (await anonymous.data(REFRESH, {"token": owner["refreshToken"]}))["refreshToken"]
    error = await anonymous.error(REFRESH, {"token": stolen["refreshToken"]})
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "sign in again" in error["message"]
    assert (await anonymous.error(REFRESH, {"token": newest["refreshToken"]}))["extensions"]["code"] == "UNAUTHENTICATED"
    for access in (stolen["accessToken"], owner["accessToken"], newest["accessToken"]):
        assert (await GraphQLClient(http, token=access).error(MEMBERS))["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_guessed_refresh_token_for_a_live_session_ends_nothing(people: People, http: httpx.AsyncClient) -> None:
    await people.add("ada")
    anonymous = GraphQLClient(http)
    tokens = (await anonymous.data(SIGN_IN, {"handle": "ada", "password": PASSWORD}))["signIn"]
    session_id = tokens["refreshToken"].split(".")[1]
    guess = await anonymous.error(REFRESH, {"token": f"kr.{session_id}.guessed-secret"})
    assert guess["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await anonymous.data(REFRESH, {"token": tokens["refreshToken"]}))["refreshToken"]["accessToken"]


def _jwt(**claims: Any) -> str:
    now = datetime.now(timezone.utc)
    base = {"role": "member", "aud": "kindred-graph-api", "iat": now, "exp": now + timedelta(minutes=15)}
    return jwt.encode({**base, **claims}, JWT_SECRET, algorithm="HS256")


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "member-x"},
        {"sid": "session-x"},
        {"sub": "member-x", "sid": 42},
        {"sub": ["member-x"], "sid": "session-x"},
        {"sub": "member-x", "sid": "session-x\u0000"},
        {"sub": "", "sid": ""},
    ],
    ids=["no sid", "no sub", "sid a number", "sub a list", "sid with NUL", "empty"],
)
async def test_an_access_token_with_a_missing_or_malformed_claim_is_unauthenticated(
    http: httpx.AsyncClient, claims: dict[str, Any]
) -> None:
    response = await http.post("/graphql", json={"query": MEMBERS}, headers={"authorization": f"Bearer {_jwt(**claims)}"})
    assert response.status_code == 200, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "not valid" in error["message"]


async def test_the_refresh_cookie_is_http_only_strict_and_limited_to_graphql(
    people: People, http: httpx.AsyncClient
) -> None:
    await people.add("ada")
    response = await http.post("/graphql", json={"query": SIGN_IN, "variables": {"handle": "ada", "password": PASSWORD}})
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("kindred_refresh=")
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/graphql" in cookie
    assert "secure" not in cookie, "the test server's public URL is http"


async def test_a_refresh_from_the_cookie_keeps_the_new_refresh_token_out_of_the_answer(
    people: People, http: httpx.AsyncClient
) -> None:
    await people.add("ada")
    await http.post("/graphql", json={"query": SIGN_IN, "variables": {"handle": "ada", "password": PASSWORD}})
    body = (await http.post("/graphql", json={"query": REFRESH})).json()
    assert body["data"]["refreshToken"]["accessToken"] and body["data"]["refreshToken"]["refreshToken"] is None


# Reset links -----------------------------------------------------------------------------------


async def _reset_link(organiser: GraphQLClient, people: People) -> str:
    data = await organiser.data(RESET_LINK, {"id": people.ids["ada"]})
    return str(data["createPasswordResetLink"]["token"])


async def test_a_reset_link_works_once(organiser: GraphQLClient, member: GraphQLClient, people: People) -> None:
    token = await _reset_link(organiser, people)
    assert (await GraphQLClient(organiser.http).data(RESET, {"token": token, "password": "a brand new password"}))
    again = await GraphQLClient(organiser.http).error(RESET, {"token": token, "password": "another new password"})
    assert again["extensions"]["code"] == "UNAUTHENTICATED" and "already used" in again["message"]


async def test_an_expired_reset_link_is_refused_and_writes_nothing(
    organiser: GraphQLClient, member: GraphQLClient, people: People, driver: Any, nothing_written: Any
) -> None:
    token = await _reset_link(organiser, people)
    await driver.write("MATCH (r:PasswordReset) SET r.expiresAt = '2000-01-01T00:00:00Z'")
    async with nothing_written():
        error = await GraphQLClient(organiser.http).error(RESET, {"token": token, "password": "a brand new password"})
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "expired" in error["message"]


async def test_a_reset_link_is_stored_only_as_a_hash(organiser: GraphQLClient, member: GraphQLClient, people: People, driver: Any) -> None:
    token = await _reset_link(organiser, people)
    stored = await driver.read("MATCH (r:PasswordReset) RETURN properties(r) AS props")
    secret = token.split(".")[2]
    assert len(stored) == 1 and secret not in json.dumps(stored)


async def test_guessing_the_current_password_to_change_it_is_throttled_too(member: GraphQLClient) -> None:
    change = "mutation($c: String!) { changePassword(currentPassword: $c, newPassword: \"a brand new password\") }"
    for _ in range(5):
        assert (await member.error(change, {"c": WRONG}))["extensions"]["code"] == "BAD_USER_INPUT"
    refused = await member.error(change, {"c": PASSWORD})
    assert refused["extensions"]["code"] == "RATE_LIMITED" and refused["extensions"]["retryAfter"] > 0


async def test_a_member_cannot_create_a_reset_link_for_anyone(member: GraphQLClient, people: People, nothing_written: Any) -> None:
    await people.add("bob")
    async with nothing_written():
        error = await member.error(RESET_LINK, {"id": people.ids["bob"]})
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_a_forged_reset_token_is_refused(anonymous: GraphQLClient, nothing_written: Any) -> None:
    async with nothing_written():
        for token in ("kp.reset-x.secret", "kp..", "k" * 5000, "kp.a.b.c"):
            error = await anonymous.error(RESET, {"token": token, "password": "a brand new password"})
            assert error["extensions"]["code"] == "UNAUTHENTICATED"


# Control characters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "Ada\nLovelace"),
        ("name", "Ada\u001b[31mLovelace"),
        ("headline", "Builds\u0085engines"),
        ("headline", "tab\tseparated"),
        ("vision", "bell \u0007 in a vision"),
    ],
    ids=["newline in name", "escape in name", "C1 in headline", "tab in headline", "bell in vision"],
)
async def test_control_characters_are_refused_with_bad_user_input(
    member: GraphQLClient, nothing_written: Any, field: str, value: str
) -> None:
    async with nothing_written():
        error = await member.error(PROFILE, {"input": {field: value}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == field
    assert "control character" in error["message"]


@pytest.mark.parametrize("character", ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009b", "\t", "\n"])
def test_an_import_row_with_a_control_character_in_a_name_is_rejected(character: str) -> None:
    row = {"handle": "ada", "name": f"Ada{character}Lovelace"}
    [result] = parse_import(json.dumps([row]).encode(), "json")
    assert isinstance(result, RejectedRow) and "control character" in result.reason


def test_every_writer_shares_the_rule_for_single_line_and_long_text() -> None:
    with pytest.raises(BadInputError) as refused:
        rules.clean_name("Ada\u0000")
    assert refused.value.code == "BAD_USER_INPUT" and refused.value.field == "name"
    with pytest.raises(BadInputError):
        rules.check_email("ada\u0000@example.org")
    with pytest.raises(BadInputError):
        rules.check_id("member-1\n")
    assert rules.clean_text("one\ntwo", field="vision", max_length=rules.VISION_MAX) == "one two"
    assert rules.clean_name("  Ada Lovelace\n") == "Ada Lovelace", "outer white space is trimmed, not refused"


async def test_line_breaks_and_tabs_stay_allowed_in_a_vision(member: GraphQLClient) -> None:
    data = await member.data(
        "mutation($input: ProfileInput!) { updateMyProfile(input: $input) { vision } }",
        {"input": {"vision": "First line.\nSecond\tline."}},
    )
    assert data["updateMyProfile"]["vision"] == "First line. Second line."


async def test_oversized_sign_in_inputs_are_refused_before_any_work(http: httpx.AsyncClient, nothing_written: Any) -> None:
    async with nothing_written():
        assert _code(await _sign_in(http, "h" * 10_000, WRONG)) == "BAD_USER_INPUT"
        assert _code(await _sign_in(http, "ada", "p" * 100_000)) == "BAD_USER_INPUT"
