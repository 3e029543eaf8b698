"""ProposalSet.effect and KpiTarget.aimedRuns over real HTTP: who may read them, drafts, windows
not yet over, ties made before publishing, small groups, and the refusals.

The small community: ann, bob, cyd (team Red) and dan, eve, fay (team Blue); the set proposes
ann-dan and bob-eve; ann and dan accept, bob declines, eve does not answer.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from graph_api.kpis.health import Scope
from tests.api.conftest import GraphQLClient, People, api_token, people  # noqa: F401 (fixtures)
from tests.effects.community import Community, today
from tests.effects.queries import AIMED_RUNS, EFFECT, EFFECT_ONLY
from tests.seeding import SeedingRepository

TEAMS = {"ann": "Red", "bob": "Red", "cyd": "Red", "dan": "Blue", "eve": "Blue", "fay": "Blue"}
PAIRS = [("ann", "dan"), ("bob", "eve")]


@pytest.fixture
async def small(repository: SeedingRepository, people: People) -> Community:  # noqa: F811
    community = Community(repository, people)
    for handle, team in TEAMS.items():
        await community.add(handle, team)
    await people.add("olga", role="organiser")
    return community


async def published(community: Community, days_ago: int, aimed: list[str] = ()) -> str:  # type: ignore[assignment]
    p = today() - timedelta(days=days_ago)
    set_id, proposals = await community.published_set(PAIRS, published_on=p, aimed=aimed)
    await community.answer("ann", proposals[0], True, p)
    await community.answer("dan", proposals[0], True, p)
    await community.answer("bob", proposals[1], False, p)
    return set_id


async def effect(client: GraphQLClient, set_id: str, **variables: object) -> dict:
    return (await client.data(EFFECT, {"id": set_id, **variables}))["proposalSet"]["effect"]


async def test_organisers_read_what_a_published_set_changed(small: Community, people: People) -> None:  # noqa: F811
    set_id = await published(small, 100)
    report = await effect(await people.client("olga"), set_id)
    assert (report["accepted"], report["others"]) == (2, 2)
    assert [w["over"] for w in report["windows"]] == [True, True, True]


async def test_members_and_api_tokens_may_not_read_it(small: Community, people: People) -> None:  # noqa: F811
    set_id = await published(small, 100)
    reader = GraphQLClient(people.http, token=await api_token(small.repository, small.ids["ann"], "read"))
    writer = await small.writer()
    query = "{ kpiTargets { id aimedRuns { setId } } }"
    await small.target("ISOLATED_SHARE", Scope.community())
    for client in (reader, writer):
        error = await client.error(query)
        assert error["extensions"]["code"] == "FORBIDDEN"
    stored = await writer.post("mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id effect { accepted } } }",
                               {"input": {"kind": "INTROS", "parameters": {}, "algorithmVersion": "t", "quality": {},
                                          "groupings": [{"members": [small.ids["ann"], small.ids["bob"]], "reasonText": "hi"}]}})
    assert stored["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await people.add("zed")
    member = await people.client("zed")
    error = await member.error(EFFECT_ONLY, {"id": set_id})
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_a_draft_has_no_effect(small: Community, people: People) -> None:  # noqa: F811
    set_id, _ = await small.published_set(PAIRS, published_on=None)
    assert await effect(await people.client("olga"), set_id) is None


async def test_windows_not_yet_over_have_no_figures(small: Community, people: People) -> None:  # noqa: F811
    set_id = await published(small, 40)
    report = await effect(await people.client("olga"), set_id)
    so_far, thirty, ninety = report["windows"]
    assert so_far["over"] and thirty["over"] and not ninety["over"]
    assert ninety["accepted"] is None and ninety["others"] is None
    assert ninety["endsOn"] == (today() - timedelta(days=40) + timedelta(days=89)).isoformat()
    assert report["summary"].startswith("In the 30 days after publishing")


async def test_ties_made_before_publishing_never_count(small: Community, people: People) -> None:  # noqa: F811
    p = today() - timedelta(days=50)
    await small.bond("ann", "dan", p - timedelta(days=1), kind="colleague")  # already knew each other
    await small.bond("ann", "dan", p + timedelta(days=3))  # met after: the same tie, still old
    await small.bond("bob", "eve", p - timedelta(days=1))  # the day before: old
    await small.bond("dan", "fay", p)  # on the publish day: new
    set_id = await published(small, 50)
    so_far = (await effect(await people.client("olga"), set_id))["windows"][0]
    assert so_far["accepted"]["newTies"] == 1 and so_far["accepted"]["newCrossTeamTies"] == 0  # dan-fay, both Blue
    assert so_far["others"]["newTies"] == 0


async def test_small_groups_get_the_plain_sentence(small: Community, people: People) -> None:  # noqa: F811
    set_id = await published(small, 10)
    report = await effect(await people.client("olga"), set_id)
    assert report["comparable"] is False
    assert report["tooFew"] == "Too few people in one group to conclude anything: 2 accepted, 2 did not."
    assert report["summary"].endswith(report["tooFew"])


@pytest.mark.parametrize(
    ("days", "message"), [(-1, "in the future"), (60, "before the set was published")], ids=["future", "before"]
)
async def test_an_as_of_in_the_future_or_before_publishing_is_refused(
    small: Community, people: People, days: int, message: str  # noqa: F811
) -> None:
    set_id = await published(small, 50)
    error = await (await people.client("olga")).error(EFFECT_ONLY, {"id": set_id, "asOf": (today() - timedelta(days=days)).isoformat()})
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "asOf"
    assert message in error["message"]


async def test_answers_given_after_as_of_are_not_known_on_it(small: Community, people: People) -> None:  # noqa: F811
    p = today() - timedelta(days=50)
    set_id, proposals = await small.published_set(PAIRS, published_on=p)
    await small.answer("ann", proposals[0], True, p + timedelta(days=20))
    olga = await people.client("olga")
    assert (await effect(olga, set_id, asOf=(p + timedelta(days=10)).isoformat()))["accepted"] == 0
    assert (await effect(olga, set_id))["accepted"] == 1


async def test_a_target_lists_the_runs_aimed_at_it_newest_first_capped(small: Community, people: People) -> None:  # noqa: F811
    aimed = await small.target("CROSS_TEAM_BOND_SHARE", Scope.community())
    other = await small.target("ISOLATED_SHARE", Scope.community())
    old = await published(small, 60, aimed=[aimed])
    new = await published(small, 20, aimed=[aimed, other])
    await published(small, 10)  # aimed at nothing
    await small.published_set(PAIRS, published_on=None, aimed=[aimed])  # a draft
    olga = await people.client("olga")
    rows = {row["id"]: row["aimedRuns"] for row in (await olga.data(AIMED_RUNS, {"first": 5}))["kpiTargets"]}
    assert [run["setId"] for run in rows[aimed]] == [new, old]
    assert [run["setId"] for run in rows[other]] == [new]
    assert rows[aimed][0]["kind"] == "INTROS" and rows[aimed][0]["members"] == 4
    capped = {row["id"]: row["aimedRuns"] for row in (await olga.data(AIMED_RUNS, {"first": 1}))["kpiTargets"]}
    assert [run["setId"] for run in capped[aimed]] == [new]
    error = await olga.error(AIMED_RUNS, {"first": 21})
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "first"
