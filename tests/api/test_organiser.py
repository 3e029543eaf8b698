"""Organisers' tools over the real API: members, teams, sites, assignments and merging passions.

Every refused call is checked to have written nothing, by counting nodes and relationships.
"""

from __future__ import annotations

from typing import Any

import pytest
from strawberry import relay

from tests.api.conftest import GraphQLClient, People
from tests.seeding import SeedingRepository

COUNT_GRAPH = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"
TOO_LONG_NAME = "x" * 121


async def graph_counts(repository: SeedingRepository) -> dict[str, int]:
    return (await repository.driver.read(COUNT_GRAPH))[0]


async def assert_refused(
    client: GraphQLClient,
    repository: SeedingRepository,
    query: str,
    variables: dict[str, Any],
    code: str,
    field: str | None = None,
) -> dict[str, Any]:
    """The call fails with `code` (and `field`, when given) and the graph is unchanged."""
    before = await graph_counts(repository)
    error = await client.error(query, variables)
    assert error["extensions"]["code"] == code, error
    if field is not None:
        assert error["extensions"].get("field") == field, error
    assert await graph_counts(repository) == before
    return error


MEMBER_FIELDS = "key handle name email headline vision team { key name } site { key name }"

CREATE_MEMBER = f"""mutation($input: CreateMemberInput!) {{ createMember(input: $input) {{ {MEMBER_FIELDS} }} }}"""
UPDATE_MEMBER = f"""mutation($id: ID!, $input: UpdateMemberInput!) {{
  updateMember(id: $id, input: $input) {{ {MEMBER_FIELDS} }}
}}"""
DELETE_MEMBER = "mutation($id: ID!) { deleteMember(id: $id) }"
MEMBER_BY_HANDLE = f"query($handle: String!) {{ member(handle: $handle) {{ {MEMBER_FIELDS} }} }}"
ASSIGN_TEAM = f"""mutation($memberId: ID!, $teamId: ID) {{
  assignMemberToTeam(memberId: $memberId, teamId: $teamId) {{ {MEMBER_FIELDS} }}
}}"""
ASSIGN_SITE = f"""mutation($memberId: ID!, $siteId: ID) {{
  assignMemberToSite(memberId: $memberId, siteId: $siteId) {{ {MEMBER_FIELDS} }}
}}"""
TEAM_FIELDS = "key name parent { key name }"
CREATE_TEAM = f"mutation($name: String!, $parent: ID) {{ createTeam(name: $name, parent: $parent) {{ {TEAM_FIELDS} }} }}"
DELETE_TEAM = "mutation($id: ID!) { deleteTeam(id: $id) }"
SITE_FIELDS = "key name city"
CREATE_SITE = f"mutation($name: String!, $city: String) {{ createSite(name: $name, city: $city) {{ {SITE_FIELDS} }} }}"
UPDATE_SITE = f"""mutation($id: ID!, $name: String, $city: String) {{
  updateSite(id: $id, name: $name, city: $city) {{ {SITE_FIELDS} }}
}}"""
DELETE_SITE = "mutation($id: ID!) { deleteSite(id: $id) }"
MERGE_PASSIONS = """mutation($from: String!, $into: String!) {
  mergePassions(from: $from, into: $into) { key slug memberCount }
}"""


def global_id(type_name: str, key: str) -> str:
    return relay.to_base64(type_name, key)


def new_member(handle: str = "bea", **extra: Any) -> dict[str, Any]:
    return {"handle": handle, "name": "Bea Bond", "email": f"{handle}@example.org", **extra}


# Creating members ---------------------------------------------------------------


