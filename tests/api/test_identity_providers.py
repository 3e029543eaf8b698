"""Organisers configure the identity providers people sign in with (OpenID Connect): who may,
the limits of each field, the client secret stored sealed and never returned, and password
sign-in turned off for everyone but organisers (the break-glass accounts)."""

from __future__ import annotations

from typing import Any

import pytest

from graph_api.domain import identity_providers as limits
from graph_api.store.repository import GraphRepository
from tests.api.conftest import PASSWORD, SIGN_IN, GraphQLClient, People

SECRET = "the-client-secret-0123456789"
FIELDS = "id name issuer clientId allowedDomains teamsClaim passwordSignIn createdAt updatedAt"
CREATE = f"mutation($input: CreateIdentityProviderInput!) {{ createIdentityProvider(input: $input) {{ {FIELDS} }} }}"
UPDATE = f"mutation($id: ID!, $input: UpdateIdentityProviderInput!) {{ updateIdentityProvider(id: $id, input: $input) {{ {FIELDS} }} }}"
REMOVE = "mutation($id: ID!) { removeIdentityProvider(id: $id) }"
SETTINGS = f"{{ identityProviderSettings {{ redirectUri providers {{ {FIELDS} }} }} }}"
OPTIONS = "{ signInOptions { passwordSignIn providers { id name startUrl } } }"
EXCHANGE = "mutation($code: String!) { signInWithProvider(code: $code) { accessToken } }"


def provider_input(**changes: Any) -> dict[str, Any]:
    given = {
        "name": "Example Okta",
        "issuer": "https://example.okta.com/",
        "clientId": "0oa1b2c3d4",
        "clientSecret": SECRET,
        "allowedDomains": ["Example.org", "@staff.example.org"],
        "teamsClaim": "groups",
    }
    return {**given, **changes}


async def create(organiser: GraphQLClient, **changes: Any) -> dict[str, Any]:
    return (await organiser.data(CREATE, {"input": provider_input(**changes)}))["createIdentityProvider"]


async def count_providers(organiser: GraphQLClient) -> int:
    return len((await organiser.data(SETTINGS))["identityProviderSettings"]["providers"])


async def test_an_organiser_adds_a_provider_with_its_domains_and_teams_claim(organiser: GraphQLClient) -> None:
    created = await create(organiser)
    assert created["name"] == "Example Okta"
    assert created["issuer"] == "https://example.okta.com"
    assert created["allowedDomains"] == ["example.org", "staff.example.org"]
    assert created["teamsClaim"] == "groups"
    assert created["passwordSignIn"] is True
    listed = (await organiser.data(SETTINGS))["identityProviderSettings"]
    assert listed["redirectUri"].endswith("/oidc/callback")
    assert [p["id"] for p in listed["providers"]] == [created["id"]]


async def test_the_client_secret_is_never_returned_and_is_stored_sealed(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    created = await create(organiser)
    answers = [
        await organiser.post(SETTINGS),
        await organiser.post(UPDATE, {"id": created["id"], "input": {"clientSecret": SECRET + "-new"}}),
        await anonymous.post(OPTIONS),
    ]
    assert all(SECRET not in str(answer) for answer in answers)
    stored = await repository.identity_providers.provider_with_secret(created["id"])
    assert stored is not None and stored.sealed_secret and SECRET not in stored.sealed_secret
    assert "clientSecret" in str(await organiser.error(f"{{ identityProviderSettings {{ providers {{ clientSecret }} }} }}"))


async def test_members_may_not_see_or_change_providers(organiser: GraphQLClient, member: GraphQLClient) -> None:
    created = await create(organiser)
    for query, variables in [
        (SETTINGS, {}),
        (CREATE, {"input": provider_input()}),
        (UPDATE, {"id": created["id"], "input": {"name": "Mine"}}),
        (REMOVE, {"id": created["id"]}),
    ]:
        assert (await member.error(query, variables))["extensions"]["code"] == "FORBIDDEN"
    assert await count_providers(organiser) == 1


async def test_anyone_sees_the_sign_in_buttons_without_settings(organiser: GraphQLClient, anonymous: GraphQLClient) -> None:
    created = await create(organiser)
    options = (await anonymous.data(OPTIONS))["signInOptions"]
    assert options == {
        "passwordSignIn": True,
        "providers": [{"id": created["id"], "name": "Example Okta", "startUrl": f"/oidc/{created['id']}/start"}],
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "x" * (limits.NAME_MAX + 1)}, "name"),
        ({"name": "  "}, "name"),
        ({"issuer": "http://example.okta.com"}, "issuer"),
        ({"issuer": "https://127.0.0.1:8443"}, "issuer"),
        ({"issuer": "https://10.0.0.7"}, "issuer"),
        ({"issuer": "https://user:pw@example.okta.com"}, "issuer"),
        ({"issuer": "https://example.okta.com/?tenant=1"}, "issuer"),
        ({"issuer": "https://example.org/" + "a" * limits.ISSUER_MAX}, "issuer"),
        ({"clientId": "c" * (limits.CLIENT_ID_MAX + 1)}, "clientId"),
        ({"clientSecret": "s" * (limits.CLIENT_SECRET_MAX + 1)}, "clientSecret"),
        ({"clientSecret": ""}, "clientSecret"),
        ({"allowedDomains": []}, "allowedDomains"),
        ({"allowedDomains": ["not a domain"]}, "allowedDomains"),
        ({"allowedDomains": [f"d{n}.example.org" for n in range(limits.DOMAINS_MAX + 1)]}, "allowedDomains"),
        ({"teamsClaim": "groups; drop"}, "teamsClaim"),
    ],
)
async def test_bad_provider_input_is_refused_and_writes_nothing(organiser: GraphQLClient, changes: dict[str, Any], field: str) -> None:
    error = await organiser.error(CREATE, {"input": provider_input(**changes)})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field
    assert await count_providers(organiser) == 0


