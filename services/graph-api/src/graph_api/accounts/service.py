"""Sign-in, token refresh and sign-out, invitations, API tokens, a member's own data,
and turning a bearer token into a viewer.

Access tokens are short-lived JWTs naming the member, role and session. Refresh tokens
are opaque (`kr.<session>.<secret>`), rotate on every use, and die with sign-out.
Invitation tokens (`ki.<invite>.<secret>`) and password reset tokens (`kp.<reset>.<secret>`)
work once. API tokens (`kt.<token>.<secret>`) belong to integrators and carry scopes. Only
hashes of the secrets are stored. A refresh token presented again after it was rotated ends
its whole session: someone holds a copy.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import jwt

from graph_api.accounts import credentials as tokens
from graph_api.accounts.throttle import SignInThrottle
from graph_api.accounts.viewer import SCOPES, Viewer
from graph_api.domain import rules
from graph_api.errors import BadInputError, ConflictError, NotFoundError, UnauthenticatedError
from graph_api.settings import Settings
from graph_api.store.queries import accounts as q
from graph_api.store.repository import GraphRepository, new_id

JWT_ALGORITHM = "HS256"
JWT_AUDIENCE = "kindred-graph-api"
REFRESH_PREFIX = "kr"
API_TOKEN_PREFIX = "kt"
INVITE_PREFIX = "ki"
RESET_PREFIX = "kp"
# Longer inputs are refused before any work: no real handle, password or token comes near.
HANDLE_INPUT_MAX = 100
PASSWORD_INPUT_MAX = 1000
TOKEN_INPUT_MAX = 300
MEMBER_SCOPES = frozenset({"read", "write"})
ROLES = ("member", "organiser")
# Stored hashes that a data export must never carry.
_SECRET_PROPERTIES = frozenset({"passwordHash", "tokenHash", "usedHashes"})

log = logging.getLogger(__name__)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _with_direction(row: dict[str, Any], flag: str, words: tuple[str, str]) -> dict[str, Any]:
    """Replace the boolean column `flag` (the member is the start node) by a readable direction."""
    rest = {key: value for key, value in row.items() if key != flag}
    return {**rest, "direction": words[0] if row[flag] else words[1]}


def _check_size(value: str, limit: int, field: str) -> str:
    if len(value) > limit:
        raise BadInputError(f"{field} is {len(value)} characters long; the limit is {limit}", field=field)
    return value


def _token_parts(token: str, prefix: str, what: str) -> tuple[str, str]:
    parts = tokens.split_token(token.strip(), prefix) if len(token) <= TOKEN_INPUT_MAX else None
    if parts is None:
        raise UnauthenticatedError(f"that {what} is malformed: copy the whole link or token")
    return parts


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise BadInputError(f"role {role!r} is not member or organiser", field="role")
    return role


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: str
    member_id: str


@dataclass(frozen=True, slots=True)
class Invitation:
    id: str
    handle: str
    name: str
    email: str
    role: str
    createdAt: str
    expiresAt: str
    #: The organiser who invited (None once their account is deleted).
    createdBy: str | None


@dataclass(frozen=True, slots=True)
class IssuedInvitation:
    invitation: Invitation
    #: Shown once: only its hash is stored.
    token: str
    link: str


@dataclass(frozen=True, slots=True)
class IssuedPasswordReset:
    member_id: str
    handle: str
    expires_at: str
    #: Shown once: only its hash is stored.
    token: str
    link: str


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: str
    name: str
    scopes: list[str]
    createdAt: str
    createdBy: str | None


@dataclass(frozen=True, slots=True)
class IssuedApiToken:
    api_token: ApiToken
    #: Shown once: only its hash is stored.
    token: str


def _plain_id(value: object) -> bool:
    return isinstance(value, str) and rules.ID_PATTERN.fullmatch(value) is not None


class AccountService:
    def __init__(self, repository: GraphRepository, settings: Settings) -> None:
        self.repository = repository
        self.settings = settings
        self._secret = settings.signing_secret()
        self.throttle = SignInThrottle(repository.driver, settings)

    @property
    def driver(self) -> Any:
        return self.repository.driver

    # Sign-in and sessions ----------------------------------------------------

    async def sign_in(self, handle: str, password: str, *, address: str = "unknown") -> TokenPair:
        """Throttled per handle and per address; an unknown handle costs the same argon2 check."""
        handle = _check_size(handle, HANDLE_INPUT_MAX, "handle").strip().lower()
        _check_size(password, PASSWORD_INPUT_MAX, "password")
        attempt = await self.throttle.admit(handle, address)
        rows = await self.driver.read(q.ACCOUNT_BY_HANDLE, {"handle": handle})
        account = rows[0] if rows else {}
        if not await tokens.verify_password_off_loop(account.get("passwordHash"), password):
            log.info("sign-in refused: handle %r from %s", handle[:40], address)
            raise UnauthenticatedError("that handle and password do not match an account")
        await self.throttle.succeeded(attempt)
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
        session_id, secret = _token_parts(refresh_token, REFRESH_PREFIX, "refresh token")
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
            if await self.driver.write(q.END_REUSED_SESSION, {"id": session_id, "tokenHash": tokens.hash_secret(secret)}):
                log.warning("a rotated refresh token was presented again: session %s ended", session_id)
                raise UnauthenticatedError(
                    "that refresh token was already used, so someone may have a copy of it: "
                    "the session has been ended everywhere, sign in again"
                )
            raise UnauthenticatedError("that refresh token is expired, used or signed out: sign in again")
        return self._pair(rows[0]["memberId"], rows[0]["role"], session_id, new_secret, now)

    async def sign_out(self, viewer: Viewer) -> None:
        await self.driver.write(q.DELETE_SESSION, {"id": viewer.credential_id})

    async def set_password(self, member_id: str, password: str, *, role: str = "member") -> None:
        rows = await self.driver.write(
            q.SET_PASSWORD_AND_ROLE,
            {"id": member_id, "passwordHash": await tokens.hash_password_off_loop(password), "role": _check_role(role)},
        )
        if not rows:
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")

    async def create_organiser(
        self, handle: str, password: str, *, name: str | None = None, email: str | None = None
    ) -> tuple[str, bool]:
        """Create an organiser, or make the member with this handle one (with this password).

        Returns (member id, whether the member was created).
        """
        handle = rules.check_handle(handle)
        tokens.check_password_rules(password)
        existing = await self.repository.member_by_handle(handle)
        if existing is not None:
            await self.set_password(existing.id, password, role="organiser")
            return existing.id, False
        if name is None:
            raise BadInputError(f"no member has the handle {handle!r}: give a name to create one", field="name")
        params = {
            "id": new_id("member"),
            "handle": handle,
            "name": rules.clean_name(name),
            "email": rules.check_email(email) if email else None,
            "now": rules.utc_now(),
            "passwordHash": await tokens.hash_password_off_loop(password),
        }
        rows = await self.driver.write(q.CREATE_ORGANISER, params)
        if not rows:
            raise ConflictError(f"the handle {handle!r} was taken meanwhile: try again", field="handle")
        return rows[0]["id"], True

    # Passwords: change and organiser-issued reset links ------------------------

    async def change_password(self, viewer: Viewer, current: str, new: str, *, address: str = "unknown") -> int:
        """Check the current password (throttled like sign-in), set the new one and end the
        member's other sessions; returns how many ended."""
        member_id = viewer.member_id
        if member_id is None:
            raise BadInputError("only a member has a password", field="currentPassword")
        _check_size(current, PASSWORD_INPUT_MAX, "currentPassword")
        tokens.check_password_rules(new, field="newPassword")
        if new == current:
            raise BadInputError("choose a new password that differs from the current one", field="newPassword")
        rows = await self.driver.read(q.PASSWORD_HASH, {"memberId": member_id})
        if not rows:
            raise NotFoundError("your account no longer exists", field="memberId")
        old_hash, handle = rows[0]["passwordHash"], rows[0]["handle"]
        attempt = await self.throttle.admit(handle, address)
        if not await tokens.verify_password_off_loop(old_hash, current):
            log.info("password change refused: wrong current password for %r from %s", handle, address)
            raise BadInputError("your current password is not right", field="currentPassword")
        await self.throttle.succeeded(attempt)
        params = {
            "memberId": member_id,
            "oldHash": old_hash,
            "passwordHash": await tokens.hash_password_off_loop(new, field="newPassword"),
            "keepSessionId": viewer.credential_id,
        }
        changed = await self.driver.write(q.CHANGE_PASSWORD, params)
        if not changed:
            raise ConflictError("your password changed meanwhile: nothing was changed, try again", field="currentPassword")
        return int(changed[0]["ended"])

    async def create_password_reset(self, created_by: str, member_id: str) -> IssuedPasswordReset:
        now = datetime.now(timezone.utc)
        reset_id, secret = new_id("reset"), tokens.new_secret()
        params = {
            "memberId": rules.check_id(member_id, field="memberId"),
            "id": reset_id,
            "tokenHash": tokens.hash_secret(secret),
            "now": _stamp(now),
            "expiresAt": _stamp(now + timedelta(hours=self.settings.password_reset_hours)),
            "createdBy": created_by,
        }
        rows = await self.driver.write(q.CREATE_PASSWORD_RESET, params)
        if not rows:
            raise NotFoundError("no member has that id", field="memberId")
        token = f"{RESET_PREFIX}.{reset_id}.{secret}"
        link = f"{self.settings.public_url.rstrip('/')}/#/reset-password?token={quote(token, safe='')}"
        return IssuedPasswordReset(params["memberId"], rows[0]["handle"], rows[0]["expiresAt"], token, link)

    async def reset_password(self, token: str, new_password: str) -> TokenPair:
        """Set a new password with a reset link's token (once), end every session, and sign in."""
        reset_id, secret = _token_parts(token, RESET_PREFIX, "password reset token")
        now = _stamp(datetime.now(timezone.utc))
        params = {
            "id": reset_id,
            "tokenHash": tokens.hash_secret(secret),
            "now": now,
            "passwordHash": await tokens.hash_password_off_loop(new_password, field="newPassword"),
        }
        rows = await self.driver.write(q.RESET_PASSWORD, params)
        if not rows:
            found = await self.driver.read(q.PASSWORD_RESET_BY_ID, {"id": reset_id})
            if found and tokens.same_secret(secret, found[0]["tokenHash"]) and found[0]["expiresAt"] <= now:
                raise UnauthenticatedError(
                    f"that reset link expired at {found[0]['expiresAt']}: ask an organiser for a new one"
                )
            raise UnauthenticatedError("that reset link is unknown or already used: ask an organiser for a new one")
        return await self._open_session(rows[0]["memberId"])

    # Invitations ---------------------------------------------------------------

    async def invite(self, created_by: str, *, name: str, email: str, handle: str, role: str = "member") -> IssuedInvitation:
        now = datetime.now(timezone.utc)
        invite_id, secret = new_id("invite"), tokens.new_secret()
        params = {
            "createdBy": created_by,
            "id": invite_id,
            "tokenHash": tokens.hash_secret(secret),
            "name": rules.clean_name(name),
            "email": rules.check_email(email),
            "handle": rules.check_handle(handle),
            "role": _check_role(role),
            "now": _stamp(now),
            "expiresAt": _stamp(now + timedelta(days=self.settings.invite_days)),
        }
        rows = await self.driver.write(q.CREATE_INVITE, params)
        if not rows:
            await self._raise_handle_held(params["handle"], invite_id, params["now"])
            raise NotFoundError("your account no longer exists", field="createdBy")
        token = f"{INVITE_PREFIX}.{invite_id}.{secret}"
        link = f"{self.settings.public_url.rstrip('/')}/#/accept-invite?token={quote(token, safe='')}"
        return IssuedInvitation(Invitation(**rows[0]["invite"]), token, link)

    async def _raise_handle_held(self, handle: str, invite_id: str, now: str) -> None:
        rows = await self.driver.read(q.HANDLE_HOLDERS, {"handle": handle, "inviteId": invite_id, "now": now})
        if rows and rows[0]["members"]:
            raise ConflictError(f"the handle {handle!r} is already taken by a member", field="handle")
        if rows and rows[0]["invites"]:
            raise ConflictError(f"the handle {handle!r} is held by a pending invitation", field="handle")

    async def accept_invite(self, token: str, password: str, *, handle: str | None = None) -> TokenPair:
        """Create the invited member and sign them in; the invitation is consumed in the same write."""
        invite_id, secret = _token_parts(token, INVITE_PREFIX, "invitation token")
        now = _stamp(datetime.now(timezone.utc))
        params = {
            "inviteId": invite_id,
            "tokenHash": tokens.hash_secret(secret),
            "now": now,
            "handle": rules.check_handle(handle) if handle is not None else None,
            "memberId": new_id("member"),
            "passwordHash": await tokens.hash_password_off_loop(password),
        }
        rows = await self.driver.write(q.ACCEPT_INVITE, params)
        if not rows:
            await self._explain_refused_invite(invite_id, secret, params["handle"], now)
        return await self._open_session(params["memberId"])

    async def _explain_refused_invite(self, invite_id: str, secret: str, handle: str | None, now: str) -> None:
        rows = await self.driver.read(q.INVITE_BY_ID, {"id": invite_id})
        if not rows or not tokens.same_secret(secret, rows[0]["tokenHash"]):
            raise UnauthenticatedError("that invitation is unknown, already accepted or revoked")
        invitation = Invitation(**rows[0]["invite"])
        if invitation.expiresAt <= now:
            raise UnauthenticatedError(
                f"that invitation expired at {invitation.expiresAt}: ask an organiser for a new one"
            )
        await self._raise_handle_held(handle or invitation.handle, invite_id, now)
        raise ConflictError("that invitation changed meanwhile: try again", field="token")

    async def invitations(self, *, include_expired: bool = False) -> list[Invitation]:
        rows = await self.driver.read(
            q.LIST_INVITES, {"includeExpired": include_expired, "now": _stamp(datetime.now(timezone.utc))}
        )
        return [Invitation(**row["invite"]) for row in rows]

    async def revoke_invitation(self, invite_id: str) -> None:
        if not await self.driver.write(q.DELETE_INVITE, {"id": rules.check_id(invite_id)}):
            raise NotFoundError(f"no pending invitation has the id {invite_id!r}", field="id")

    # API tokens ----------------------------------------------------------------

    async def create_api_token(self, created_by: str, name: str, scopes: list[str]) -> IssuedApiToken:
        unknown = sorted(set(scopes) - set(SCOPES))
        if unknown:
            raise BadInputError(f"unknown scopes: {', '.join(unknown)}", field="scopes")
        if not scopes:
            raise BadInputError("give an API token at least one scope", field="scopes")
        token_id, secret = new_id("apitoken"), tokens.new_secret()
        params = {
            "createdBy": created_by,
            "id": token_id,
            "name": rules.clean_name(name),
            "scopes": [scope for scope in SCOPES if scope in scopes],
            "tokenHash": tokens.hash_secret(secret),
            "now": rules.utc_now(),
        }
        rows = await self.driver.write(q.CREATE_API_TOKEN, params)
        if not rows:
            raise NotFoundError("your account no longer exists", field="createdBy")
        return IssuedApiToken(ApiToken(**rows[0]["token"]), f"{API_TOKEN_PREFIX}.{token_id}.{secret}")

    async def api_tokens(self) -> list[ApiToken]:
        return [ApiToken(**row["token"]) for row in await self.driver.read(q.LIST_API_TOKENS)]

    async def revoke_api_token(self, token_id: str) -> None:
        if not await self.driver.write(q.DELETE_API_TOKEN, {"id": rules.check_id(token_id)}):
            raise NotFoundError(f"no API token has the id {token_id!r}", field="id")

    # A member's own data -------------------------------------------------------

    async def export_member_data(self, member_id: str) -> dict[str, Any]:
        """Everything the graph holds about a member, without password or token hashes."""
        read, params, repo = self.driver.read, {"memberId": member_id}, self.repository
        profile_rows = await read(q.EXPORT_PROFILE, params)
        if not profile_rows:
            raise NotFoundError("your account no longer exists", field="memberId")
        profile = {k: v for k, v in profile_rows[0]["profile"].items() if k not in _SECRET_PROPERTIES}
        team, site = await repo.member_team(member_id), await repo.member_site(member_id)
        return {
            "exportedAt": rules.utc_now(),
            "profile": profile,
            "role": profile.get("role") or "member",
            "passions": [
                {**asdict(link.passion), "intensity": link.intensity, "since": link.since}
                for link in await repo.member_passions(member_id)
            ],
            "team": asdict(team) if team else None,
            "site": asdict(site) if site else None,
            "skillsSought": [asdict(skill) for skill in await repo.member_seeks(member_id)],
            "skillsOffered": [asdict(skill) for skill in await repo.member_offers(member_id)],
            "bonds": await read(q.EXPORT_BONDS, params),
            "bondRequests": [
                _with_direction(row, "sent", ("sent", "received"))
                for row in await read(q.EXPORT_BOND_REQUESTS, params)
            ],
            "sessions": await read(q.EXPORT_SESSIONS, params),
            "invitationsCreated": [row["invite"] for row in await read(q.EXPORT_INVITES, params)],
            "apiTokensCreated": [row["token"] for row in await read(q.EXPORT_API_TOKENS, params)],
            "relationships": [
                _with_direction(row, "outgoing", ("outgoing", "incoming"))
                for row in await read(q.EXPORT_RELATIONSHIPS, params)
            ],
        }

    async def delete_account(self, member_id: str, confirm_handle: str) -> None:
        """Delete the member, every relationship they have and their sessions, in one write."""
        member = await self.repository.member(member_id)
        if member is None:
            raise NotFoundError("your account no longer exists", field="memberId")
        if confirm_handle.strip().lower() != member.handle:
            raise BadInputError(
                f"confirmHandle {confirm_handle!r} is not your handle: type {member.handle!r} to confirm",
                field="confirmHandle",
            )
        if not await self.driver.write(q.DELETE_ACCOUNT, {"memberId": member_id, "handle": member.handle}):
            if member.role == "organiser":
                raise ConflictError(
                    "you are the only organiser: make another member an organiser before you delete your account",
                    field="confirmHandle",
                )
            raise ConflictError("your handle changed meanwhile: nothing was deleted", field="confirmHandle")

    # Bearer tokens -> viewer ---------------------------------------------------

    async def authenticate(self, bearer: str) -> Viewer:
        if bearer.startswith(f"{API_TOKEN_PREFIX}."):
            return await self._integrator(bearer)
        try:
            claims = jwt.decode(
                bearer,
                self._secret,
                algorithms=[JWT_ALGORITHM],
                audience=JWT_AUDIENCE,
                options={"require": ["exp", "sub", "sid", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise UnauthenticatedError("the access token has expired: refresh it or sign in again") from None
        except jwt.InvalidTokenError:
            raise UnauthenticatedError("the access token is not valid") from None
        member_id, session_id = claims.get("sub"), claims.get("sid")
        if not _plain_id(member_id) or not _plain_id(session_id):
            raise UnauthenticatedError("the access token is not valid")
        # The session must still exist: signing out ends access at once, and a changed role applies.
        rows = await self.driver.read(
            q.SESSION_ROLE, {"memberId": member_id, "id": session_id, "now": _stamp(datetime.now(timezone.utc))}
        )
        if not rows:
            raise UnauthenticatedError("this session has ended: sign in again")
        return Viewer("member", member_id, rows[0]["role"], MEMBER_SCOPES, session_id)

    async def _integrator(self, bearer: str) -> Viewer:
        parts = tokens.split_token(bearer, API_TOKEN_PREFIX) if len(bearer) <= TOKEN_INPUT_MAX else None
        rows = await self.driver.read(q.API_TOKEN_BY_ID, {"id": parts[0]}) if parts else []
        if not parts or not rows or not tokens.same_secret(parts[1], rows[0]["tokenHash"]):
            raise UnauthenticatedError("the API token is not valid")
        scopes = frozenset(scope for scope in rows[0]["scopes"] if scope in SCOPES)
        return Viewer("integrator", None, None, scopes, parts[0])