async def test_organiser_creates_a_member_in_a_team_and_at_a_site(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    team = await repository.create_team("Platform")
    site = await repository.create_site("Harbour Office", city="Hamburg")
    variables = {"input": new_member(headline="Builds bridges", team=global_id("Team", team.id), site=site.id)}
    created = (await organiser.data(CREATE_MEMBER, variables))["createMember"]
    assert created["handle"] == "bea" and created["email"] == "bea@example.org"
    assert created["headline"] == "Builds bridges"
    assert created["team"] == {"key": team.id, "name": "Platform"}
    assert created["site"] == {"key": site.id, "name": "Harbour Office"}
    assert (await repository.member_team(created["key"])) == team
    assert (await repository.member_site(created["key"])) == site


async def test_organiser_creates_a_member_without_team_or_site(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    created = (await organiser.data(CREATE_MEMBER, {"input": new_member()}))["createMember"]
    assert created["team"] is None and created["site"] is None
    stored = await repository.member(created["key"])
    assert stored is not None and stored.handle == "bea" and stored.name == "Bea Bond"


async def test_creating_a_member_in_an_unknown_team_writes_nothing(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    site = await repository.create_site("Harbour Office")
    variables = {"input": new_member(team="team-missing", site=site.id)}
    await assert_refused(organiser, repository, CREATE_MEMBER, variables, "NOT_FOUND", "teamId")
    assert await repository.member_by_handle("bea") is None


async def test_creating_a_member_at_an_unknown_site_writes_nothing(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    team = await repository.create_team("Platform")
    variables = {"input": new_member(team=team.id, site="site-missing")}
    await assert_refused(organiser, repository, CREATE_MEMBER, variables, "NOT_FOUND", "siteId")


async def test_creating_a_member_with_a_taken_handle_is_a_conflict(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    team = await repository.create_team("Platform")
    variables = {"input": new_member(handle="OLGA", team=team.id)}
    await assert_refused(organiser, repository, CREATE_MEMBER, variables, "CONFLICT", "handle")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": TOO_LONG_NAME}, "name"),
        ({"handle": "a"}, "handle"),
        ({"handle": "has space"}, "handle"),
        ({"email": "not-an-address"}, "email"),
        ({"headline": "h" * 141}, "headline"),
        ({"vision": "v" * 1001}, "vision"),
    ],
)
async def test_creating_a_member_with_bad_input_writes_nothing(
    organiser: GraphQLClient, repository: SeedingRepository, change: dict[str, str], field: str
) -> None:
    variables = {"input": new_member(**change)}
    await assert_refused(organiser, repository, CREATE_MEMBER, variables, "BAD_USER_INPUT", field)


async def test_creating_a_member_with_the_id_of_another_type_writes_nothing(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    site = await repository.create_site("Harbour Office")
    variables = {"input": new_member(team=global_id("Site", site.id))}
    await assert_refused(organiser, repository, CREATE_MEMBER, variables, "BAD_USER_INPUT", "team")


# Editing and deleting members -------------------------------------------------------


async def test_organiser_updates_a_members_profile(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    bea = await people.add("bea", email="bea@example.org")
    changes = {"name": "Beatrix Bond", "handle": "beatrix", "email": "", "headline": "New line", "vision": "More"}
    updated = (await organiser.data(UPDATE_MEMBER, {"id": global_id("Member", bea), "input": changes}))["updateMember"]
    assert updated["handle"] == "beatrix" and updated["name"] == "Beatrix Bond"
    assert updated["email"] is None and updated["headline"] == "New line" and updated["vision"] == "More"
    stored = await repository.member(bea)
    assert stored is not None and stored.handle == "beatrix" and stored.email is None


async def test_updating_a_member_to_a_taken_handle_is_a_conflict(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    bea = await people.add("bea")
    variables = {"id": bea, "input": {"handle": "olga", "name": "Olga Two"}}
    await assert_refused(organiser, repository, UPDATE_MEMBER, variables, "CONFLICT", "handle")
    stored = await repository.member(bea)
    assert stored is not None and stored.handle == "bea" and stored.name == "Bea"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": TOO_LONG_NAME}, "name"),
        ({"handle": "!!"}, "handle"),
        ({"email": "nope"}, "email"),
        ({}, "input"),
    ],
)
async def test_updating_a_member_with_bad_input_changes_nothing(
    organiser: GraphQLClient, people: People, repository: SeedingRepository, changes: dict[str, str], field: str
) -> None:
    bea = await people.add("bea", email="bea@example.org")
    before = await repository.member(bea)
    await assert_refused(organiser, repository, UPDATE_MEMBER, {"id": bea, "input": changes}, "BAD_USER_INPUT", field)
    assert await repository.member(bea) == before


async def test_updating_an_unknown_member_is_not_found(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    variables = {"id": "member-missing", "input": {"name": "Nobody"}}
    await assert_refused(organiser, repository, UPDATE_MEMBER, variables, "NOT_FOUND", "memberId")


async def test_organiser_deletes_a_member_with_their_sessions(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    bea = await people.add("bea")
    bea_client = await people.client("bea")
    await repository.set_member_passion(bea, "Jazz", 4)
    deleted = (await organiser.data(DELETE_MEMBER, {"id": bea}))["deleteMember"]
    assert deleted == global_id("Member", bea)
    assert await repository.member(bea) is None
    assert (await repository.driver.read("MATCH (s:Session) RETURN count(s) AS count"))[0]["count"] == 1  # olga's
    error = await bea_client.error('{ member(handle: "olga") { handle } }')
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_deleting_an_unknown_member_is_not_found(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    await assert_refused(organiser, repository, DELETE_MEMBER, {"id": "member-missing"}, "NOT_FOUND", "memberId")


async def test_organiser_cannot_delete_themselves_with_the_organiser_tool(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    olga = (await repository.member_by_handle("olga")).id  # type: ignore[union-attr]
    await assert_refused(organiser, repository, DELETE_MEMBER, {"id": olga}, "BAD_USER_INPUT", "id")


# Assignments --------------------------------------------------------------------------


async def test_organiser_moves_a_member_to_another_team(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    bea = await people.add("bea")
    old, new = await repository.create_team("Old"), await repository.create_team("New")
    await repository.assign_team(bea, old.id)
    member = (await organiser.data(ASSIGN_TEAM, {"memberId": bea, "teamId": global_id("Team", new.id)}))
    assert member["assignMemberToTeam"]["team"] == {"key": new.id, "name": "New"}
    assert [m.id for m in await repository.team_members(old.id)] == []


async def test_null_team_id_takes_a_member_out_of_their_team(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    bea = await people.add("bea")
    team = await repository.create_team("Platform")
    await repository.assign_team(bea, team.id)
    member = (await organiser.data(ASSIGN_TEAM, {"memberId": bea, "teamId": None}))["assignMemberToTeam"]
    assert member["team"] is None
    assert await repository.member_team(bea) is None


async def test_omitting_team_id_is_bad_input_rather_than_a_removal(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    bea = await people.add("bea")
    team = await repository.create_team("Platform")
    await repository.assign_team(bea, team.id)
    query = "mutation($memberId: ID!) { assignMemberToTeam(memberId: $memberId) { key } }"
    await assert_refused(organiser, repository, query, {"memberId": bea}, "BAD_USER_INPUT", "teamId")
    assert await repository.member_team(bea) == team


async def test_assigning_to_an_unknown_team_changes_nothing(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    bea = await people.add("bea")
    team = await repository.create_team("Platform")
    await repository.assign_team(bea, team.id)
    variables = {"memberId": bea, "teamId": "team-missing"}
    await assert_refused(organiser, repository, ASSIGN_TEAM, variables, "NOT_FOUND", "teamId")
    assert await repository.member_team(bea) == team


@pytest.mark.parametrize("query", [ASSIGN_TEAM, ASSIGN_SITE], ids=["team", "site"])
async def test_assigning_an_unknown_member_is_not_found(
    organiser: GraphQLClient, repository: SeedingRepository, query: str
) -> None:
    team, site = await repository.create_team("Platform"), await repository.create_site("Harbour")
    variables = {"memberId": "member-missing", "teamId": team.id, "siteId": site.id}
    await assert_refused(organiser, repository, query, variables, "NOT_FOUND", "memberId")


@pytest.mark.parametrize("query", [ASSIGN_TEAM, ASSIGN_SITE], ids=["team", "site"])
async def test_removing_an_unknown_members_assignment_is_not_found(
    organiser: GraphQLClient, repository: SeedingRepository, query: str
) -> None:
    variables = {"memberId": "member-missing", "teamId": None, "siteId": None}
    await assert_refused(organiser, repository, query, variables, "NOT_FOUND", "memberId")


async def test_organiser_bases_a_member_at_a_site(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    bea = await people.add("bea")
    site = await repository.create_site("Harbour Office", city="Hamburg")
    member = (await organiser.data(ASSIGN_SITE, {"memberId": bea, "siteId": site.id}))["assignMemberToSite"]
    assert member["site"] == {"key": site.id, "name": "Harbour Office"}
    assert await repository.member_site(bea) == site


async def test_null_site_id_removes_a_members_site(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    bea = await people.add("bea")
    site = await repository.create_site("Harbour Office")
    await repository.assign_site(bea, site.id)
    member = (await organiser.data(ASSIGN_SITE, {"memberId": bea, "siteId": None}))["assignMemberToSite"]
    assert member["site"] is None
    assert await repository.member_site(bea) is None


async def test_assigning_to_an_unknown_site_changes_nothing(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    bea = await people.add("bea")
    variables = {"memberId": bea, "siteId": "site-missing"}
    await assert_refused(organiser, repository, ASSIGN_SITE, variables, "NOT_FOUND", "siteId")
    assert await repository.member_site(bea) is None


# Teams ------------------------------------------------------------------------------------


async def test_organiser_creates_a_team_inside_a_parent_unit(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    unit = await repository.create_team("Engineering")
    team = (await organiser.data(CREATE_TEAM, {"name": "  Platform  ", "parent": global_id("Team", unit.id)}))
    created = team["createTeam"]
    assert created["name"] == "Platform" and created["parent"] == {"key": unit.id, "name": "Engineering"}
    stored = await repository.team(created["key"])
    assert stored is not None and stored.parentId == unit.id


async def test_organiser_creates_a_top_level_team(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    created = (await organiser.data(CREATE_TEAM, {"name": "Platform"}))["createTeam"]
    assert created["parent"] is None
    assert await repository.team(created["key"]) is not None


@pytest.mark.parametrize("name", ["", "   ", TOO_LONG_NAME], ids=["empty", "blank", "too-long"])
async def test_creating_a_team_with_a_bad_name_writes_nothing(
    organiser: GraphQLClient, repository: SeedingRepository, name: str
) -> None:
    await assert_refused(organiser, repository, CREATE_TEAM, {"name": name}, "BAD_USER_INPUT", "name")


async def test_creating_a_team_under_an_unknown_parent_writes_nothing(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    variables = {"name": "Platform", "parent": "team-missing"}
    await assert_refused(organiser, repository, CREATE_TEAM, variables, "NOT_FOUND", "parentId")


UPDATE_TEAM_BOTH = f"""mutation($id: ID!, $name: String, $parent: ID) {{
  updateTeam(id: $id, name: $name, parent: $parent) {{ {TEAM_FIELDS} }}
}}"""
RENAME_TEAM = f"mutation($id: ID!, $name: String) {{ updateTeam(id: $id, name: $name) {{ {TEAM_FIELDS} }} }}"


async def test_organiser_renames_and_moves_a_team(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    unit = await repository.create_team("Engineering")
    team = await repository.create_team("Platfrom")
    variables = {"id": global_id("Team", team.id), "name": "Platform", "parent": unit.id}
    updated = (await organiser.data(UPDATE_TEAM_BOTH, variables))["updateTeam"]
    assert updated == {"key": team.id, "name": "Platform", "parent": {"key": unit.id, "name": "Engineering"}}
    assert await repository.team(team.id) == type(team)(id=team.id, name="Platform", parentId=unit.id)


async def test_renaming_a_team_keeps_its_parent(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    unit = await repository.create_team("Engineering")
    team = await repository.create_team("Platfrom", parent_id=unit.id)
    updated = (await organiser.data(RENAME_TEAM, {"id": team.id, "name": "Platform"}))["updateTeam"]
    assert updated["name"] == "Platform" and updated["parent"] == {"key": unit.id, "name": "Engineering"}


async def test_null_parent_makes_a_team_top_level(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    unit = await repository.create_team("Engineering")
    team = await repository.create_team("Platform", parent_id=unit.id)
    query = f"mutation($id: ID!) {{ updateTeam(id: $id, parent: null) {{ {TEAM_FIELDS} }} }}"
    updated = (await organiser.data(query, {"id": team.id}))["updateTeam"]
    assert updated == {"key": team.id, "name": "Platform", "parent": None}
    assert (await repository.team(team.id)).parentId is None  # type: ignore[union-attr]


async def test_moving_a_team_inside_its_own_sub_team_is_refused(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    top = await repository.create_team("Engineering")
    middle = await repository.create_team("Platform", parent_id=top.id)
    bottom = await repository.create_team("Storage", parent_id=middle.id)
    variables = {"id": top.id, "name": "Renamed", "parent": bottom.id}
    error = await assert_refused(organiser, repository, UPDATE_TEAM_BOTH, variables, "BAD_USER_INPUT", "parentId")
    assert "cycle" in error["message"]
    assert await repository.team(top.id) == top  # not renamed either


async def test_a_team_cannot_be_its_own_parent(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    team = await repository.create_team("Platform")
    variables = {"id": team.id, "parent": global_id("Team", team.id)}
    await assert_refused(organiser, repository, UPDATE_TEAM_BOTH, variables, "BAD_USER_INPUT", "parentId")
    assert await repository.team(team.id) == team


@pytest.mark.parametrize("name", ["", TOO_LONG_NAME], ids=["empty", "too-long"])
async def test_renaming_a_team_badly_changes_nothing_even_with_a_valid_parent(
    organiser: GraphQLClient, repository: SeedingRepository, name: str
) -> None:
    unit = await repository.create_team("Engineering")
    team = await repository.create_team("Platform")
    variables = {"id": team.id, "name": name, "parent": unit.id}
    await assert_refused(organiser, repository, UPDATE_TEAM_BOTH, variables, "BAD_USER_INPUT", "name")
    assert await repository.team(team.id) == team


async def test_updating_a_team_with_nothing_to_change_is_bad_input(
    organiser: GraphQLClient, repository: SeedingRepository
) -> None:
    team = await repository.create_team("Platform")
    await assert_refused(organiser, repository, RENAME_TEAM, {"id": team.id}, "BAD_USER_INPUT", "name")


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"id": "team-missing", "name": "Platform"}, "teamId"),
        ({"id": "team-missing", "parent": None}, "teamId"),
        ({"id": "team-missing", "parent": "team-real"}, "teamId"),
        ({"id": "team-real", "parent": "team-missing"}, "parentId"),
    ],
    ids=["rename", "clear-parent", "move", "unknown-parent"],
)
async def test_updating_with_an_unknown_team_is_not_found(
    organiser: GraphQLClient, repository: SeedingRepository, variables: dict[str, Any], field: str
) -> None:
    await repository.create_team("Real", team_id="team-real")
    await assert_refused(organiser, repository, UPDATE_TEAM_BOTH, variables, "NOT_FOUND", field)


async def test_organiser_deletes_a_team(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    team = await repository.create_team("Platform")
    bea = await people.add("bea")
    await repository.assign_team(bea, team.id)
    deleted = (await organiser.data(DELETE_TEAM, {"id": global_id("Team", team.id)}))["deleteTeam"]
    assert deleted == global_id("Team", team.id)
    assert await repository.team(team.id) is None
    assert await repository.member_team(bea) is None


async def test_deleting_an_unknown_team_is_not_found(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    await assert_refused(organiser, repository, DELETE_TEAM, {"id": "team-missing"}, "NOT_FOUND", "teamId")


# Sites --------------------------------------------------------------------------------------


async def test_organiser_creates_a_site(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    created = (await organiser.data(CREATE_SITE, {"name": "Harbour Office", "city": "Hamburg"}))["createSite"]
    assert created["name"] == "Harbour Office" and created["city"] == "Hamburg"
    assert await repository.site(created["key"]) is not None


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": TOO_LONG_NAME}, "name"),
        ({"name": "Harbour Office", "city": "c" * 121}, "city"),
    ],
    ids=["empty-name", "long-name", "long-city"],
)
async def test_creating_a_site_with_bad_input_writes_nothing(
    organiser: GraphQLClient, repository: SeedingRepository, variables: dict[str, str], field: str
) -> None:
    await assert_refused(organiser, repository, CREATE_SITE, variables, "BAD_USER_INPUT", field)


async def test_organiser_updates_a_site(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    site = await repository.create_site("Harbour", city="Hamburg")
    updated = (await organiser.data(UPDATE_SITE, {"id": global_id("Site", site.id), "city": "Bremen"}))["updateSite"]
    assert updated == {"key": site.id, "name": "Harbour", "city": "Bremen"}
    assert await repository.site(site.id) == type(site)(id=site.id, name="Harbour", city="Bremen")


@pytest.mark.parametrize(
    ("variables", "field"),
    [({"name": ""}, "name"), ({"name": TOO_LONG_NAME}, "name"), ({"city": "c" * 121}, "city"), ({}, "name")],
    ids=["empty-name", "long-name", "long-city", "nothing"],
)
async def test_updating_a_site_with_bad_input_changes_nothing(
    organiser: GraphQLClient, repository: SeedingRepository, variables: dict[str, str], field: str
) -> None:
    site = await repository.create_site("Harbour", city="Hamburg")
    await assert_refused(organiser, repository, UPDATE_SITE, {"id": site.id, **variables}, "BAD_USER_INPUT", field)
    assert await repository.site(site.id) == site


async def test_updating_an_unknown_site_is_not_found(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    variables = {"id": "site-missing", "name": "Harbour"}
    await assert_refused(organiser, repository, UPDATE_SITE, variables, "NOT_FOUND", "siteId")


async def test_organiser_deletes_a_site(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    site = await repository.create_site("Harbour")
    assert (await organiser.data(DELETE_SITE, {"id": site.id}))["deleteSite"] == global_id("Site", site.id)
    assert await repository.site(site.id) is None


async def test_deleting_an_unknown_site_is_not_found(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    await assert_refused(organiser, repository, DELETE_SITE, {"id": "site-missing"}, "NOT_FOUND", "siteId")


# Merging passions ----------------------------------------------------------------------------


async def test_merging_passions_moves_members_keeping_the_higher_intensity_and_earlier_date(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    ada, bea, cy = await people.add("ada"), await people.add("bea"), await people.add("cyd")
    await repository.set_member_passion(ada, "Jazz Music", 5, since="2021-03-01")
    await repository.set_member_passion(ada, "Jazz", 2, since="2020-01-01")
    await repository.set_member_passion(bea, "Jazz Music", 1, since="2019-06-01")
    await repository.set_member_passion(bea, "Jazz", 4, since="2022-02-02")
    await repository.set_member_passion(cy, "Jazz Music", 3, since="2018-08-08")
    merged = (await organiser.data(MERGE_PASSIONS, {"from": "jazz-music", "into": "Jazz"}))["mergePassions"]
    assert merged["slug"] == "jazz" and merged["memberCount"] == 3
    assert await repository.passion_by_slug("jazz-music") is None

    async def links(member_id: str) -> list[tuple[str, int, str]]:
        return [(link.passion.slug, link.intensity, link.since) for link in await repository.member_passions(member_id)]

    assert await links(ada) == [("jazz", 5, "2020-01-01")]
    assert await links(bea) == [("jazz", 4, "2019-06-01")]
    assert await links(cy) == [("jazz", 3, "2018-08-08")]


async def test_merging_passions_accepts_ids(
    organiser: GraphQLClient, people: People, repository: SeedingRepository
) -> None:
    ada = await people.add("ada")
    source = await repository.ensure_passion("Hiking")
    target = await repository.ensure_passion("Walking")
    await repository.set_member_passion(ada, "Hiking", 3)
    variables = {"from": global_id("Passion", source.id), "into": target.id}
    merged = (await organiser.data(MERGE_PASSIONS, variables))["mergePassions"]
    assert merged == {"key": target.id, "slug": "walking", "memberCount": 1}
    assert await repository.passion(source.id) is None


@pytest.mark.parametrize("into", ["jazz", "JAZZ", " Jazz "])
async def test_merging_a_passion_into_itself_is_bad_input(
    organiser: GraphQLClient, repository: SeedingRepository, into: str
) -> None:
    await repository.ensure_passion("Jazz")
    variables = {"from": "jazz", "into": into}
    await assert_refused(organiser, repository, MERGE_PASSIONS, variables, "BAD_USER_INPUT", "into")


@pytest.mark.parametrize(
    ("variables", "field"),
    [({"from": "polka", "into": "jazz"}, "from"), ({"from": "jazz", "into": "passion-missing"}, "into")],
    ids=["from", "into"],
)
async def test_merging_an_unknown_passion_is_not_found(
    organiser: GraphQLClient, repository: SeedingRepository, variables: dict[str, str], field: str
) -> None:
    await repository.ensure_passion("Jazz")
    await assert_refused(organiser, repository, MERGE_PASSIONS, variables, "NOT_FOUND", field)


async def test_merging_with_an_empty_name_is_bad_input(organiser: GraphQLClient, repository: SeedingRepository) -> None:
    await repository.ensure_passion("Jazz")
    variables = {"from": "  ", "into": "jazz"}
    await assert_refused(organiser, repository, MERGE_PASSIONS, variables, "BAD_USER_INPUT", "from")