async def test_a_community_has_at_most_ten_providers(organiser: GraphQLClient) -> None:
    for n in range(limits.PROVIDERS_MAX):
        await create(organiser, name=f"Provider {n}")
    error = await organiser.error(CREATE, {"input": provider_input(name="One too many")})
    assert error["extensions"]["code"] == "LIMIT_REACHED"
    assert await count_providers(organiser) == limits.PROVIDERS_MAX


async def test_an_update_changes_only_what_it_names_and_an_empty_claim_removes_it(organiser: GraphQLClient) -> None:
    created = await create(organiser)
    updated = (await organiser.data(UPDATE, {"id": created["id"], "input": {"teamsClaim": "", "passwordSignIn": False}}))["updateIdentityProvider"]
    assert updated["teamsClaim"] is None and updated["passwordSignIn"] is False
    assert updated["name"] == created["name"] and updated["allowedDomains"] == created["allowedDomains"]
    nothing = await organiser.error(UPDATE, {"id": created["id"], "input": {}})
    assert nothing["extensions"]["code"] == "BAD_USER_INPUT"


async def test_removing_an_unknown_provider_is_not_found(organiser: GraphQLClient) -> None:
    assert (await organiser.error(REMOVE, {"id": "idp-nobody"}))["extensions"]["code"] == "NOT_FOUND"


async def test_a_provider_can_turn_password_sign_in_off_for_members_but_not_organisers(
    organiser: GraphQLClient, people: People, anonymous: GraphQLClient
) -> None:
    await people.add("ada", name="Ada Lovelace")
    await create(organiser, passwordSignIn=False)
    refused = await anonymous.error(SIGN_IN, {"handle": "ada", "password": PASSWORD})
    assert refused["extensions"]["code"] == "PASSWORD_SIGN_IN_CLOSED"
    assert "organisation" in refused["message"]
    assert (await anonymous.data(SIGN_IN, {"handle": "olga", "password": PASSWORD}))["signIn"]["accessToken"]
    assert (await anonymous.data(OPTIONS))["signInOptions"]["passwordSignIn"] is False


async def test_a_wrong_password_is_refused_as_before_when_password_sign_in_is_off(
    organiser: GraphQLClient, people: People, anonymous: GraphQLClient
) -> None:
    await people.add("ada", name="Ada Lovelace")
    await create(organiser, passwordSignIn=False)
    refused = await anonymous.error(SIGN_IN, {"handle": "ada", "password": "not the password"})
    assert refused["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("code", ["", "kg.grant-nobody.secret", "kr.session.secret", "kg." + "x" * 400])
async def test_a_bad_sign_in_code_is_refused(anonymous: GraphQLClient, code: str) -> None:
    assert (await anonymous.error(EXCHANGE, {"code": code}))["extensions"]["code"] == "UNAUTHENTICATED"
