"""scim2-server's asynchronous storage over Kindred's store: Users are members, Groups are teams.

scim2-server does the protocol (parsing and validating resources, PATCH, filters, paging,
ETags, errors); this storage only turns resources into store writes and store records back
into resources. The whole resource is kept on the member or team (`scimResource`, as JSON,
without password, id, meta or groups) so what the identity provider wrote
reads back the same; the parts Kindred uses (name, e-mail, team) are copied to the member.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime
from typing import Any, Union

from scim2_models import (
    Group,
    GroupMember,
    InvalidFilterException,
    InvalidValueException,
    Meta,
    NotFoundException,
    PreconditionFailedException,
    Resource,
    ResourceType,
    ResponseParameters,
    ScimFilter,
    SearchRequest,
    TooManyException,
    UniquenessException,
)
from scim2_models.path import CompareOperator, Comparison
from scim2_server.storage import AsyncScimStorage, SearchPage
from scim2_server.utils import parametrize

from graph_api.domain import rules
from graph_api.domain.scim import ManagedMember, ManagedTeam
from graph_api.errors import BadInputError, ConflictError
from graph_api.scim import limits
from graph_api.store.ids import new_id
from graph_api.store.repository import GraphRepository

_VERSION = re.compile(r'^(?:W/)?"(\d{1,18})"$')
_HANDLE_CHARACTERS = re.compile(r"[^a-z0-9._-]+")
# Kept by Kindred itself, never in the stored copy of the resource. ("active" and "members" stay in
# the copy to tell whether the client gave them, and the members' display names as written: the
# graph says who is active and who is in a team.)
_USER_OWN = {"id", "meta", "groups", "password"}
_GROUP_OWN = {"id", "meta"}


def _version(expected: str | None) -> int | None:
    if expected is None:
        return None
    match = _VERSION.fullmatch(expected.strip())
    if match is None:
        raise PreconditionFailedException(detail="this version is not one Kindred gave")
    return int(match.group(1))


def _stamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _meta(node: dict[str, Any], resource_type: str) -> Meta:
    return Meta(
        resource_type=resource_type,
        created=_stamp(node.get("scimCreated")),
        last_modified=_stamp(node.get("scimModified")),
        version=f'W/"{node.get("scimVersion", 1)}"',
    )


def _stored_copy(resource: Resource[Any], own: set[str]) -> str:
    data = resource.model_dump(mode="json")
    text = json.dumps({key: value for key, value in data.items() if key not in own}, separators=(",", ":"))
    limits.check_stored_size(text)
    return text


def _display_name(user: Any) -> str:
    name = user.name
    candidates = [
        user.display_name,
        name.formatted if name else None,
        " ".join(part for part in (name.given_name, name.family_name) if part) if name else None,
        user.user_name,
    ]
    text = next((value.strip() for value in candidates if value and value.strip()), "")
    try:
        return rules.clean_name(text[: rules.NAME_MAX])
    except BadInputError:
        raise InvalidValueException(detail="give the person a name Kindred can show", attribute="displayName") from None


def _email(user: Any) -> str | None:
    emails = list(user.emails or [])
    ordered = [e for e in emails if e.primary] + [e for e in emails if e.type == "work"] + emails
    for candidate in [*(e.value for e in ordered), user.user_name]:
        try:
            return rules.check_email(candidate)
        except BadInputError:
            continue
    return None


def _handle_base(user_name: str) -> str:
    local = user_name.split("@", 1)[0].lower()
    base = _HANDLE_CHARACTERS.sub("-", local).strip("._-")[:30]
    return base if len(base) >= 3 else f"member-{base}".strip("-")


def _comparison(scim_filter: ScimFilter[Any] | None) -> tuple[str, str] | None:
    """(field name, value) of a filter comparing one string attribute with eq, else None."""
    if scim_filter is None or scim_filter.model is None:
        return None
    node = scim_filter.ast
    if not isinstance(node, Comparison) or node.op != CompareOperator.eq or not isinstance(node.value, str):
        return None
    binding = scim_filter.resolve_comparison(node.attr_path, strict=False)
    if binding is None or binding.is_multivalued or binding.sub_field_name is not None:
        return None
    return binding.field_name, node.value


class KindredScimStorage(AsyncScimStorage):
    """Users and Groups over `repository.scim`; `user_model` and `group_model` are the provider's."""

    def __init__(self, repository: GraphRepository, user_model: type[Resource[Any]], group_model: type[Resource[Any]]):
        self.store = repository.scim
        self.user_model = user_model
        self.group_model = group_model

    # Records -> resources -----------------------------------------------------------------------

    def _user(self, member: ManagedMember) -> Resource[Any]:
        data = json.loads(member.node.get("scimResource") or "{}")
        data["id"] = member.id
        if "active" in data or not member.active:
            data["active"] = member.active
        if member.groups:
            data["groups"] = [
                {"value": team_id, "display": name, "$ref": f"Groups/{team_id}", "type": "direct"}
                for team_id, name in member.groups
            ]
        user = self.user_model.model_validate(data)
        user.meta = _meta(member.node, "User")
        return user

    def _group(self, team: ManagedTeam) -> Resource[Any]:
        data = json.loads(team.node.get("scimResource") or "{}")
        data["id"] = team.id
        shown = {str(m.get("value")): m.get("display") for m in data.pop("members", None) or [] if isinstance(m, dict)}
        if team.members:
            data["members"] = [
                {"value": member_id, "display": shown.get(member_id) or name, "$ref": f"Users/{member_id}", "type": "User"}
                for member_id, name in team.members
            ]
        group = self.group_model.model_validate(data)
        group.meta = _meta(team.node, "Group")
        return group

    # Resources -> store values -------------------------------------------------------------------

    def _user_values(self, user: Any) -> tuple[str, dict[str, Any]]:
        user_name = limits.check_text(user.user_name, "userName")
        external_id = limits.check_text(user.external_id, "externalId") if user.external_id else None
        values = {
            "name": _display_name(user),
            "email": _email(user),
            "scimUserName": user_name,
            "scimUserKey": user_name.lower(),
            "scimExternalId": external_id,
            "scimResource": _stored_copy(user, _USER_OWN),
        }
        return user_name.lower(), values

    def _group_values(self, group: Any) -> tuple[dict[str, Any], list[str]]:
        display = limits.check_text(group.display_name, "displayName")
        try:
            name = rules.clean_name(display)
        except BadInputError:
            raise InvalidValueException(detail="give the group a name Kindred can show", attribute="displayName") from None
        members: list[GroupMember] = list(group.members or [])
        limits.check_group_size(len(members))
        if any(member.type not in (None, "User") for member in members):
            raise InvalidValueException(detail="a Kindred team holds people, not other groups", attribute="members")
        member_ids = list(dict.fromkeys(str(member.value) for member in members if member.value))
        values = {
            "name": name,
            "scimNameKey": display.lower(),
            "scimExternalId": limits.check_text(group.external_id, "externalId") if group.external_id else None,
            "scimResource": _stored_copy(group, _GROUP_OWN),
        }
        return values, member_ids

    async def _check_members(self, member_ids: list[str]) -> None:
        unknown = await self.store.unknown_members(member_ids) if member_ids else []
        if unknown:
            raise InvalidValueException(
                detail=f"no provisioned user has the id {unknown[0]!r}", attribute="members"
            )

    async def _free_handle(self, user_name: str) -> str:
        base = _handle_base(user_name)
        for _attempt in range(5):
            handle = base if _attempt == 0 else f"{base[:30]}-{secrets.token_hex(3)}"
            if not await self.store.handle_taken(handle):
                return rules.check_handle(handle)
        raise UniquenessException(detail="no free handle for this userName: try again")

    # AsyncScimStorage -----------------------------------------------------------------------------

    async def get(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        response_parameters: ResponseParameters[Any] | None = None,
    ) -> Resource[Any]:
        if len(resource_id) > limits.ID_MAX:
            raise NotFoundException(detail="no such resource")
        if resource_type.name == "User":
            member = await self.store.member(resource_id)
            if member is not None:
                return self._user(member)
        else:
            team = await self.store.team(resource_id)
            if team is not None:
                return self._group(team)
        raise NotFoundException(detail=f"no {resource_type.name} has this id")

    async def search(
        self,
        resource_types: list[ResourceType],
        search_request: SearchRequest[Any],
        *,
        position: Any = None,
    ) -> SearchPage:
        start = search_request.start_index_0 or 0
        count = limits.PAGE_MAX if search_request.count is None else search_request.count
        scim_filter = search_request.filter
        if len(resource_types) == 1 and scim_filter is None:
            if resource_types[0].name == "User":
                total, page = await self.store.count_members(), await self.store.members_page(start, count)
                return SearchPage(total, [self._user(member) for member in page])
            total, teams = await self.store.count_teams(), await self.store.teams_page(start, count)
            return SearchPage(total, [self._group(team) for team in teams])
        matching: list[Resource[Any]] = []
        for resource_type in resource_types:
            is_user = resource_type.name == "User"
            found = await self._candidates(is_user, scim_filter)
            if scim_filter is not None:
                model = self.user_model if is_user else self.group_model
                matcher = (
                    scim_filter
                    if scim_filter.model is not None
                    else parametrize(ScimFilter, Union[model])(str(scim_filter))  # noqa: UP007
                )
                found = [resource for resource in found if matcher.match(resource)]
            matching.extend(found)
        return SearchPage(len(matching), matching[start : start + count])

    async def _candidates(self, is_user: bool, scim_filter: ScimFilter[Any] | None) -> list[Resource[Any]]:
        """The resources a filter may match: found by index for `eq` on a key, else all (bounded)."""
        compared = _comparison(scim_filter)
        if compared is not None:
            field, value = compared
            if len(value) > limits.TEXT_MAX:
                return []
            if is_user and field == "user_name":
                return [self._user(m) for m in await self.store.members_by_user_name(value.lower())]
            if is_user and field == "external_id":
                return [self._user(m) for m in await self.store.members_by_external_id(value)]
            if not is_user and field == "display_name":
                return [self._group(t) for t in await self.store.teams_by_name(value.lower())]
            if not is_user and field == "external_id":
                return [self._group(t) for t in await self.store.teams_by_external_id(value)]
        total = await (self.store.count_members() if is_user else self.store.count_teams())
        if total > limits.SCAN_MAX:
            raise TooManyException(
                detail=f"filter on userName, externalId or displayName with eq: over {limits.SCAN_MAX} resources"
            )
        if is_user:
            return [self._user(m) for m in await self.store.members_page(0, limits.SCAN_MAX)]
        return [self._group(t) for t in await self.store.teams_page(0, limits.SCAN_MAX)]

    async def create(self, resource_type: ResourceType, resource: Resource[Any]) -> Resource[Any]:
        now = rules.utc_now()
        if resource_type.name == "User":
            user_key, values = self._user_values(resource)
            if await self.store.members_by_user_name(user_key):
                raise UniquenessException(detail="another user has this userName")
            member_id = new_id("member")
            handle = await self._free_handle(values["scimUserName"])
            active = resource.active is not False  # type: ignore[attr-defined]
            try:
                created = await self.store.create_member(
                    member_id=member_id, handle=handle, user_key=user_key, user=values, active=active, now=now
                )
            except ConflictError:
                created = False
            if not created:
                raise UniquenessException(detail="another user has this userName")
            return await self.get(resource_type, member_id)
        values, member_ids = self._group_values(resource)
        await self._check_members(member_ids)
        team_id = new_id("team")
        if not await self.store.create_team(team_id=team_id, group=values, member_ids=member_ids, now=now):
            raise InvalidValueException(detail="a member of this group is no longer provisioned", attribute="members")
        return await self.get(resource_type, team_id)

    async def update(
        self,
        resource_type: ResourceType,
        resource: Resource[Any],
        *,
        expected_version: str | None = None,
    ) -> Resource[Any]:
        version, now, resource_id = _version(expected_version), rules.utc_now(), str(resource.id)
        if resource_type.name == "User":
            current = await self.store.member(resource_id)
            if current is None:
                raise NotFoundException(detail="no User has this id")
            user_key, values = self._user_values(resource)
            active = resource.active is not False  # type: ignore[attr-defined]
            change = "keep" if active == current.active else ("reactivate" if active else "deactivate")
            try:
                written = await self.store.update_member(
                    member_id=resource_id, user_key=user_key, user=values, change=change, version=version, now=now
                )
            except ConflictError:
                written = False
            if not written:
                await self._explain_unwritten_user(current, user_key, change, version)
            return await self.get(resource_type, resource_id)
        values, member_ids = self._group_values(resource)
        await self._check_members(member_ids)
        if not await self.store.update_team(
            team_id=resource_id, group=values, member_ids=member_ids, version=version, now=now
        ):
            team = await self.store.team(resource_id)
            if team is None:
                raise NotFoundException(detail="no Group has this id")
            if version is not None and team.node.get("scimVersion") != version:
                raise PreconditionFailedException(detail="the group changed since this version")
            raise InvalidValueException(detail="a member of this group is no longer provisioned", attribute="members")
        return await self.get(resource_type, resource_id)

    async def _explain_unwritten_user(
        self, before: ManagedMember, user_key: str, change: str, version: int | None
    ) -> None:
        now = await self.store.member(before.id)
        if now is None:
            raise NotFoundException(detail="no User has this id")
        if version is not None and now.node.get("scimVersion") != version:
            raise PreconditionFailedException(detail="the user changed since this version")
        if any(other.id != before.id for other in await self.store.members_by_user_name(user_key)):
            raise UniquenessException(detail="another user has this userName")
        if change == "deactivate":
            raise InvalidValueException(
                detail="this is the community's only organiser: make someone else an organiser first",
                attribute="active",
            )
        if change == "reactivate":
            raise UniquenessException(detail="another member took this person's handle while they were away")
        raise PreconditionFailedException(detail="the user changed meanwhile: read it again")

    async def delete(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        expected_version: str | None = None,
    ) -> None:
        version = _version(expected_version)
        if resource_type.name == "User":
            if not await self.store.delete_member(resource_id, version):
                member = await self.store.member(resource_id)
                if member is None:
                    raise NotFoundException(detail="no User has this id")
                if version is not None and member.node.get("scimVersion") != version:
                    raise PreconditionFailedException(detail="the user changed since this version")
                raise InvalidValueException(
                    detail="this is the community's only organiser: make someone else an organiser first"
                )
            return
        if not await self.store.delete_team(resource_id, version):
            if await self.store.team(resource_id) is None:
                raise NotFoundException(detail="no Group has this id")
            raise PreconditionFailedException(detail="the group changed since this version")
