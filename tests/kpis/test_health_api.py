"""communityHealth over real HTTP on a small hand-built graph in the real embedded database.

The community (report day: today; `D-10` is ten days before it):

    team A: ada ann bob      site North: ada ann cyd
    team B: cyd dan          site South: bob dan eve
    team C: eve              olga (the organiser) and fay: no team, no site, no bond

    ties (one bond each)                               team  site
    T1 ada-ann  colleague 2024-01-10  seeded           A-A   N-N
    T2 ann-bob  colleague 2024-02-01  both asked       A-A   N-S
    T3 bob-cyd  friend    D-10        imported         A-B   S-N
    T4 cyd-dan  colleague 2024-03-01  seeded           B-B   N-S
    T5 dan-eve  mentor    D-40        both asked       B-C   S-S
    T6 ada-cyd  met       today       at the event     A-B   N-N
    T7 ada-eve  met       today       at the event     A-C   N-S

    passions: ada, cyd, dan: jazz; eve: chess. A purpose group formed around jazz: ada
    accepted (cyd has not answered). The event started yesterday; ada, bob, cyd and eve
    attended; ada recorded meeting cyd and eve there (T6, T7).

By team, T1, T2, T4 are internal and T3, T5, T6, T7 external: E-I = (4 - 3) / 7 = 1/7, the
cross-team share 4/7; the ties of the last 30 days (T3, T6, T7) and 90 days (also T5) all
cross teams. Isolated: olga and fay (2 of 8); team-bound: ann (1 of the 6 with a team).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from graph_api.kpis import HealthInputs, Scope, compute_health
from graph_api.store.driver import columns_from_rows
from graph_api.store.kpis import KpiStore
from tests.api.conftest import GraphQLClient, People, organiser, people  # noqa: F401 (fixtures)
from tests.seeding import SeedingRepository

def today() -> date:
    """Today (UTC) when asked: a run that crosses midnight must not compare with yesterday."""
    return datetime.now(timezone.utc).date()

HANDLES = ("ada", "ann", "bob", "cyd", "dan", "eve", "fay")
TEAMS = {"ada": "A", "ann": "A", "bob": "A", "cyd": "B", "dan": "B", "eve": "C"}
SITES = {"ada": "North", "ann": "North", "cyd": "North", "bob": "South", "dan": "South", "eve": "South"}
PASSIONS = {"ada": "jazz", "cyd": "jazz", "dan": "jazz", "eve": "chess"}
# (a, b, kind, since, source); the met bonds come from recordMet
def seeded_bonds() -> list[tuple[str, str, str, str, str]]:
    return [
        ("ada", "ann", "colleague", "2024-01-10", "demo"),
        ("ann", "bob", "colleague", "2024-02-01", "member"),
        ("bob", "cyd", "friend", (today() - timedelta(days=10)).isoformat(), "import"),
        ("cyd", "dan", "colleague", "2024-03-01", "demo"),
        ("dan", "eve", "mentor", (today() - timedelta(days=40)).isoformat(), "member"),
    ]
ATTENDEES = ("ada", "bob", "cyd", "eve")

STORE = "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id proposals(first: 5) { edges { node { id } } } } }"
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id } }"
RESPOND = "mutation($id: ID!) { respondToProposal(id: $id, accept: true) { id } }"
CREATE_EVENT = "mutation($input: CreateEventInput!) { createEvent(input: $input) { key startsAt } }"
ADD = "mutation($e: ID!, $m: [ID!]!) { addEventAttendees(eventId: $e, memberIds: $m) { added } }"
MET = "mutation($e: ID!, $m: [ID!]!) { recordMet(eventId: $e, memberIds: $m) { met { handle } } }"

HEALTH = """query($scope: HealthScopeInput, $asOf: Date) { communityHealth(scope: $scope, asOf: $asOf) {
  asOf scope { kind id } members ties bonds ignoredBonds
  siloByTeam { internal external ei teams { key name team { name } members internal external ei } }
  siloBySite { internal external ei sites { name members internal external ei } }
  modularity { members ties byTeam bySite byPurpose }
  crossSilo { ties crossTeam share ties30d crossTeam30d share30d ties90d crossTeam90d share90d }
  purpose { members inGroup share passionsNoGroup membersWithPassionsNoGroup { handle }
            passionsWithoutGroup { slug members } }
  isolation { members isolated isolatedShare isolatedMembers { handle } withTeam teamBound teamBoundShare }
  brokers { member { handle } team { name } teamsBridged crossTeamTies ties }
  needs { needs offered offeredShare matched matchedShare }
  trust { bonds confirmed confirmedShare mentor mentorShare }
  engagement { proposals { kind accepted declined pending rate } members active activeShare }
  events { key event { name } startsAt attendees newTies crossTeamNewTies newTiesPerAttendee }
  report
} }"""


class Community:
    """The hand-built community above, written through the repository and the API."""

    def __init__(self, repository: SeedingRepository, people: People, organiser: GraphQLClient) -> None:
        self.repository, self.people, self.organiser = repository, people, organiser
        self.ids: dict[str, str] = {}
        self.joined: dict[str, str] = {}
        self.teams: dict[str, str] = {}
        self.sites: dict[str, str] = {}
        self.event = ""
        self.event_starts = ""
        self.group_id = ""
        self.seeded = seeded_bonds()

    async def build(self) -> Community:
        repo = self.repository
        self.ids["ada"] = await self.people.add("ada", name="Ada")
        self.ids["olga"] = (await repo.member_by_handle("olga")).id  # type: ignore[union-attr]
        for handle in HANDLES[1:]:
            self.ids[handle] = (await repo.create_member(handle=handle, name=handle.title())).id
        for handle, member_id in self.ids.items():
            self.joined[handle] = (await repo.member(member_id)).joinedAt  # type: ignore[union-attr]
        for name in sorted(set(TEAMS.values())):
            self.teams[name] = (await repo.create_team(f"Team {name}")).id
        for name in sorted(set(SITES.values())):
            self.sites[name] = (await repo.create_site(name, city="Hamburg")).id
        for handle, team in TEAMS.items():
            await repo.assign_team(self.ids[handle], self.teams[team])
        for handle, site in SITES.items():
            await repo.assign_site(self.ids[handle], self.sites[site])
        for handle, passion in PASSIONS.items():
            await repo.set_member_passion(self.ids[handle], passion, 4)
        for a, b, kind, since, source in self.seeded:
            await repo.record_bond(self.ids[a], self.ids[b], kind, since=since, source=source)
        self.ada = await self.people.client("ada")
        await self._purpose_group()
        await self._event()
        return self

    async def _purpose_group(self) -> None:
        grouping = {"members": [self.ids["ada"], self.ids["cyd"]], "reasonText": "Ada and Cyd both love jazz",
                    "reason": {"sharedPassions": [{"slug": "jazz", "intensities": [4, 4]}]}}
        stored = (await self.organiser.data(STORE, {"input": {
            "kind": "PURPOSE", "parameters": {}, "algorithmVersion": "test-1", "quality": {}, "groupings": [grouping],
        }}))["storeProposalSet"]
        await self.organiser.data(PUBLISH, {"id": stored["id"]})
        await self.ada.data(RESPOND, {"id": stored["proposals"]["edges"][0]["node"]["id"]})
        rows = await self.repository.driver.read("MATCH (c:PurposeCommunity) RETURN c.id AS id")
        self.group_id = rows[0]["id"]

    async def _event(self) -> None:
        starts = f"{(today() - timedelta(days=1)).isoformat()}T18:00:00Z"
        event = (await self.organiser.data(CREATE_EVENT, {"input": {"name": "Jazz night", "startsAt": starts,
                                                                   "place": "Loft"}}))["createEvent"]
        self.event, self.event_starts = event["key"], event["startsAt"]
        await self.organiser.data(ADD, {"e": self.event, "m": [self.ids[h] for h in ATTENDEES]})
        await self.ada.data(MET, {"e": self.event, "m": [self.ids["cyd"], self.ids["eve"]]})

    def inputs(self) -> HealthInputs:
        """The same community as compute_health's inputs, written out by hand."""
        members = ["olga", *HANDLES]
        ids = [self.ids[h] for h in members]
        bonds = [(a, b, kind, since, source == "member", None) for a, b, kind, since, source in self.seeded]
        bonds += [("ada", other, "met", today().isoformat(), False, self.event) for other in ("cyd", "eve")]
        return HealthInputs(
            member_ids=ids,
            member_team=[self.teams[TEAMS[h]] if h in TEAMS else None for h in members],
            member_site=[self.sites[SITES[h]] if h in SITES else None for h in members],
            member_joined_at=[self.joined[h] for h in members],
            bond_a=[self.ids[b[0]] for b in bonds],
            bond_b=[self.ids[b[1]] for b in bonds],
            bond_kind=[b[2] for b in bonds],
            bond_since=[b[3] for b in bonds],
            bond_confirmed=[b[4] for b in bonds],
            bond_event=[b[5] for b in bonds],
            group_members=[[self.ids["ada"]]],
            group_ids=[self.group_id],
            group_passion=["jazz"],
            member_passions={self.ids[h]: [p] for h, p in PASSIONS.items()},
            proposal_kind=["purpose", "purpose"],
            proposal_status=["accepted", "pending"],
            proposal_member=[self.ids["ada"], self.ids["cyd"]],
            event_ids=[self.event],
            event_attendees=[[self.ids[h] for h in ATTENDEES]],
            event_starts_at=[self.event_starts],
        )


