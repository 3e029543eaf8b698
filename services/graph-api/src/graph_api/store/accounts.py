"""Passwords, sessions, invitations, API tokens, reset links and sign-in counters.

Only hashes of secrets are written and read here; the account service (graph_api.accounts)
makes and checks them, and decides expiry and throttling. Each write is one statement: a
method returning None or False wrote nothing (unknown id, expired or used token, a handle
taken meanwhile), and the service says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph_api.domain.accounts import (
    ApiToken,
    HandleHolders,
    Invitation,
    IssuedResetLink,
    MemberRecords,
    SessionOwner,
    SignInAccount,
    SignInCount,
    StoredApiToken,
    StoredInvitation,
    StoredPassword,
    StoredSecret,
)
from graph_api.store.driver import GraphDriver
from graph_api.store.order_keys import JOINED_ORDER, NAME_ORDER, joined_order, name_order, new_member_params
from graph_api.store.outbox import InvitationMail
from graph_api.store.queries import accounts as q
from graph_api.store.queries import throttle as throttle_q


class AccountStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    # Sign-in and sessions ----------------------------------------------------------------------

    async def account_by_handle(self, *, handle: str) -> SignInAccount | None:
        rows = await self._driver.read(q.ACCOUNT_BY_HANDLE, {"handle": handle})
        if not rows:
            return None
        return SignInAccount(rows[0]["id"], rows[0]["passwordHash"], rows[0]["role"])

    async def create_session(
        self, *, member_id: str, session_id: str, token_hash: str, now: str, expires_at: str
    ) -> str | None:
        """Open a session for the member; their role, or None when no member has that id."""
        rows = await self._driver.write(
            q.CREATE_SESSION,
            {"memberId": member_id, "id": session_id, "tokenHash": token_hash, "now": now, "expiresAt": expires_at},
        )
        return rows[0]["role"] if rows else None

    async def rotate_session(
        self, *, session_id: str, token_hash: str, new_token_hash: str, now: str, expires_at: str
    ) -> SessionOwner | None:
        """Replace the session's current refresh token (remembering the old one); None when the
        token is not the current one or the session expired."""
        rows = await self._driver.write(
            q.ROTATE_SESSION,
            {
                "id": session_id,
                "tokenHash": token_hash,
                "now": now,
                "newTokenHash": new_token_hash,
                "expiresAt": expires_at,
            },
        )
        return SessionOwner(rows[0]["memberId"], rows[0]["role"]) if rows else None

    async def end_reused_session(self, *, session_id: str, token_hash: str) -> bool:
        """End the session if `token_hash` is one of its earlier refresh tokens; whether it did."""
        return bool(await self._driver.write(q.END_REUSED_SESSION, {"id": session_id, "tokenHash": token_hash}))

    async def delete_session(self, *, session_id: str) -> None:
        await self._driver.write(q.DELETE_SESSION, {"id": session_id})

    async def session_role(self, *, member_id: str, session_id: str, now: str) -> str | None:
        """The member's role while the session lasts, else None."""
        rows = await self._driver.read(q.SESSION_ROLE, {"memberId": member_id, "id": session_id, "now": now})
        return rows[0]["role"] if rows else None

    # Passwords ---------------------------------------------------------------------------------

    async def set_password_and_role(self, *, member_id: str, password_hash: str, role: str) -> bool:
        rows = await self._driver.write(
            q.SET_PASSWORD_AND_ROLE, {"id": member_id, "passwordHash": password_hash, "role": role}
        )
        return bool(rows)

    async def create_organiser(
        self, *, member_id: str, handle: str, name: str, email: str | None, now: str, password_hash: str
    ) -> str | None:
        """The new organiser's id, or None when the handle was taken meanwhile."""
        params = {
            **new_member_params(member_id=member_id, handle=handle, name=name, email=email, now=now),
            "passwordHash": password_hash,
        }
        rows = await self._driver.write(q.CREATE_ORGANISER, params)
        return rows[0]["id"] if rows else None

    async def stored_password(self, *, member_id: str) -> StoredPassword | None:
        rows = await self._driver.read(q.PASSWORD_HASH, {"memberId": member_id})
        return StoredPassword(rows[0]["passwordHash"], rows[0]["handle"]) if rows else None

    async def change_password(
        self, *, member_id: str, old_hash: str | None, password_hash: str, keep_session_id: str
    ) -> int | None:
        """Set the new hash if the stored one is still `old_hash`, ending every other session;
        how many ended, or None when nothing changed."""
        params = {
            "memberId": member_id,
            "oldHash": old_hash,
            "passwordHash": password_hash,
            "keepSessionId": keep_session_id,
        }
        rows = await self._driver.write(q.CHANGE_PASSWORD, params)
        return int(rows[0]["ended"]) if rows else None

    async def replace_password_hash(self, *, member_id: str, old_hash: str, password_hash: str) -> bool:
        """Set the new hash if the stored one is still `old_hash` (sessions stay as they are)."""
        params = {"memberId": member_id, "oldHash": old_hash, "passwordHash": password_hash}
        return bool(await self._driver.write(q.REPLACE_PASSWORD_HASH, params))

    async def create_password_reset(
        self, *, member_id: str, reset_id: str, token_hash: str, now: str, expires_at: str, created_by: str
    ) -> IssuedResetLink | None:
        """Store a reset link (replacing any earlier one of the member); None for an unknown member."""
        params = {
            "memberId": member_id,
            "id": reset_id,
            "tokenHash": token_hash,
            "now": now,
            "expiresAt": expires_at,
            "createdBy": created_by,
        }
        rows = await self._driver.write(q.CREATE_PASSWORD_RESET, params)
        return IssuedResetLink(rows[0]["handle"], rows[0]["expiresAt"]) if rows else None

    async def reset_password(self, *, reset_id: str, token_hash: str, now: str, password_hash: str) -> str | None:
        """Set the password, consume the link and end every session; the member's id, or None
        when the link is unknown, used, expired or the token is wrong."""
        params = {"id": reset_id, "tokenHash": token_hash, "now": now, "passwordHash": password_hash}
        rows = await self._driver.write(q.RESET_PASSWORD, params)
        return rows[0]["memberId"] if rows else None

    async def password_reset(self, *, reset_id: str) -> StoredSecret | None:
        rows = await self._driver.read(q.PASSWORD_RESET_BY_ID, {"id": reset_id})
        return StoredSecret(rows[0]["tokenHash"], rows[0]["expiresAt"]) if rows else None

    # Invitations -------------------------------------------------------------------------------

    async def create_invite(
        self,
        *,
        invite_id: str,
        created_by: str,
        token_hash: str,
        name: str,
        email: str,
        handle: str,
        role: str,
        now: str,
        expires_at: str,
        mail: InvitationMail | None = None,
    ) -> Invitation | None:
        """None when the inviter is gone or the handle is held (by a member or a pending invite).
        With `mail`, the invitation's mail is queued in the same write."""
        params = {
            "mail": mail.params() if mail else None,
            "createdBy": created_by,
            "id": invite_id,
            "tokenHash": token_hash,
            "name": name,
            "email": email,
            "handle": handle,
            "role": role,
            "now": now,
            "expiresAt": expires_at,
            NAME_ORDER: name_order(name),
        }
        rows = await self._driver.write(q.CREATE_INVITE, params)
        return Invitation(**rows[0]["invite"]) if rows else None

    async def handle_holders(self, *, handle: str, invite_id: str, now: str) -> HandleHolders:
        """Who holds `handle`: members, and pending invitations other than `invite_id`."""
        rows = await self._driver.read(q.HANDLE_HOLDERS, {"handle": handle, "inviteId": invite_id, "now": now})
        if not rows:
            return HandleHolders(0, 0)
        return HandleHolders(int(rows[0]["members"] or 0), int(rows[0]["invites"] or 0))

    async def invite(self, *, invite_id: str) -> StoredInvitation | None:
        rows = await self._driver.read(q.INVITE_BY_ID, {"id": invite_id})
        return StoredInvitation(Invitation(**rows[0]["invite"]), rows[0]["tokenHash"]) if rows else None

    async def invitations(self, *, include_expired: bool, now: str) -> list[Invitation]:
        rows = await self._driver.read(q.LIST_INVITES, {"includeExpired": include_expired, "now": now})
        return [Invitation(**row["invite"]) for row in rows]

    async def accept_invite(
        self,
        *,
        invite_id: str,
        token_hash: str,
        now: str,
        handle: str | None,
        member_id: str,
        password_hash: str,
    ) -> bool:
        """Create the invited member (with `handle`, else the invitation's) and consume the
        invitation, in one write; False when nothing was written."""
        params = {
            "inviteId": invite_id,
            "tokenHash": token_hash,
            "now": now,
            "handle": handle,
            "memberId": member_id,
            "passwordHash": password_hash,
            JOINED_ORDER: joined_order(now),
        }
        return bool(await self._driver.write(q.ACCEPT_INVITE, params))

    async def renew_invite(
        self, *, invite_id: str, token_hash: str, now: str, expires_at: str, mail: InvitationMail | None = None
    ) -> Invitation | None:
        """The invitation with a new token hash and expiry; None when it is gone or its handle is taken.
        With `mail`, the new link's mail is queued (and an unsent one of the old link superseded)."""
        params = {
            "id": invite_id,
            "tokenHash": token_hash,
            "now": now,
            "expiresAt": expires_at,
            "mail": mail.params() if mail else None,
        }
        rows = await self._driver.write(q.RENEW_INVITE, params)
        return Invitation(**rows[0]["invite"]) if rows else None

    async def delete_invite(self, *, invite_id: str) -> bool:
        return bool(await self._driver.write(q.DELETE_INVITE, {"id": invite_id}))

    # API tokens --------------------------------------------------------------------------------

    async def create_api_token(
        self, *, token_id: str, created_by: str, name: str, scopes: Sequence[str], token_hash: str, now: str
    ) -> ApiToken | None:
        """None when the creator is gone."""
        params = {
            "createdBy": created_by,
            "id": token_id,
            "name": name,
            "scopes": list(scopes),
            "tokenHash": token_hash,
            "now": now,
        }
        rows = await self._driver.write(q.CREATE_API_TOKEN, params)
        return ApiToken(**rows[0]["token"]) if rows else None

    async def api_token_secret(self, *, token_id: str) -> StoredApiToken | None:
        rows = await self._driver.read(q.API_TOKEN_BY_ID, {"id": token_id})
        return StoredApiToken(rows[0]["tokenHash"], list(rows[0]["scopes"])) if rows else None

    async def api_tokens(self) -> list[ApiToken]:
        return [ApiToken(**row["token"]) for row in await self._driver.read(q.LIST_API_TOKENS)]

    async def delete_api_token(self, *, token_id: str) -> bool:
        return bool(await self._driver.write(q.DELETE_API_TOKEN, {"id": token_id}))

    # A member's own data -----------------------------------------------------------------------

    async def export_profile(self, *, member_id: str) -> dict[str, Any] | None:
        """Every stored property of the member (hashes included: the service leaves them out)."""
        rows = await self._driver.read(q.EXPORT_PROFILE, {"memberId": member_id})
        return dict(rows[0]["profile"]) if rows else None

    async def export_records(self, *, member_id: str) -> MemberRecords:
        read, params = self._driver.read, {"memberId": member_id}
        return MemberRecords(
            bonds=await read(q.EXPORT_BONDS, params),
            bond_requests=await read(q.EXPORT_BOND_REQUESTS, params),
            sessions=await read(q.EXPORT_SESSIONS, params),
            invitations=[row["invite"] for row in await read(q.EXPORT_INVITES, params)],
            api_tokens=[row["token"] for row in await read(q.EXPORT_API_TOKENS, params)],
            relationships=await read(q.EXPORT_RELATIONSHIPS, params),
        )

    async def delete_account(self, *, member_id: str, handle: str) -> bool:
        """Delete the member with their sessions, reset links and queued mails, in one write; False (nothing
        deleted) when the handle changed meanwhile or the member is the last organiser."""
        return bool(await self._driver.write(q.DELETE_ACCOUNT, {"memberId": member_id, "handle": handle}))

    # Sign-in counters --------------------------------------------------------------------------

    async def record_sign_in_attempt(self, *, keys: Sequence[str], now: int, window: int) -> list[SignInCount]:
        """Count an attempt against every key (one write); each key's count after it."""
        rows = await self._driver.write(throttle_q.RECORD_ATTEMPT, {"keys": list(keys), "now": now, "window": window})
        return [SignInCount(row["key"], int(row["failures"]), int(row["windowStart"])) for row in rows]

    async def forgive_sign_in_attempt(self, *, handle_key: str, address_key: str) -> None:
        """A successful sign-in: the handle's count starts again, the address gets its attempt back."""
        await self._driver.write(throttle_q.FORGIVE_ATTEMPT, {"handleKey": handle_key, "addressKey": address_key})

    async def purge_stale_sign_in_counts(self, *, stale_before: int) -> None:
        await self._driver.write(throttle_q.PURGE_STALE, {"staleBefore": stale_before})
