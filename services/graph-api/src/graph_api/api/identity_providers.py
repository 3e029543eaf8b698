"""Sign-in with identity providers (OpenID Connect): organisers configure providers (the client
secret is stored sealed and never returned); anyone sees the sign-in buttons; the web app trades
the one-time code a provider sign-in ends with for the usual tokens (accounts/oidc)."""

from __future__ import annotations

import strawberry

from graph_api.accounts.credentials import hash_secret, split_token
from graph_api.accounts.oidc import sealing
from graph_api.accounts.service import GRANT_PREFIX, TOKEN_INPUT_MAX
from graph_api.accounts.oidc.routes import redirect_uri
from graph_api.api.accounts import AuthPayload
from graph_api.api.context import Info
from graph_api.api.permissions import ORGANISER
from graph_api.domain import identity_providers as domain
from graph_api.domain import rules
from graph_api.errors import BadInputError


@strawberry.type(description="An identity provider people sign in with (its client secret is never shown).")
class IdentityProvider:
    id: strawberry.ID
    name: str = strawberry.field(description='What its button says: "Sign in with <name>".')
    issuer: str
    client_id: str
    allowed_domains: list[str] = strawberry.field(description="E-mail domains whose people may join on their first sign-in.")
    teams_claim: str | None = strawberry.field(description="The claim (such as groups) whose first value naming a team puts the member in it.")
    password_sign_in: bool = strawberry.field(description="Whether members may still sign in with a password (organisers always may).")
    created_at: str
    updated_at: str | None

    @classmethod
    def from_model(cls, provider: domain.IdentityProvider) -> IdentityProvider:
        return cls(
            id=strawberry.ID(provider.id), name=provider.name, issuer=provider.issuer, client_id=provider.client_id,
            allowed_domains=list(provider.allowed_domains), teams_claim=provider.teams_claim,
            password_sign_in=provider.password_sign_in, created_at=provider.created_at, updated_at=provider.updated_at,
        )


@strawberry.type(description="Whom an invited newcomer joins as, once they confirm.")
class ProviderInvitation:
    name: str
    handle: str


@strawberry.type(description="A button on the sign-in page.")
class SignInProvider:
    id: strawberry.ID
    name: str
    start_url: str = strawberry.field(description="Where the button goes: the sign-in starts at the provider from there.")


@strawberry.type(description="How people sign in here.")
class SignInOptions:
    providers: list[SignInProvider]
    password_sign_in: bool = strawberry.field(description="False: only organisers sign in with a password (break-glass).")


@strawberry.type(description="What to register at the provider, and the providers configured.")
class IdentityProviderSettings:
    redirect_uri: str = strawberry.field(description="The redirect (callback) URI to register at every provider.")
    providers: list[IdentityProvider]


@strawberry.input(description="A new identity provider.")
class CreateIdentityProviderInput:
    name: str = strawberry.field(description=f"Its button's name, at most {domain.NAME_MAX} characters.")
    issuer: str = strawberry.field(description=f"The issuer's https:// address, at most {domain.ISSUER_MAX} characters.")
    client_id: str = strawberry.field(description=f"At most {domain.CLIENT_ID_MAX} characters.")
    client_secret: str = strawberry.field(description=f"At most {domain.CLIENT_SECRET_MAX} characters; stored sealed, never shown again.")
    allowed_domains: list[str] = strawberry.field(description=f"At most {domain.DOMAINS_MAX} e-mail domains, such as example.org.")
    teams_claim: str | None = None
    password_sign_in: bool = True


@strawberry.input(description="Changes to a provider; fields left out stay as they are (an empty teamsClaim removes it).")
class UpdateIdentityProviderInput:
    name: str | None = None
    issuer: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    allowed_domains: list[str] | None = None
    teams_claim: str | None = None
    password_sign_in: bool | None = None


def _issuer(info: Info, issuer: str) -> str:
    return domain.check_issuer(issuer, allow_http_loopback=info.context.settings.oidc_allow_http_loopback)


def _seal(info: Info, secret: str) -> str:
    return sealing.seal(info.context.settings, domain.check_client_secret(secret))


