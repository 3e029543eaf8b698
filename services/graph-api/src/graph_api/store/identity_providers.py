"""Identity providers, the accounts they sign in, and the one-time codes that end a sign-in
(statements in queries/identity_providers.py). A method returning None wrote nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from graph_api.domain.identity_providers import PROVIDERS_MAX, IdentityProvider
from graph_api.errors import LimitReachedError, NotFoundError
from graph_api.store.driver import GraphDriver
from graph_api.store.order_keys import JOINED_ORDER, joined_order, new_member_params
from graph_api.store.queries import identity_providers as q


@dataclass(frozen=True, slots=True)
class EmailHolders:
    members: int
    invite_id: str | None


@dataclass(frozen=True, slots=True)
class NewIdentity:
    """Who the provider says signed in: (issuer, subject) is the account's key."""

    provider_id: str
    issuer: str
    subject: str

    @property
    def key(self) -> str:
        return f"{self.issuer} {self.subject}"

    def params(self) -> dict[str, str]:
        return {"key": self.key, "issuer": self.issuer, "subject": self.subject, "providerId": self.provider_id}


def _not_found(provider_id: str) -> NotFoundError:
    return NotFoundError(f"no identity provider has the id {provider_id!r}", field="id")


class IdentityProviderStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    # Providers ----------------------------------------------------------------------------------

    async def create(
        self, *, name: str, issuer: str, client_id: str, sealed_secret: str, allowed_domains: list[str],
        teams_claim: str | None, password_sign_in: bool, now: str, limit: int = PROVIDERS_MAX,
    ) -> IdentityProvider:
        params = {
            "id": f"idp-{uuid.uuid4().hex[:16]}", "name": name, "issuer": issuer, "clientId": client_id,
            "secret": sealed_secret, "allowedDomains": allowed_domains, "teamsClaim": teams_claim,
            "passwordSignIn": password_sign_in, "now": now, "max": limit,
        }
        rows = await self._driver.write(q.CREATE_PROVIDER, params)
        if not rows:
            raise LimitReachedError(f"a community can have at most {limit} identity providers: remove one first", field="input")
        return IdentityProvider.from_record(rows[0]["node"])

    async def providers(self) -> list[IdentityProvider]:
        return [IdentityProvider.from_record(row["node"]) for row in await self._driver.read(q.PROVIDERS)]

    async def provider_with_secret(self, provider_id: str) -> IdentityProvider | None:
        rows = await self._driver.read(q.PROVIDER_WITH_SECRET, {"id": provider_id})
        return IdentityProvider.from_record(rows[0]["node"]) if rows else None

    async def update(
        self, provider_id: str, *, now: str, name: str | None = None, issuer: str | None = None,
        client_id: str | None = None, sealed_secret: str | None = None, allowed_domains: list[str] | None = None,
        teams_claim: str | None = None, clear_teams_claim: bool = False, password_sign_in: bool | None = None,
    ) -> IdentityProvider:
        params = {
            "id": provider_id, "now": now, "name": name, "issuer": issuer, "clientId": client_id,
            "secret": sealed_secret, "allowedDomains": allowed_domains, "teamsClaim": teams_claim,
            "clearTeamsClaim": clear_teams_claim, "passwordSignIn": password_sign_in,
        }
        rows = await self._driver.write(q.UPDATE_PROVIDER, params)
        if not rows:
            raise _not_found(provider_id)
        return IdentityProvider.from_record(rows[0]["node"])

    async def delete(self, provider_id: str) -> None:
        """The provider; the identities it signed in stay (their members keep their accounts)."""
        if not await self._driver.write(q.DELETE_PROVIDER, {"id": provider_id}):
            raise _not_found(provider_id)

    async def password_sign_in_closed(self) -> bool:
        rows = await self._driver.read(q.PASSWORD_SIGN_IN_CLOSED)
        return bool(rows and int(rows[0]["closed"] or 0) > 0)

    # Accounts -----------------------------------------------------------------------------------

    async def member_of(self, identity: NewIdentity, *, now: str) -> str | None:
        rows = await self._driver.write(q.IDENTITY_MEMBER, {"key": identity.key, "now": now})
        return rows[0]["id"] if rows else None

    async def create_member(
        self, identity: NewIdentity, *, member_id: str, handle: str, name: str, email: str, now: str
    ) -> str | None:
        params = {
            **identity.params(),
            **new_member_params(member_id=member_id, handle=handle, name=name, email=email, now=now),
        }
        rows = await self._driver.write(q.CREATE_MEMBER_WITH_IDENTITY, params)
        return rows[0]["id"] if rows else None

    async def email_holders(self, *, email: str, now: str) -> EmailHolders:
        rows = await self._driver.read(q.EMAIL_HOLDERS, {"email": email.lower(), "now": now})
        if not rows:
            return EmailHolders(0, None)
        return EmailHolders(int(rows[0]["members"] or 0), rows[0]["inviteId"])

    async def teams_named(self, names: list[str]) -> dict[str, str]:
        """Lower-case team name -> team id, for the teams among `names` (lower case)."""
        rows = await self._driver.read(q.TEAMS_NAMED, {"names": names})
        return {row["name"]: row["id"] for row in rows}

    # One-time codes -----------------------------------------------------------------------------

    async def create_grant(self, *, grant_id: str, member_id: str, token_hash: str, now: str, expires_at: str) -> bool:
        await self._driver.write(q.PRUNE_GRANTS, {"now": now})
        params = {"id": grant_id, "memberId": member_id, "tokenHash": token_hash, "now": now, "expiresAt": expires_at}
        return bool(await self._driver.write(q.CREATE_GRANT, params))

    async def create_join_grant(
        self, identity: NewIdentity, *, grant_id: str, invite_id: str, token_hash: str, now: str, expires_at: str
    ) -> bool:
        await self._driver.write(q.PRUNE_GRANTS, {"now": now})
        params = {**identity.params(), "id": grant_id, "inviteId": invite_id, "tokenHash": token_hash, "now": now,
                  "expiresAt": expires_at}
        return bool(await self._driver.write(q.CREATE_JOIN_GRANT, params))

    async def join_grant_invitation(self, *, grant_id: str, token_hash: str, now: str) -> tuple[str, str] | None:
        """(name, handle) of the invitation a join code stands for."""
        rows = await self._driver.read(q.JOIN_GRANT_INVITATION, {"id": grant_id, "tokenHash": token_hash, "now": now})
        return (rows[0]["name"], rows[0]["handle"]) if rows else None

    async def join_with_grant(self, *, grant_id: str, token_hash: str, member_id: str, now: str) -> str | None:
        params = {"id": grant_id, "tokenHash": token_hash, "memberId": member_id, "now": now, JOINED_ORDER: joined_order(now)}
        rows = await self._driver.write(q.JOIN_WITH_GRANT, params)
        return rows[0]["id"] if rows else None

    async def consume_grant(self, *, grant_id: str, token_hash: str, now: str) -> str | None:
        rows = await self._driver.write(q.CONSUME_GRANT, {"id": grant_id, "tokenHash": token_hash, "now": now})
        return rows[0]["memberId"] if rows else None