@pytest.fixture
async def community(repository: SeedingRepository, people: People, organiser: GraphQLClient) -> Community:
    return await Community(repository, people, organiser).build()


async def health(client: GraphQLClient, scope: dict[str, Any] | None = None, as_of: date | None = None) -> dict[str, Any]:
    data = await client.data(HEALTH, {"scope": scope, "asOf": (as_of or today()).isoformat()})
    return data["communityHealth"]


async def test_the_report_matches_compute_health_on_the_same_data(community: Community) -> None:
    report = await health(community.organiser)
    expected = compute_health(community.inputs(), as_of=today(), scope=Scope.community())
    assert report["report"] == expected.to_dict()


@pytest.mark.parametrize(
    ("kind", "key"),
    [("TEAM", lambda c: c.teams["A"]), ("SITE", lambda c: c.sites["South"]), ("PASSION", lambda c: "jazz")],
)
async def test_a_scoped_report_matches_compute_health_on_the_same_data(community: Community, kind: str, key: Any) -> None:
    report = await health(community.organiser, {"kind": kind, "id": key(community)})
    expected = compute_health(community.inputs(), as_of=today(), scope=Scope(kind.lower(), key(community)))
    assert report["report"] == expected.to_dict()
    assert report["scope"] == {"kind": kind, "id": key(community)}


