"""Accounts: signing in and out, passwords, invitations, API tokens for integrators, and a member's own data.

The web app's refresh token travels in an HttpOnly, SameSite=Strict cookie limited to /graphql,
set by every mutation that signs in and read by `refreshToken` when no token is passed.
"""

from __future__ import annotations

import enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from graph_api.accounts import service
from graph_api.accounts.service import TokenPair
from graph_api.accounts.throttle import client_address
from graph_api.api.context import Info
from graph_api.api.ids import plain_id
from graph_api.api.permissions import MEMBER, ORGANISER
from graph_api.api.types import Member
from graph_api.domain import rules
from graph_api.errors import NotFoundError, UnauthenticatedError


REFRESH_COOKIE = "kindred_refresh"
COOKIE_PATH = "/graphql"


def _keep_refresh_cookie(info: Info, refresh_token: str) -> None:
    max_age = info.context.settings.refresh_token_days * 24 * 3600
    info.context.response.set_cookie(REFRESH_COOKIE, refresh_token, max_age=max_age, **_cookie_options(info))


def _drop_refresh_cookie(info: Info) -> None:
    info.context.response.delete_cookie(REFRESH_COOKIE, **_cookie_options(info))


def _cookie_options(info: Info) -> dict[str, Any]:
    """Where the refresh cookie lives and who may read it: the browser sends it to /graphql only."""
    secure = info.context.settings.public_url.lower().startswith("https://")
    return {"path": COOKIE_PATH, "secure": secure, "httponly": True, "samesite": "strict"}


def _address(info: Info) -> str:
    request = info.context.request
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.get("x-forwarded-for"), info.context.settings.trusted_proxies)


@strawberry.type(description="A short-lived access token (send as `Authorization: Bearer ...`) and a refresh token.")
class AuthPayload:
    access_token: str
    refresh_token: str | None = strawberry.field(
        description="The new refresh token; null when it was read from the session cookie (it stays in the cookie, "
        "out of reach of scripts). The web app's cookie is set either way."
    )
    expires_at: str = strawberry.field(description="When the access token expires (ISO-8601 UTC).")
    member_key: strawberry.Private[str]

    @classmethod
    def from_pair(cls, pair: TokenPair) -> AuthPayload:
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            expires_at=pair.expires_at,
            member_key=pair.member_id,
        )

    @classmethod
    def signed_in(cls, info: Info, pair: TokenPair, *, show_refresh_token: bool = True) -> AuthPayload:
        _keep_refresh_cookie(info, pair.refresh_token)
        payload = cls.from_pair(pair)
        if not show_refresh_token:
            payload.refresh_token = None
        return payload

    @strawberry.field(description="The member signed in.")
    async def member(self, info: Info) -> Member:
        member = await info.context.loaders.member.load(self.member_key)
        if member is None:
            raise NotFoundError("the account no longer exists")
        return Member.from_model(member)


async def _member_or_none(info: Info, member_id: str | None) -> Member | None:
    found = await info.context.loaders.member.load(member_id) if member_id else None
    return Member.from_model(found) if found else None


@strawberry.enum(description="What a member may do: organisers also manage invitations and API tokens.")
class MemberRole(enum.Enum):
    MEMBER = "member"
    ORGANISER = "organiser"


@strawberry.enum(description="What an API token may do: READ queries; WRITE the mutations open to integrators.")
class ApiScope(enum.Enum):
    READ = "read"
    WRITE = "write"


@strawberry.input(description="Who to invite: the member account is created with this profile on acceptance.")
class InviteMemberInput:
    name: str
    email: str
    handle: str = strawberry.field(description="Reserved for the invitee while the invitation is pending.")
    role: MemberRole = MemberRole.MEMBER


@strawberry.type(description="An invitation not yet accepted.")
class Invitation:
    id: strawberry.ID
    handle: str
    name: str
    email: str
    role: MemberRole
    created_at: str
    expires_at: str
    expired: bool
    created_by_key: strawberry.Private[str | None]

    @classmethod
    def from_record(cls, invitation: service.Invitation, now: str) -> Invitation:
        return cls(
            id=strawberry.ID(invitation.id),
            handle=invitation.handle,
            name=invitation.name,
            email=invitation.email,
            role=MemberRole(invitation.role),
            created_at=invitation.createdAt,
            expires_at=invitation.expiresAt,
            expired=invitation.expiresAt <= now,
            created_by_key=invitation.createdBy,
        )

    @strawberry.field(description="The organiser who sent it (null once their account is deleted).")
    async def invited_by(self, info: Info) -> Member | None:
        return await _member_or_none(info, self.created_by_key)


