""""Did you meet?" over real HTTP, on both engines: a member's open follow-ups in words, the answer
and its `met` bonds, refusals with their codes that write nothing, and the pause three unanswered
follow-ups cause, told to the member and lifted when they answer or resume."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from graph_api.store.repository import GraphRepository
from tests.api.conftest import GraphQLClient, People
from tests.api.test_consent import add
from tests.notifications.conftest import Community, stamp

NOW = datetime.now(timezone.utc)
MINE = """{ myFollowUps { proposalId kind title groupName acceptedAt askedAt people { handle name } } }"""
ANSWER = """mutation($proposal: ID!, $met: Boolean!, $ids: [ID!]) {
  answerFollowUp(proposalId: $proposal, met: $met, memberIds: $ids) { proposalId met { handle } resumedProposals } }"""
PAUSED = "{ viewer { proposalsPausedForFollowUps recommendationPausedUntil } }"
ABOUT = 'query($handle: String!) { member(handle: $handle) { proposalsPausedForFollowUps bonds { kind source other { handle } } } }'
RESUME = "mutation { setMyRecommendationPause(until: null) { proposalsPausedForFollowUps } }"


@dataclass
class Setting:
    people: People
    community: Community
    ann: GraphQLClient

    def id(self, handle: str) -> str:
        return self.people.ids[handle]

    async def accepted(self, kind: str, handles: list[str], *, days_ago: float = 8, accepted_by: list[str] | None = None) -> str:
        """A published proposal the members accepted `days_ago` days ago."""
        self.community.ids = self.people.ids
        set_id = await self.community.draft(kind, handles)
        repository = self.community.repository
        await repository.proposals.publish(set_id=set_id, mail=False)
        rows = await repository.driver.read(
            "MATCH (:ProposalSet {id: $id})-[:CONTAINS]->(p:Proposal) RETURN p.id AS id", {"id": set_id}
        )
        proposal = str(rows[0]["id"])
        for handle in accepted_by or handles:
            await repository.proposals.respond(member_id=self.id(handle), proposal_id=proposal, accept=True,
                                               community_name="Jazz makers",
                                               now=stamp(NOW - timedelta(days=days_ago)))
        return proposal


@pytest.fixture
async def setting(people: People, repository: GraphRepository) -> Setting:
    await add(people, "olga", "Olga Organiser", role="organiser")
    for handle, name in (("ann", "Ann Archer"), ("bob", "Bob Baker"), ("cyd", "Cyd Cole"), ("dee", "Dee Dale")):
        await add(people, handle, name)
    return Setting(people, Community(repository), await people.client("ann"))


async def test_a_member_sees_an_open_follow_up_in_words(setting: Setting) -> None:
    intro = await setting.accepted("intros", ["ann", "bob"])
    await setting.accepted("intros", ["ann", "cyd"], days_ago=2)  # not asked yet
    [found] = (await setting.ann.data(MINE))["myFollowUps"]
    assert found["proposalId"] == intro and found["kind"] == "INTROS"
    assert found["title"] == "Your introduction to Bob Baker" and found["groupName"] is None
    assert found["people"] == [{"handle": "bob", "name": "Bob Baker"}]
    assert found["askedAt"] > found["acceptedAt"]


async def test_a_purpose_group_follow_up_names_the_group_and_who_accepted(setting: Setting) -> None:
    await setting.accepted("purpose", ["ann", "bob", "cyd", "dee"], accepted_by=["ann", "bob", "cyd"])
    [found] = (await setting.ann.data(MINE))["myFollowUps"]
    assert found["title"] == "Your purpose group “Jazz makers” with Bob Baker and Cyd Cole"
    assert [p["handle"] for p in found["people"]] == ["bob", "cyd"]


async def test_we_met_with_checked_people_records_met_bonds_and_closes_the_follow_up(setting: Setting) -> None:
    group = await setting.accepted("purpose", ["ann", "bob", "cyd"])
    answered = (await setting.ann.data(ANSWER, {"proposal": group, "met": True, "ids": [setting.id("cyd")]}))
    assert answered["answerFollowUp"] == {"proposalId": group, "met": [{"handle": "cyd"}], "resumedProposals": False}
    assert (await setting.ann.data(MINE))["myFollowUps"] == []
    bonds = (await setting.ann.data(ABOUT, {"handle": "ann"}))["member"]["bonds"]
    assert bonds == [{"kind": "MET", "source": f"proposal:{group}", "other": {"handle": "cyd"}}]


async def test_we_did_not_meet_closes_the_follow_up(setting: Setting) -> None:
    intro = await setting.accepted("intros", ["ann", "bob"])
    answered = await setting.ann.data(ANSWER, {"proposal": intro, "met": False})
    assert answered["answerFollowUp"]["met"] == []
    assert (await setting.ann.data(MINE))["myFollowUps"] == []


@pytest.mark.parametrize(
    ("met", "named", "code"),
    [(True, ["dee"], "BAD_USER_INPUT"), (True, [], "BAD_USER_INPUT"), (False, ["bob"], "BAD_USER_INPUT")],
)
async def test_a_refused_answer_says_why_and_writes_nothing(setting: Setting, met: bool, named: list[str], code: str) -> None:
    intro = await setting.accepted("intros", ["ann", "bob"])
    error = await setting.ann.error(ANSWER, {"proposal": intro, "met": met, "ids": [setting.id(h) for h in named]})
    assert error["extensions"]["code"] == code
    assert len((await setting.ann.data(MINE))["myFollowUps"]) == 1


async def test_answering_twice_is_a_conflict_and_an_unknown_proposal_is_not_found(setting: Setting) -> None:
    intro = await setting.accepted("intros", ["ann", "bob"])
    await setting.ann.data(ANSWER, {"proposal": intro, "met": False})
    assert (await setting.ann.error(ANSWER, {"proposal": intro, "met": True}))["extensions"]["code"] == "CONFLICT"
    missing = await setting.ann.error(ANSWER, {"proposal": "proposal-nope", "met": True})
    assert missing["extensions"]["code"] == "NOT_FOUND"
    other = await setting.people.client("dee")
    assert (await other.error(ANSWER, {"proposal": intro, "met": True}))["extensions"]["code"] == "NOT_FOUND"


async def _paused(setting: Setting) -> list[str]:
    proposals = [await setting.accepted("intros", ["ann", other], days_ago=15) for other in ("bob", "cyd", "dee")]
    followups = setting.community.repository.followups
    assert await followups.ask_due(now=NOW - timedelta(days=8), days=7) == 6
    assert await followups.pause_unanswered(now=NOW, days=7) == 1
    return proposals


async def test_three_unanswered_follow_ups_pause_proposals_and_the_member_is_told(setting: Setting) -> None:
    await _paused(setting)
    assert (await setting.ann.data(PAUSED))["viewer"] == {
        "proposalsPausedForFollowUps": True, "recommendationPausedUntil": None}
    olga = await setting.people.client("olga")
    assert (await olga.data(ABOUT, {"handle": "ann"}))["member"]["proposalsPausedForFollowUps"] is True
    bob = await setting.people.client("bob")
    assert (await bob.data(ABOUT, {"handle": "ann"}))["member"]["proposalsPausedForFollowUps"] is None


async def test_answering_one_follow_up_resumes_proposals(setting: Setting) -> None:
    proposals = await _paused(setting)
    answered = await setting.ann.data(ANSWER, {"proposal": proposals[1], "met": True})
    assert answered["answerFollowUp"]["resumedProposals"] is True
    assert (await setting.ann.data(PAUSED))["viewer"]["proposalsPausedForFollowUps"] is False


async def test_resuming_now_lifts_the_pause(setting: Setting) -> None:
    await _paused(setting)
    assert (await setting.ann.data(RESUME))["setMyRecommendationPause"] == {"proposalsPausedForFollowUps": False}


async def test_organisers_read_proposal_conversion_in_the_health_report(setting: Setting) -> None:
    met = await setting.accepted("intros", ["ann", "bob"])
    await setting.accepted("purpose", ["ann", "cyd", "dee"])
    await setting.ann.data(ANSWER, {"proposal": met, "met": True})
    olga = await setting.people.client("olga")
    health = (await olga.data("{ communityHealth { proposalConversion { kind accepted answered met rate } report } }"))
    rows = health["communityHealth"]["proposalConversion"]
    assert rows == [
        {"kind": "*", "accepted": 2, "answered": 1, "met": 1, "rate": 0.5},
        {"kind": "intros", "accepted": 1, "answered": 1, "met": 1, "rate": 1.0},
        {"kind": "purpose", "accepted": 1, "answered": 0, "met": 0, "rate": 0.0},
    ]
    assert health["communityHealth"]["report"]["conversion"][0]["rate"] == 0.5
    definitions = (await olga.data("{ kpiDefinitions { name label } }"))["kpiDefinitions"]
    assert {"name": "PROPOSAL_CONVERSION", "label": "Intros and groups that met"} in definitions