async def test_the_silo_index_by_team_is_external_less_internal_over_all_ties(community: Community) -> None:
    silo = (await health(community.organiser))["siloByTeam"]
    assert (silo["internal"], silo["external"]) == (3, 4)
    assert silo["ei"] == pytest.approx(1 / 7)
    by_team = {row["name"]: (row["members"], row["internal"], row["external"], row["ei"]) for row in silo["teams"]}
    # A: internal T1 T2, external T3 T6 T7; B: internal T4, external T3 T5 T6; C: external T5 T7
    assert by_team == {"Team A": (3, 2, 3, pytest.approx(0.2)), "Team B": (2, 1, 3, 0.5), "Team C": (1, 0, 2, 1.0)}
    assert [row["team"]["name"] for row in silo["teams"]] == ["Team A", "Team B", "Team C"]  # most siloed first


async def test_the_silo_index_by_site_counts_ties_between_sites(community: Community) -> None:
    silo = (await health(community.organiser))["siloBySite"]
    # internal: T1 T5 T6; external: T2 T3 T4 T7
    assert (silo["internal"], silo["external"], silo["ei"]) == (3, 4, pytest.approx(1 / 7))
    assert {row["name"]: row["members"] for row in silo["sites"]} == {"North": 3, "South": 3}


async def test_the_cross_team_share_counts_all_and_recent_ties(community: Community) -> None:
    cross = (await health(community.organiser))["crossSilo"]
    assert (cross["ties"], cross["crossTeam"], cross["share"]) == (7, 4, pytest.approx(4 / 7))
    assert (cross["ties30d"], cross["crossTeam30d"], cross["share30d"]) == (3, 3, 1.0)
    assert (cross["ties90d"], cross["crossTeam90d"], cross["share90d"]) == (4, 4, 1.0)


