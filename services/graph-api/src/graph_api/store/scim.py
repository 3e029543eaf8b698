"""SCIM provisioning's reads and writes: managed members and teams, provisioning tokens.

Each write is one statement. A write returning False or None wrote nothing (an unknown id, a
version that moved on, a userName or handle taken, the last organiser); the SCIM storage reads
again to say which.
"""

from __future__ import annotations

from typing import Any

from graph_api.domain.scim import ManagedMember, ManagedTeam, ProvisioningToken
from graph_api.store.driver import GraphDriver, Record
from graph_api.store.order_keys import JOINED_ORDER, NAME_ORDER, joined_order, name_order
from graph_api.store.queries import scim as q


def _pairs(rows: list[list[Any]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(a), str(b or "")) for a, b in rows if a is not None))


def _member(row: Record) -> ManagedMember:
    return ManagedMember(row["node"]["id"], dict(row["node"]), bool(row["active"]), _pairs(row["groups"]))


def _team(row: Record) -> ManagedTeam:
    return ManagedTeam(row["node"]["id"], dict(row["node"]), _pairs(row["members"]))


class ScimStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    # Users ---------------------------------------------------------------------------------------

    async def member(self, member_id: str) -> ManagedMember | None:
        rows = await self._driver.read(q.USER_BY_ID, {"id": member_id})
        return _member(rows[0]) if rows else None

    async def members_by_user_name(self, user_key: str) -> list[ManagedMember]:
        return [_member(row) for row in await self._driver.read(q.USERS_BY_USER_NAME, {"value": user_key})]

    async def members_by_external_id(self, external_id: str) -> list[ManagedMember]:
        return [_member(row) for row in await self._driver.read(q.USERS_BY_EXTERNAL_ID, {"value": external_id})]

    async def members_page(self, skip: int, limit: int) -> list[ManagedMember]:
        rows = await self._driver.read(q.USERS_PAGE, {"skip": skip, "limit": limit})
        return [_member(row) for row in rows]

    async def count_members(self) -> int:
        return int((await self._driver.read(q.COUNT_USERS))[0]["total"])

    async def handle_taken(self, handle: str) -> bool:
        return bool((await self._driver.read(q.HANDLE_TAKEN, {"handle": handle}))[0]["taken"])

    async def managed_among(self, member_ids: list[str]) -> set[str]:
        return {row["id"] for row in await self._driver.read(q.MANAGED_AMONG, {"ids": member_ids})}

    async def create_member(
        self, *, member_id: str, handle: str, user_key: str, user: dict[str, Any], active: bool, now: str
    ) -> bool:
        statement = q.CREATE_ACTIVE_USER if active else q.CREATE_INACTIVE_USER
        params = {
            "id": member_id,
            "handle": handle,
            "userKey": user_key,
            "user": _with_name_order(user),
            "now": now,
            JOINED_ORDER: joined_order(now),
        }
        return bool(await self._driver.write(statement, params))

    async def update_member(
        self,
        *,
        member_id: str,
        user_key: str,
        user: dict[str, Any],
        change: str,
        version: int | None,
        now: str,
    ) -> bool:
        """`change` is "keep", "deactivate" or "reactivate"."""
        statement = {"keep": q.UPDATE_USER, "deactivate": q.DEACTIVATE_USER, "reactivate": q.REACTIVATE_USER}[change]
        params = {"id": member_id, "userKey": user_key, "user": _with_name_order(user), "version": version, "now": now}
        return bool(await self._driver.write(statement, params))

    async def set_aside_passions_of_the_away(self) -> int:
        """Set aside the passions of members deactivated before deactivation did so itself
        (queries/scim.py); how many links it moved, 0 once done."""
        rows = await self._driver.write(q.SET_ASIDE_PASSIONS_OF_THE_AWAY)
        return int(rows[0]["moved"]) if rows else 0

    async def delete_member(self, member_id: str, version: int | None) -> bool:
        return bool(await self._driver.write(q.DELETE_USER, {"id": member_id, "version": version}))

    # Groups --------------------------------------------------------------------------------------

    async def team(self, team_id: str) -> ManagedTeam | None:
        rows = await self._driver.read(q.GROUP_BY_ID, {"id": team_id})
        return _team(rows[0]) if rows else None

    async def teams_by_name(self, name_key: str) -> list[ManagedTeam]:
        return [_team(row) for row in await self._driver.read(q.GROUPS_BY_DISPLAY_NAME, {"value": name_key})]

    async def teams_by_external_id(self, external_id: str) -> list[ManagedTeam]:
        return [_team(row) for row in await self._driver.read(q.GROUPS_BY_EXTERNAL_ID, {"value": external_id})]

    async def teams_page(self, skip: int, limit: int) -> list[ManagedTeam]:
        return [_team(row) for row in await self._driver.read(q.GROUPS_PAGE, {"skip": skip, "limit": limit})]

    async def count_teams(self) -> int:
        return int((await self._driver.read(q.COUNT_GROUPS))[0]["total"])

    async def unknown_members(self, member_ids: list[str]) -> list[str]:
        return [row["id"] for row in await self._driver.read(q.UNKNOWN_USERS, {"ids": member_ids})]

    async def create_team(self, *, team_id: str, group: dict[str, Any], member_ids: list[str], now: str) -> bool:
        params = {"id": team_id, "group": group, "memberIds": member_ids, "now": now}
        return bool(await self._driver.write(q.CREATE_GROUP, params))

    async def update_team(
        self, *, team_id: str, group: dict[str, Any], member_ids: list[str], version: int | None, now: str
    ) -> bool:
        params = {"id": team_id, "group": group, "memberIds": member_ids, "version": version, "now": now}
        return bool(await self._driver.write(q.UPDATE_GROUP, params))

    async def delete_team(self, team_id: str, version: int | None) -> bool:
        return bool(await self._driver.write(q.DELETE_GROUP, {"id": team_id, "version": version}))

    # Provisioning tokens -------------------------------------------------------------------------

    async def create_token(
        self, *, token_id: str, created_by: str, name: str, token_hash: str, now: str
    ) -> ProvisioningToken | None:
        params = {"id": token_id, "createdBy": created_by, "name": name, "tokenHash": token_hash, "now": now}
        rows = await self._driver.write(q.CREATE_PROVISIONING_TOKEN, params)
        return ProvisioningToken(**rows[0]["token"]) if rows else None

    async def token_hash(self, token_id: str) -> str | None:
        rows = await self._driver.read(q.PROVISIONING_TOKEN_HASH, {"id": token_id})
        return rows[0]["tokenHash"] if rows else None

    async def tokens(self) -> list[ProvisioningToken]:
        return [ProvisioningToken(**row["token"]) for row in await self._driver.read(q.LIST_PROVISIONING_TOKENS)]

    async def delete_token(self, token_id: str) -> bool:
        return bool(await self._driver.write(q.DELETE_PROVISIONING_TOKEN, {"id": token_id}))


def _with_name_order(user: dict[str, Any]) -> dict[str, Any]:
    """The properties to write, with the name's order key when they change the name."""
    name = user.get("name")
    return {**user, NAME_ORDER: name_order(name)} if isinstance(name, str) else user