@strawberry.type(description="What an invitation link opens, as its invitee sees it.")
class InvitationPreview:
    name: str
    handle: str
    expires_at: str = strawberry.field(description="When the link stops working, ISO-8601 UTC.")


@strawberry.type(description="A new invitation. The token is shown only now: pass it (or the link) to the invitee.")
class InvitationPayload:
    token: str
    link: str = strawberry.field(description="The web app's page for accepting, with the token in it.")
    expires_at: str
    invitation: Invitation


@strawberry.type(description="A password reset link for a member. Shown only now: pass it to the member.")
class PasswordResetLinkPayload:
    link: str = strawberry.field(description="The web app's page for choosing a new password, with the token in it.")
    token: str
    expires_at: str
    member_key: strawberry.Private[str]

    @strawberry.field(description="The member whose password the link resets.")
    async def member(self, info: Info) -> Member:
        member = await info.context.loaders.member.load(self.member_key)
        if member is None:
            raise NotFoundError("the account no longer exists")
        return Member.from_model(member)


@strawberry.type(description="An API token for an integrator (its secret is never shown again).")
class ApiToken:
    id: strawberry.ID
    name: str
    scopes: list[ApiScope]
    created_at: str
    created_by_key: strawberry.Private[str | None]

    @classmethod
    def from_record(cls, token: service.ApiToken) -> ApiToken:
        return cls(
            id=strawberry.ID(token.id),
            name=token.name,
            scopes=[ApiScope(scope) for scope in token.scopes],
            created_at=token.createdAt,
            created_by_key=token.createdBy,
        )

    @strawberry.field(description="The organiser who created it (null once their account is deleted).")
    async def created_by(self, info: Info) -> Member | None:
        return await _member_or_none(info, self.created_by_key)


@strawberry.type(description="A new API token. The token is shown only now: send it as `Authorization: Bearer ...`.")
class ApiTokenPayload:
    token: str
    api_token: ApiToken


@strawberry.type
class AccountQueries:
    @strawberry.field(description="Invitations not yet accepted, newest first.", permission_classes=ORGANISER)
    async def invitations(self, info: Info, include_expired: bool = False) -> list[Invitation]:
        now = rules.utc_now()
        found = await info.context.accounts.invitations(include_expired=include_expired)
        return [Invitation.from_record(invitation, now) for invitation in found]

    @strawberry.field(
        description="What an invitation link opens, checked before the invitee types a password: the name and "
        "handle it was made for and when it expires. A link that no longer works (used, withdrawn, replaced by "
        "a newer one, expired or malformed) is refused with UNAUTHENTICATED, saying which."
    )
    async def invitation_by_token(self, info: Info, token: str) -> InvitationPreview:
        found = await info.context.accounts.check_invitation(token)
        return InvitationPreview(name=found.name, handle=found.handle, expires_at=found.expiresAt)

    @strawberry.field(description="API tokens, newest first (without their secrets).", permission_classes=ORGANISER)
    async def api_tokens(self, info: Info) -> list[ApiToken]:
        return [ApiToken.from_record(token) for token in await info.context.accounts.api_tokens()]

    @strawberry.field(
        description="Everything the graph holds about you, as JSON (no password or token hashes).",
        permission_classes=MEMBER,
    )
    async def export_my_data(self, info: Info) -> JSON:
        data: dict[str, Any] = await info.context.accounts.export_member_data(info.context.require_member_id())
        return data


