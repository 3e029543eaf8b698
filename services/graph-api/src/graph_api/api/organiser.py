"""Organisers' tools: members and their roles, teams, sites, their assignments, and merging passions.

Each mutation validates everything before it writes, and writes with one statement (only
updateTeam given both a name and a parent writes twice, after validating both), so a
refused call leaves the graph as it was. Deletions return the deleted node's global id.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.relay import GlobalID

from graph_api.api.accounts import MemberRole
from graph_api.api.context import Info
from graph_api.api.ids import plain_id
from graph_api.api.permissions import ORGANISER
from graph_api.api.provisioning import refuse_if_managed
from graph_api.api.types import Member, Passion, Site, Team
from graph_api.domain import rules
from graph_api.errors import BadInputError, ConflictError, NotFoundError


@strawberry.input(description="A new member; team and site are optional and assigned in the same write.")
class CreateMemberInput:
    handle: str
    name: str
    email: str | None = None
    headline: str | None = None
    vision: str | None = None
    team: strawberry.ID | None = None
    site: strawberry.ID | None = None


@strawberry.input(description="Fields to change on a member; omitted fields stay as they are. An empty email clears it.")
class UpdateMemberInput:
    name: str | None = None
    handle: str | None = None
    email: str | None = None
    headline: str | None = None
    vision: str | None = None


def _passion_ref(value: str) -> str:
    """The store id behind a Passion's global id; a slug, name or plain id as given."""
    try:
        global_id = GlobalID.from_id(value)
    except Exception:  # noqa: BLE001 - not a global id
        return value
    return global_id.node_id if global_id.type_name == "Passion" else value


async def _member(info: Info, member_id: str) -> Member:
    member = await info.context.repository.member(member_id)
    if member is None:
        raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")
    return Member.from_model(member)


