"""Sign-in, token refresh and sign-out, and turning a bearer token into a viewer.

Access tokens are short-lived JWTs naming the member, role and session. Refresh tokens
are opaque (`kr.<session>.<secret>`), rotate on every use, and die with sign-out.
API tokens (`kt.<token>.<secret>`) belong to integrators and carry scopes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt

from graph_api.accounts import credentials as tokens
from graph_api.accounts.viewer import SCOPES, Viewer
from graph_api.errors import BadInputError, NotFoundError, UnauthenticatedError
from graph_api.settings import Settings
from graph_api.store.queries import accounts as q
from graph_api.store.repository import GraphRepository, new_id

JWT_ALGORITHM = "HS256"
JWT_AUDIENCE = "kindred-graph-api"
REFRESH_PREFIX = "kr"
API_TOKEN_PREFIX = "kt"
MEMBER_SCOPES = frozenset({"read", "write"})


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: str
    member_id: str


class AccountService:
    def __init__(self, repository: GraphRepository, settings: Settings) -> None:
        self.repository = repository
        self.settings = settings
        self._secret = settings.signing_secret()

    @property
    def driver(self) -> Any:
        return self.repository.driver

    # Sign-in and sessions ----------------------------------------------------

    async def sign_in(self, handle: str, password: str) -> TokenPair:
        rows = await self.driver.read(q.ACCOUNT_BY_HANDLE, {"handle": handle.strip().lower()})
        account = rows[0] if rows else {}
        if not tokens.verify_password(account.get("passwordHash"), password):
            raise UnauthenticatedError("that handle and password do not match an account")
        return await self._open_session(account["id"])

    async def _open_session(self, member_id: str) -> TokenPair:
        now = datetime.now(timezone.utc)
        session_id, secret = new_id("session"), tokens.new_secret()
        rows = await self.driver.write(
            q.CREATE_SESSION,
            {
                "memberId": member_id,
                "id": session_id,
                "tokenHash": tokens.hash_secret(secret),
                "now": _stamp(now),
                "expiresAt": _stamp(now + timedelta(days=self.settings.refresh_token_days)),
            },
        )
        if not rows:
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")
        return self._pair(member_id, rows[0]["role"], session_id, secret, now)

    def _pair(self, member_id: str, role: str, session_id: str, secret: str, now: datetime) -> TokenPair:
        expires = now + timedelta(minutes=self.settings.access_token_minutes)
        claims = {"sub": member_id, "role": role, "sid": session_id, "aud": JWT_AUDIENCE, "iat": now, "exp": expires}
        return TokenPair(
            access_token=jwt.encode(claims, self._secret, algorithm=JWT_ALGORITHM),
            refresh_token=f"{REFRESH_PREFIX}.{session_id}.{secret}",
            expires_at=_stamp(expires),
            member_id=member_id,
        )

    async def refresh(self, refresh_token: str) -> TokenPair:
        parts = tokens.split_token(refresh_token, REFRESH_PREFIX)
        if parts is None:
            raise UnauthenticatedError("that refresh token is malformed")
        session_id, secret = parts
        now = datetime.now(timezone.utc)
        new_secret = tokens.new_secret()
        rows = await self.driver.write(
            q.ROTATE_SESSION,
            {
                "id": session_id,
                "tokenHash": tokens.hash_secret(secret),
                "now": _stamp(now),
                "newTokenHash": tokens.hash_secret(new_secret),
                "expiresAt": _stamp(now + timedelta(days=self.settings.refresh_token_days)),
            },
        )
        if not rows:
            raise UnauthenticatedError("that refresh token is expired, used or signed out: sign in again")
        return self._pair(rows[0]["memberId"], rows[0]["role"], session_id, new_secret, now)

    async def sign_out(self, viewer: Viewer) -> None:
        await self.driver.write(q.DELETE_SESSION, {"id": viewer.credential_id})

    async def set_password(self, member_id: str, password: str, *, role: str = "member") -> None:
        if role not in ("member", "organiser"):
            raise BadInputError(f"role {role!r} is not member or organiser", field="role")
        rows = await self.driver.write(
            q.SET_PASSWORD_AND_ROLE, {"id": member_id, "passwordHash": tokens.hash_password(password), "role": role}
        )
        if not rows:
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")

    # Bearer tokens -> viewer ---------------------------------------------------

    async def authenticate(self, bearer: str) -> Viewer:
        if bearer.startswith(f"{API_TOKEN_PREFIX}."):
            return await self._integrator(bearer)
        try:
            claims = jwt.decode(bearer, self._secret, algorithms=[JWT_ALGORITHM], audience=JWT_AUDIENCE)
        except jwt.ExpiredSignatureError:
            raise UnauthenticatedError("the access token has expired: refresh it or sign in again") from None
        except jwt.InvalidTokenError:
            raise UnauthenticatedError("the access token is not valid") from None
        # The session must still exist: signing out ends access at once, and a changed role applies.
        rows = await self.driver.read(
            q.SESSION_ROLE, {"memberId": claims["sub"], "id": claims["sid"], "now": _stamp(datetime.now(timezone.utc))}
        )
        if not rows:
            raise UnauthenticatedError("this session has ended: sign in again")
        return Viewer("member", claims["sub"], rows[0]["role"], MEMBER_SCOPES, claims["sid"])

    async def _integrator(self, bearer: str) -> Viewer:
        parts = tokens.split_token(bearer, API_TOKEN_PREFIX)
        rows = await self.driver.read(q.API_TOKEN_BY_ID, {"id": parts[0]}) if parts else []
        if not parts or not rows or not tokens.same_secret(parts[1], rows[0]["tokenHash"]):
            raise UnauthenticatedError("the API token is not valid")
        scopes = frozenset(scope for scope in rows[0]["scopes"] if scope in SCOPES)
        return Viewer("integrator", None, None, scopes, parts[0])
