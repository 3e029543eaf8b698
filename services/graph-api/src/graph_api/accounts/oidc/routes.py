"""The two addresses of a sign-in through a provider, with Authlib's Starlette client:

- GET /oidc/<provider id>/start: to the provider's authorization endpoint (code flow, PKCE S256,
  a nonce and a state), remembering the flow in a signed, HttpOnly cookie limited to /oidc;
- GET /oidc/callback (the redirect URI organisers register at the provider): the code is traded
  for tokens with the verifier, the ID token verified against the provider's JWKS (issuer,
  audience, nonce, expiry), userinfo read when claims are missing, and the member found or
  created. The browser is sent to the sign-in page with a one-time code (never a Kindred token),
  which the web app trades through GraphQL (`signInWithProvider`) for the usual tokens; a newcomer
  invited to their address comes back with a join code instead (`providerInvitation` says what it
  stands for, `signInWithProvider` takes it once they confirm); a refusal sends it there with a
  refusal code the page says in plain words.

Authlib keeps its flow in `request.session`; Kindred has no server-side sessions, so the flow's
few values (state, nonce, PKCE verifier) travel in the cookie: a JWT signed with the server's
secret, ten minutes long, sealed (encrypted) so the browser cannot read the verifier either.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any, Final
from urllib.parse import quote

import jwt
from authlib.integrations.starlette_client import OAuthError, StarletteIntegration, StarletteOAuth2App
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from graph_api.accounts import credentials as tokens
from graph_api.accounts.oidc import discovery, sealing
from graph_api.accounts.oidc.accounts import InvitedNewcomer, ProviderAccounts
from graph_api.accounts.oidc.refusals import SignInRefused
from graph_api.accounts.oidc.transport import HTTP_ERRORS, AuthlibTransport
from graph_api.domain import rules
from graph_api.domain.identity_providers import IdentityProvider
from graph_api.errors import KindredError
from graph_api.settings import Settings
from graph_api.store.ids import new_id
from graph_api.store.repository import GraphRepository

log = logging.getLogger(__name__)

CALLBACK_PATH: Final = "/oidc/callback"
STATE_COOKIE: Final = "kindred_oidc"
STATE_AUDIENCE: Final = "kindred-oidc-flow"
FLOW_MINUTES: Final = 10
#: The one-time code the callback hands the browser: `kg.<grant>.<secret>`, two minutes long.
GRANT_PREFIX: Final = "kg"
GRANT_SECONDS: Final = 120
#: Clock difference allowed between the provider and Kindred when checking exp and iat.
LEEWAY_SECONDS: Final = 60
_NO_STORE: Final = {"cache-control": "no-store", "pragma": "no-cache", "referrer-policy": "no-referrer"}


def id_token_checks(provider: IdentityProvider) -> dict[str, Any]:
    """What the ID token must say besides its signature (JWKS), nonce and expiry, which Authlib
    checks always: this issuer, and this client among its audience."""
    return {"iss": {"essential": True, "value": provider.issuer}, "aud": {"essential": True, "value": provider.client_id}}


def redirect_uri(settings: Settings) -> str:
    return f"{settings.public_url}{CALLBACK_PATH}"


def _scopes(provider: IdentityProvider) -> str:
    return "openid email profile groups" if provider.teams_claim == "groups" else "openid email profile"


def client_for(settings: Settings, provider: IdentityProvider, secret: str, metadata: dict[str, Any]) -> StarletteOAuth2App:
    app = StarletteOAuth2App(
        StarletteIntegration(provider.id),
        name=provider.id,
        client_id=provider.client_id,
        client_secret=secret,
        client_kwargs={
            "scope": _scopes(provider), "code_challenge_method": "S256", "timeout": settings.oidc_timeout_seconds,
            "follow_redirects": False,
            "transport": AuthlibTransport(allow_loopback=settings.oidc_allow_http_loopback, keep_open=True),
        },
    )
    app.server_metadata = dict(metadata)
    return app


def _to_sign_in(settings: Settings, **query: str) -> RedirectResponse:
    words = "&".join(f"{key}={quote(value, safe='')}" for key, value in query.items())
    answer = RedirectResponse(f"{settings.public_url}/#/sign-in?{words}", status_code=303, headers=_NO_STORE)
    answer.delete_cookie(STATE_COOKIE, path="/oidc")
    return answer


def _refused(settings: Settings, refusal: SignInRefused) -> RedirectResponse:
    log.info("sign-in through a provider refused: %s", refusal)
    return _to_sign_in(settings, refused=refusal.code)


async def _provider(request: Request, provider_id: str) -> tuple[IdentityProvider, str]:
    settings: Settings = request.app.state.settings
    repository: GraphRepository = request.app.state.store.repository
    if not isinstance(provider_id, str) or rules.ID_PATTERN.fullmatch(provider_id) is None:
        raise SignInRefused("UNKNOWN_PROVIDER")
    provider = await repository.identity_providers.provider_with_secret(provider_id)
    if provider is None:
        raise SignInRefused("UNKNOWN_PROVIDER")
    secret = sealing.unseal(settings, provider.sealed_secret or "")
    if secret is None:
        raise SignInRefused("PROVIDER_REFUSED", "the client secret was sealed under another signing secret: enter it again")
    return provider, secret


async def start(request: Request) -> RedirectResponse:
    settings: Settings = request.app.state.settings
    try:
        provider, secret = await _provider(request, request.path_params["provider_id"])
        metadata = await discovery.metadata(settings, provider.issuer)
        client = client_for(settings, provider, secret, metadata)
        request.scope["session"] = {}
        answer = await client.authorize_redirect(request, redirect_uri(settings))
    except SignInRefused as refusal:
        return _refused(settings, refusal)
    except KindredError as error:  # the database is away
        log.warning("sign-in through a provider could not start: %s", error.message)
        return _refused(settings, SignInRefused("PROVIDER_UNREACHABLE", error.code))
    except Exception:  # a fault of ours or a provider's surprise: a refusal in words, never a 500
        log.exception("sign-in through a provider could not start")
        return _refused(settings, SignInRefused("PROVIDER_UNREACHABLE", "unexpected"))
    now = datetime.now(timezone.utc)
    kept = request.scope["session"]
    for entry in kept.values():  # the authorization address is not needed again
        entry.get("data", {}).pop("url", None)
    flow = {"p": provider.id, "s": kept, "aud": STATE_AUDIENCE, "exp": now + timedelta(minutes=FLOW_MINUTES)}
    answer.headers.update(_NO_STORE)
    signed = jwt.encode(flow, settings.signing_secret(), algorithm="HS256")
    answer.set_cookie(
        STATE_COOKIE, sealing.seal(settings, signed), max_age=FLOW_MINUTES * 60,
        path="/oidc", httponly=True, samesite="lax", secure=settings.public_url.startswith("https://"),
    )
    return answer


def _flow(request: Request, settings: Settings) -> dict[str, Any]:
    cookie = request.cookies.get(STATE_COOKIE)
    if not cookie or len(cookie) > 8000:
        raise SignInRefused("SIGN_IN_EXPIRED", "no flow cookie")
    signed = sealing.unseal(settings, cookie)
    if signed is None:
        raise SignInRefused("SIGN_IN_EXPIRED", "the flow cookie is not ours")
    try:
        return jwt.decode(signed, settings.signing_secret(), algorithms=["HS256"], audience=STATE_AUDIENCE)
    except jwt.InvalidTokenError:
        raise SignInRefused("SIGN_IN_EXPIRED", "the flow cookie is expired or not ours") from None


async def callback(request: Request) -> RedirectResponse:
    settings: Settings = request.app.state.settings
    try:
        return await _finish(request, settings)
    except SignInRefused as refusal:
        return _refused(settings, refusal)
    except KindredError as error:
        log.warning("sign-in through a provider failed: %s", error.message)
        return _refused(settings, SignInRefused("PROVIDER_UNREACHABLE", error.code))
    except Exception:  # a fault of ours or a provider's surprise: a refusal in words, never a 500
        log.exception("sign-in through a provider failed")
        return _refused(settings, SignInRefused("PROVIDER_UNREACHABLE", "unexpected"))


async def _finish(request: Request, settings: Settings) -> RedirectResponse:
    if any(len(value) > 4000 for value in request.query_params.values()):
        raise SignInRefused("PROVIDER_REFUSED", "an answer parameter is too long")
    flow = _flow(request, settings)
    provider, secret = await _provider(request, flow.get("p", ""))
    error = request.query_params.get("error")
    if error:
        raise SignInRefused("PROVIDER_REFUSED", f"the provider answered {error[:100]!r}")
    # RFC 9207: a provider that names itself must be the one the flow went to (mix-up attacks).
    named = request.query_params.get("iss")
    if named is not None and named.rstrip("/") != provider.issuer:
        raise SignInRefused("ID_TOKEN_INVALID", "the answer names another issuer")
    metadata = await discovery.metadata(settings, provider.issuer)
    client = client_for(settings, provider, secret, metadata)
    try:
        return await _sign_in(request, settings, provider, client, flow)
    finally:
        await client.client_kwargs["transport"].close()


async def _sign_in(
    request: Request, settings: Settings, provider: IdentityProvider, client: StarletteOAuth2App, flow: dict[str, Any]
) -> RedirectResponse:
    request.scope["session"] = flow.get("s") or {}
    try:
        token = await client.authorize_access_token(request, claims_options=id_token_checks(provider), leeway=LEEWAY_SECONDS)
    except OAuthError as refusal:
        if refusal.error == "mismatching_state":
            raise SignInRefused("SIGN_IN_EXPIRED", "the state differs") from None
        raise SignInRefused("PROVIDER_REFUSED", f"{refusal.error}: {str(refusal.description)[:200]}") from None
    except JoseError as bad:
        discovery.forget(provider.issuer)  # the keys may have rotated: read them again next time
        raise SignInRefused("ID_TOKEN_INVALID", f"{type(bad).__name__}: {bad}") from None
    except (*HTTP_ERRORS, ValueError, KeyError) as failure:
        raise SignInRefused("PROVIDER_UNREACHABLE", f"{type(failure).__name__}: {str(failure)[:200]}") from None
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        raise SignInRefused("ID_TOKEN_INVALID", "no ID token")
    claims = await _with_userinfo(client, provider, token, claims)
    try:
        member_id = await ProviderAccounts(request.app.state.store.repository).member_for(provider, provider.issuer, claims)
    except InvitedNewcomer as invited:
        return _to_sign_in(settings, join=await _join_grant(request, invited))
    code = await _grant(request, member_id)
    return _to_sign_in(settings, code=code)


async def _with_userinfo(
    client: StarletteOAuth2App, provider: IdentityProvider, token: dict[str, Any], claims: dict[str, Any]
) -> dict[str, Any]:
    """The ID token's claims, completed from the userinfo endpoint when the e-mail address or the
    teams claim is missing (many providers keep the ID token small)."""
    wanted = ["email", *([provider.teams_claim] if provider.teams_claim else [])]
    if all(name in claims for name in wanted) or not client.server_metadata.get("userinfo_endpoint"):
        return claims
    try:
        info = await client.userinfo(token=token)
    except (OAuthError, *HTTP_ERRORS, ValueError) as failure:
        raise SignInRefused("PROVIDER_UNREACHABLE", f"userinfo: {type(failure).__name__}") from None
    if info.get("sub") != claims["sub"]:
        raise SignInRefused("ID_TOKEN_INVALID", "userinfo is about another subject")
    return {**{k: v for k, v in info.items() if k in wanted or k in ("email_verified", "name", "preferred_username")}, **claims}


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


async def _grant(request: Request, member_id: str) -> str:
    repository: GraphRepository = request.app.state.store.repository
    grant_id, secret = new_id("grant"), tokens.new_secret()
    now = datetime.now(timezone.utc)
    made = await repository.identity_providers.create_grant(
        grant_id=grant_id, member_id=member_id, token_hash=tokens.hash_secret(secret),
        now=_stamp(now), expires_at=_stamp(now + timedelta(seconds=GRANT_SECONDS)),
    )
    if not made:
        raise SignInRefused("PROVIDER_UNREACHABLE", "the member vanished meanwhile")
    return tokens.join_token(GRANT_PREFIX, grant_id, secret)


async def _join_grant(request: Request, invited: InvitedNewcomer) -> str:
    """A code for the invited newcomer's confirmation (ten minutes: they read the page first)."""
    repository: GraphRepository = request.app.state.store.repository
    grant_id, secret = new_id("grant"), tokens.new_secret()
    now = datetime.now(timezone.utc)
    made = await repository.identity_providers.create_join_grant(
        invited.identity, grant_id=grant_id, invite_id=invited.invite_id, token_hash=tokens.hash_secret(secret),
        now=_stamp(now), expires_at=_stamp(now + timedelta(minutes=FLOW_MINUTES)),
    )
    if not made:
        raise SignInRefused("SIGN_IN_EXPIRED", "the invitation expired meanwhile")
    return tokens.join_token(GRANT_PREFIX, grant_id, secret)


ROUTES: Final = [
    Route("/oidc/{provider_id}/start", start, methods=["GET"]),
    Route(CALLBACK_PATH, callback, methods=["GET"]),
]
