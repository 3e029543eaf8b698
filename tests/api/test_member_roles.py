"""Organisers change members' roles; the community always keeps at least one organiser.

A role is read from the graph on every request, so a change applies to the member's next
request with the access token they already hold.
"""

from __future__ import annotations

from strawberry import relay

from graph_api.store.repository import GraphRepository
from tests.api.conftest import PASSWORD, SIGN_IN, GraphQLClient, People

SET_ROLE = """mutation($memberId: ID!, $role: MemberRole!) {
  setMemberRole(memberId: $memberId, role: $role) { handle role }
}"""
INVITATIONS = "{ invitations { id } }"
REFRESH = "mutation($token: String!) { refreshToken(refreshToken: $token) { member { role } } }"


async def role_of(repository: GraphRepository, member_id: str) -> str:
    member = await repository.member(member_id)
    assert member is not None
    return member.role


async def test_an_organiser_makes_a_member_an_organiser(
    organiser: GraphQLClient, people: People, repository: GraphRepository
) -> None:
    ada = await people.add("ada")
    changed = (await organiser.data(SET_ROLE, {"memberId": relay.to_base64("Member", ada), "role": "ORGANISER"}))
    assert changed["setMemberRole"] == {"handle": "ada", "role": "organiser"}
    assert await role_of(repository, ada) == "organiser"


async def test_a_new_organiser_s_current_token_opens_organiser_tools_at_once(
    organiser: GraphQLClient, people: People
) -> None:
    ada = await people.add("ada")
    ada_client = await people.client("ada")
    assert (await ada_client.error(INVITATIONS))["extensions"]["code"] == "FORBIDDEN"
    await organiser.data(SET_ROLE, {"memberId": ada, "role": "ORGANISER"})
    assert (await ada_client.data(INVITATIONS))["invitations"] == []


async def test_an_organiser_makes_another_organiser_a_member(
    organiser: GraphQLClient, people: People, repository: GraphRepository
) -> None:
    otto = await people.add("otto", role="organiser")
    otto_client = await people.client("otto")
    changed = await organiser.data(SET_ROLE, {"memberId": otto, "role": "MEMBER"})
    assert changed["setMemberRole"]["role"] == "member"
    assert await role_of(repository, otto) == "member"
    # The token otto already holds stops opening organiser tools with the next request.
    assert (await otto_client.error(INVITATIONS))["extensions"]["code"] == "FORBIDDEN"


async def test_a_refreshed_token_reports_the_new_role(organiser: GraphQLClient, people: People) -> None:
    ada = await people.add("ada")
    signed_in = (await GraphQLClient(people.http).data(SIGN_IN, {"handle": "ada", "password": PASSWORD}))["signIn"]
    await organiser.data(SET_ROLE, {"memberId": ada, "role": "ORGANISER"})
    refreshed = await GraphQLClient(people.http).data(REFRESH, {"token": signed_in["refreshToken"]})
    assert refreshed["refreshToken"]["member"]["role"] == "organiser"


async def test_an_organiser_steps_down_while_another_organiser_remains(
    organiser: GraphQLClient, people: People, repository: GraphRepository
) -> None:
    await people.add("otto", role="organiser")
    changed = await organiser.data(SET_ROLE, {"memberId": people.ids["olga"], "role": "MEMBER"})
    assert changed["setMemberRole"] == {"handle": "olga", "role": "member"}
    assert await role_of(repository, people.ids["otto"]) == "organiser"


async def test_the_last_organiser_cannot_make_themselves_a_member(
    organiser: GraphQLClient, people: People, repository: GraphRepository
) -> None:
    olga = people.ids["olga"]
    error = await organiser.error(SET_ROLE, {"memberId": olga, "role": "MEMBER"})
    assert error["extensions"] == {"code": "CONFLICT", "field": "role"}
    assert "only organiser" in error["message"]
    assert await role_of(repository, olga) == "organiser"


async def test_the_last_organiser_is_kept_after_the_other_one_stepped_down(
    organiser: GraphQLClient, people: People, repository: GraphRepository
) -> None:
    otto = await people.add("otto", role="organiser")
    otto_client = await people.client("otto")
    await otto_client.data(SET_ROLE, {"memberId": otto, "role": "MEMBER"})
    error = await organiser.error(SET_ROLE, {"memberId": people.ids["olga"], "role": "MEMBER"})
    assert error["extensions"]["code"] == "CONFLICT"
    assert await role_of(repository, people.ids["olga"]) == "organiser"


async def test_making_a_member_a_member_again_changes_nothing(
    organiser: GraphQLClient, people: People, repository: GraphRepository
) -> None:
    ada = await people.add("ada")
    assert (await organiser.data(SET_ROLE, {"memberId": ada, "role": "MEMBER"}))["setMemberRole"]["role"] == "member"
    assert await role_of(repository, ada) == "member"


async def test_setting_the_role_of_an_unknown_member_is_not_found(organiser: GraphQLClient) -> None:
    error = await organiser.error(SET_ROLE, {"memberId": "member-nobody", "role": "ORGANISER"})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "memberId"}


async def test_setting_a_role_with_the_id_of_a_team_is_bad_input(organiser: GraphQLClient) -> None:
    error = await organiser.error(SET_ROLE, {"memberId": relay.to_base64("Team", "team-1"), "role": "ORGANISER"})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "memberId"}


async def test_a_member_cannot_change_roles(
    member: GraphQLClient, people: People, repository: GraphRepository
) -> None:
    error = await member.error(SET_ROLE, {"memberId": people.ids["ada"], "role": "ORGANISER"})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await role_of(repository, people.ids["ada"]) == "member"
