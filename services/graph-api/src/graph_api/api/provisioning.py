"""Provisioning tokens for identity providers (SCIM, served at /scim/v2 by graph_api.scim), and the
rule that a provisioned member's name, e-mail and team change only at their identity provider."""

from __future__ import annotations

import strawberry

from graph_api.api.accounts import _member_or_none
from graph_api.api.context import Info
from graph_api.api.permissions import ORGANISER
from graph_api.api.types import Member
from graph_api.domain.scim import ProvisioningToken as ProvisioningTokenRecord
from graph_api.errors import ManagedByProviderError
from graph_api.scim import tokens

#: What the identity provider owns on a provisioned member.
MANAGED_FIELDS = frozenset({"name", "email", "team"})


async def refuse_if_managed(info: Info, member_id: str, changed: set[str] | frozenset[str]) -> None:
    """Refuse a change to what the identity provider owns on a provisioned member."""
    touched = sorted(MANAGED_FIELDS & set(changed))
    if not touched:
        return
    member = await info.context.loaders.member.load(member_id)
    if member is not None and member.scimManaged:
        raise ManagedByProviderError(
            "your organisation's identity provider manages this member's name, e-mail and team: "
            "change them there",
            field=touched[0],
        )


@strawberry.type(description="A provisioning token for an identity provider (its secret is never shown again).")
class ProvisioningToken:
    id: strawberry.ID
    name: str
    created_at: str
    created_by_key: strawberry.Private[str | None]

    @classmethod
    def from_record(cls, token: ProvisioningTokenRecord) -> ProvisioningToken:
        return cls(
            id=strawberry.ID(token.id),
            name=token.name,
            created_at=token.createdAt,
            created_by_key=token.createdBy,
        )

    @strawberry.field(description="The organiser who created it (null once their account is deleted).")
    async def created_by(self, info: Info) -> Member | None:
        return await _member_or_none(info, self.created_by_key)


@strawberry.type(
    description="A new provisioning token. It is shown only now: give it to the identity provider as its secret token."
)
class ProvisioningTokenPayload:
    token: str
    provisioning_token: ProvisioningToken


@strawberry.type
class ProvisioningQueries:
    @strawberry.field(
        description="Provisioning tokens for identity providers, newest first (without their secrets).",
        permission_classes=ORGANISER,
    )
    async def provisioning_tokens(self, info: Info) -> list[ProvisioningToken]:
        return [ProvisioningToken.from_record(t) for t in await info.context.repository.scim.tokens()]


@strawberry.type
class ProvisioningMutations:
    @strawberry.mutation(
        description="Create a provisioning token for an identity provider (SCIM at /scim/v2).",
        permission_classes=ORGANISER,
    )
    async def create_provisioning_token(self, info: Info, name: str) -> ProvisioningTokenPayload:
        viewer_id = info.context.require_member_id()
        issued = await tokens.create(info.context.repository, viewer_id, name)
        return ProvisioningTokenPayload(
            token=issued.token, provisioning_token=ProvisioningToken.from_record(issued.provisioning_token)
        )

    @strawberry.mutation(description="Revoke a provisioning token: it stops working at once.", permission_classes=ORGANISER)
    async def revoke_provisioning_token(self, info: Info, id: strawberry.ID) -> bool:
        await tokens.revoke(info.context.repository, id)
        return True
