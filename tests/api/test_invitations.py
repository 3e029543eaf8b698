"""Invitations: organisers invite, the invitee accepts once, with the invited profile."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from graph_api.store.repository import GraphRepository
from tests.api.conftest import SIGN_IN, GraphQLClient, People

NEW_PASSWORD = "a brand new long password"
GRAPH_SIZE = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"
INVITE = """mutation($input: InviteMemberInput!) {
  inviteMember(input: $input) { token link expiresAt invitation { id handle name email role expired invitedBy { handle } } }
}"""
ACCEPT = """mutation($token: String!, $password: String!, $handle: String) {
  acceptInvite(token: $token, password: $password, handle: $handle) { accessToken refreshToken member { handle role } }
}"""
INVITATIONS = "query($all: Boolean! = false) { invitations(includeExpired: $all) { id handle expired } }"
REVOKE = "mutation($id: ID!) { revokeInvitation(id: $id) }"
ZOE = {"name": "Zoe Zhang", "email": "zoe@example.org", "handle": "zoe"}


async def _graph_size(repository: GraphRepository) -> dict[str, int]:
    return (await repository.driver.read(GRAPH_SIZE))[0]


async def _invite(organiser: GraphQLClient, **changes: Any) -> dict[str, Any]:
    return (await organiser.data(INVITE, {"input": {**ZOE, **changes}}))["inviteMember"]


async def test_an_invitee_accepts_and_is_signed_in_with_the_invited_profile(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    invited = await _invite(organiser)
    assert invited["token"].startswith("ki.") and invited["invitation"]["invitedBy"]["handle"] == "olga"
    accepted = (await anonymous.data(ACCEPT, {"token": invited["token"], "password": NEW_PASSWORD}))["acceptInvite"]
    assert accepted["member"]["handle"] == "zoe" and accepted["refreshToken"].startswith("kr.")
    zoe = GraphQLClient(anonymous.http, token=accepted["accessToken"])
    viewer = (await zoe.data("{ viewer { handle name email role joinedAt } }"))["viewer"]
    assert viewer.pop("joinedAt")
    assert viewer == {"handle": "zoe", "name": "Zoe Zhang", "email": "zoe@example.org", "role": "member"}
    assert (await anonymous.data(SIGN_IN, {"handle": "zoe", "password": NEW_PASSWORD}))["signIn"]["member"]["handle"] == "zoe"
    assert (await organiser.data(INVITATIONS, {"all": True}))["invitations"] == []


async def test_the_link_points_at_the_accept_page_with_the_token(organiser: GraphQLClient) -> None:
    invited = await _invite(organiser)
    assert invited["link"] == f"http://127.0.0.1:8000/#/accept-invite?token={quote(invited['token'], safe='')}"


async def test_only_a_hash_of_the_invitation_secret_is_stored(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    secret = (await _invite(organiser))["token"].split(".")[2]
    rows = await repository.driver.read("MATCH (i:Invite) RETURN properties(i) AS invite")
    assert len(rows) == 1 and secret not in str(rows[0]["invite"])


async def test_an_organiser_invitation_makes_an_organiser(organiser: GraphQLClient, anonymous: GraphQLClient) -> None:
    invited = await _invite(organiser, role="ORGANISER")
    accepted = (await anonymous.data(ACCEPT, {"token": invited["token"], "password": NEW_PASSWORD}))["acceptInvite"]
    assert accepted["member"]["role"] == "organiser"


async def test_the_invitee_may_choose_another_handle(organiser: GraphQLClient, anonymous: GraphQLClient) -> None:
    invited = await _invite(organiser)
    variables = {"token": invited["token"], "password": NEW_PASSWORD, "handle": "Zoe.Z"}
    assert (await anonymous.data(ACCEPT, variables))["acceptInvite"]["member"]["handle"] == "zoe.z"


async def test_a_member_cannot_invite(
    people: People, member: GraphQLClient, repository: GraphRepository
) -> None:
    before = await _graph_size(repository)
    error = await member.error(INVITE, {"input": ZOE})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await _graph_size(repository) == before


async def test_an_anonymous_caller_cannot_invite(anonymous: GraphQLClient) -> None:
    assert (await anonymous.error(INVITE, {"input": ZOE}))["extensions"]["code"] == "UNAUTHENTICATED"


async def test_inviting_with_a_handle_a_member_has_conflicts_and_writes_nothing(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    before = await _graph_size(repository)
    error = await organiser.error(INVITE, {"input": {**ZOE, "handle": "olga"}})
    assert error["extensions"] == {"code": "CONFLICT", "field": "handle"} and "olga" in error["message"]
    assert await _graph_size(repository) == before


async def test_inviting_with_a_handle_a_pending_invitation_holds_conflicts_and_writes_nothing(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    await _invite(organiser)
    before = await _graph_size(repository)
    error = await organiser.error(INVITE, {"input": {**ZOE, "email": "other@example.org"}})
    assert error["extensions"]["code"] == "CONFLICT" and "pending invitation" in error["message"]
    assert await _graph_size(repository) == before


async def test_inviting_with_a_bad_email_is_bad_input_and_writes_nothing(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    before = await _graph_size(repository)
    error = await organiser.error(INVITE, {"input": {**ZOE, "email": "not-an-address"}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}
    assert await _graph_size(repository) == before


async def test_inviting_with_a_bad_handle_is_bad_input_and_writes_nothing(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    before = await _graph_size(repository)
    error = await organiser.error(INVITE, {"input": {**ZOE, "handle": "no spaces!"}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "handle"}
    assert await _graph_size(repository) == before


async def test_inviting_with_an_empty_name_is_bad_input_and_writes_nothing(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    before = await _graph_size(repository)
    error = await organiser.error(INVITE, {"input": {**ZOE, "name": "   "}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    assert await _graph_size(repository) == before


async def test_an_invitation_works_only_once(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    token = (await _invite(organiser))["token"]
    await anonymous.data(ACCEPT, {"token": token, "password": NEW_PASSWORD})
    before = await _graph_size(repository)
    error = await anonymous.error(ACCEPT, {"token": token, "password": NEW_PASSWORD, "handle": "zoe2"})
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "already used" in error["message"]
    assert await _graph_size(repository) == before


async def test_an_unknown_invitation_token_is_refused_and_writes_nothing(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    before = await _graph_size(repository)
    error = await anonymous.error(ACCEPT, {"token": "ki.invite-unknown.secret", "password": NEW_PASSWORD})
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "no longer works" in error["message"]
    assert await _graph_size(repository) == before


async def test_an_invitation_token_with_a_wrong_secret_is_refused_and_writes_nothing(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    prefix, invite_id, _ = (await _invite(organiser))["token"].split(".")
    before = await _graph_size(repository)
    error = await anonymous.error(ACCEPT, {"token": f"{prefix}.{invite_id}.guessed", "password": NEW_PASSWORD})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert await _graph_size(repository) == before


async def test_a_malformed_invitation_token_is_refused(anonymous: GraphQLClient) -> None:
    error = await anonymous.error(ACCEPT, {"token": "not-a-token", "password": NEW_PASSWORD})
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "malformed" in error["message"]


async def test_an_expired_invitation_is_refused_saying_so_and_writes_nothing(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    token = (await _invite(organiser))["token"]
    await repository.driver.write("MATCH (i:Invite) SET i.expiresAt = '2020-01-01T00:00:00Z'")
    before = await _graph_size(repository)
    error = await anonymous.error(ACCEPT, {"token": token, "password": NEW_PASSWORD})
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "expired" in error["message"]
    assert await _graph_size(repository) == before


async def test_accepting_with_a_too_short_password_is_bad_input_and_writes_nothing(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    token = (await _invite(organiser))["token"]
    before = await _graph_size(repository)
    error = await anonymous.error(ACCEPT, {"token": token, "password": "short"})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "password"}
    assert await _graph_size(repository) == before
    assert (await anonymous.data(ACCEPT, {"token": token, "password": NEW_PASSWORD}))["acceptInvite"]["accessToken"]


async def test_accepting_under_a_handle_a_member_has_conflicts_and_writes_nothing(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    token = (await _invite(organiser))["token"]
    before = await _graph_size(repository)
    error = await anonymous.error(ACCEPT, {"token": token, "password": NEW_PASSWORD, "handle": "olga"})
    assert error["extensions"] == {"code": "CONFLICT", "field": "handle"}
    assert await _graph_size(repository) == before


async def test_organisers_list_pending_invitations(organiser: GraphQLClient) -> None:
    invited = await _invite(organiser)
    listed = (await organiser.data(INVITATIONS))["invitations"]
    assert listed == [{"id": invited["invitation"]["id"], "handle": "zoe", "expired": False}]


async def test_expired_invitations_are_listed_only_when_asked_for(
    organiser: GraphQLClient, repository: GraphRepository
) -> None:
    await _invite(organiser)
    await repository.driver.write("MATCH (i:Invite) SET i.expiresAt = '2020-01-01T00:00:00Z'")
    assert (await organiser.data(INVITATIONS))["invitations"] == []
    assert (await organiser.data(INVITATIONS, {"all": True}))["invitations"][0]["expired"] is True


async def test_a_member_cannot_list_invitations(people: People, member: GraphQLClient) -> None:
    assert (await member.error(INVITATIONS))["extensions"]["code"] == "FORBIDDEN"


async def test_a_revoked_invitation_cannot_be_accepted(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    invited = await _invite(organiser)
    assert (await organiser.data(REVOKE, {"id": invited["invitation"]["id"]}))["revokeInvitation"] is True
    error = await anonymous.error(ACCEPT, {"token": invited["token"], "password": NEW_PASSWORD})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert await repository.member_by_handle("zoe") is None


async def test_revoking_an_unknown_invitation_is_not_found(organiser: GraphQLClient) -> None:
    error = await organiser.error(REVOKE, {"id": "invite-unknown"})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "id"}


async def test_a_member_cannot_revoke_an_invitation(
    organiser: GraphQLClient, people: People, repository: GraphRepository
) -> None:
    invited = await _invite(organiser)
    await people.add("ada")
    error = await (await people.client("ada")).error(REVOKE, {"id": invited["invitation"]["id"]})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert len(await repository.driver.read("MATCH (i:Invite) RETURN i.id AS id")) == 1


# Checking a link as its page opens, and making a new link ----------------------------------------

CHECK = "query($token: String!) { invitationByToken(token: $token) { name handle expiresAt } }"
RENEW = "mutation($id: ID!) { renewInvitation(id: $id) { token link expiresAt invitation { id handle expired } } }"


async def test_a_live_invitation_link_tells_its_invitee_who_it_is_for(organiser: GraphQLClient, anonymous: GraphQLClient) -> None:
    invited = await _invite(organiser)
    found = (await anonymous.data(CHECK, {"token": invited["token"]}))["invitationByToken"]
    assert found == {"name": "Zoe Zhang", "handle": "zoe", "expiresAt": invited["expiresAt"]}


async def test_a_withdrawn_invitation_link_is_refused_when_checked(organiser: GraphQLClient, anonymous: GraphQLClient) -> None:
    invited = await _invite(organiser)
    await organiser.data(REVOKE, {"id": invited["invitation"]["id"]})
    error = await anonymous.error(CHECK, {"token": invited["token"]})
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "new link" in error["message"]


async def test_an_expired_invitation_link_is_refused_when_checked_without_a_timestamp(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    invited = await _invite(organiser)
    await repository.driver.write("MATCH (i:Invite) SET i.expiresAt = '2020-01-01T00:00:00Z'")
    error = await anonymous.error(CHECK, {"token": invited["token"]})
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "has expired" in error["message"]
    assert "2020" not in error["message"]


async def test_a_new_link_replaces_the_old_one(organiser: GraphQLClient, anonymous: GraphQLClient) -> None:
    invited = await _invite(organiser)
    renewed = (await organiser.data(RENEW, {"id": invited["invitation"]["id"]}))["renewInvitation"]
    assert renewed["token"] != invited["token"] and renewed["invitation"]["id"] == invited["invitation"]["id"]
    assert renewed["link"].endswith(quote(renewed["token"], safe=""))
    assert (await anonymous.error(CHECK, {"token": invited["token"]}))["extensions"]["code"] == "UNAUTHENTICATED"
    accepted = (await anonymous.data(ACCEPT, {"token": renewed["token"], "password": NEW_PASSWORD}))["acceptInvite"]
    assert accepted["member"]["handle"] == "zoe"


async def test_an_expired_invitation_gets_a_new_link_that_works_again(
    organiser: GraphQLClient, anonymous: GraphQLClient, repository: GraphRepository
) -> None:
    invited = await _invite(organiser)
    await repository.driver.write("MATCH (i:Invite) SET i.expiresAt = '2020-01-01T00:00:00Z'")
    renewed = (await organiser.data(RENEW, {"id": invited["invitation"]["id"]}))["renewInvitation"]
    assert renewed["invitation"]["expired"] is False and renewed["expiresAt"] > "2020"
    assert (await anonymous.data(CHECK, {"token": renewed["token"]}))["invitationByToken"]["handle"] == "zoe"


async def test_a_new_link_for_a_handle_taken_meanwhile_conflicts_and_writes_nothing(
    organiser: GraphQLClient, people: People, repository: GraphRepository
) -> None:
    invited = await _invite(organiser)
    await repository.driver.write("MATCH (i:Invite) SET i.expiresAt = '2020-01-01T00:00:00Z'")
    await people.add("zoe", name="Another Zoe")
    before = await repository.driver.read("MATCH (i:Invite) RETURN i.tokenHash AS hash, i.expiresAt AS expiresAt")
    error = await organiser.error(RENEW, {"id": invited["invitation"]["id"]})
    assert error["extensions"]["code"] == "CONFLICT"
    assert await repository.driver.read("MATCH (i:Invite) RETURN i.tokenHash AS hash, i.expiresAt AS expiresAt") == before


async def test_a_new_link_for_an_unknown_invitation_is_not_found(organiser: GraphQLClient) -> None:
    error = await organiser.error(RENEW, {"id": "invite-nobody"})
    assert error["extensions"]["code"] == "NOT_FOUND"