@strawberry.type
class AccountMutations:
    @strawberry.mutation(
        description="Sign in with a handle and password. Repeated failures per handle or per address are "
        "refused for a while with RATE_LIMITED (extensions.retryAfter: seconds)."
    )
    async def sign_in(self, info: Info, handle: str, password: str) -> AuthPayload:
        pair = await info.context.accounts.sign_in(handle, password, address=_address(info))
        return AuthPayload.signed_in(info, pair)

    @strawberry.mutation(
        description="Trade a refresh token (the argument, or else the web app's session cookie) for new tokens; "
        "the old refresh token stops working, and presenting it again ends the whole session."
    )
    async def refresh_token(self, info: Info, refresh_token: str | None = None) -> AuthPayload:
        from_cookie = refresh_token is None
        token = info.context.request.cookies.get(REFRESH_COOKIE) if from_cookie else refresh_token
        if not token:
            raise UnauthenticatedError("no refresh token: sign in again")
        try:
            pair = await info.context.accounts.refresh(token)
        except UnauthenticatedError:
            if from_cookie:
                _drop_refresh_cookie(info)
            raise
        return AuthPayload.signed_in(info, pair, show_refresh_token=not from_cookie)

    @strawberry.mutation(description="End this session: its access and refresh tokens stop working.",
                         permission_classes=MEMBER)
    async def sign_out(self, info: Info) -> bool:
        await info.context.accounts.sign_out(info.context.require_viewer())
        _drop_refresh_cookie(info)
        return True

    @strawberry.mutation(
        description="Change your password (give the current one); your other sessions end. "
        "Returns how many other sessions ended.",
        permission_classes=MEMBER,
    )
    async def change_password(self, info: Info, current_password: str, new_password: str) -> int:
        return await info.context.accounts.change_password(
            info.context.require_viewer(), current_password, new_password, address=_address(info)
        )

    @strawberry.mutation(
        description="A single-use link that lets a member choose a new password (replaces any earlier link for them).",
        permission_classes=ORGANISER,
    )
    async def create_password_reset_link(self, info: Info, member_id: strawberry.ID) -> PasswordResetLinkPayload:
        key = plain_id(member_id, "Member", field="memberId")
        issued = await info.context.accounts.create_password_reset(info.context.require_member_id(), key)
        return PasswordResetLinkPayload(
            link=issued.link, token=issued.token, expires_at=issued.expires_at, member_key=issued.member_id
        )

    @strawberry.mutation(
        description="Choose a new password with a reset link's token: the link is used up, every session of the "
        "member ends, and you are signed in."
    )
    async def reset_password(self, info: Info, token: str, new_password: str) -> AuthPayload:
        return AuthPayload.signed_in(info, await info.context.accounts.reset_password(token, new_password))

    @strawberry.mutation(
        description="Invite someone; the handle is reserved for them until the invitation expires.",
        permission_classes=ORGANISER,
    )
    async def invite_member(self, info: Info, input: InviteMemberInput) -> InvitationPayload:
        issued = await info.context.accounts.invite(
            info.context.require_member_id(),
            name=input.name,
            email=input.email,
            handle=input.handle,
            role=input.role.value,
        )
        invitation = Invitation.from_record(issued.invitation, rules.utc_now())
        return InvitationPayload(
            token=issued.token, link=issued.link, expires_at=invitation.expires_at, invitation=invitation
        )

    @strawberry.mutation(
        description="Accept an invitation: creates your account (optionally under another handle) and signs you in."
    )
    async def accept_invite(
        self, info: Info, token: str, password: str, handle: str | None = None
    ) -> AuthPayload:
        pair = await info.context.accounts.accept_invite(token, password, handle=handle)
        return AuthPayload.signed_in(info, pair)

    @strawberry.mutation(
        description="A new link for an invitation (pending or expired): the old link stops working and the new one "
        "is valid for the usual number of days. Its token is shown only now, as when inviting.",
        permission_classes=ORGANISER,
    )
    async def renew_invitation(self, info: Info, id: strawberry.ID) -> InvitationPayload:
        issued = await info.context.accounts.renew_invitation(str(id))
        invitation = Invitation.from_record(issued.invitation, rules.utc_now())
        return InvitationPayload(
            token=issued.token, link=issued.link, expires_at=invitation.expires_at, invitation=invitation
        )

    @strawberry.mutation(description="Withdraw an invitation: its token stops working.", permission_classes=ORGANISER)
    async def revoke_invitation(self, info: Info, id: strawberry.ID) -> bool:
        await info.context.accounts.revoke_invitation(id)
        return True

    @strawberry.mutation(description="Create an API token for an integrator.", permission_classes=ORGANISER)
    async def create_api_token(self, info: Info, name: str, scopes: list[ApiScope]) -> ApiTokenPayload:
        issued = await info.context.accounts.create_api_token(
            info.context.require_member_id(), name, [scope.value for scope in scopes]
        )
        return ApiTokenPayload(token=issued.token, api_token=ApiToken.from_record(issued.api_token))

    @strawberry.mutation(description="Revoke an API token: it stops working at once.", permission_classes=ORGANISER)
    async def revoke_api_token(self, info: Info, id: strawberry.ID) -> bool:
        await info.context.accounts.revoke_api_token(id)
        return True

    @strawberry.mutation(
        description="Delete your account, every relationship you have and your sessions. "
        "confirmHandle must be your handle.",
        permission_classes=MEMBER,
    )
    async def delete_my_account(self, info: Info, confirm_handle: str) -> bool:
        await info.context.accounts.delete_account(info.context.require_member_id(), confirm_handle)
        return True
