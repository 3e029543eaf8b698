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


async def test_refresh_gives_new_tokens_and_refuses_the_old_refresh_token(
    people: People, anonymous: GraphQLClient
) -> None:
    await people.add("ada")
    first = await _sign_in(anonymous)
    second = (await anonymous.data(REFRESH, {"token": first["refreshToken"]}))["refreshToken"]
    assert second["refreshToken"] != first["refreshToken"] and second["member"]["handle"] == "ada"
    error = await anonymous.error(REFRESH, {"token": first["refreshToken"]})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await anonymous.data(REFRESH, {"token": second["refreshToken"]}))["refreshToken"]["accessToken"]


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
