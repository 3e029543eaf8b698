"""Provisioning tokens: one per identity provider (or other provisioning client), made and revoked
by organisers. They work only at /scim/v2, never at /graphql. Only a hash is stored; the token
(`ks.<id>.<secret>`) is shown once."""

from __future__ import annotations

from dataclasses import dataclass

from graph_api.accounts import credentials
from graph_api.domain import rules
from graph_api.domain.scim import ProvisioningToken
from graph_api.errors import NotFoundError
from graph_api.store.ids import new_id
from graph_api.store.repository import GraphRepository

PREFIX = "ks"
#: Longer Authorization values are refused before any work.
TOKEN_INPUT_MAX = 300


@dataclass(frozen=True, slots=True)
class IssuedProvisioningToken:
    provisioning_token: ProvisioningToken
    token: str


async def create(repository: GraphRepository, created_by: str, name: str) -> IssuedProvisioningToken:
    token_id, secret = new_id("provisioning"), credentials.new_secret()
    created = await repository.scim.create_token(
        token_id=token_id,
        created_by=created_by,
        name=rules.clean_name(name),
        token_hash=credentials.hash_secret(secret),
        now=rules.utc_now(),
    )
    if created is None:
        raise NotFoundError("your account no longer exists", field="createdBy")
    return IssuedProvisioningToken(created, credentials.join_token(PREFIX, token_id, secret))


async def revoke(repository: GraphRepository, token_id: str) -> None:
    if not await repository.scim.delete_token(rules.check_id(token_id)):
        raise NotFoundError(f"no provisioning token has the id {token_id!r}", field="id")


async def valid(repository: GraphRepository, authorization: str | None) -> bool:
    """Whether an Authorization header carries a live provisioning token (one read at most)."""
    scheme, _, bearer = (authorization or "").partition(" ")
    bearer = bearer.strip()
    if scheme.lower() != "bearer" or len(bearer) > TOKEN_INPUT_MAX:
        return False
    parts = credentials.split_token(bearer, PREFIX)
    if parts is None or not rules.ID_PATTERN.fullmatch(parts[0]):
        return False
    stored = await repository.scim.token_hash(parts[0])
    return credentials.same_secret(parts[1], stored)