async def test_isolation_names_members_without_ties_and_counts_team_bound_ones(community: Community) -> None:
    isolation = (await health(community.organiser))["isolation"]
    assert (isolation["members"], isolation["isolated"], isolation["isolatedShare"]) == (8, 2, 0.25)
    assert sorted(m["handle"] for m in isolation["isolatedMembers"]) == ["fay", "olga"]
    assert (isolation["withTeam"], isolation["teamBound"]) == (6, 1)
    assert isolation["teamBoundShare"] == pytest.approx(1 / 6)


async def test_purpose_coverage_counts_group_members_and_passionate_members_without_one(community: Community) -> None:
    purpose = (await health(community.organiser))["purpose"]
    assert (purpose["members"], purpose["inGroup"], purpose["share"]) == (8, 1, 0.125)
    assert purpose["passionsNoGroup"] == 3
    assert sorted(m["handle"] for m in purpose["membersWithPassionsNoGroup"]) == ["cyd", "dan", "eve"]
    assert purpose["passionsWithoutGroup"] == []  # no passion has 5 members


async def test_the_event_conversion_counts_the_met_bonds_recorded_there(community: Community) -> None:
    (event,) = (await health(community.organiser))["events"]
    assert event["key"] == community.event and event["event"] == {"name": "Jazz night"}
    # T6 and T7 are new since the event; T3 (bob-cyd) is older
    assert (event["attendees"], event["newTies"], event["crossTeamNewTies"]) == (4, 2, 2)
    assert event["newTiesPerAttendee"] == 1.0


async def test_trust_and_engagement_read_confirmations_and_answers(community: Community) -> None:
    report = await health(community.organiser)
    assert report["trust"] == {"bonds": 7, "confirmed": 2, "confirmedShare": pytest.approx(2 / 7), "mentor": 1,
                               "mentorShare": pytest.approx(1 / 7)}
    assert report["engagement"]["proposals"] == [
        {"kind": "*", "accepted": 1, "declined": 0, "pending": 1, "rate": 1.0},
        {"kind": "purpose", "accepted": 1, "declined": 0, "pending": 1, "rate": 1.0},
    ]
    assert report["engagement"]["active"] == 8  # everyone joined today


async def test_brokers_are_ranked_by_teams_bridged_then_cross_team_ties(community: Community) -> None:
    brokers = (await health(community.organiser))["brokers"]
    rows = {b["member"]["handle"]: (b["team"]["name"], b["teamsBridged"], b["crossTeamTies"], b["ties"]) for b in brokers}
    # ada bridges B and C (T6, T7), eve A and B (T5, T7); cyd bridges A twice (T3, T6); bob and dan once
    assert rows == {"ada": ("Team A", 2, 2, 3), "eve": ("Team C", 2, 2, 2), "cyd": ("Team B", 1, 2, 3),
                    "bob": ("Team A", 1, 1, 2), "dan": ("Team B", 1, 1, 2)}
    order = [b["member"]["handle"] for b in brokers]
    assert sorted(order[:2]) == ["ada", "eve"] and order[2] == "cyd"  # ties between equals go by member id


