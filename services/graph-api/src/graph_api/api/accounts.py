"""Signing in and out, refreshing the access token."""

from __future__ import annotations

import strawberry

from graph_api.accounts.service import TokenPair
from graph_api.api.context import Info
from graph_api.api.permissions import MEMBER
from graph_api.api.types import Member
from graph_api.errors import NotFoundError


@strawberry.type(description="A short-lived access token (send as `Authorization: Bearer ...`) and a refresh token.")
class AuthPayload:
    access_token: str
    refresh_token: str
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

    @strawberry.field(description="The member signed in.")
    async def member(self, info: Info) -> Member:
        member = await info.context.loaders.member.load(self.member_key)
        if member is None:
            raise NotFoundError("the account no longer exists")
        return Member.from_model(member)


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Sign in with a handle and password.")
    async def sign_in(self, info: Info, handle: str, password: str) -> AuthPayload:
        return AuthPayload.from_pair(await info.context.accounts.sign_in(handle, password))

    @strawberry.mutation(description="Trade a refresh token for new tokens; the old refresh token stops working.")
    async def refresh_token(self, info: Info, refresh_token: str) -> AuthPayload:
        return AuthPayload.from_pair(await info.context.accounts.refresh(refresh_token))

    @strawberry.mutation(description="End this session: its access and refresh tokens stop working.",
                         permission_classes=MEMBER)
    async def sign_out(self, info: Info) -> bool:
        await info.context.accounts.sign_out(info.context.require_viewer())
        return True
