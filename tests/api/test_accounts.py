"""Signing in, refreshing and signing out, and how refused access tokens are explained."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt

from tests.api.conftest import PASSWORD, SIGN_IN, GraphQLClient, People

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256"
REFRESH = """mutation($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken member { handle } } }"""
SIGN_OUT = "mutation { signOut }"
MEMBERS = "{ members(first: 5) { totalCount edges { node { handle } } } }"


async def _sign_in(anonymous: GraphQLClient, handle: str = "ada") -> dict[str, str]:
    return (await anonymous.data(SIGN_IN, {"handle": handle, "password": PASSWORD}))["signIn"]


async def test_sign_in_with_the_right_password_gives_tokens_that_work(people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    tokens = await _sign_in(anonymous)
    assert tokens["member"]["handle"] == "ada" and tokens["refreshToken"].startswith("kr.")
    signed_in = GraphQLClient(anonymous.http, token=tokens["accessToken"])
    assert (await signed_in.data("{ viewer { handle } }"))["viewer"]["handle"] == "ada"


async def test_sign_in_with_a_wrong_password_is_unauthenticated(people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    error = await anonymous.error(SIGN_IN, {"handle": "ada", "password": "not the right password"})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_sign_in_with_an_unknown_handle_says_the_same_as_a_wrong_password(
    people: People, anonymous: GraphQLClient
) -> None:
    await people.add("ada")
    wrong_password = await anonymous.error(SIGN_IN, {"handle": "ada", "password": "not the right password"})
    unknown_handle = await anonymous.error(SIGN_IN, {"handle": "nobody", "password": PASSWORD})
    assert unknown_handle["extensions"]["code"] == "UNAUTHENTICATED"
    assert unknown_handle["message"] == wrong_password["message"]


async def test_refresh_gives_new_tokens_that_refresh_again(people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    first = await _sign_in(anonymous)
    second = (await anonymous.data(REFRESH, {"token": first["refreshToken"]}))["refreshToken"]
    assert second["refreshToken"] != first["refreshToken"] and second["member"]["handle"] == "ada"
    third = (await anonymous.data(REFRESH, {"token": second["refreshToken"]}))["refreshToken"]
    assert third["accessToken"] and third["refreshToken"] not in (first["refreshToken"], second["refreshToken"])


async def test_a_used_refresh_token_presented_again_ends_the_whole_session(
    people: People, anonymous: GraphQLClient
) -> None:
    await people.add("ada")
    first = await _sign_in(anonymous)
    second = (await anonymous.data(REFRESH, {"token": first["refreshToken"]}))["refreshToken"]
    error = await anonymous.error(REFRESH, {"token": first["refreshToken"]})
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "already used" in error["message"]
    assert (await anonymous.error(REFRESH, {"token": second["refreshToken"]}))["extensions"]["code"] == "UNAUTHENTICATED"
    signed_in = GraphQLClient(anonymous.http, token=second["accessToken"])
    assert (await signed_in.error(MEMBERS))["extensions"]["code"] == "UNAUTHENTICATED"


async def test_sign_out_makes_the_access_token_unauthenticated(people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    tokens = await _sign_in(anonymous)
    signed_in = GraphQLClient(anonymous.http, token=tokens["accessToken"])
    assert (await signed_in.data(SIGN_OUT))["signOut"] is True
    error = await signed_in.error(MEMBERS)
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "ended" in error["message"]


async def test_sign_out_makes_the_refresh_token_unusable(people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    tokens = await _sign_in(anonymous)
    await GraphQLClient(anonymous.http, token=tokens["accessToken"]).data(SIGN_OUT)
    error = await anonymous.error(REFRESH, {"token": tokens["refreshToken"]})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_sign_out_leaves_other_sessions_signed_in(people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    phone, laptop = await _sign_in(anonymous), await _sign_in(anonymous)
    await GraphQLClient(anonymous.http, token=phone["accessToken"]).data(SIGN_OUT)
    assert (await GraphQLClient(anonymous.http, token=laptop["accessToken"]).data(MEMBERS))["members"]["totalCount"] == 1


async def test_an_expired_access_token_is_refused_saying_it_expired(people: People, anonymous: GraphQLClient) -> None:
    member_id = await people.add("ada")
    tokens = await _sign_in(anonymous)
    session_id = tokens["refreshToken"].split(".")[1]
    past = datetime.now(timezone.utc) - timedelta(minutes=30)
    claims = {"sub": member_id, "role": "member", "sid": session_id, "aud": "kindred-graph-api",
              "iat": past, "exp": past + timedelta(minutes=15)}
    expired = GraphQLClient(anonymous.http, token=jwt.encode(claims, TEST_SECRET, algorithm="HS256"))
    error = await expired.error(MEMBERS)
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "expired" in error["message"]


async def test_an_access_token_signed_with_another_key_is_refused(people: People, anonymous: GraphQLClient) -> None:
    member_id = await people.add("ada")
    now = datetime.now(timezone.utc)
    claims = {"sub": member_id, "role": "organiser", "sid": "session-x", "aud": "kindred-graph-api",
              "iat": now, "exp": now + timedelta(minutes=15)}
    forged = GraphQLClient(anonymous.http, token=jwt.encode(claims, "another-secret-that-is-long-enough", algorithm="HS256"))
    error = await forged.error(MEMBERS)
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "not valid" in error["message"]


# The web app's refresh cookie ------------------------------------------------------------------

COOKIE_REFRESH = "mutation { refreshToken { accessToken refreshToken member { handle } } }"


async def test_a_refresh_without_a_token_uses_the_cookie_sign_in_set(people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    await _sign_in(anonymous)
    refreshed = (await anonymous.data(COOKIE_REFRESH))["refreshToken"]
    assert refreshed["member"]["handle"] == "ada" and refreshed["refreshToken"] is None
    assert (await anonymous.data(COOKIE_REFRESH))["refreshToken"]["accessToken"], "the cookie was rotated too"


async def test_a_refresh_without_a_token_or_cookie_is_unauthenticated(anonymous: GraphQLClient) -> None:
    error = await anonymous.error(COOKIE_REFRESH)
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "sign in" in error["message"]


async def test_sign_out_clears_the_refresh_cookie(people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    tokens = await _sign_in(anonymous)
    response = await anonymous.http.post(
        "/graphql", json={"query": SIGN_OUT}, headers={"authorization": f"Bearer {tokens['accessToken']}"}
    )
    assert 'kindred_refresh=""' in response.headers["set-cookie"] and "Max-Age=0" in response.headers["set-cookie"]
    assert (await anonymous.error(COOKIE_REFRESH))["extensions"]["code"] == "UNAUTHENTICATED"


# Changing and resetting a password -------------------------------------------------------------

CHANGE = "mutation($current: String!, $new: String!) { changePassword(currentPassword: $current, newPassword: $new) }"
RESET_LINK = "mutation($id: ID!) { createPasswordResetLink(memberId: $id) { link token expiresAt member { handle } } }"
RESET = """mutation($token: String!, $password: String!) {
  resetPassword(token: $token, newPassword: $password) { accessToken member { handle } } }"""
NEW_PASSWORD = "a completely new password"


async def test_change_password_takes_the_new_one_and_ends_the_other_sessions(
    people: People, anonymous: GraphQLClient
) -> None:
    await people.add("ada")
    laptop, phone = await _sign_in(anonymous), await _sign_in(anonymous)
    signed_in = GraphQLClient(anonymous.http, token=laptop["accessToken"])
    assert (await signed_in.data(CHANGE, {"current": PASSWORD, "new": NEW_PASSWORD}))["changePassword"] == 1
    assert (await signed_in.data(MEMBERS))["members"]["totalCount"] == 1, "this session goes on"
    other = await GraphQLClient(anonymous.http, token=phone["accessToken"]).error(MEMBERS)
    assert other["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await anonymous.error(SIGN_IN, {"handle": "ada", "password": PASSWORD}))["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await anonymous.data(SIGN_IN, {"handle": "ada", "password": NEW_PASSWORD}))["signIn"]["accessToken"]


async def test_change_password_with_a_wrong_current_password_is_refused(member: GraphQLClient) -> None:
    error = await member.error(CHANGE, {"current": "not my password", "new": NEW_PASSWORD})
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "currentPassword"


async def test_change_password_applies_the_password_rules(member: GraphQLClient) -> None:
    for new, field in (("short", "newPassword"), ("x" * 201, "newPassword"), (PASSWORD, "newPassword")):
        error = await member.error(CHANGE, {"current": PASSWORD, "new": new})
        assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == field
    error = await member.error(CHANGE, {"current": "x" * 5000, "new": NEW_PASSWORD})
    assert error["extensions"]["field"] == "currentPassword"


async def test_change_password_needs_a_session(anonymous: GraphQLClient) -> None:
    error = await anonymous.error(CHANGE, {"current": PASSWORD, "new": NEW_PASSWORD})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_reset_link_sets_a_new_password_and_ends_every_session(
    organiser: GraphQLClient, people: People, anonymous: GraphQLClient
) -> None:
    await people.add("ada")
    old = await _sign_in(anonymous)
    issued = (await organiser.data(RESET_LINK, {"id": people.ids["ada"]}))["createPasswordResetLink"]
    assert issued["member"]["handle"] == "ada" and issued["token"].startswith("kp.")
    assert issued["link"].startswith("http://127.0.0.1:8000/#/reset-password?token=kp.")
    reset = (await anonymous.data(RESET, {"token": issued["token"], "password": NEW_PASSWORD}))["resetPassword"]
    assert reset["member"]["handle"] == "ada"
    assert (await GraphQLClient(anonymous.http, token=reset["accessToken"]).data(MEMBERS))["members"]["totalCount"] == 2
    ended = await GraphQLClient(anonymous.http, token=old["accessToken"]).error(MEMBERS)
    assert ended["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await anonymous.data(SIGN_IN, {"handle": "ada", "password": NEW_PASSWORD}))["signIn"]["accessToken"]


async def test_a_new_reset_link_replaces_the_earlier_one(organiser: GraphQLClient, people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    first = (await organiser.data(RESET_LINK, {"id": people.ids["ada"]}))["createPasswordResetLink"]["token"]
    await organiser.data(RESET_LINK, {"id": people.ids["ada"]})
    error = await anonymous.error(RESET, {"token": first, "password": NEW_PASSWORD})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_reset_link_for_an_unknown_member_is_not_found(organiser: GraphQLClient) -> None:
    error = await organiser.error(RESET_LINK, {"id": "member-nobody"})
    assert error["extensions"]["code"] == "NOT_FOUND" and error["extensions"]["field"] == "memberId"


async def test_reset_password_applies_the_password_rules(organiser: GraphQLClient, people: People, anonymous: GraphQLClient) -> None:
    await people.add("ada")
    token = (await organiser.data(RESET_LINK, {"id": people.ids["ada"]}))["createPasswordResetLink"]["token"]
    error = await anonymous.error(RESET, {"token": token, "password": "short"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "newPassword"
    assert (await anonymous.data(RESET, {"token": token, "password": NEW_PASSWORD}))["resetPassword"]["accessToken"]