async def test_a_team_scope_counts_the_ties_touching_the_team(community: Community) -> None:
    report = await health(community.organiser, {"kind": "TEAM", "id": community.teams["A"]})
    # T1 T2 T3 T6 T7 touch team A; T3 T6 T7 cross teams
    assert (report["members"], report["ties"]) == (3, 5)
    assert (report["crossSilo"]["ties"], report["crossSilo"]["crossTeam"]) == (5, 3)


async def test_a_site_scope_counts_the_members_of_the_site(community: Community) -> None:
    report = await health(community.organiser, {"kind": "SITE", "id": community.sites["South"]})
    assert report["members"] == 3 and report["isolation"]["isolated"] == 0


async def test_a_passion_scope_counts_the_members_passionate_about_it(community: Community) -> None:
    report = await health(community.organiser, {"kind": "PASSION", "id": "Jazz"})
    assert report["scope"] == {"kind": "PASSION", "id": "jazz"}
    assert report["members"] == 3 and report["purpose"]["inGroup"] == 1


async def test_an_unknown_team_scope_is_not_found(community: Community) -> None:
    error = await community.organiser.error(HEALTH, {"scope": {"kind": "TEAM", "id": "team-nobody"}})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "scope.id"}


async def test_a_community_scope_with_an_id_is_bad_input(community: Community) -> None:
    error = await community.organiser.error(HEALTH, {"scope": {"kind": "COMMUNITY", "id": "x"}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "scope.id"}


async def test_a_member_cannot_read_community_health(community: Community) -> None:
    error = await community.ada.error(HEALTH, {})
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_an_empty_graph_gives_an_empty_report(organiser: GraphQLClient) -> None:
    report = await health(organiser)
    assert (report["members"], report["ties"]) == (1, 0)  # the organiser alone
    assert report["siloByTeam"]["ei"] is None and report["crossSilo"]["share"] is None


class RowsOnlyDriver:
    """The test driver reading columns from rows, as the Neo4j driver does."""

    def __init__(self, driver: Any) -> None:
        self.engine, self.round_trips, self.read = driver.engine, 0, driver.read

    async def read_columns(self, query: str, columns: Any) -> dict[str, list[Any]]:
        return columns_from_rows(await self.read(query), columns)


def _canonical(inputs: HealthInputs) -> dict[str, Any]:
    """The inputs with each table's rows (the parallel lists of one prefix) sorted: the report
    does not depend on row order, and Neo4j returns a statement's rows in another order when it
    collects them into lists."""
    def unordered(value: Any) -> Any:  # the members of a group or an event, a member's passions
        return tuple(sorted(map(repr, value))) if isinstance(value, (list, tuple)) else value

    tables: dict[str, dict[str, Any]] = {}
    canonical: dict[str, Any] = {}
    for item in fields(inputs):
        value = getattr(inputs, item.name)
        if isinstance(value, dict):
            canonical[item.name] = {key: unordered(each) for key, each in value.items()}
        elif isinstance(value, (list, tuple)) and item.name != "matches":
            tables.setdefault(item.name.split("_", 1)[0], {})[item.name] = [unordered(each) for each in value]
        else:
            canonical[item.name] = unordered(value)
    for prefix, columns in tables.items():
        names = sorted(columns)
        canonical[prefix] = (names, sorted(map(repr, zip(*(columns[name] for name in names), strict=True))))
    return canonical


async def test_reading_rows_gives_the_same_inputs_as_reading_the_falkordb_reply(community: Community) -> None:
    rows_only = KpiStore(RowsOnlyDriver(community.repository.driver))  # type: ignore[arg-type]
    by_rows, by_columns = await rows_only.load_health_inputs(), await community.repository.kpis.load_health_inputs()
    assert _canonical(by_rows) == _canonical(by_columns)