@strawberry.type
class OrganiserMutations:
    # Members -------------------------------------------------------------------

    @strawberry.mutation(description="Add a member, optionally in a team and at a site.", permission_classes=ORGANISER)
    async def create_member(self, info: Info, input: CreateMemberInput) -> Member:
        member = await info.context.repository.create_placed_member(
            handle=input.handle,
            name=input.name,
            email=input.email,
            headline=input.headline,
            vision=input.vision,
            team_id=None if input.team is None else plain_id(input.team, "Team", field="team"),
            site_id=None if input.site is None else plain_id(input.site, "Site", field="site"),
        )
        return Member.from_model(member)

    @strawberry.mutation(description="Edit any member's profile.", permission_classes=ORGANISER)
    async def update_member(self, info: Info, id: strawberry.ID, input: UpdateMemberInput) -> Member:
        changes = {key: value for key, value in vars(input).items() if value is not None}
        if not changes:
            raise BadInputError("give at least one field to change", field="input")
        await refuse_if_managed(info, plain_id(id, "Member", field="id"), set(changes))
        member = await info.context.repository.update_member(plain_id(id, "Member", field="id"), **changes)
        return Member.from_model(member)

    @strawberry.mutation(
        description="Delete a member with their bonds, passions, assignments and sessions.",
        permission_classes=ORGANISER,
    )
    async def delete_member(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        member_id = plain_id(id, "Member", field="id")
        if info.context.require_viewer().is_member(member_id):
            # An organiser deleting themselves here could leave the community without one.
            raise BadInputError("organisers cannot delete their own account with this tool", field="id")
        await info.context.repository.delete_member_and_sessions(member_id)
        return strawberry.ID(relay.to_base64("Member", member_id))

    @strawberry.mutation(
        description=(
            "Make a member an organiser, or an organiser a member. The last organiser stays one "
            "(CONFLICT): make someone else an organiser first. The role applies from the member's next "
            "request: it is read per request, not from their access token (its role claim, and the role a web "
            "app keeps from signIn, catch up at the next refreshToken)."
        ),
        permission_classes=ORGANISER,
    )
    async def set_member_role(self, info: Info, member_id: strawberry.ID, role: MemberRole) -> Member:
        key = plain_id(member_id, "Member", field="memberId")
        try:
            member = await info.context.repository.set_member_role(key, role.value)
        except ConflictError as error:
            if info.context.require_viewer().is_member(key):
                raise ConflictError(
                    "you are the only organiser: make another member an organiser before you step down",
                    field="role",
                ) from error
            raise
        return Member.from_model(member)

    @strawberry.mutation(
        description="Put a member in a team (replacing their team), or take them out of it with teamId null.",
        permission_classes=ORGANISER,
    )
    async def assign_member_to_team(
        self, info: Info, member_id: strawberry.ID, team_id: strawberry.ID | None = strawberry.UNSET
    ) -> Member:
        if team_id is strawberry.UNSET:
            # Nullable arguments are optional in GraphQL: removal must be asked for with an explicit null.
            raise BadInputError("give teamId: an id, or null to remove the assignment", field="teamId")
        repository = info.context.repository
        key = plain_id(member_id, "Member", field="memberId")
        await refuse_if_managed(info, key, {"team"})
        if team_id is None:
            await repository.require_member(key)
            await repository.unassign_team(key)
        else:
            await repository.assign_team(key, plain_id(team_id, "Team", field="teamId"))
        return await _member(info, key)

    @strawberry.mutation(
        description="Base a member at a site (replacing their site), or remove it with siteId null.",
        permission_classes=ORGANISER,
    )
    async def assign_member_to_site(
        self, info: Info, member_id: strawberry.ID, site_id: strawberry.ID | None = strawberry.UNSET
    ) -> Member:
        if site_id is strawberry.UNSET:
            # Nullable arguments are optional in GraphQL: removal must be asked for with an explicit null.
            raise BadInputError("give siteId: an id, or null to remove the assignment", field="siteId")
        repository = info.context.repository
        key = plain_id(member_id, "Member", field="memberId")
        if site_id is None:
            await repository.require_member(key)
            await repository.unassign_site(key)
        else:
            await repository.assign_site(key, plain_id(site_id, "Site", field="siteId"))
        return await _member(info, key)

    # Teams ---------------------------------------------------------------------

    @strawberry.mutation(description="Add a team, optionally inside a parent unit.", permission_classes=ORGANISER)
    async def create_team(self, info: Info, name: str, parent: strawberry.ID | None = None) -> Team:
        parent_id = None if parent is None else plain_id(parent, "Team", field="parent")
        return Team.from_model(await info.context.repository.create_team(name, parent_id=parent_id))

    @strawberry.mutation(
        description="Rename a team and/or move it: omit a field to keep it; parent null makes the team top-level.",
        permission_classes=ORGANISER,
    )
    async def update_team(
        self,
        info: Info,
        id: strawberry.ID,
        name: str | None = strawberry.UNSET,
        parent: strawberry.ID | None = strawberry.UNSET,
    ) -> Team:
        repository = info.context.repository
        team_id = plain_id(id, "Team", field="id")
        new_name = None if name is None or name is strawberry.UNSET else rules.clean_name(name)
        team = None
        # Moving first: it refuses unknown ids and cycles before anything is written, and the
        # name was validated above, so the rename that follows cannot be refused.
        if parent is not strawberry.UNSET:
            parent_id = None if parent is None else plain_id(parent, "Team", field="parent")
            team = await repository.set_team_parent(team_id, parent_id)
        if new_name is not None:
            team = await repository.rename_team(team_id, new_name)
        if team is None:
            raise BadInputError("give a name or a parent to change", field="name")
        return Team.from_model(team)

    @strawberry.mutation(
        description="Delete a team; its members become team-less and its sub-teams top-level.",
        permission_classes=ORGANISER,
    )
    async def delete_team(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        team_id = plain_id(id, "Team", field="id")
        await info.context.repository.delete_team(team_id)
        return strawberry.ID(relay.to_base64("Team", team_id))

    # Sites ---------------------------------------------------------------------

    @strawberry.mutation(description="Add a site.", permission_classes=ORGANISER)
    async def create_site(self, info: Info, name: str, city: str | None = None) -> Site:
        return Site.from_model(await info.context.repository.create_site(name, city=city))

    @strawberry.mutation(description="Rename a site and/or change its city; omit a field to keep it.",
                         permission_classes=ORGANISER)
    async def update_site(self, info: Info, id: strawberry.ID, name: str | None = None, city: str | None = None) -> Site:
        if name is None and city is None:
            raise BadInputError("give a name or a city to change", field="name")
        site = await info.context.repository.update_site(plain_id(id, "Site", field="id"), name=name, city=city)
        return Site.from_model(site)

    @strawberry.mutation(description="Delete a site; its members are no longer based anywhere.",
                         permission_classes=ORGANISER)
    async def delete_site(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        site_id = plain_id(id, "Site", field="id")
        await info.context.repository.delete_site(site_id)
        return strawberry.ID(relay.to_base64("Site", site_id))

    # Passions ------------------------------------------------------------------

    @strawberry.mutation(
        description=(
            "Fold the passion `from` into `into` (each a slug, name or id): its members move over, keeping "
            "the higher intensity and the earlier date when they hold both, and `from` is deleted."
        ),
        permission_classes=ORGANISER,
    )
    async def merge_passions(
        self,
        info: Info,
        from_: Annotated[str, strawberry.argument(name="from")],
        into: str,
    ) -> Passion:
        passion = await info.context.repository.merge_passions(_passion_ref(from_), _passion_ref(into))
        return Passion.from_model(passion)
