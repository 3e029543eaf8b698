"""Who a verified identity signs in (accounts/oidc/accounts.py over the store, on both engines):
accounts are keyed on (issuer, subject), never on the e-mail address; a newcomer joins when the
domain is allowed, or confirms and takes up the invitation sent to their address; groups map to teams."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from graph_api.accounts import credentials
from graph_api.accounts.oidc.accounts import InvitedNewcomer, ProviderAccounts
from graph_api.accounts.oidc.refusals import SignInRefused
from graph_api.accounts.service import AccountService
from graph_api.domain import rules
from graph_api.domain.identity_providers import IdentityProvider
from graph_api.errors import UnauthenticatedError
from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository
from tests.conftest import JWT_SECRET

ISSUER = "https://login.example.org"
PROVIDER = IdentityProvider(
    id="idp-test", name="Example", issuer=ISSUER, client_id="kindred", allowed_domains=("example.org",),
    teams_claim="groups", password_sign_in=True, created_at="2026-12-07T00:00:00Z",
)


def claims(sub: str = "00u1", email: str = "grace@example.org", **more: Any) -> dict[str, Any]:
    return {"sub": sub, "email": email, "email_verified": True, "name": "Grace Hopper", **more}


async def refused(repository: GraphRepository, given: dict[str, Any]) -> str:
    with pytest.raises(SignInRefused) as refusal:
        await ProviderAccounts(repository).member_for(PROVIDER, ISSUER, given)
    return refusal.value.code


async def test_a_first_sign_in_creates_the_member_and_the_next_finds_them_by_subject(repository: GraphRepository) -> None:
    accounts = ProviderAccounts(repository)
    first = await accounts.member_for(PROVIDER, ISSUER, claims())
    member = await repository.member(first)
    assert member is not None and (member.handle, member.name, member.email) == ("grace", "Grace Hopper", "grace@example.org")
    # A changed address (even to another domain) still signs in the same account: the subject is the key.
    assert await accounts.member_for(PROVIDER, ISSUER, claims(email="grace.hopper@elsewhere.test")) == first


async def test_the_same_subject_at_another_issuer_is_another_account(repository: GraphRepository) -> None:
    accounts = ProviderAccounts(repository)
    first = await accounts.member_for(PROVIDER, ISSUER, claims())
    other = replace(PROVIDER, id="idp-other", issuer="https://other.example.org")
    second = await accounts.member_for(other, other.issuer, claims(email="grace.h@example.org"))
    assert second != first


async def test_an_address_a_member_already_has_is_not_taken_over(repository: GraphRepository) -> None:
    await repository.create_member(handle="grace", name="Grace Hopper", email="Grace@example.org")
    assert await refused(repository, claims(sub="someone-else")) == "ACCOUNT_EXISTS"


async def test_an_unknown_domain_is_refused_and_writes_nothing(repository: GraphRepository) -> None:
    assert await refused(repository, claims(email="eve@elsewhere.test")) == "DOMAIN_NOT_ALLOWED"
    rows = await repository.driver.read("MATCH (n) WHERE n:Member OR n:ExternalIdentity RETURN count(n) AS n")
    assert rows[0]["n"] == 0


async def test_an_invited_newcomer_confirms_and_takes_up_the_invitation(repository: GraphRepository) -> None:
    olga = await repository.create_member(handle="olga", name="Olga Organiser")
    accounts = AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET))
    await accounts.invite(olga.id, name="Grace H.", email="grace@example.org", handle="admiral", role="organiser")
    with pytest.raises(InvitedNewcomer) as invited:
        await ProviderAccounts(repository).member_for(PROVIDER, ISSUER, claims())
    store, secret = repository.identity_providers, credentials.new_secret()
    assert await store.create_join_grant(
        invited.value.identity, grant_id="grant-join", invite_id=invited.value.invite_id,
        token_hash=credentials.hash_secret(secret), now=rules.utc_now(), expires_at="2999-01-01T00:00:00Z",
    )
    code = f"kg.grant-join.{secret}"
    assert await store.join_grant_invitation(grant_id="grant-join", token_hash=credentials.hash_secret(secret), now=rules.utc_now()) == ("Grace H.", "admiral")
    assert await repository.member_by_handle("admiral") is None  # nothing is written before they confirm
    pair = await accounts.sign_in_with_provider(code)
    member = await repository.member(pair.member_id)
    assert member is not None and (member.handle, member.name, member.role) == ("admiral", "Grace H.", "organiser")
    assert await accounts.invitations(include_expired=True) == []
    assert await ProviderAccounts(repository).member_for(PROVIDER, ISSUER, claims()) == pair.member_id
    with pytest.raises(UnauthenticatedError):
        await accounts.sign_in_with_provider(code)


async def test_a_taken_handle_gets_a_number(repository: GraphRepository) -> None:
    await repository.create_member(handle="grace", name="Another Grace")
    joined = await ProviderAccounts(repository).member_for(PROVIDER, ISSUER, claims())
    member = await repository.member(joined)
    assert member is not None and member.handle == "grace-2"


async def test_the_first_group_named_like_a_team_places_the_member_at_every_sign_in(repository: GraphRepository) -> None:
    design = await repository.create_team("Design")
    ops = await repository.create_team("Ops")
    accounts = ProviderAccounts(repository)
    joined = await accounts.member_for(PROVIDER, ISSUER, claims(groups=["Everyone", "design", "Ops"]))
    assert (await repository.member_team(joined)).id == design.id  # type: ignore[union-attr]
    await accounts.member_for(PROVIDER, ISSUER, claims(groups=["OPS"]))
    assert (await repository.member_team(joined)).id == ops.id  # type: ignore[union-attr]


async def test_a_deleted_member_takes_their_identity_along(repository: GraphRepository) -> None:
    accounts = ProviderAccounts(repository)
    first = await accounts.member_for(PROVIDER, ISSUER, claims())
    await repository.delete_member_and_sessions(first)
    rows = await repository.driver.read("MATCH (i:ExternalIdentity) RETURN count(i) AS n")
    assert rows[0]["n"] == 0
    again = await accounts.member_for(PROVIDER, ISSUER, claims())  # a later first sign-in starts afresh
    assert again != first


async def test_a_member_deleting_their_account_takes_their_identity_along(repository: GraphRepository) -> None:
    joined = await ProviderAccounts(repository).member_for(PROVIDER, ISSUER, claims())
    await AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET)).delete_account(joined, "grace")
    rows = await repository.driver.read("MATCH (i:ExternalIdentity) RETURN count(i) AS n")
    assert rows[0]["n"] == 0
