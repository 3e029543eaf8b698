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
from graph_api.accounts.verified_tokens import TokenExpired, VerifiedTokens
from graph_api.accounts.viewer import SCOPES, Viewer
from graph_api.domain import rules
from graph_api.domain.accounts import ApiToken, Invitation
from graph_api.domain.identity_providers import PasswordSignInClosed
from graph_api.errors import BadInputError, ConflictError, NotFoundError, UnauthenticatedError
from graph_api.settings import Settings
from graph_api.store.ids import new_id
from graph_api.store.outbox import InvitationMail
from graph_api.store.repository import GraphRepository

__all__ = [
    "AccountService",
    "ApiToken",
    "Invitation",
    "IssuedApiToken",
    "IssuedInvitation",
    "IssuedPasswordReset",
    "TokenPair",
]

JWT_ALGORITHM = "HS256"
JWT_AUDIENCE = "kindred-graph-api"
REFRESH_PREFIX = "kr"
API_TOKEN_PREFIX = "kt"
INVITE_PREFIX = "ki"
RESET_PREFIX = "kp"
GRANT_PREFIX = "kg"  # accounts.oidc.routes hands these out
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
class _NewCredential:
    """A session, reset link or invitation being issued: its id, its secret (handed out once)
    and, in `stored`, what the store keeps of it."""

    id: str
    secret: str
    issued: datetime
    lifetime: timedelta

    @classmethod
    def issue(cls, kind: str, lifetime: timedelta) -> _NewCredential:
        return cls(new_id(kind), tokens.new_secret(), datetime.now(timezone.utc), lifetime)

    @property
    def issued_at(self) -> str:
        return _stamp(self.issued)

    @property
    def stored(self) -> dict[str, str]:
        """The store's `token_hash`, `now` and `expires_at` arguments."""
        return {
            "token_hash": tokens.hash_secret(self.secret),
            "now": self.issued_at,
            "expires_at": _stamp(self.issued + self.lifetime),
        }


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: str
    member_id: str


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
        self.passwords = tokens.Passwords.from_settings(settings)
        self.store = repository.accounts
        self.throttle = SignInThrottle(repository.accounts, settings)
        self._verified = VerifiedTokens()

    # Sign-in and sessions ----------------------------------------------------

    async def sign_in(self, handle: str, password: str, *, address: str = "unknown") -> TokenPair:
        """Throttled per handle and per address; an unknown handle costs the same argon2 check."""
        handle = _check_size(handle, HANDLE_INPUT_MAX, "handle").strip().lower()
        _check_size(password, PASSWORD_INPUT_MAX, "password")
        attempt = await self.throttle.admit(handle, address)
        account = await self.store.account_by_handle(handle=handle)
        password_hash = account.password_hash if account is not None else None
        if not await self.passwords.verify_off_loop(password_hash, password) or account is None:
            log.info("sign-in refused: handle %r from %s", handle[:40], address)
            raise UnauthenticatedError("that handle and password do not match an account")
        await self.throttle.succeeded(attempt)
        if password_hash is not None and self.passwords.outdated(password_hash):
            await self._rehash(account.id, handle, password_hash, password)
        if account.role != "organiser" and await self.repository.identity_providers.password_sign_in_closed():
            # An identity provider took over sign-in; organisers keep their password (break-glass).
            raise PasswordSignInClosed("Passwords are turned off here: sign in with your organisation's account")
        return await self._open_session(account.id)

    async def _rehash(self, member_id: str, handle: str, old_hash: str, password: str) -> None:
        """Remake a hash made at another cost at the configured one; a password changed
        meanwhile keeps its new hash."""
        try:
            new_hash = await self.passwords.hash_off_loop(password)
        except BadInputError:  # set before today's length rules: changing it is the member's to do
            return
        if await self.store.replace_password_hash(member_id=member_id, old_hash=old_hash, password_hash=new_hash):
            log.info("password hash of %r remade at the configured cost", handle)

    async def sign_in_with_provider(self, code: str) -> TokenPair:
        """Trade the one-time code a provider sign-in ended with (accounts.oidc) for a session; a
        join code (an invited newcomer who confirmed) first turns the invitation into the member."""
        grant_id, secret = _token_parts(code, GRANT_PREFIX, "sign-in code")
        store, token_hash, now = self.repository.identity_providers, tokens.hash_secret(secret), _stamp(datetime.now(timezone.utc))
        member_id = await store.consume_grant(grant_id=grant_id, token_hash=token_hash, now=now)
        if member_id is None:  # a confirmed join: the invitation becomes the member
            member_id = await store.join_with_grant(grant_id=grant_id, token_hash=token_hash, member_id=new_id("member"), now=now)
        if member_id is None:
            raise UnauthenticatedError("that sign-in code is expired or already used: sign in again")
        return await self._open_session(member_id)

    async def _open_session(self, member_id: str) -> TokenPair:
        session = _NewCredential.issue("session", self._session_lifetime())
        role = await self.store.create_session(member_id=member_id, session_id=session.id, **session.stored)
        if role is None:
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")
        return self._pair(member_id, role, session.id, session.secret, session.issued)

    def _session_lifetime(self) -> timedelta:
        """How long a session lasts unused: each refresh extends it by as much."""
        return timedelta(days=self.settings.refresh_token_days)

    def _link(self, route: str, token: str) -> str:
        """A link into the web app that carries a one-time token."""
        return f"{self.settings.public_url.rstrip('/')}/#/{route}?token={quote(token, safe='')}"

    def _pair(self, member_id: str, role: str, session_id: str, secret: str, now: datetime) -> TokenPair:
        expires = now + timedelta(minutes=self.settings.access_token_minutes)
        claims = {"sub": member_id, "role": role, "sid": session_id, "aud": JWT_AUDIENCE, "iat": now, "exp": expires}
        return TokenPair(
            access_token=jwt.encode(claims, self._secret, algorithm=JWT_ALGORITHM),
            refresh_token=tokens.join_token(REFRESH_PREFIX, session_id, secret),
            expires_at=_stamp(expires),
            member_id=member_id,
        )

    async def refresh(self, refresh_token: str) -> TokenPair:
        session_id, secret = _token_parts(refresh_token, REFRESH_PREFIX, "refresh token")
        now = datetime.now(timezone.utc)
        new_secret = tokens.new_secret()
        owner = await self.store.rotate_session(
            session_id=session_id,
            token_hash=tokens.hash_secret(secret),
            new_token_hash=tokens.hash_secret(new_secret),
            now=_stamp(now),
            expires_at=_stamp(now + self._session_lifetime()),
        )
        if owner is None:
            if await self.store.end_reused_session(session_id=session_id, token_hash=tokens.hash_secret(secret)):
                log.warning("a rotated refresh token was presented again: session %s ended", session_id)
                raise UnauthenticatedError(
                    "that refresh token was already used, so someone may have a copy of it: "
                    "the session has been ended everywhere, sign in again"
                )
            raise UnauthenticatedError("that refresh token is expired, used or signed out: sign in again")
        return self._pair(owner.member_id, owner.role, session_id, new_secret, now)

    async def sign_out(self, viewer: Viewer) -> None:
        await self.store.delete_session(session_id=viewer.credential_id)

    async def set_password(self, member_id: str, password: str, *, role: str = "member") -> None:
        stored = await self.store.set_password_and_role(
            member_id=member_id, password_hash=await self.passwords.hash_off_loop(password), role=_check_role(role)
        )
        if not stored:
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
        created = await self.store.create_organiser(
            member_id=new_id("member"),
            handle=handle,
            name=rules.clean_name(name),
            email=rules.check_email(email) if email else None,
            now=rules.utc_now(),
            password_hash=await self.passwords.hash_off_loop(password),
        )
        if created is None:
            raise ConflictError(f"the handle {handle!r} was taken meanwhile: try again", field="handle")
        return created, True

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
        stored = await self.store.stored_password(member_id=member_id)
        if stored is None:
            raise NotFoundError("your account no longer exists", field="memberId")
        old_hash, handle = stored.password_hash, stored.handle
        attempt = await self.throttle.admit(handle, address)
        if not await self.passwords.verify_off_loop(old_hash, current):
            log.info("password change refused: wrong current password for %r from %s", handle, address)
            raise BadInputError("your current password is not right", field="currentPassword")
        await self.throttle.succeeded(attempt)
        ended = await self.store.change_password(
            member_id=member_id,
            old_hash=old_hash,
            password_hash=await self.passwords.hash_off_loop(new, field="newPassword"),
            keep_session_id=viewer.credential_id,
        )
        if ended is None:
            raise ConflictError("your password changed meanwhile: nothing was changed, try again", field="currentPassword")
        return ended

    async def create_password_reset(self, created_by: str, member_id: str) -> IssuedPasswordReset:
        reset = _NewCredential.issue("reset", timedelta(hours=self.settings.password_reset_hours))
        member_id = rules.check_id(member_id, field="memberId")
        issued = await self.store.create_password_reset(
            member_id=member_id, reset_id=reset.id, created_by=created_by, **reset.stored
        )
        if issued is None:
            raise NotFoundError("no member has that id", field="memberId")
        token = tokens.join_token(RESET_PREFIX, reset.id, reset.secret)
        return IssuedPasswordReset(
            member_id, issued.handle, issued.expires_at, token, self._link("reset-password", token)
        )

    async def reset_password(self, token: str, new_password: str) -> TokenPair:
        """Set a new password with a reset link's token (once), end every session, and sign in."""
        reset_id, secret = _token_parts(token, RESET_PREFIX, "password reset token")
        now = _stamp(datetime.now(timezone.utc))
        member_id = await self.store.reset_password(
            reset_id=reset_id,
            token_hash=tokens.hash_secret(secret),
            now=now,
            password_hash=await self.passwords.hash_off_loop(new_password, field="newPassword"),
        )
        if member_id is None:
            found = await self.store.password_reset(reset_id=reset_id)
            if found is not None and tokens.same_secret(secret, found.token_hash) and found.expires_at <= now:
                raise UnauthenticatedError("that reset link has expired: ask an organiser for a new one")
            raise UnauthenticatedError("that reset link is unknown or already used: ask an organiser for a new one")
        return await self._open_session(member_id)

    # Invitations ---------------------------------------------------------------

    async def invite(self, created_by: str, *, name: str, email: str, handle: str, role: str = "member") -> IssuedInvitation:
        invite = _NewCredential.issue("invite", timedelta(days=self.settings.invite_days))
        name, email = rules.clean_name(name), rules.check_email(email)
        handle, role = rules.check_handle(handle), _check_role(role)
        token = tokens.join_token(INVITE_PREFIX, invite.id, invite.secret)
        invitation = await self.store.create_invite(
            invite_id=invite.id,
            created_by=created_by,
            name=name,
            email=email,
            handle=handle,
            role=role,
            mail=self._invitation_mail(token),
            **invite.stored,
        )
        if invitation is None:
            await self._raise_handle_held(handle, invite.id, invite.issued_at)
            raise NotFoundError("your account no longer exists", field="createdBy")
        return IssuedInvitation(invitation, token, self._link("accept-invite", token))

    def _invitation_mail(self, token: str) -> InvitationMail | None:
        """The mail queued with an invitation (it carries the link), when mail is on."""
        return InvitationMail(token=token) if self.settings.mail_enabled else None

    async def _raise_handle_held(self, handle: str, invite_id: str, now: str) -> None:
        holders = await self.store.handle_holders(handle=handle, invite_id=invite_id, now=now)
        if holders.members:
            raise ConflictError(f"the handle {handle!r} is already taken by a member", field="handle")
        if holders.invites:
            raise ConflictError(f"the handle {handle!r} is held by a pending invitation", field="handle")

    async def accept_invite(self, token: str, password: str, *, handle: str | None = None) -> TokenPair:
        """Create the invited member and sign them in; the invitation is consumed in the same write."""
        invite_id, secret = _token_parts(token, INVITE_PREFIX, "invitation token")
        now = _stamp(datetime.now(timezone.utc))
        chosen = rules.check_handle(handle) if handle is not None else None
        member_id = new_id("member")
        accepted = await self.store.accept_invite(
            invite_id=invite_id,
            token_hash=tokens.hash_secret(secret),
            now=now,
            handle=chosen,
            member_id=member_id,
            password_hash=await self.passwords.hash_off_loop(password),
        )
        if not accepted:
            await self._explain_refused_invite(invite_id, secret, chosen, now)
        return await self._open_session(member_id)

    async def _explain_refused_invite(self, invite_id: str, secret: str, handle: str | None, now: str) -> None:
        invitation = await self._usable_invitation(invite_id, secret, now)
        await self._raise_handle_held(handle or invitation.handle, invite_id, now)
        raise ConflictError("that invitation changed meanwhile: try again", field="token")

    async def _usable_invitation(self, invite_id: str, secret: str, now: str) -> Invitation:
        stored = await self.store.invite(invite_id=invite_id)
        if stored is None or not tokens.same_secret(secret, stored.token_hash):
            raise UnauthenticatedError(
                "this invitation link no longer works: it was already used, withdrawn or replaced by a newer one. "
                "Ask an organiser to send you a new link"
            )
        if stored.invitation.expiresAt <= now:
            raise UnauthenticatedError("this invitation link has expired: ask an organiser to send you a new one")
        return stored.invitation

    async def check_invitation(self, token: str) -> Invitation:
        """The pending invitation a token opens (so that a page can tell at once whether it still
        works), or UnauthenticatedError saying why not."""
        invite_id, secret = _token_parts(token, INVITE_PREFIX, "invitation token")
        return await self._usable_invitation(invite_id, secret, _stamp(datetime.now(timezone.utc)))

    async def renew_invitation(self, invite_id: str) -> IssuedInvitation:
        """A new link for a pending or expired invitation: a new token (the old link stops working)
        and a new expiry. The token is shown once, as when inviting."""
        invite = _NewCredential.issue("invite", timedelta(days=self.settings.invite_days))
        invite_id = rules.check_id(invite_id)
        mail = self._invitation_mail(tokens.join_token(INVITE_PREFIX, invite_id, invite.secret))
        invitation = await self.store.renew_invite(invite_id=invite_id, mail=mail, **invite.stored)
        if invitation is None:
            stored = await self.store.invite(invite_id=invite_id)
            if stored is None:
                raise NotFoundError(f"no invitation has the id {invite_id!r}", field="id")
            await self._raise_handle_held(stored.invitation.handle, invite_id, invite.issued_at)
            raise ConflictError("that invitation changed meanwhile: try again", field="id")
        token = tokens.join_token(INVITE_PREFIX, invitation.id, invite.secret)
        return IssuedInvitation(invitation, token, self._link("accept-invite", token))

    async def invitations(self, *, include_expired: bool = False) -> list[Invitation]:
        return await self.store.invitations(include_expired=include_expired, now=_stamp(datetime.now(timezone.utc)))

    async def revoke_invitation(self, invite_id: str) -> None:
        if not await self.store.delete_invite(invite_id=rules.check_id(invite_id)):
            raise NotFoundError(f"no pending invitation has the id {invite_id!r}", field="id")

    # API tokens ----------------------------------------------------------------

    async def create_api_token(self, created_by: str, name: str, scopes: list[str]) -> IssuedApiToken:
        unknown = sorted(set(scopes) - set(SCOPES))
        if unknown:
            raise BadInputError(f"unknown scopes: {', '.join(unknown)}", field="scopes")
        if not scopes:
            raise BadInputError("give an API token at least one scope", field="scopes")
        token_id, secret = new_id("apitoken"), tokens.new_secret()
        created = await self.store.create_api_token(
            token_id=token_id,
            created_by=created_by,
            name=rules.clean_name(name),
            scopes=[scope for scope in SCOPES if scope in scopes],
            token_hash=tokens.hash_secret(secret),
            now=rules.utc_now(),
        )
        if created is None:
            raise NotFoundError("your account no longer exists", field="createdBy")
        return IssuedApiToken(created, tokens.join_token(API_TOKEN_PREFIX, token_id, secret))

    async def api_tokens(self) -> list[ApiToken]:
        return await self.store.api_tokens()

    async def revoke_api_token(self, token_id: str) -> None:
        if not await self.store.delete_api_token(token_id=rules.check_id(token_id)):
            raise NotFoundError(f"no API token has the id {token_id!r}", field="id")

    # A member's own data -------------------------------------------------------

    async def export_member_data(self, member_id: str) -> dict[str, Any]:
        """Everything the graph holds about a member, without password or token hashes."""
        repo = self.repository
        stored = await self.store.export_profile(member_id=member_id)
        if stored is None:
            raise NotFoundError("your account no longer exists", field="memberId")
        profile = {k: v for k, v in stored.items() if k not in _SECRET_PROPERTIES}
        team, site = await repo.member_team(member_id), await repo.member_site(member_id)
        passions = await repo.member_passions(member_id)
        seeks, offers = await repo.member_seeks(member_id), await repo.member_offers(member_id)
        records = await self.store.export_records(member_id=member_id)
        return {
            "exportedAt": rules.utc_now(),
            "profile": profile,
            "role": profile.get("role") or "member",
            "passions": [
                {**asdict(link.passion), "intensity": link.intensity, "since": link.since}
                for link in passions
            ],
            "team": asdict(team) if team else None,
            "site": asdict(site) if site else None,
            "skillsSought": [asdict(skill) for skill in seeks],
            "skillsOffered": [asdict(skill) for skill in offers],
            "bonds": records.bonds,
            "bondRequests": [_with_direction(row, "sent", ("sent", "received")) for row in records.bond_requests],
            "sessions": records.sessions,
            "invitationsCreated": records.invitations,
            "apiTokensCreated": records.api_tokens,
            "relationships": [
                _with_direction(row, "outgoing", ("outgoing", "incoming")) for row in records.relationships
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
        if not await self.store.delete_account(member_id=member_id, handle=member.handle):
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
        claims = self._access_claims(bearer)
        member_id, session_id = claims.get("sub"), claims.get("sid")
        if not _plain_id(member_id) or not _plain_id(session_id):
            raise UnauthenticatedError("the access token is not valid")
        # The session must still exist: signing out ends access at once, and a changed role applies.
        role = await self.store.session_role(
            member_id=member_id, session_id=session_id, now=_stamp(datetime.now(timezone.utc))
        )
        if role is None:
            raise UnauthenticatedError("this session has ended: sign in again")
        return Viewer("member", member_id, role, MEMBER_SCOPES, session_id)

    def _access_claims(self, bearer: str) -> dict[str, Any]:
        try:
            known = self._verified.claims(bearer)
            if known is not None:
                return known
            claims: dict[str, Any] = jwt.decode(
                bearer,
                self._secret,
                algorithms=[JWT_ALGORITHM],
                audience=JWT_AUDIENCE,
                options={"require": ["exp", "sub", "sid", "aud"]},
            )
        except (jwt.ExpiredSignatureError, TokenExpired):
            raise UnauthenticatedError("the access token has expired: refresh it or sign in again") from None
        except jwt.InvalidTokenError:
            raise UnauthenticatedError("the access token is not valid") from None
        self._verified.remember(bearer, claims)
        return claims

    async def _integrator(self, bearer: str) -> Viewer:
        parts = tokens.split_token(bearer, API_TOKEN_PREFIX) if len(bearer) <= TOKEN_INPUT_MAX else None
        stored = await self.store.api_token_secret(token_id=parts[0]) if parts else None
        if not parts or stored is None or not tokens.same_secret(parts[1], stored.token_hash):
            raise UnauthenticatedError("the API token is not valid")
        scopes = frozenset(scope for scope in stored.scopes if scope in SCOPES)
        return Viewer("integrator", None, None, scopes, parts[0])
