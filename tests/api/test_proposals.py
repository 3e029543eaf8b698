"""Proposal sets: stored by the recommender, published by organisers, answered by members."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from strawberry import relay

from graph_api.accounts.service import AccountService
from graph_api.kpis.health import Scope
from graph_api.kpis.targets import KPIS
from graph_api.settings import Settings
from graph_api.store.queries import proposals as proposal_queries
from tests.api.conftest import PASSWORD, GraphQLClient, People, api_token
from tests.seeding import SeedingRepository


SETTINGS = Settings(KINDRED_JWT_SECRET="test-secret-that-is-long-enough-for-hs256")
GRAPH_SIZE = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"
STORE = """mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) {
  id kind status parameters algorithmVersion quality seed eventId createdAt publishedAt
  proposals(first: 10) { totalCount edges { node { id kind round table reasonText reason members { handle } } } }
} }"""
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id status publishedAt } }"
SETS = """query($kind: ProposalKind, $status: ProposalSetStatus) {
  proposalSets(kind: $kind, status: $status, first: 10) { totalCount edges { node { id kind status } } }
}"""
MINE = """query($status: ProposalResponse) { myProposals(status: $status) {
  id kind reasonText reason myResponse otherMembers { handle } community { name members { handle } }
} }"""
RESPOND = """mutation($id: ID!, $accept: Boolean!) { respondToProposal(id: $id, accept: $accept) {
  id myResponse community { id key name members { handle } }
} }"""
COMMUNITIES = """{ purposeCommunities(first: 10) { totalCount edges { node {
  key name createdAt members { handle } proposal { id reasonText }
} } } }"""
EVENT_SETS = """query($eventId: ID) {
  proposalSets(eventId: $eventId, first: 10) { totalCount edges { node { id eventId } } }
}"""
CONTEXT = "query($days: Int!) { recommendationContext(days: $days) { acceptedGroups blockedPairs } }"
DECLINED_AT = "MATCH (:Member {id: $a})-[d:DECLINED_PAIR]->(:Member {id: $b}) RETURN d.at AS at"
BACKDATE_DECLINES = "MATCH ()-[d:DECLINED_PAIR]->() SET d.at = $at"


class Cast:
    """The organiser olga, members ann, bob and cyd, dee who opted out, and the recommender's tokens.

    Passwords are set only for those who sign in, at their first sign-in: hashing one takes a while.
    """

    def __init__(self, people: People, repository: SeedingRepository, http: Any) -> None:
        self.people, self.repository, self.http = people, repository, http
        self.ids: dict[str, str] = {}
        self.clients: dict[str, GraphQLClient] = {}

    async def setup(self) -> Cast:
        for handle in ("olga", "ann", "bob", "cyd", "dee"):
            member = await self.repository.create_member(handle=handle, name=handle.title(), opt_out=handle == "dee")
            self.ids[handle] = member.id
        await self.repository.ensure_passion("Jazz")
        self.recommender = GraphQLClient(
            self.http, token=await api_token(self.repository, self.ids["olga"], "read", "write")
        )
        self.reader = GraphQLClient(self.http, token=await api_token(self.repository, self.ids["olga"], "read"))
        return self

    async def client(self, handle: str) -> GraphQLClient:
        if handle not in self.clients:
            role = "organiser" if handle == "olga" else "member"
            await AccountService(self.repository, SETTINGS).set_password(self.ids[handle], PASSWORD, role=role)
            self.clients[handle] = await self.people.client(handle)
        return self.clients[handle]

    def grouping(self, *handles: str, **extra: Any) -> dict[str, Any]:
        members = [self.ids.get(handle, handle) for handle in handles]
        return {"members": members, "reasonText": f"{' and '.join(handles)} both love jazz", **extra}

    def set_input(self, kind: str, *groupings: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "kind": kind,
            "parameters": {"groupSize": 2, "weights": {"passion": 0.7}},
            "algorithmVersion": "purpose-1.0",
            "quality": {"cohesion": 0.8, "novelty": 1.0},
            "seed": 42,
            "groupings": list(groupings),
            **extra,
        }

    async def store(self, kind: str, *groupings: dict[str, Any]) -> dict[str, Any]:
        return (await self.recommender.data(STORE, {"input": self.set_input(kind, *groupings)}))["storeProposalSet"]

    async def published(self, kind: str, *groupings: dict[str, Any]) -> list[str]:
        """Store and publish a set; the ids of its proposals, in order."""
        stored = await self.store(kind, *groupings)
        await (await self.client("olga")).data(PUBLISH, {"id": stored["id"]})
        return [edge["node"]["id"] for edge in stored["proposals"]["edges"]]

    async def graph_size(self) -> dict[str, int]:
        return (await self.repository.driver.read(GRAPH_SIZE))[0]


JAZZ = {"sharedPassions": [["jazz", [5, 4]]], "teams": [], "newPairs": 1}


@pytest.fixture
async def cast(people: People, repository: SeedingRepository, http: Any) -> Cast:
    return await Cast(people, repository, http).setup()


async def test_a_write_token_stores_a_whole_set_as_a_draft(cast: Cast) -> None:
    stored = await cast.store("PURPOSE", cast.grouping("ann", "bob", reason=JAZZ), cast.grouping("bob", "cyd"))
    assert stored["kind"] == "PURPOSE" and stored["status"] == "DRAFT" and stored["publishedAt"] is None
    assert stored["parameters"] == {"groupSize": 2, "weights": {"passion": 0.7}}
    assert stored["quality"] == {"cohesion": 0.8, "novelty": 1.0}
    assert (stored["algorithmVersion"], stored["seed"], stored["eventId"]) == ("purpose-1.0", 42, None)
    assert stored["proposals"]["totalCount"] == 2
    first, second = (edge["node"] for edge in stored["proposals"]["edges"])
    assert first["reason"] == JAZZ and first["reasonText"] == "ann and bob both love jazz"
    assert sorted(m["handle"] for m in first["members"]) == ["ann", "bob"]
    assert sorted(m["handle"] for m in second["members"]) == ["bob", "cyd"] and second["reason"] == {}


async def _target(cast: Cast) -> str:
    stored = await cast.repository.kpis.create_target(
        target_id=f"kpitarget-{uuid.uuid4().hex}", kpi=KPIS["SILO_INDEX_TEAMS"], scope=Scope.community(), target=0.2,
        by=date(2031, 6, 30), baseline=-0.4, today=date(2030, 1, 1),
    )
    return stored.id


AIMED = "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id aimedTargetIds } }"


async def test_a_set_names_the_kpi_targets_its_run_was_aimed_at(cast: Cast) -> None:
    target = await _target(cast)
    stored = (await cast.recommender.data(AIMED, {"input": cast.set_input(
        "INTROS", cast.grouping("ann", "bob"), aimedTargetIds=[target, target]
    )}))["storeProposalSet"]
    assert stored["aimedTargetIds"] == [target]
    unaimed = (await cast.recommender.data(AIMED, {"input": cast.set_input("INTROS", cast.grouping("ann", "bob"))}))
    assert unaimed["storeProposalSet"]["aimedTargetIds"] == []


async def test_a_set_aimed_at_an_unknown_target_is_refused_and_writes_nothing(cast: Cast) -> None:
    before = await cast.graph_size()
    error = await cast.recommender.error(AIMED, {"input": cast.set_input(
        "INTROS", cast.grouping("ann", "bob"), aimedTargetIds=["kpitarget-gone"]
    )})
    assert error["extensions"]["code"] == "NOT_FOUND" and error["extensions"]["field"] == "aimedTargetIds"
    assert await cast.graph_size() == before


async def test_a_set_aimed_at_more_than_five_targets_is_refused(cast: Cast) -> None:
    ids = [f"kpitarget-{n}" for n in range(6)]
    error = await cast.recommender.error(AIMED, {"input": cast.set_input("INTROS", cast.grouping("ann", "bob"), aimedTargetIds=ids)})
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "aimedTargetIds"


async def test_a_set_with_an_unknown_member_writes_nothing(cast: Cast) -> None:
    before = await cast.graph_size()
    grouping = cast.grouping("ann", "member-nobody")
    error = await cast.recommender.error(STORE, {"input": cast.set_input("INTROS", cast.grouping("bob", "cyd"), grouping)})
    assert error["extensions"]["code"] == "NOT_FOUND" and "member-nobody" in error["message"]
    assert await cast.graph_size() == before


async def test_a_set_with_an_opted_out_member_is_refused_and_writes_nothing(cast: Cast) -> None:
    before = await cast.graph_size()
    error = await cast.recommender.error(STORE, {"input": cast.set_input("PURPOSE", cast.grouping("ann", "dee"))})
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "@dee" in error["message"]
    assert await cast.graph_size() == before


async def test_the_store_statement_itself_writes_nothing_when_a_member_is_missing(cast: Cast) -> None:
    # What guards a member deleted between the checks and the write: the one statement matches nothing.
    before = await cast.graph_size()
    members = [cast.ids["ann"], "member-gone"]
    grouping = {"id": "proposal-x-00000", "members": members, "round": None, "table": None, "reason": "{}",
                "reasonText": "x"}
    params = {"id": "proposalset-x", "kind": "purpose", "parameters": "{}", "algorithmVersion": "v", "quality": "{}",
              "now": "2024-01-01T00:00:00Z", "eventId": None, "seed": None, "groupings": [grouping],
              "memberIds": members, "aimedTargetIds": []}
    assert await cast.repository.driver.write(proposal_queries.STORE_PROPOSAL_SET, params) == []
    assert await cast.graph_size() == before


async def test_the_store_statement_itself_writes_nothing_when_an_aimed_target_is_gone(cast: Cast) -> None:
    before = await cast.graph_size()
    members = [cast.ids["ann"], cast.ids["bob"]]
    grouping = {"id": "proposal-x-00000", "members": members, "round": None, "table": None, "reason": "{}",
                "reasonText": "x"}
    params = {"id": "proposalset-x", "kind": "intros", "parameters": "{}", "algorithmVersion": "v", "quality": "{}",
              "now": "2024-01-01T00:00:00Z", "eventId": None, "seed": None, "groupings": [grouping],
              "memberIds": members, "aimedTargetIds": ["kpitarget-gone"]}
    assert await cast.repository.driver.write(proposal_queries.STORE_PROPOSAL_SET, params) == []
    assert await cast.graph_size() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda g: {**g, "members": g["members"][:1]}, "groupings[0].members"),
        (lambda g: {**g, "members": g["members"] + g["members"][:1]}, "groupings[0].members"),
        (lambda g: {**g, "reasonText": "  "}, "groupings[0].reasonText"),
        (lambda g: {**g, "reasonText": "x" * 2001}, "groupings[0].reasonText"),
        (lambda g: {**g, "reason": ["not", "an", "object"]}, "groupings[0].reason"),
        (lambda g: {**g, "reason": {"text": "x" * 5000}}, "groupings[0].reason"),
        (lambda g: {**g, "round": -1}, "groupings[0].round"),
    ],
)
async def test_a_bad_grouping_is_refused_and_writes_nothing(cast: Cast, change: Any, field: str) -> None:
    before = await cast.graph_size()
    bad = cast.set_input("PURPOSE", change(cast.grouping("ann", "bob")))
    error = await cast.recommender.error(STORE, {"input": bad})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert await cast.graph_size() == before


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"groupings": []}, "groupings"),
        ({"parameters": [1, 2]}, "parameters"),
        ({"quality": {"extra": "x" * 20_001}}, "quality"),
        ({"algorithmVersion": ""}, "algorithmVersion"),
        ({"eventId": "not an id!"}, "eventId"),
    ],
)
async def test_a_bad_set_is_refused_and_writes_nothing(cast: Cast, extra: dict[str, Any], field: str) -> None:
    before = await cast.graph_size()
    bad = cast.set_input("PURPOSE", cast.grouping("ann", "bob"), **extra)
    error = await cast.recommender.error(STORE, {"input": bad})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert await cast.graph_size() == before


async def test_an_event_member_can_sit_at_one_table_per_round_only(cast: Cast) -> None:
    before = await cast.graph_size()
    tables = [cast.grouping("ann", "bob", round=1, table=1), cast.grouping("ann", "cyd", round=1, table=2)]
    error = await cast.recommender.error(STORE, {"input": cast.set_input("EVENTS", *tables)})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "groupings[1].members"}
    assert await cast.graph_size() == before


async def test_a_read_token_cannot_store_a_set(cast: Cast) -> None:
    before = await cast.graph_size()
    error = await cast.reader.error(STORE, {"input": cast.set_input("PURPOSE", cast.grouping("ann", "bob"))})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await cast.graph_size() == before


async def test_a_member_cannot_store_a_set(cast: Cast) -> None:
    ann = await cast.client("ann")
    before = await cast.graph_size()
    error = await ann.error(STORE, {"input": cast.set_input("PURPOSE", cast.grouping("ann", "bob"))})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await cast.graph_size() == before


async def test_an_organiser_publishes_a_draft(cast: Cast) -> None:
    stored = await cast.store("INTROS", cast.grouping("ann", "bob"))
    olga = await cast.client("olga")
    published = (await olga.data(PUBLISH, {"id": stored["id"]}))["publishProposalSet"]
    assert published["status"] == "PUBLISHED" and published["publishedAt"] >= stored["createdAt"]
    listed = (await olga.data(SETS, {"kind": "INTROS", "status": "PUBLISHED"}))["proposalSets"]
    assert listed["totalCount"] == 1 and listed["edges"][0]["node"]["id"] == stored["id"]
    assert (await olga.data(SETS, {"status": "DRAFT"}))["proposalSets"]["totalCount"] == 0


async def store_for_event(cast: Cast, event_id: str | None) -> str:
    """An events set seating ann and bob, for the event given; its id."""
    tables = cast.set_input("EVENTS", cast.grouping("ann", "bob", round=0, table=0), eventId=event_id)
    return (await cast.recommender.data(STORE, {"input": tables}))["storeProposalSet"]["id"]


async def test_an_organiser_lists_the_sets_of_one_event(cast: Cast) -> None:
    first = await store_for_event(cast, "event-one")
    second = await store_for_event(cast, "event-one")
    await store_for_event(cast, "event-two")
    await store_for_event(cast, None)
    listed = (await (await cast.client("olga")).data(EVENT_SETS, {"eventId": "event-one"}))["proposalSets"]
    assert listed["totalCount"] == 2
    assert {edge["node"]["id"] for edge in listed["edges"]} == {first, second}


async def test_the_event_filter_takes_the_event_s_global_id_too(cast: Cast) -> None:
    stored = await store_for_event(cast, "event-one")
    await store_for_event(cast, "event-two")
    olga = await cast.client("olga")
    listed = (await olga.data(EVENT_SETS, {"eventId": relay.to_base64("Event", "event-one")}))["proposalSets"]
    assert [edge["node"]["id"] for edge in listed["edges"]] == [stored]


async def test_filtering_sets_by_the_id_of_something_else_than_an_event_is_bad_input(cast: Cast) -> None:
    olga = await cast.client("olga")
    error = await olga.error(EVENT_SETS, {"eventId": relay.to_base64("Member", cast.ids["ann"])})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "eventId"}


async def test_publishing_twice_is_a_conflict(cast: Cast) -> None:
    stored = await cast.store("INTROS", cast.grouping("ann", "bob"))
    olga = await cast.client("olga")
    await olga.data(PUBLISH, {"id": stored["id"]})
    assert (await olga.error(PUBLISH, {"id": stored["id"]}))["extensions"]["code"] == "CONFLICT"


async def test_publishing_an_unknown_set_is_not_found(cast: Cast) -> None:
    olga = await cast.client("olga")
    assert (await olga.error(PUBLISH, {"id": "proposalset-nope"}))["extensions"]["code"] == "NOT_FOUND"


async def test_members_cannot_publish_or_list_sets(cast: Cast) -> None:
    stored = await cast.store("INTROS", cast.grouping("ann", "bob"))
    ann = await cast.client("ann")
    assert (await ann.error(PUBLISH, {"id": stored["id"]}))["extensions"]["code"] == "FORBIDDEN"
    assert (await ann.error(SETS))["extensions"]["code"] == "FORBIDDEN"


async def test_a_member_sees_only_published_proposals_that_include_them(cast: Cast) -> None:
    [mine, _] = await cast.published("INTROS", cast.grouping("ann", "bob"), cast.grouping("bob", "cyd"))
    await cast.store("INTROS", cast.grouping("ann", "cyd"))  # a draft: nobody sees it
    ann = await cast.client("ann")
    proposals = (await ann.data(MINE))["myProposals"]
    assert proposals == [
        {
            "id": mine,
            "kind": "INTROS",
            "reasonText": "ann and bob both love jazz",
            "reason": {},
            "myResponse": "PENDING",
            "otherMembers": [{"handle": "bob"}],
            "community": None,
        }
    ]
    assert (await ann.data(MINE, {"status": "ACCEPTED"}))["myProposals"] == []


async def test_accepting_a_purpose_group_forms_its_community(cast: Cast) -> None:
    [proposal] = await cast.published("PURPOSE", cast.grouping("ann", "bob", reason=JAZZ))
    ann = await cast.client("ann")
    answered = (await ann.data(RESPOND, {"id": proposal, "accept": True}))["respondToProposal"]
    assert answered["myResponse"] == "ACCEPTED"
    assert answered["community"]["name"] == "Jazz circle" and answered["community"]["members"] == [{"handle": "ann"}]
    listed = (await ann.data(COMMUNITIES))["purposeCommunities"]
    assert listed["totalCount"] == 1
    node = listed["edges"][0]["node"]
    assert (node["key"], node["proposal"]["id"]) == (answered["community"]["key"], proposal)
    viewer = (await ann.data("{ viewer { communities { key name } } }"))["viewer"]
    assert viewer["communities"] == [{"key": node["key"], "name": "Jazz circle"}]


async def test_a_second_acceptance_joins_the_same_community(cast: Cast) -> None:
    [proposal] = await cast.published("PURPOSE", cast.grouping("ann", "bob", reason=JAZZ))
    first = await (await cast.client("ann")).data(RESPOND, {"id": proposal, "accept": True})
    second = await (await cast.client("bob")).data(RESPOND, {"id": proposal, "accept": True})
    community = second["respondToProposal"]["community"]
    assert community["id"] == first["respondToProposal"]["community"]["id"]
    assert sorted(member["handle"] for member in community["members"]) == ["ann", "bob"]
    groups = (await cast.reader.data(CONTEXT, {"days": 90}))["recommendationContext"]["acceptedGroups"]
    assert groups == [sorted([cast.ids["ann"], cast.ids["bob"]])]


async def test_declining_a_purpose_group_after_accepting_leaves_its_community(cast: Cast) -> None:
    [proposal] = await cast.published("PURPOSE", cast.grouping("ann", "bob", reason=JAZZ))
    ann, bob = await cast.client("ann"), await cast.client("bob")
    await ann.data(RESPOND, {"id": proposal, "accept": True})
    await bob.data(RESPOND, {"id": proposal, "accept": True})
    answered = (await ann.data(RESPOND, {"id": proposal, "accept": False}))["respondToProposal"]
    assert answered["myResponse"] == "DECLINED"
    assert answered["community"]["members"] == [{"handle": "bob"}]
    assert (await ann.data("{ viewer { communities { key } } }"))["viewer"]["communities"] == []


async def test_declining_an_intro_blocks_the_pair(cast: Cast) -> None:
    [proposal] = await cast.published("INTROS", cast.grouping("ann", "bob"))
    await (await cast.client("ann")).data(RESPOND, {"id": proposal, "accept": False})
    assert await cast.repository.driver.read(DECLINED_AT, {"a": cast.ids["ann"], "b": cast.ids["bob"]})
    pairs = (await cast.reader.data(CONTEXT, {"days": 90}))["recommendationContext"]["blockedPairs"]
    assert pairs == [sorted([cast.ids["ann"], cast.ids["bob"]])]


async def test_a_declined_skills_pairing_stays_blocked_only_for_the_days_asked(cast: Cast) -> None:
    [proposal] = await cast.published("SKILLS", cast.grouping("ann", "cyd"))
    assert (await cast.reader.data(CONTEXT, {"days": 90}))["recommendationContext"]["blockedPairs"] == []
    await (await cast.client("cyd")).data(RESPOND, {"id": proposal, "accept": False})
    pair = sorted([cast.ids["ann"], cast.ids["cyd"]])
    assert (await cast.reader.data(CONTEXT, {"days": 90}))["recommendationContext"]["blockedPairs"] == [pair]
    await cast.repository.driver.write(BACKDATE_DECLINES, {"at": "2020-01-01T00:00:00Z"})
    assert (await cast.reader.data(CONTEXT, {"days": 90}))["recommendationContext"]["blockedPairs"] == []


async def test_accepting_after_declining_unblocks_the_pair(cast: Cast) -> None:
    [proposal] = await cast.published("SKILLS", cast.grouping("ann", "cyd"))
    cyd = await cast.client("cyd")
    await cyd.data(RESPOND, {"id": proposal, "accept": False})
    await cyd.data(RESPOND, {"id": proposal, "accept": True})
    assert (await cast.reader.data(CONTEXT, {"days": 90}))["recommendationContext"]["blockedPairs"] == []


async def test_a_member_cannot_answer_a_proposal_they_are_not_in(cast: Cast) -> None:
    [proposal] = await cast.published("PURPOSE", cast.grouping("ann", "bob", reason=JAZZ))
    cyd = await cast.client("cyd")
    before = await cast.graph_size()
    error = await cyd.error(RESPOND, {"id": proposal, "accept": True})
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert await cast.graph_size() == before


async def test_a_member_cannot_answer_a_draft_proposal(cast: Cast) -> None:
    stored = await cast.store("PURPOSE", cast.grouping("ann", "bob", reason=JAZZ))
    proposal = stored["proposals"]["edges"][0]["node"]["id"]
    ann = await cast.client("ann")
    before = await cast.graph_size()
    error = await ann.error(RESPOND, {"id": proposal, "accept": True})
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert await cast.graph_size() == before


async def test_only_the_proposal_s_members_see_a_community_s_proposal(cast: Cast) -> None:
    [proposal] = await cast.published("PURPOSE", cast.grouping("ann", "bob", reason=JAZZ))
    await (await cast.client("ann")).data(RESPOND, {"id": proposal, "accept": True})
    node = (await (await cast.client("cyd")).data(COMMUNITIES))["purposeCommunities"]["edges"][0]["node"]
    assert node["members"] == [{"handle": "ann"}] and node["proposal"] is None


# Reviewing a draft before publishing ---------------------------------------------------------------

REMOVE_GROUP = "mutation($id: ID!) { removeDraftProposal(id: $id) { id memberCount proposals { totalCount } } }"
REMOVE_MEMBER = """mutation($p: ID!, $m: ID!) { removeMemberFromDraftProposal(proposalId: $p, memberId: $m) {
  memberCount proposals(first: 10) { edges { node { id reasonText members { handle } } } } } }"""
TITLES = "query($id: ID!) { proposalSet(id: $id) { proposals(first: 10) { edges { node { title } } } } }"


async def test_a_purpose_group_is_titled_by_the_passion_it_shares(cast: Cast) -> None:
    stored = await cast.store("PURPOSE", cast.grouping("ann", "bob", reason=JAZZ))
    titles = (await (await cast.client("olga")).data(TITLES, {"id": stored["id"]}))["proposalSet"]["proposals"]
    assert titles["edges"][0]["node"]["title"] == "Jazz"


async def test_an_organiser_takes_a_group_out_of_a_draft(cast: Cast) -> None:
    stored = await cast.store("PURPOSE", cast.grouping("ann", "bob", reason=JAZZ), cast.grouping("bob", "cyd"))
    first = stored["proposals"]["edges"][0]["node"]["id"]
    left = (await (await cast.client("olga")).data(REMOVE_GROUP, {"id": first}))["removeDraftProposal"]
    assert left["proposals"]["totalCount"] == 1 and left["memberCount"] == 2


async def test_an_organiser_takes_a_member_out_and_the_reason_speaks_of_those_who_stay(cast: Cast) -> None:
    for handle in ("ann", "bob", "cyd"):
        await cast.repository.set_member_passion(cast.ids[handle], "Jazz", 4)
    await cast.repository.set_member_passion(cast.ids["olga"], "Chess", 2)
    stored = await cast.store("PURPOSE", cast.grouping("ann", "bob", "cyd", "olga", reason=JAZZ))
    proposal = stored["proposals"]["edges"][0]["node"]["id"]
    after = (await (await cast.client("olga")).data(REMOVE_MEMBER, {"p": proposal, "m": cast.ids["olga"]}))
    (group,) = [edge["node"] for edge in after["removeMemberFromDraftProposal"]["proposals"]["edges"]]
    assert sorted(m["handle"] for m in group["members"]) == ["ann", "bob", "cyd"]
    assert group["reasonText"] == "An organiser chose this group: all of you love Jazz."
    assert "olga" not in group["reasonText"].lower()


async def test_a_group_keeps_two_members_and_refusing_writes_nothing(cast: Cast) -> None:
    stored = await cast.store("PURPOSE", cast.grouping("ann", "bob", reason=JAZZ))
    proposal = stored["proposals"]["edges"][0]["node"]["id"]
    olga = await cast.client("olga")
    before = await cast.graph_size()
    error = await olga.error(REMOVE_MEMBER, {"p": proposal, "m": cast.ids["ann"]})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "memberId"}
    assert await cast.graph_size() == before


async def test_a_published_set_can_no_longer_be_edited(cast: Cast) -> None:
    (proposal,) = await cast.published("PURPOSE", cast.grouping("ann", "bob", "cyd", reason=JAZZ))
    olga = await cast.client("olga")
    before = await cast.graph_size()
    assert (await olga.error(REMOVE_GROUP, {"id": proposal}))["extensions"]["code"] == "CONFLICT"
    assert (await olga.error(REMOVE_MEMBER, {"p": proposal, "m": cast.ids["ann"]}))["extensions"]["code"] == "CONFLICT"
    assert await cast.graph_size() == before


async def test_editing_an_unknown_proposal_is_not_found(cast: Cast) -> None:
    olga = await cast.client("olga")
    assert (await olga.error(REMOVE_GROUP, {"id": "proposal-nope"}))["extensions"]["code"] == "NOT_FOUND"

ANSWERS = """{ myProposals { id myResponse responses { response member { handle } } } }"""
SET_ANSWERS = """query($id: ID!) { proposalSet(id: $id) { proposals(first: 10) { edges { node {
  responses { response member { handle } }
} } } } }"""


def _answers(proposal: dict[str, Any]) -> dict[str, str] | None:
    found = proposal["responses"]
    return None if found is None else {answer["member"]["handle"]: answer["response"] for answer in found}


async def _answered_group(cast: Cast) -> str:
    """A purpose group of ann, bob and cyd: ann accepted, bob declined, cyd is still deciding."""
    [proposal] = await cast.published("PURPOSE", cast.grouping("ann", "bob", "cyd", reason=JAZZ))
    await (await cast.client("ann")).data(RESPOND, {"id": proposal, "accept": True})
    await (await cast.client("bob")).data(RESPOND, {"id": proposal, "accept": False})
    return proposal


async def test_a_member_who_accepted_reads_every_answer_of_their_group(cast: Cast) -> None:
    await _answered_group(cast)
    [mine] = (await (await cast.client("ann")).data(ANSWERS))["myProposals"]
    assert _answers(mine) == {"ann": "ACCEPTED", "bob": "DECLINED", "cyd": "PENDING"}


async def test_a_member_still_deciding_does_not_read_the_answers(cast: Cast) -> None:
    await _answered_group(cast)
    [mine] = (await (await cast.client("cyd")).data(ANSWERS))["myProposals"]
    assert (mine["myResponse"], mine["responses"]) == ("PENDING", None)


async def test_a_member_who_declined_does_not_read_the_answers(cast: Cast) -> None:
    await _answered_group(cast)
    [mine] = (await (await cast.client("bob")).data(ANSWERS))["myProposals"]
    assert (mine["myResponse"], mine["responses"]) == ("DECLINED", None)


async def test_a_member_outside_the_group_reads_no_answers_through_its_community(cast: Cast) -> None:
    await _answered_group(cast)
    query = "{ purposeCommunities(first: 10) { edges { node { proposal { responses { response } } } } } }"
    [edge] = (await (await cast.client("dee")).data(query))["purposeCommunities"]["edges"]
    assert edge["node"]["proposal"] is None


async def test_a_member_who_accepted_reads_the_answers_through_their_community_too(cast: Cast) -> None:
    await _answered_group(cast)
    query = "{ purposeCommunities(first: 10) { edges { node { proposal { responses { response member { handle } } } } } } }"
    [edge] = (await (await cast.client("ann")).data(query))["purposeCommunities"]["edges"]
    assert _answers(edge["node"]["proposal"]) == {"ann": "ACCEPTED", "bob": "DECLINED", "cyd": "PENDING"}


async def test_organisers_read_every_answer(cast: Cast) -> None:
    stored = await cast.store("PURPOSE", cast.grouping("ann", "bob", "cyd", reason=JAZZ))
    await (await cast.client("olga")).data(PUBLISH, {"id": stored["id"]})
    [proposal] = [edge["node"]["id"] for edge in stored["proposals"]["edges"]]
    await (await cast.client("ann")).data(RESPOND, {"id": proposal, "accept": True})
    found = (await (await cast.client("olga")).data(SET_ANSWERS, {"id": stored["id"]}))["proposalSet"]
    [edge] = found["proposals"]["edges"]
    assert _answers(edge["node"]) == {"ann": "ACCEPTED", "bob": "PENDING", "cyd": "PENDING"}
