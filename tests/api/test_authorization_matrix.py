"""Who may call what: every query and mutation field of the schema, for every kind of caller.

The fields come from the schema itself, at collection time, so a field added without an
entry in MATRIX fails here until someone decides who may call it.

A refused call must carry UNAUTHENTICATED (anonymous) or FORBIDDEN (signed in, wrong
role or scope). An allowed call may still fail on its dummy arguments (NOT_FOUND,
BAD_USER_INPUT, ...) but must reach its resolver: no refusal, no validation failure and
no internal error.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from graph_api.accounts import credentials
from graph_api.accounts.service import AccountService
from graph_api.api.schema import schema
from graph_api.domain import rules
from graph_api.settings import Settings
from graph_api.store.queries import accounts as account_queries
from graph_api.store.repository import GraphRepository, new_id
from tests.api.conftest import PASSWORD, SIGN_IN, GraphQLClient

ROLES = ("anonymous", "member", "organiser", "reader", "writer")
ALLOWED = "allowed"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
# An allowed call that fails with one of these never ran its resolver (or crashed in it).
NOT_REACHED = {UNAUTHENTICATED, FORBIDDEN, "GRAPHQL_VALIDATION_FAILED", "INTERNAL_SERVER_ERROR"}

PUBLIC = dict.fromkeys(ROLES, ALLOWED)
MEMBERS_ONLY = {"anonymous": UNAUTHENTICATED, "member": ALLOWED, "organiser": ALLOWED,
                "reader": FORBIDDEN, "writer": FORBIDDEN}
ORGANISERS_ONLY = {"anonymous": UNAUTHENTICATED, "member": FORBIDDEN, "organiser": ALLOWED,
                   "reader": FORBIDDEN, "writer": FORBIDDEN}
READERS = {"anonymous": UNAUTHENTICATED, "member": ALLOWED, "organiser": ALLOWED,
           "reader": ALLOWED, "writer": FORBIDDEN}
# The recommender's inputs and outputs: organisers, or API tokens with the scope.
RECOMMENDER_READ = {"anonymous": UNAUTHENTICATED, "member": FORBIDDEN, "organiser": ALLOWED,
                    "reader": ALLOWED, "writer": FORBIDDEN}
RECOMMENDER_WRITE = {"anonymous": UNAUTHENTICATED, "member": FORBIDDEN, "organiser": ALLOWED,
                     "reader": FORBIDDEN, "writer": ALLOWED}

# Password hashing is deliberately slow; these accounts only need to sign in, so their hash
# uses the cheapest argon2 parameters (verification reads them from the hash).
CHEAP_HASH = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
SETTINGS = Settings(KINDRED_JWT_SECRET="test-secret-that-is-long-enough-for-hs256")


@dataclass
class World:
    """The graph and server behind one test, with ways to make accounts and credentials."""

    repository: GraphRepository
    http: httpx.AsyncClient

    async def account(self, handle: str, role: str = "member") -> str:
        member = await self.repository.create_member(handle=handle, name=handle.title())
        params = {"id": member.id, "passwordHash": CHEAP_HASH, "role": role}
        assert await self.repository.driver.write(account_queries.SET_PASSWORD_AND_ROLE, params)
        return member.id

    async def sign_in(self, handle: str) -> dict[str, str]:
        data = await GraphQLClient(self.http).data(SIGN_IN, {"handle": handle, "password": PASSWORD})
        return data["signIn"]

    async def api_token(self, scopes: list[str]) -> str:
        owner = await self.account("tokenowner", role="organiser")
        token_id, secret = new_id("apitoken"), credentials.new_secret()
        params = {"createdBy": owner, "id": token_id, "name": "matrix", "scopes": scopes,
                  "tokenHash": credentials.hash_secret(secret), "now": rules.utc_now()}
        assert await self.repository.driver.write(account_queries.CREATE_API_TOKEN, params)
        return f"kt.{token_id}.{secret}"

    async def client(self, role: str) -> GraphQLClient:
        if role == "anonymous":
            return GraphQLClient(self.http)
        if role in ("member", "organiser"):
            handle = {"member": "ada", "organiser": "olga"}[role]
            await self.account(handle, role=role)
            return GraphQLClient(self.http, token=(await self.sign_in(handle))["accessToken"])
        return GraphQLClient(self.http, token=await self.api_token({"reader": ["read"], "writer": ["write"]}[role]))


Variables = Callable[[World], Awaitable[dict[str, Any]]]


async def sign_in_variables(world: World) -> dict[str, Any]:
    await world.account("sam")
    return {"handle": "sam", "password": PASSWORD}


async def refresh_variables(world: World) -> dict[str, Any]:
    await world.account("sam")
    return {"refreshToken": (await world.sign_in("sam"))["refreshToken"]}


async def invite_variables(world: World) -> dict[str, Any]:
    inviter = await world.account("inviter", role="organiser")
    issued = await AccountService(world.repository, SETTINGS).invite(
        inviter, name="New Comer", email="newcomer@example.org", handle="newcomer"
    )
    return {"token": issued.token, "password": PASSWORD}


async def provider_code_variables(world: World) -> dict[str, Any]:
    """A one-time code as a sign-in through an identity provider ends with (accounts/oidc)."""
    sam = await world.account("sam")
    grant_id, secret = new_id("grant"), credentials.new_secret()
    assert await world.repository.identity_providers.create_grant(
        grant_id=grant_id, member_id=sam, token_hash=credentials.hash_secret(secret),
        now=rules.utc_now(), expires_at="2999-01-01T00:00:00Z",
    )
    return {"code": f"kg.{grant_id}.{secret}"}


async def reset_variables(world: World) -> dict[str, Any]:
    sam = await world.account("sam")
    issued = await AccountService(world.repository, SETTINGS).create_password_reset(sam, sam)
    return {"token": issued.token, "password": "a completely new password"}


@dataclass(frozen=True)
class Case:
    query: str
    access: Mapping[str, str]
    #: Real arguments, for public fields whose dummy arguments would fail as UNAUTHENTICATED.
    variables: Variables | None = None
    #: Upload variables (name -> file content), sent as a GraphQL multipart request.
    uploads: Mapping[str, bytes] | None = None

    async def send(self, client: GraphQLClient, variables: dict[str, Any]) -> dict[str, Any]:
        if not self.uploads:
            return await client.post(self.query, variables)
        names = list(self.uploads)
        operations = {"query": self.query, "variables": {**variables, **dict.fromkeys(names)}}
        response = await client.http.post(
            "/graphql",
            data={
                "operations": json.dumps(operations),
                "map": json.dumps({str(i): [f"variables.{name}"] for i, name in enumerate(names)}),
            },
            files={str(i): (f"{name}.json", self.uploads[name], "application/json") for i, name in enumerate(names)},
            headers={"Authorization": f"Bearer {client.token}"} if client.token else {},
        )
        # The edge refuses an anonymous upload with HTTP 401 before reading its body.
        assert response.status_code == (200 if client.token else 401), response.text
        return response.json()


NOBODY = '"member-nobody"'
MATRIX: dict[str, Case] = {
    # Queries
    "Query.viewer": Case("{ viewer { handle } }", PUBLIC),
    "Query.member": Case('{ member(handle: "nobody") { handle } }', READERS),
    "Query.members": Case("{ members(first: 1) { __typename } }", READERS),
    "Query.passions": Case("{ passions(first: 1) { __typename } }", READERS),
    "Query.passion": Case('{ passion(slug: "jazz") { __typename } }', READERS),
    "Query.teams": Case("{ teams(first: 1) { __typename } }", READERS),
    "Query.sites": Case("{ sites(first: 1) { __typename } }", READERS),
    "Query.skills": Case("{ skills(first: 1) { __typename } }", READERS),
    "Query.node": Case('{ node(id: "TWVtYmVyOm5vYm9keQ==") { __typename } }', READERS),  # Member:nobody
    "Query.invitations": Case("{ invitations { __typename } }", ORGANISERS_ONLY),
    "Query.apiTokens": Case("{ apiTokens { __typename } }", ORGANISERS_ONLY),
    "Query.provisioningTokens": Case("{ provisioningTokens { __typename } }", ORGANISERS_ONLY),
    "Query.webhookEndpoints": Case("{ webhookEndpoints { __typename } }", ORGANISERS_ONLY),
    "Query.exportMyData": Case("{ exportMyData }", MEMBERS_ONLY),
    "Query.search": Case('{ search(text: "jazz") { __typename } }', READERS),
    "Query.neighborhood": Case('{ neighborhood(memberId: "member-nobody") { __typename } }', READERS),
    "Query.communityGraph": Case("{ communityGraph(limit: 10) { __typename } }", READERS),
    "Query.purposeCommunities": Case("{ purposeCommunities(first: 1) { __typename } }", READERS),
    # What belongs to the member asking: an API token has none.
    "Query.myBondRequests": Case("{ myBondRequests { __typename } }", MEMBERS_ONLY),
    "Query.myProposals": Case("{ myProposals { __typename } }", MEMBERS_ONLY),
    "Query.myFollowUps": Case("{ myFollowUps { __typename } }", MEMBERS_ONLY),
    # Recommendations
    "Query.communitySnapshot": Case("{ communitySnapshot(first: 1) { __typename } }", RECOMMENDER_READ),
    "Query.recommendationContext": Case("{ recommendationContext { __typename } }", RECOMMENDER_READ),
    "Query.proposalSets": Case("{ proposalSets(first: 1) { __typename } }", ORGANISERS_ONLY),
    "Query.proposalSet": Case('{ proposalSet(id: "proposalset-nobody") { __typename } }', ORGANISERS_ONLY),
    # Accounts
    "Mutation.signIn": Case(
        "mutation($handle: String!, $password: String!) { signIn(handle: $handle, password: $password) { __typename } }",
        PUBLIC,
        sign_in_variables,
    ),
    "Mutation.refreshToken": Case(
        "mutation($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { __typename } }",
        PUBLIC,
        refresh_variables,
    ),
    "Mutation.acceptInvite": Case(
        "mutation($token: String!, $password: String!) { acceptInvite(token: $token, password: $password) "
        "{ __typename } }",
        PUBLIC,
        invite_variables,
    ),
    "Mutation.signOut": Case("mutation { signOut }", MEMBERS_ONLY),
    "Mutation.changePassword": Case(
        'mutation { changePassword(currentPassword: "not my password", newPassword: "a completely new one") }',
        MEMBERS_ONLY,
    ),
    "Mutation.createPasswordResetLink": Case(
        f"mutation {{ createPasswordResetLink(memberId: {NOBODY}) {{ __typename }} }}", ORGANISERS_ONLY
    ),
    "Mutation.resetPassword": Case(
        "mutation($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) "
        "{ __typename } }",
        PUBLIC,
        reset_variables,
    ),
    "Mutation.deleteMyAccount": Case('mutation { deleteMyAccount(confirmHandle: "not-my-handle") }', MEMBERS_ONLY),
    "Mutation.inviteMember": Case(
        'mutation { inviteMember(input: {name: "New Comer", email: "new@example.org", handle: "newcomer"}) '
        "{ __typename } }",
        ORGANISERS_ONLY,
    ),
    "Mutation.revokeInvitation": Case('mutation { revokeInvitation(id: "invite-nobody") }', ORGANISERS_ONLY),
    "Mutation.renewInvitation": Case(
        'mutation { renewInvitation(id: "invite-nobody") { __typename } }', ORGANISERS_ONLY
    ),
    "Query.invitationByToken": Case(
        "query($token: String!) { invitationByToken(token: $token) { __typename } }", PUBLIC, invite_variables
    ),
    "Mutation.createApiToken": Case(
        'mutation { createApiToken(name: "Matrix", scopes: [READ]) { __typename } }', ORGANISERS_ONLY
    ),
    "Mutation.revokeApiToken": Case('mutation { revokeApiToken(id: "apitoken-nobody") }', ORGANISERS_ONLY),
    "Mutation.createProvisioningToken": Case(
        'mutation { createProvisioningToken(name: "Matrix") { __typename } }', ORGANISERS_ONLY
    ),
    "Mutation.revokeProvisioningToken": Case(
        'mutation { revokeProvisioningToken(id: "provisioning-nobody") }', ORGANISERS_ONLY
    ),
    # A member's own profile
    "Mutation.updateMyProfile": Case('mutation { updateMyProfile(input: {headline: "Hi"}) { __typename } }',
                                     MEMBERS_ONLY),
    "Mutation.setMyPassions": Case(
        'mutation { setMyPassions(passions: [{passion: "Jazz", intensity: 3}]) { __typename } }', MEMBERS_ONLY
    ),
    "Mutation.setMySkills": Case("mutation { setMySkills(seeks: [], offers: []) { __typename } }", MEMBERS_ONLY),
    "Mutation.setMyRecommendationOptOut": Case(
        "mutation { setMyRecommendationOptOut(optOut: true) { __typename } }", MEMBERS_ONLY
    ),
    # Consent (api/consent.py): a member's own, never an API token's
    "Mutation.setMyRecommendationPause": Case(
        "mutation { setMyRecommendationPause(until: null) { __typename } }", MEMBERS_ONLY
    ),
    # "Did you meet?" (api/followups.py): a member's own answer
    "Mutation.answerFollowUp": Case(
        'mutation { answerFollowUp(proposalId: "proposal-nope", met: false) { __typename } }', MEMBERS_ONLY
    ),
    "Mutation.setMyProposalKinds": Case("mutation { setMyProposalKinds(kinds: [PURPOSE]) { __typename } }", MEMBERS_ONLY),
    "Mutation.addToNoIntroList": Case(f"mutation {{ addToNoIntroList(memberId: {NOBODY}) {{ __typename }} }}", MEMBERS_ONLY),
    "Mutation.removeFromNoIntroList": Case(
        f"mutation {{ removeFromNoIntroList(memberId: {NOBODY}) {{ __typename }} }}", MEMBERS_ONLY
    ),
    # Bonds
    "Mutation.recordBond": Case(f"mutation {{ recordBond(otherMemberId: {NOBODY}, kind: FRIEND) {{ __typename }} }}",
                                MEMBERS_ONLY),
    "Mutation.removeBond": Case(f"mutation {{ removeBond(otherMemberId: {NOBODY}, kind: FRIEND) }}", MEMBERS_ONLY),
    # Organisers' tools
    "Mutation.createMember": Case(
        'mutation { createMember(input: {handle: "newcomer", name: "New Comer"}) { __typename } }', ORGANISERS_ONLY
    ),
    "Mutation.updateMember": Case(
        f'mutation {{ updateMember(id: {NOBODY}, input: {{name: "Nobody"}}) {{ __typename }} }}', ORGANISERS_ONLY
    ),
    "Mutation.deleteMember": Case(f"mutation {{ deleteMember(id: {NOBODY}) }}", ORGANISERS_ONLY),
    "Mutation.setMemberRole": Case(
        f"mutation {{ setMemberRole(memberId: {NOBODY}, role: ORGANISER) {{ __typename }} }}", ORGANISERS_ONLY
    ),
    "Mutation.assignMemberToTeam": Case(
        f'mutation {{ assignMemberToTeam(memberId: {NOBODY}, teamId: "team-nobody") {{ __typename }} }}',
        ORGANISERS_ONLY,
    ),
    "Mutation.assignMemberToSite": Case(
        f'mutation {{ assignMemberToSite(memberId: {NOBODY}, siteId: "site-nobody") {{ __typename }} }}',
        ORGANISERS_ONLY,
    ),
    "Mutation.createTeam": Case('mutation { createTeam(name: "Matrix") { __typename } }', ORGANISERS_ONLY),
    "Mutation.updateTeam": Case('mutation { updateTeam(id: "team-nobody", name: "Matrix") { __typename } }',
                                ORGANISERS_ONLY),
    "Mutation.deleteTeam": Case('mutation { deleteTeam(id: "team-nobody") }', ORGANISERS_ONLY),
    "Mutation.createSite": Case('mutation { createSite(name: "Matrix", city: "Hamburg") { __typename } }',
                                ORGANISERS_ONLY),
    "Mutation.updateSite": Case('mutation { updateSite(id: "site-nobody", name: "Matrix") { __typename } }',
                                ORGANISERS_ONLY),
    "Mutation.deleteSite": Case('mutation { deleteSite(id: "site-nobody") }', ORGANISERS_ONLY),
    "Mutation.mergePassions": Case('mutation { mergePassions(from: "polka", into: "jazz") { __typename } }',
                                   ORGANISERS_ONLY),
    "Mutation.storeProposalSet": Case(
        'mutation { storeProposalSet(input: {kind: INTROS, parameters: {}, algorithmVersion: "matrix-1", '
        "quality: {}, groupings: []}) { __typename } }",
        RECOMMENDER_WRITE,
    ),
    "Mutation.publishProposalSet": Case('mutation { publishProposalSet(id: "proposalset-nobody") { __typename } }',
                                        ORGANISERS_ONLY),
    "Mutation.removeDraftProposal": Case(
        'mutation { removeDraftProposal(id: "proposal-nobody") { __typename } }', ORGANISERS_ONLY
    ),
    "Mutation.removeMemberFromDraftProposal": Case(
        f'mutation {{ removeMemberFromDraftProposal(proposalId: "proposal-nobody", memberId: {NOBODY}) {{ __typename }} }}',
        ORGANISERS_ONLY,
    ),
    "Mutation.respondToProposal": Case(
        'mutation { respondToProposal(id: "proposal-nobody", accept: true) { __typename } }', MEMBERS_ONLY
    ),
    # Community health and events
    "Query.communityHealth": Case("{ communityHealth { members } }", RECOMMENDER_READ),
    "Query.kpiDefinitions": Case("{ kpiDefinitions { name } }", RECOMMENDER_READ),
    "Query.kpiTargets": Case("{ kpiTargets { id } }", RECOMMENDER_READ),
    "Query.communityHealthHistory": Case(
        '{ communityHealthHistory(kpi: ISOLATED_SHARE, from: "2026-01-01", to: "2026-01-31") { at } }',
        RECOMMENDER_READ,
    ),
    "Mutation.setKpiTarget": Case(
        'mutation { setKpiTarget(kpi: ISOLATED_SHARE, target: 0.1, by: "2000-01-01") { id } }', ORGANISERS_ONLY
    ),
    "Mutation.removeKpiTarget": Case('mutation { removeKpiTarget(id: "kpitarget-nobody") }', ORGANISERS_ONLY),
    "Mutation.snapshotCommunityHealth": Case('mutation { snapshotCommunityHealth(at: "2999-01-01") { at } }',
                                             ORGANISERS_ONLY),
    "Query.events": Case("{ events(first: 1) { __typename } }", READERS),
    "Query.event": Case('{ event(id: "event-nobody") { __typename } }', READERS),
    "Query.myEvents": Case("{ myEvents { __typename } }", READERS),
    "Query.myCalendarFeed": Case("{ myCalendarFeed }", MEMBERS_ONLY),
    "Mutation.startCalendarFeed": Case("mutation { startCalendarFeed }", MEMBERS_ONLY),
    "Mutation.stopCalendarFeed": Case("mutation { stopCalendarFeed }", MEMBERS_ONLY),
    "Mutation.createEvent": Case(
        'mutation { createEvent(input: {name: "Matrix", startsAt: "not a time"}) { __typename } }', ORGANISERS_ONLY
    ),
    "Mutation.updateEvent": Case('mutation { updateEvent(id: "event-nobody", input: {name: "Matrix"}) { __typename } }',
                                 ORGANISERS_ONLY),
    "Mutation.deleteEvent": Case('mutation { deleteEvent(id: "event-nobody") }', ORGANISERS_ONLY),
    "Mutation.addEventAttendees": Case(
        f'mutation {{ addEventAttendees(eventId: "event-nobody", memberIds: [{NOBODY}]) {{ added }} }}', ORGANISERS_ONLY
    ),
    "Mutation.addEventAttendeesFrom": Case(
        'mutation { addEventAttendeesFrom(eventId: "event-nobody", teamId: "team-nobody") { added } }', ORGANISERS_ONLY
    ),
    "Mutation.removeEventAttendee": Case(
        f'mutation {{ removeEventAttendee(eventId: "event-nobody", memberId: {NOBODY}) {{ __typename }} }}',
        ORGANISERS_ONLY,
    ),
    "Mutation.importEventAttendees": Case(
        'mutation($file: Upload!) { importEventAttendees(eventId: "event-nobody", file: $file) { added } }',
        ORGANISERS_ONLY,
        uploads={"file": b"handle\nnobody\n"},
    ),
    "Mutation.createWebhookEndpoint": Case(
        'mutation { createWebhookEndpoint(input: {name: "Chat", url: "https://hooks.example.org/x", '
        'events: [MET_RECORDED]}) { secret } }',
        ORGANISERS_ONLY,
    ),
    "Mutation.updateWebhookEndpoint": Case(
        'mutation { updateWebhookEndpoint(id: "webhook-nobody", input: {name: "Chat"}) { __typename } }', ORGANISERS_ONLY
    ),
    "Mutation.rotateWebhookSecret": Case('mutation { rotateWebhookSecret(id: "webhook-nobody") { secret } }', ORGANISERS_ONLY),
    "Mutation.removeWebhookEndpoint": Case('mutation { removeWebhookEndpoint(id: "webhook-nobody") }', ORGANISERS_ONLY),
    "Query.identityProviderSettings": Case("{ identityProviderSettings { redirectUri } }", ORGANISERS_ONLY),
    "Query.signInOptions": Case("{ signInOptions { passwordSignIn } }", PUBLIC),
    "Query.providerInvitation": Case('{ providerInvitation(code: "kg.grant-nobody.secret") { handle } }', PUBLIC),
    "Mutation.createIdentityProvider": Case(
        'mutation { createIdentityProvider(input: {name: "Okta", issuer: "https://example.okta.com", clientId: "c", '
        'clientSecret: "s", allowedDomains: ["example.org"]}) { id } }',
        ORGANISERS_ONLY,
    ),
    "Mutation.updateIdentityProvider": Case(
        'mutation { updateIdentityProvider(id: "idp-nobody", input: {name: "Okta"}) { id } }', ORGANISERS_ONLY
    ),
    "Mutation.removeIdentityProvider": Case('mutation { removeIdentityProvider(id: "idp-nobody") }', ORGANISERS_ONLY),
    "Mutation.signInWithProvider": Case(
        "mutation($code: String!) { signInWithProvider(code: $code) { __typename } }", PUBLIC, provider_code_variables
    ),
    "Mutation.setMyMailChoices": Case(
        "mutation { setMyMailChoices(input: {reminders: false}) { __typename } }", MEMBERS_ONLY
    ),
    "Mutation.recordMet": Case(
        f'mutation {{ recordMet(eventId: "event-nobody", memberIds: [{NOBODY}]) {{ __typename }} }}', MEMBERS_ONLY
    ),
    "Mutation.importMembers": Case(
        "mutation($file: Upload!) { importMembers(file: $file, format: JSON, dryRun: true) { __typename } }",
        ORGANISERS_ONLY,
        uploads={"file": b"[]"},
    ),
}


def schema_fields() -> list[str]:
    """Every field of Query and Mutation, as `Type.field`, read from the schema's introspection."""
    introspection = schema.introspect()["__schema"]
    roots = [introspection["queryType"]["name"], (introspection.get("mutationType") or {}).get("name")]
    return sorted(
        f"{kind['name']}.{field['name']}"
        for kind in introspection["types"]
        if kind["name"] in roots
        for field in kind["fields"]
    )


FIELDS = schema_fields()


def test_every_matrix_entry_names_a_field_of_the_schema() -> None:
    assert sorted(set(MATRIX) - set(FIELDS)) == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", FIELDS)
async def test_field_access(field: str, role: str, repository: GraphRepository, http: httpx.AsyncClient) -> None:
    case = MATRIX.get(field)
    assert case is not None, f"{field} has no entry in MATRIX: decide who may call it"
    world = World(repository, http)
    client = await world.client(role)
    variables = await case.variables(world) if case.variables else {}
    body = await case.send(client, variables)
    errors = body.get("errors") or []
    codes = [error.get("extensions", {}).get("code") for error in errors]
    expected = case.access[role]
    if expected == ALLOWED:
        assert not NOT_REACHED.intersection(codes), f"{field} as {role}: {errors}"
    else:
        assert codes[:1] == [expected], f"{field} as {role} should be {expected}: {body}"
        refused_at_the_edge = bool(case.uploads) and client.token is None  # before any field runs
        assert errors[0].get("path") == (None if refused_at_the_edge else [field.split(".", 1)[1]]), errors
