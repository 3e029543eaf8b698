"""From a verified identity to a member: accounts are keyed on (issuer, subject), never on the
e-mail address. A newcomer whose address's domain the provider allows joins just in time, or,
invited to that address, confirms on the sign-in page and takes up the invitation; the teams claim, when configured, puts the
member in the first team named in it, at every sign-in."""

from __future__ import annotations

import re
import secrets
from typing import Any, Final

from graph_api.accounts.oidc.refusals import SignInRefused
from graph_api.domain import rules
from graph_api.domain.identity_providers import IdentityProvider
from graph_api.errors import BadInputError
from graph_api.store.ids import new_id
from graph_api.store.identity_providers import NewIdentity
from graph_api.store.repository import GraphRepository

#: Claims a provider may list at most in the teams claim that are looked at.
GROUPS_MAX: Final = 200
GROUP_NAME_MAX: Final = 200
_NOT_HANDLE: Final = re.compile(r"[^a-z0-9._-]+")


def email_of(claims: dict[str, Any]) -> str:
    email = claims.get("email")
    if not isinstance(email, str) or not email:
        raise SignInRefused("EMAIL_MISSING")
    if claims.get("email_verified") is False or claims.get("email_verified") == "false":
        raise SignInRefused("EMAIL_UNVERIFIED")
    try:
        return rules.check_email(email)
    except BadInputError:
        raise SignInRefused("EMAIL_MISSING", "not an e-mail address") from None


def name_of(claims: dict[str, Any], email: str) -> str:
    parts = [claims.get("name")] + [" ".join(str(claims.get(k) or "") for k in ("given_name", "family_name"))]
    for value in parts:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[: rules.NAME_MAX]
    return email.split("@", 1)[0][: rules.NAME_MAX]


def handles_for(claims: dict[str, Any], email: str) -> list[str]:
    """Handles to try, best first: the preferred username's or the address's local part, made
    to fit the handle rules, then the same with a number, then with a random tail."""
    wanted = claims.get("preferred_username")
    source = wanted if isinstance(wanted, str) and wanted.strip() else email
    base = _NOT_HANDLE.sub("-", source.split("@", 1)[0].lower()).strip("-._")[:34] or "member"
    if len(base) < 3:
        base = f"{base}-member"
    return [base, *(f"{base}-{n}" for n in range(2, 6)), f"{base}-{secrets.token_hex(3)}"]


def groups_of(claims: dict[str, Any], claim: str | None) -> list[str]:
    if not claim:
        return []
    value = claims.get(claim)
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [v.strip().lower() for v in values[:GROUPS_MAX] if isinstance(v, str) and 0 < len(v) <= GROUP_NAME_MAX]


class InvitedNewcomer(Exception):
    """The newcomer was invited: they confirm on the sign-in page before the invitation becomes their account."""

    def __init__(self, identity: NewIdentity, invite_id: str) -> None:
        super().__init__(invite_id)
        self.identity, self.invite_id = identity, invite_id


class ProviderAccounts:
    def __init__(self, repository: GraphRepository) -> None:
        self.repository = repository
        self.store = repository.identity_providers

    async def member_for(self, provider: IdentityProvider, issuer: str, claims: dict[str, Any]) -> str:
        """The member this identity signs in, created just in time when allowed; InvitedNewcomer
        when an invitation to their address waits for them; SignInRefused otherwise."""
        identity = NewIdentity(provider.id, issuer, str(claims["sub"]))
        now = rules.utc_now()
        member_id = await self.store.member_of(identity, now=now)
        if member_id is None:
            member_id = await self._join(provider, identity, claims, now)
        await self._place_in_team(member_id, groups_of(claims, provider.teams_claim))
        return member_id

    async def _join(self, provider: IdentityProvider, identity: NewIdentity, claims: dict[str, Any], now: str) -> str:
        email = email_of(claims)
        if not provider.allows(email):
            raise SignInRefused("DOMAIN_NOT_ALLOWED", email.rsplit("@", 1)[-1][:100])
        holders = await self.store.email_holders(email=email, now=now)
        if holders.members:
            raise SignInRefused("ACCOUNT_EXISTS")
        if holders.invite_id is not None:
            raise InvitedNewcomer(identity, holders.invite_id)
        name = name_of(claims, email)
        for handle in handles_for(claims, email):
            created = await self.store.create_member(
                identity, member_id=new_id("member"), handle=handle, name=name, email=email, now=now
            )
            if created is not None:
                return created
            raced = await self.store.member_of(identity, now=now)  # the same person, in another tab
            if raced is not None:
                return raced
        raise SignInRefused("NO_HANDLE")

    async def _place_in_team(self, member_id: str, groups: list[str]) -> None:
        if not groups:
            return
        teams = await self.store.teams_named(groups)
        for group in groups:
            if group in teams:
                await self.repository.assign_team(member_id, teams[group])
                return
