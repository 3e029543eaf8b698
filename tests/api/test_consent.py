"""Consent to proposals over the API: a pause that ends by itself, the kinds a member wants, and
a "don't introduce me to" list that only its owner sees and that every proposal respects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from argon2 import PasswordHasher

from graph_api.domain import consent
from graph_api.store.queries import accounts as account_queries
from tests.api.conftest import PASSWORD, GraphQLClient, People, api_token
from tests.seeding import SeedingRepository

TODAY = datetime.now(timezone.utc).date()
PAUSE = "mutation($until: Date) { setMyRecommendationPause(until: $until) { recommendationPausedUntil } }"
KINDS = "mutation($kinds: [ProposalKind!]!) { setMyProposalKinds(kinds: $kinds) { proposalKinds } }"
ADD = "mutation($id: ID!) { addToNoIntroList(memberId: $id) { handle onMyNoIntroList } }"
REMOVE = "mutation($id: ID!) { removeFromNoIntroList(memberId: $id) { handle onMyNoIntroList } }"
MINE = "{ viewer { recommendationPausedUntil proposalKinds noIntroList { handle } } }"
# Everything one member can ask about another, consent fields included.
ABOUT = """query($handle: String!) { member(handle: $handle) { handle name headline recommendationOptOut
  recommendationPausedUntil proposalKinds noIntroList { handle } onMyNoIntroList bondCount bonds { kind } } }"""
SNAPSHOT = "{ communitySnapshot(first: 100) { totalCount members { key wantsKinds } } }"
CONTEXT = "{ recommendationContext { blockedPairs apartPairs } }"
STORE = "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id } }"
SETS = "{ proposalSets(first: 5) { edges { node { id } } } }"
EXPORT = "{ exportMyData }"


@dataclass
class Setting:
    people: People
    repository: SeedingRepository
    organiser: GraphQLClient
    ann: GraphQLClient
    bob: GraphQLClient

    def id(self, handle: str) -> str:
        return self.people.ids[handle]

    async def snapshot(self) -> dict[str, list[str]]:
        members = (await self.organiser.data(SNAPSHOT))["communitySnapshot"]["members"]
        return {member["key"]: member["wantsKinds"] for member in members}


# Signing in only needs some hash of the password: the cheapest argon2 parameters keep each test fast.
CHEAP_HASH = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)


async def add(people: People, handle: str, name: str, role: str = "member") -> str:
    member = await people.repository.create_member(handle=handle, name=name)
    params = {"id": member.id, "passwordHash": CHEAP_HASH, "role": role}
    assert await people.repository.driver.write(account_queries.SET_PASSWORD_AND_ROLE, params)
    people.ids[handle] = member.id
    return member.id


@pytest.fixture
async def setting(people: People, repository: SeedingRepository) -> Setting:
    await add(people, "olga", "Olga Organiser", role="organiser")
    await add(people, "ann", "Ann Archer")
    await add(people, "bob", "Bob Baker")
    return Setting(people, repository, await people.client("olga"), await people.client("ann"), await people.client("bob"))


def day_in(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def intros_input(*pairs: tuple[str, str], kind: str = "INTROS") -> dict[str, Any]:
    return {"input": {"kind": kind, "parameters": {}, "algorithmVersion": "test-1", "quality": {},
                      "groupings": [{"members": list(p), "reasonText": "You both love jazz."} for p in pairs]}}


# Pausing until a day ------------------------------------------------------------------------


async def test_a_member_pauses_proposals_until_a_day_and_reads_it_back(setting: Setting) -> None:
    paused = (await setting.ann.data(PAUSE, {"until": day_in(10)}))["setMyRecommendationPause"]
    assert paused == {"recommendationPausedUntil": day_in(10)}
    assert (await setting.ann.data(MINE))["viewer"]["recommendationPausedUntil"] == day_in(10)


async def test_a_paused_member_is_left_out_of_the_snapshot_until_the_day_comes(setting: Setting) -> None:
    await setting.ann.data(PAUSE, {"until": day_in(10)})
    assert setting.id("ann") not in await setting.snapshot()
    on_the_day = await setting.repository.snapshot.page(after=None, limit=10, today=TODAY + timedelta(days=10))
    assert setting.id("ann") in {member.key for member in on_the_day}
    assert await setting.repository.snapshot.count(today=TODAY + timedelta(days=10)) == 3


async def test_a_pause_whose_day_has_passed_has_ended_by_itself(setting: Setting) -> None:
    await setting.repository.driver.write(
        "MATCH (m:Member {id: $id}) SET m.pausedUntil = $until RETURN m.id AS id",
        {"id": setting.id("ann"), "until": day_in(-1)},
    )
    assert setting.id("ann") in await setting.snapshot()
    assert (await setting.ann.data(MINE))["viewer"]["recommendationPausedUntil"] is None


async def test_ending_a_pause_now_brings_the_member_back(setting: Setting) -> None:
    await setting.ann.data(PAUSE, {"until": day_in(10)})
    assert (await setting.ann.data(PAUSE, {"until": None}))["setMyRecommendationPause"] == {
        "recommendationPausedUntil": None
    }
    assert setting.id("ann") in await setting.snapshot()


@pytest.mark.parametrize("days", [0, -3, consent.PAUSE_DAYS_MAX + 1])
async def test_a_pause_must_end_after_today_and_within_a_year_and_a_refused_one_changes_nothing(
    setting: Setting, days: int
) -> None:
    await setting.ann.data(PAUSE, {"until": day_in(5)})
    error = await setting.ann.error(PAUSE, {"until": day_in(days)})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "until"
    assert (await setting.ann.data(MINE))["viewer"]["recommendationPausedUntil"] == day_in(5)


async def test_a_storing_run_refuses_a_paused_member(setting: Setting) -> None:
    await setting.ann.data(PAUSE, {"until": day_in(3)})
    error = await setting.organiser.error(STORE, intros_input((setting.id("ann"), setting.id("bob"))))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "paused" in error["message"]
    assert (await setting.organiser.data(SETS))["proposalSets"]["edges"] == []


# Choosing the kinds of proposal --------------------------------------------------------------


async def test_every_kind_is_wanted_until_a_member_chooses(setting: Setting) -> None:
    assert (await setting.ann.data(MINE))["viewer"]["proposalKinds"] == ["PURPOSE", "INTROS", "SKILLS", "EVENTS"]
    assert (await setting.snapshot())[setting.id("ann")] == ["PURPOSE", "INTROS", "SKILLS", "EVENTS"]


async def test_a_member_chooses_the_kinds_they_want_and_the_snapshot_says_so(setting: Setting) -> None:
    chosen = (await setting.ann.data(KINDS, {"kinds": ["EVENTS", "PURPOSE"]}))["setMyProposalKinds"]
    assert chosen == {"proposalKinds": ["PURPOSE", "EVENTS"]}
    wants = await setting.snapshot()
    assert wants[setting.id("ann")] == ["PURPOSE", "EVENTS"]
    assert wants[setting.id("bob")] == ["PURPOSE", "INTROS", "SKILLS", "EVENTS"]


async def test_a_member_can_turn_every_kind_off(setting: Setting) -> None:
    await setting.ann.data(KINDS, {"kinds": []})
    assert (await setting.snapshot())[setting.id("ann")] == []


async def test_a_kind_listed_twice_is_refused_and_changes_nothing(setting: Setting) -> None:
    await setting.ann.data(KINDS, {"kinds": ["PURPOSE"]})
    error = await setting.ann.error(KINDS, {"kinds": ["INTROS", "INTROS"]})
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("BAD_USER_INPUT", "kinds")
    assert (await setting.ann.data(MINE))["viewer"]["proposalKinds"] == ["PURPOSE"]


async def test_a_storing_run_refuses_a_member_who_turned_its_kind_off(setting: Setting) -> None:
    await setting.ann.data(KINDS, {"kinds": ["PURPOSE"]})
    error = await setting.organiser.error(STORE, intros_input((setting.id("ann"), setting.id("bob"))))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "do not want intros" in error["message"]
    assert (await setting.organiser.data(SETS))["proposalSets"]["edges"] == []


async def test_the_pause_and_kinds_are_private_to_the_member_and_organisers(setting: Setting) -> None:
    await setting.ann.data(PAUSE, {"until": day_in(10)})
    seen_by_bob = (await setting.bob.data(ABOUT, {"handle": "ann"}))["member"]
    assert (seen_by_bob["recommendationPausedUntil"], seen_by_bob["proposalKinds"]) == (None, None)
    seen_by_olga = (await setting.organiser.data(ABOUT, {"handle": "ann"}))["member"]
    assert seen_by_olga["recommendationPausedUntil"] == day_in(10)


# The "don't introduce me to" list ---------------------------------------------------------------


async def test_a_member_puts_someone_on_their_list_and_sees_it(setting: Setting) -> None:
    added = (await setting.ann.data(ADD, {"id": setting.id("bob")}))["addToNoIntroList"]
    assert added == {"handle": "bob", "onMyNoIntroList": True}
    assert (await setting.ann.data(MINE))["viewer"]["noIntroList"] == [{"handle": "bob"}]


async def test_the_recommender_reads_the_pair_without_who_asked(setting: Setting) -> None:
    await setting.ann.data(ADD, {"id": setting.id("bob")})
    context = (await setting.organiser.data(CONTEXT))["recommendationContext"]
    expected = [sorted([setting.id("ann"), setting.id("bob")])]
    assert context == {"blockedPairs": expected, "apartPairs": expected}


async def test_the_other_member_cannot_learn_they_are_on_someones_list(setting: Setting) -> None:
    before = await setting.bob.data(ABOUT, {"handle": "ann"})
    bobs_own_before = await setting.bob.data(MINE)
    await setting.ann.data(ADD, {"id": setting.id("bob")})
    assert await setting.bob.data(ABOUT, {"handle": "ann"}) == before
    assert before["member"]["noIntroList"] is None
    assert before["member"]["onMyNoIntroList"] is False
    assert await setting.bob.data(MINE) == bobs_own_before
    assert setting.id("ann") not in str(await setting.bob.data(EXPORT))
    assert (await setting.bob.error(CONTEXT))["extensions"]["code"] == "FORBIDDEN"
    # Bob may still put Ann on his own list: nothing says she did the same.
    assert (await setting.bob.data(ADD, {"id": setting.id("ann")}))["addToNoIntroList"]["onMyNoIntroList"] is True


async def test_not_even_organisers_read_a_members_list(setting: Setting) -> None:
    await setting.ann.data(ADD, {"id": setting.id("bob")})
    assert (await setting.organiser.data(ABOUT, {"handle": "ann"}))["member"]["noIntroList"] is None


async def test_the_owners_export_holds_their_list(setting: Setting) -> None:
    await setting.ann.data(ADD, {"id": setting.id("bob")})
    assert "NO_INTRO" in str(await setting.ann.data(EXPORT))


async def test_taking_someone_off_the_list(setting: Setting) -> None:
    await setting.ann.data(ADD, {"id": setting.id("bob")})
    removed = (await setting.ann.data(REMOVE, {"id": setting.id("bob")}))["removeFromNoIntroList"]
    assert removed == {"handle": "bob", "onMyNoIntroList": False}
    assert (await setting.organiser.data(CONTEXT))["recommendationContext"]["apartPairs"] == []
    # Again: nothing to take off, nothing changes.
    assert (await setting.ann.data(REMOVE, {"id": setting.id("bob")}))["removeFromNoIntroList"]["onMyNoIntroList"] is False


async def test_adding_someone_twice_keeps_one_entry(setting: Setting) -> None:
    await setting.ann.data(ADD, {"id": setting.id("bob")})
    await setting.ann.data(ADD, {"id": setting.id("bob")})
    assert (await setting.ann.data(MINE))["viewer"]["noIntroList"] == [{"handle": "bob"}]


async def test_oneself_and_unknown_members_are_refused(setting: Setting) -> None:
    own = await setting.ann.error(ADD, {"id": setting.id("ann")})
    assert (own["extensions"]["code"], own["extensions"]["field"]) == ("BAD_USER_INPUT", "memberId")
    unknown = await setting.ann.error(ADD, {"id": "member-nobody"})
    assert unknown["extensions"]["code"] == "NOT_FOUND"
    assert (await setting.ann.data(MINE))["viewer"]["noIntroList"] == []


async def test_a_full_list_refuses_one_more_and_writes_nothing(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(consent, "NO_INTRO_MAX", 1)
    await add(setting.people, "cyd", "Cyd")
    await setting.ann.data(ADD, {"id": setting.id("bob")})
    error = await setting.ann.error(ADD, {"id": setting.id("cyd")})
    assert error["extensions"]["code"] == "LIMIT_REACHED"
    assert "remove someone first" in error["message"]
    assert (await setting.ann.data(MINE))["viewer"]["noIntroList"] == [{"handle": "bob"}]
    # Someone already on a full list can be added again (nothing changes).
    await setting.ann.data(ADD, {"id": setting.id("bob")})


async def test_a_storing_run_refuses_a_grouping_that_puts_a_listed_pair_together(setting: Setting) -> None:
    await setting.ann.data(ADD, {"id": setting.id("bob")})
    error = await setting.organiser.error(STORE, intros_input((setting.id("ann"), setting.id("bob"))))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Ann" not in error["message"] and "ann" not in error["message"]
    assert (await setting.organiser.data(SETS))["proposalSets"]["edges"] == []


async def test_an_api_token_cannot_keep_a_list(setting: Setting) -> None:
    token = await api_token(setting.repository, setting.id("olga"), "read", "write")
    error = await GraphQLClient(setting.ann.http, token=token).error(ADD, {"id": setting.id("bob")})
    assert error["extensions"]["code"] == "FORBIDDEN"
