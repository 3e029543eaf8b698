"""The two addresses of a sign-in through a provider refuse what is wrong with a redirect to the
sign-in page and a refusal code (said there in words), never an error page: an unknown provider,
a provider that does not answer, a callback without the flow's cookie or with a forged one."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import jwt

from graph_api.store.repository import GraphRepository
from tests.api.conftest import GraphQLClient
from graph_api.accounts.oidc import sealing
from graph_api.settings import Settings
from tests.conftest import JWT_SECRET

SEALED = Settings(KINDRED_JWT_SECRET=JWT_SECRET)

CREATE = "mutation($input: CreateIdentityProviderInput!) { createIdentityProvider(input: $input) { id } }"


def refusal(answer: httpx.Response) -> str | None:
    assert answer.status_code == 303, answer.text
    assert answer.headers["cache-control"] == "no-store"
    location = answer.headers["location"]
    assert "/#/sign-in?" in location
    return parse_qs(location.split("?", 1)[1]).get("refused", [None])[0]


async def test_an_unknown_provider_is_refused(http: httpx.AsyncClient) -> None:
    assert refusal(await http.get("/oidc/idp-nobody/start")) == "UNKNOWN_PROVIDER"
    assert refusal(await http.get("/oidc/" + "x" * 200 + "/start")) == "UNKNOWN_PROVIDER"


async def test_a_provider_that_does_not_answer_is_refused_without_a_cookie(organiser: GraphQLClient, http: httpx.AsyncClient) -> None:
    given = {"name": "Gone", "issuer": "https://gone.invalid", "clientId": "c", "clientSecret": "s", "allowedDomains": ["example.org"]}
    provider = (await organiser.data(CREATE, {"input": given}))["createIdentityProvider"]["id"]
    answer = await http.get(f"/oidc/{provider}/start")
    assert refusal(answer) == "PROVIDER_UNREACHABLE"
    assert "kindred_oidc=" not in answer.headers.get("set-cookie", "").replace('kindred_oidc=""', "")


async def test_a_callback_without_the_flows_cookie_is_refused(http: httpx.AsyncClient) -> None:
    assert refusal(await http.get("/oidc/callback", params={"code": "abc", "state": "xyz"})) == "SIGN_IN_EXPIRED"


async def test_a_callback_with_a_forged_or_expired_flow_is_refused(http: httpx.AsyncClient) -> None:
    forged = jwt.encode({"p": "idp-x", "s": {}, "aud": "kindred-oidc-flow", "exp": 4102444800}, "another-secret-of-enough-length-xx", algorithm="HS256")
    expired = jwt.encode({"p": "idp-x", "s": {}, "aud": "kindred-oidc-flow", "exp": 1}, JWT_SECRET, algorithm="HS256")
    for cookie in (sealing.seal(SEALED, forged), sealing.seal(SEALED, expired), forged, "not a token", "x" * 9000):
        http.cookies.set("kindred_oidc", cookie, path="/oidc")
        assert refusal(await http.get("/oidc/callback", params={"code": "abc", "state": "xyz"})) == "SIGN_IN_EXPIRED"
        http.cookies.clear()


async def test_a_callback_that_names_another_issuer_is_refused_before_any_exchange(
    organiser: GraphQLClient, http: httpx.AsyncClient
) -> None:
    given = {"name": "Okta", "issuer": "https://example.okta.com", "clientId": "c", "clientSecret": "s", "allowedDomains": ["example.org"]}
    provider = (await organiser.data(CREATE, {"input": given}))["createIdentityProvider"]["id"]
    signed = jwt.encode({"p": provider, "s": {}, "aud": "kindred-oidc-flow", "exp": 4102444800}, JWT_SECRET, algorithm="HS256")
    flow = sealing.seal(SEALED, signed)
    http.cookies.set("kindred_oidc", flow, path="/oidc")
    answer = await http.get("/oidc/callback", params={"code": "abc", "state": "xyz", "iss": "https://evil.example.org"})
    assert refusal(answer) == "ID_TOKEN_INVALID"
    http.cookies.set("kindred_oidc", flow, path="/oidc")
    refused = await http.get("/oidc/callback", params={"error": "access_denied", "state": "xyz"})
    assert refusal(refused) == "PROVIDER_REFUSED"


async def test_an_oversized_callback_is_refused(http: httpx.AsyncClient) -> None:
    assert refusal(await http.get("/oidc/callback", params={"code": "c" * 5000})) == "PROVIDER_REFUSED"


async def test_refusals_write_nothing(http: httpx.AsyncClient, repository: GraphRepository) -> None:
    await http.get("/oidc/callback", params={"code": "abc", "state": "xyz"})
    rows = await repository.driver.read("MATCH (n) WHERE n:SignInGrant OR n:ExternalIdentity OR n:Member RETURN count(n) AS n")
    assert rows[0]["n"] == 0