@strawberry.type
class IdentityProviderQueries:
    @strawberry.field(description="The redirect URI and the identity providers (organisers only).", permission_classes=ORGANISER)
    async def identity_provider_settings(self, info: Info) -> IdentityProviderSettings:
        providers = await info.context.repository.identity_providers.providers()
        return IdentityProviderSettings(
            redirect_uri=redirect_uri(info.context.settings), providers=[IdentityProvider.from_model(p) for p in providers]
        )

    @strawberry.field(description="The invitation a join code (from a sign-in through a provider) stands for; null when the "
                      "code is unknown, used or expired (anyone: the code is the credential).")
    async def provider_invitation(self, info: Info, code: str) -> ProviderInvitation | None:
        parts = split_token(code.strip(), GRANT_PREFIX) if len(code) <= TOKEN_INPUT_MAX else None
        if parts is None:
            return None
        found = await info.context.repository.identity_providers.join_grant_invitation(
            grant_id=parts[0], token_hash=hash_secret(parts[1]), now=rules.utc_now()
        )
        return ProviderInvitation(name=found[0], handle=found[1]) if found else None

    @strawberry.field(description="The sign-in page's buttons, and whether password sign-in is open (anyone).")
    async def sign_in_options(self, info: Info) -> SignInOptions:
        providers = await info.context.repository.identity_providers.providers()
        return SignInOptions(
            providers=[SignInProvider(id=strawberry.ID(p.id), name=p.name, start_url=f"/oidc/{p.id}/start") for p in providers],
            password_sign_in=all(p.password_sign_in for p in providers),
        )


@strawberry.type
class IdentityProviderMutations:
    @strawberry.mutation(description=f"Add an identity provider (at most {domain.PROVIDERS_MAX}; organisers only).", permission_classes=ORGANISER)
    async def create_identity_provider(self, info: Info, input: CreateIdentityProviderInput) -> IdentityProvider:
        created = await info.context.repository.identity_providers.create(
            name=domain.check_name(input.name),
            issuer=_issuer(info, input.issuer),
            client_id=domain.check_client_id(input.client_id),
            sealed_secret=_seal(info, input.client_secret),
            allowed_domains=domain.check_domains(input.allowed_domains),
            teams_claim=domain.check_claim(input.teams_claim),
            password_sign_in=input.password_sign_in,
            now=rules.utc_now(),
        )
        return IdentityProvider.from_model(created)

    @strawberry.mutation(description="Change an identity provider (organisers only).", permission_classes=ORGANISER)
    async def update_identity_provider(self, info: Info, id: strawberry.ID, input: UpdateIdentityProviderInput) -> IdentityProvider:
        given = [input.name, input.issuer, input.client_id, input.client_secret, input.allowed_domains, input.teams_claim, input.password_sign_in]
        if all(value is None for value in given):
            raise BadInputError("say what to change", field="input")
        updated = await info.context.repository.identity_providers.update(
            str(rules.check_id(str(id))),
            now=rules.utc_now(),
            name=domain.check_name(input.name) if input.name is not None else None,
            issuer=_issuer(info, input.issuer) if input.issuer is not None else None,
            client_id=domain.check_client_id(input.client_id) if input.client_id is not None else None,
            sealed_secret=_seal(info, input.client_secret) if input.client_secret is not None else None,
            allowed_domains=domain.check_domains(input.allowed_domains) if input.allowed_domains is not None else None,
            teams_claim=domain.check_claim(input.teams_claim) if input.teams_claim is not None else None,
            clear_teams_claim=input.teams_claim is not None and not input.teams_claim.strip(),
            password_sign_in=input.password_sign_in,
        )
        return IdentityProvider.from_model(updated)

    @strawberry.mutation(description="Remove an identity provider; its members keep their accounts (organisers only).", permission_classes=ORGANISER)
    async def remove_identity_provider(self, info: Info, id: strawberry.ID) -> bool:
        await info.context.repository.identity_providers.delete(rules.check_id(str(id)))
        return True

    @strawberry.mutation(description="Trade the one-time code a sign-in through an identity provider ended with for tokens "
                         "(once, within two minutes); a join code makes the invitation it stands for the member first.")
    async def sign_in_with_provider(self, info: Info, code: str) -> AuthPayload:
        pair = await info.context.accounts.sign_in_with_provider(code)
        return AuthPayload.signed_in(info, pair)
