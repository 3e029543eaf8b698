"""Events: organisers create them and list attendees; attendees record whom they met there."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from graph_api.api import events as events_api
from tests.api.conftest import GraphQLClient, People, without_request_ids
from tests.conftest import LiveServer
from tests.seeding import SeedingRepository

NOW = datetime.now(timezone.utc)
STARTED = (NOW - timedelta(days=1)).strftime("%Y-%m-%dT18:00:00Z")
GRAPH_SIZE = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"
BONDS = (
    "MATCH (a:Member)-[r:BOND]->(b:Member) "
    "RETURN a.handle AS a, b.handle AS b, r.kind AS kind, r.source AS source, r.eventId AS eventId, r.since AS since "
    "ORDER BY a, b"
)

CREATE = """mutation($input: CreateEventInput!) { createEvent(input: $input) {
  id key name startsAt place createdAt
} }"""
UPDATE = "mutation($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { key name startsAt place } }"
DELETE = "mutation($id: ID!) { deleteEvent(id: $id) }"
EVENT = """query($id: ID!) { event(id: $id) { key name attendees { handle }
  tablePlan { proposalSet { id } rounds { round tables { table members { handle } } } }
} }"""
EVENTS = "query($after: String) { events(first: 2, after: $after) { totalCount edges { node { name } cursor } pageInfo { hasNextPage endCursor } } }"
ADD = """mutation($e: ID!, $m: [ID!]!) { addEventAttendees(eventId: $e, memberIds: $m) {
  added alreadyAttending event { attendees { handle } }
} }"""
REMOVE = "mutation($e: ID!, $m: ID!) { removeEventAttendee(eventId: $e, memberId: $m) { attendees { handle } } }"
IMPORT = """mutation($e: ID!, $file: Upload!) { importEventAttendees(eventId: $e, file: $file) {
  added alreadyAttending rejected { row handle reason } event { attendees { handle } }
} }"""
MET = "mutation($e: ID!, $m: [ID!]!) { recordMet(eventId: $e, memberIds: $m) { event { key } met { handle } } }"
HEALTH = """{ communityHealth { trust { bonds confirmed }
  events { key attendees newTies crossTeamNewTies newTiesPerAttendee } } }"""
STORE = "mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) { id } }"
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id } }"


class Setting:
    """olga (organiser), ada (signed in), bob and cyd; an event that started yesterday."""

    def __init__(self, repository: SeedingRepository, people: People, organiser: GraphQLClient, ada: GraphQLClient):
        self.repository, self.people, self.organiser, self.ada = repository, people, organiser, ada
        self.ids: dict[str, str] = {}
        self.event = ""

    async def build(self) -> Setting:
        self.ids["ada"] = (await self.repository.member_by_handle("ada")).id  # type: ignore[union-attr]
        for handle in ("bob", "cyd"):
            self.ids[handle] = (await self.repository.create_member(handle=handle, name=handle.title())).id
        self.event = await self.create("Jazz night", STARTED)
        return self

    async def create(self, name: str, starts_at: str) -> str:
        data = await self.organiser.data(CREATE, {"input": {"name": name, "startsAt": starts_at, "place": "Loft"}})
        return str(data["createEvent"]["key"])

    async def attend(self, *handles: str) -> dict[str, Any]:
        data = await self.organiser.data(ADD, {"e": self.event, "m": [self.ids[h] for h in handles]})
        return data["addEventAttendees"]

    async def attendees(self, event: str | None = None) -> list[str]:
        data = await self.organiser.data(EVENT, {"id": event or self.event})
        return [m["handle"] for m in data["event"]["attendees"]]

    async def size(self) -> dict[str, int]:
        return (await self.repository.driver.read(GRAPH_SIZE))[0]

    async def upload(self, client: GraphQLClient, content: bytes) -> dict[str, Any]:
        operations = {"query": IMPORT, "variables": {"e": self.event, "file": None}}
        response = await client.http.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
            files={"0": ("attendees.csv", content, "text/csv")},
            headers={"Authorization": f"Bearer {client.token}"},
        )
        assert response.status_code == 200, response.text
        return without_request_ids(response.json(), response.headers["x-request-id"])


@pytest.fixture
async def setting(repository: SeedingRepository, people: People, organiser: GraphQLClient,
                  member: GraphQLClient) -> Setting:
    return await Setting(repository, people, organiser, member).build()


# Events ------------------------------------------------------------------------------------------


async def test_an_organiser_creates_an_event(setting: Setting) -> None:
    data = await setting.organiser.data(CREATE, {"input": {"name": " Board  games ", "startsAt": "2030-05-01T19:00:00+02:00"}})
    event = data["createEvent"]
    assert (event["name"], event["startsAt"], event["place"]) == ("Board games", "2030-05-01T17:00:00Z", "")
    assert event["key"].startswith("event-") and event["id"] != event["key"]  # a Relay global id
    assert (await setting.ada.data(EVENT, {"id": event["id"]}))["event"]["name"] == "Board games"


async def test_events_are_listed_latest_first_page_by_page(setting: Setting) -> None:
    await setting.create("Later", "2030-01-01T18:00:00Z")
    await setting.create("Earliest", "2020-01-01T18:00:00Z")
    first = (await setting.ada.data(EVENTS, {}))["events"]
    assert [e["node"]["name"] for e in first["edges"]] == ["Later", "Jazz night"] and first["totalCount"] == 3
    rest = (await setting.ada.data(EVENTS, {"after": first["pageInfo"]["endCursor"]}))["events"]
    assert [e["node"]["name"] for e in rest["edges"]] == ["Earliest"] and not rest["pageInfo"]["hasNextPage"]


async def test_an_organiser_updates_an_event(setting: Setting) -> None:
    data = await setting.organiser.data(UPDATE, {"id": setting.event, "input": {"place": "Garden"}})
    assert data["updateEvent"] == {"key": setting.event, "name": "Jazz night", "startsAt": STARTED, "place": "Garden"}


async def test_an_event_with_a_bad_start_is_refused_and_writes_nothing(setting: Setting) -> None:
    before = await setting.size()
    error = await setting.organiser.error(UPDATE, {"id": setting.event, "input": {"startsAt": "next tuesday"}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "startsAt"}
    error = await setting.organiser.error(CREATE, {"input": {"name": "", "startsAt": STARTED}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    assert await setting.size() == before
    assert (await setting.organiser.data(EVENT, {"id": setting.event}))["event"]["name"] == "Jazz night"


async def test_updating_an_unknown_event_is_not_found(setting: Setting) -> None:
    error = await setting.organiser.error(UPDATE, {"id": "event-nobody", "input": {"name": "X"}})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "id"}


async def test_an_organiser_deletes_an_event_and_its_attendance(setting: Setting) -> None:
    await setting.attend("ada", "bob")
    assert (await setting.organiser.data(DELETE, {"id": setting.event}))["deleteEvent"] is True
    assert (await setting.organiser.data(EVENT, {"id": setting.event}))["event"] is None
    assert await setting.repository.driver.read("MATCH ()-[a:ATTENDED]->() RETURN count(a) AS n") == [{"n": 0}]


async def test_a_member_cannot_create_an_event(setting: Setting) -> None:
    before = await setting.size()
    error = await setting.ada.error(CREATE, {"input": {"name": "Mine", "startsAt": STARTED}})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await setting.size() == before


async def test_a_member_cannot_add_attendees(setting: Setting) -> None:
    before = await setting.size()
    error = await setting.ada.error(ADD, {"e": setting.event, "m": [setting.ids["bob"]]})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await setting.size() == before


# Attendees ---------------------------------------------------------------------------------------


async def test_an_organiser_adds_attendees(setting: Setting) -> None:
    report = await setting.attend("ada", "bob")
    assert (report["added"], report["alreadyAttending"]) == (2, 0)
    again = await setting.attend("bob", "cyd", "cyd")
    assert (again["added"], again["alreadyAttending"]) == (1, 1)
    assert [m["handle"] for m in again["event"]["attendees"]] == ["ada", "bob", "cyd"]


async def test_adding_an_unknown_member_adds_nobody(setting: Setting) -> None:
    before = await setting.size()
    error = await setting.organiser.error(ADD, {"e": setting.event, "m": [setting.ids["bob"], "member-nobody"]})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "memberIds"} and "member-nobody" in error["message"]
    assert await setting.size() == before


async def test_adding_attendees_to_an_unknown_event_is_not_found(setting: Setting) -> None:
    error = await setting.organiser.error(ADD, {"e": "event-nobody", "m": [setting.ids["bob"]]})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "eventId"}


ADD_FROM = """mutation($e: ID!, $team: ID, $site: ID) { addEventAttendeesFrom(eventId: $e, teamId: $team, siteId: $site) {
  added alreadyAttending event { attendees { handle } }
} }"""


async def _team_and_site(setting: Setting) -> tuple[str, str]:
    """Team Engines: ada and bob (cyd sits in its sub-team Turbines); site Harbour: bob and cyd."""
    repository = setting.repository
    engines = await repository.create_team("Engines")
    turbines = await repository.create_team("Turbines", parent_id=engines.id)
    harbour = await repository.create_site("Harbour", city="Hull")
    for handle in ("ada", "bob"):
        await repository.assign_team(setting.ids[handle], engines.id)
    await repository.assign_team(setting.ids["cyd"], turbines.id)
    for handle in ("bob", "cyd"):
        await repository.assign_site(setting.ids[handle], harbour.id)
    return engines.id, harbour.id


async def test_an_organiser_adds_every_member_of_a_team(setting: Setting) -> None:
    team, _ = await _team_and_site(setting)
    await setting.attend("bob")
    report = (await setting.organiser.data(ADD_FROM, {"e": setting.event, "team": team}))["addEventAttendeesFrom"]
    assert (report["added"], report["alreadyAttending"]) == (1, 1)
    # Members of a sub-team are not members of the team.
    assert [m["handle"] for m in report["event"]["attendees"]] == ["ada", "bob"]


async def test_an_organiser_adds_every_member_of_a_site(setting: Setting) -> None:
    _, site = await _team_and_site(setting)
    report = (await setting.organiser.data(ADD_FROM, {"e": setting.event, "site": site}))["addEventAttendeesFrom"]
    assert (report["added"], report["alreadyAttending"]) == (2, 0)
    assert await setting.attendees() == ["bob", "cyd"]


async def test_adding_a_team_without_members_adds_nobody(setting: Setting) -> None:
    empty = await setting.repository.create_team("Nobody yet")
    report = (await setting.organiser.data(ADD_FROM, {"e": setting.event, "team": empty.id}))["addEventAttendeesFrom"]
    assert (report["added"], report["alreadyAttending"]) == (0, 0)


async def test_a_team_larger_than_the_limit_is_refused_and_writes_nothing(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, site = await _team_and_site(setting)
    monkeypatch.setattr(events_api, "ATTENDEES_MAX", 1)
    before = await setting.size()
    error = await setting.organiser.error(ADD_FROM, {"e": setting.event, "site": site})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "siteId"}
    assert "the site Harbour has 2 members; at most 1" in error["message"]
    assert await setting.size() == before
    assert await setting.attendees() == []


async def test_adding_from_both_a_team_and_a_site_or_neither_is_refused(setting: Setting) -> None:
    team, site = await _team_and_site(setting)
    before = await setting.size()
    for variables in ({"team": team, "site": site}, {}):
        error = await setting.organiser.error(ADD_FROM, {"e": setting.event, **variables})
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "teamId"}
    assert await setting.size() == before


async def test_adding_from_an_unknown_team_or_event_is_not_found(setting: Setting) -> None:
    team, _ = await _team_and_site(setting)
    before = await setting.size()
    error = await setting.organiser.error(ADD_FROM, {"e": setting.event, "team": "team-nobody"})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "teamId"}
    error = await setting.organiser.error(ADD_FROM, {"e": setting.event, "site": "site-nobody"})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "siteId"}
    error = await setting.organiser.error(ADD_FROM, {"e": "event-nobody", "team": team})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "eventId"}
    assert await setting.size() == before


async def test_a_member_cannot_add_a_team(setting: Setting) -> None:
    team, _ = await _team_and_site(setting)
    before = await setting.size()
    error = await setting.ada.error(ADD_FROM, {"e": setting.event, "team": team})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await setting.size() == before


async def test_an_organiser_removes_an_attendee(setting: Setting) -> None:
    await setting.attend("ada", "bob")
    data = await setting.organiser.data(REMOVE, {"e": setting.event, "m": setting.ids["bob"]})
    assert [m["handle"] for m in data["removeEventAttendee"]["attendees"]] == ["ada"]
    error = await setting.organiser.error(REMOVE, {"e": setting.event, "m": setting.ids["bob"]})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "memberId"}


async def test_an_attendee_file_adds_known_handles_and_reports_the_other_rows(setting: Setting) -> None:
    await setting.attend("ada")
    body = await setting.upload(setting.organiser, b"name,Handle\nBob,bob\nNobody,nobody\nAda,ADA\nBlank,\n\nCyd,cyd\n")
    report = body["data"]["importEventAttendees"]
    assert (report["added"], report["alreadyAttending"]) == (2, 1)
    assert report["rejected"] == [
        {"row": 2, "handle": "nobody", "reason": "no member has the handle 'nobody'"},
        {"row": 4, "handle": None, "reason": "the handle is empty"},
    ]
    assert [m["handle"] for m in report["event"]["attendees"]] == ["ada", "bob", "cyd"]


async def test_an_attendee_file_without_a_handle_column_writes_nothing(setting: Setting) -> None:
    before = await setting.size()
    body = await setting.upload(setting.organiser, b"name,email\nBob,bob@example.org\n")
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "file"}
    assert await setting.size() == before


async def test_a_member_cannot_import_attendees(setting: Setting) -> None:
    before = await setting.size()
    body = await setting.upload(setting.ada, b"handle\nbob\n")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await setting.size() == before


# Meeting at an event ------------------------------------------------------------------------------


async def test_an_attendee_records_whom_they_met_as_met_bonds_from_the_event(setting: Setting) -> None:
    await setting.attend("ada", "bob", "cyd")
    data = (await setting.ada.data(MET, {"e": setting.event, "m": [setting.ids["bob"], setting.ids["cyd"]]}))["recordMet"]
    assert data["event"]["key"] == setting.event and [m["handle"] for m in data["met"]] == ["bob", "cyd"]
    recorded_on = datetime.now(timezone.utc).date().isoformat()  # asked now: the run may have crossed midnight
    bonds = await setting.repository.driver.read(BONDS)
    assert {(tuple(sorted((b["a"], b["b"]))), b["kind"], b["source"], b["eventId"], b["since"]) for b in bonds} == {
        (("ada", "bob"), "met", f"event:{setting.event}", setting.event, recorded_on),
        (("ada", "cyd"), "met", f"event:{setting.event}", setting.event, recorded_on),
    }


async def test_an_event_lists_the_attendees_i_recorded_meeting_and_only_mine(setting: Setting) -> None:
    await setting.attend("ada", "bob", "cyd")
    query = "query($e: ID!) { event(id: $e) { metByMe { handle } } }"
    assert (await setting.ada.data(query, {"e": setting.event}))["event"]["metByMe"] == []
    await setting.ada.data(MET, {"e": setting.event, "m": [setting.ids["bob"]]})
    assert (await setting.ada.data(query, {"e": setting.event}))["event"]["metByMe"] == [{"handle": "bob"}]
    # The organiser recorded nothing: the same event lists nobody for them.
    assert (await setting.organiser.data(query, {"e": setting.event}))["event"]["metByMe"] == []


async def test_meeting_a_member_who_did_not_attend_is_refused_and_writes_nothing(setting: Setting) -> None:
    await setting.attend("ada", "bob")
    before = await setting.size()
    error = await setting.ada.error(MET, {"e": setting.event, "m": [setting.ids["bob"], setting.ids["cyd"]]})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "memberIds"} and setting.ids["cyd"] in error["message"]
    assert await setting.size() == before
    assert await setting.repository.driver.read(BONDS) == []


async def test_a_member_who_did_not_attend_cannot_record_a_meeting(setting: Setting) -> None:
    await setting.attend("bob", "cyd")
    before = await setting.size()
    error = await setting.ada.error(MET, {"e": setting.event, "m": [setting.ids["bob"]]})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "eventId"}
    assert await setting.size() == before


async def test_meeting_an_unknown_member_is_not_found_and_writes_nothing(setting: Setting) -> None:
    await setting.attend("ada", "bob")
    before = await setting.size()
    error = await setting.ada.error(MET, {"e": setting.event, "m": [setting.ids["bob"], "member-nobody"]})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "memberIds"}
    assert await setting.size() == before


async def test_meetings_at_an_event_that_has_not_started_are_refused(setting: Setting) -> None:
    setting.event = await setting.create("Next week", (NOW + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    await setting.attend("ada", "bob")
    before = await setting.size()
    error = await setting.ada.error(MET, {"e": setting.event, "m": [setting.ids["bob"]]})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "eventId"} and "not started" in error["message"]
    assert await setting.size() == before


async def test_meeting_yourself_is_bad_input(setting: Setting) -> None:
    await setting.attend("ada")
    error = await setting.ada.error(MET, {"e": setting.event, "m": [setting.ids["ada"]]})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "memberIds"}


async def test_the_event_conversion_counts_the_meetings_recorded_there(setting: Setting) -> None:
    await setting.repository.record_bond(setting.ids["bob"], setting.ids["cyd"], "colleague", since="2024-01-01")
    await setting.attend("ada", "bob", "cyd")
    await setting.ada.data(MET, {"e": setting.event, "m": [setting.ids["bob"], setting.ids["cyd"]]})
    (event,) = (await setting.organiser.data(HEALTH))["communityHealth"]["events"]
    # ada-bob and ada-cyd are new since the event; bob-cyd is older; nobody has a team
    assert event == {"key": setting.event, "attendees": 3, "newTies": 2, "crossTeamNewTies": 0,
                     "newTiesPerAttendee": pytest.approx(4 / 3)}


async def test_a_meeting_both_members_record_is_confirmed(setting: Setting) -> None:
    await setting.people.add("dee")
    dee = await setting.people.client("dee")
    setting.ids["dee"] = setting.people.ids["dee"]
    await setting.attend("ada", "bob", "dee")
    await setting.ada.data(MET, {"e": setting.event, "m": [setting.ids["bob"], setting.ids["dee"]]})
    trust = (await setting.organiser.data(HEALTH))["communityHealth"]["trust"]
    assert trust == {"bonds": 2, "confirmed": 0}
    await dee.data(MET, {"e": setting.event, "m": [setting.ids["ada"]]})
    trust = (await setting.organiser.data(HEALTH))["communityHealth"]["trust"]
    assert trust == {"bonds": 2, "confirmed": 1}
    assert len(await setting.repository.driver.read(BONDS)) == 2  # the same bond, recorded twice


# The table plan ------------------------------------------------------------------------------------


async def test_the_table_plan_is_the_latest_published_events_set_for_the_event(setting: Setting) -> None:
    await setting.attend("ada", "bob", "cyd")
    ids = setting.ids
    ids["olga"] = (await setting.repository.member_by_handle("olga")).id  # type: ignore[union-attr]

    def table(round_: int, number: int, *handles: str) -> dict[str, Any]:
        return {"members": [ids[h] for h in handles], "round": round_, "table": number, "reasonText": "seated"}

    stored = (await setting.organiser.data(STORE, {"input": {
        "kind": "EVENTS", "parameters": {}, "algorithmVersion": "events-1", "quality": {}, "eventId": setting.event,
        "groupings": [table(1, 1, "ada", "bob"), table(2, 1, "ada", "cyd"), table(2, 2, "bob", "olga")],
    }}))["storeProposalSet"]
    assert (await setting.organiser.data(EVENT, {"id": setting.event}))["event"]["tablePlan"] is None  # a draft
    await setting.organiser.data(PUBLISH, {"id": stored["id"]})
    plan = (await setting.ada.data(EVENT, {"id": setting.event}))["event"]["tablePlan"]
    assert plan["proposalSet"]["id"] == stored["id"]
    assert plan["rounds"] == [
        {"round": 1, "tables": [{"table": 1, "members": [{"handle": "ada"}, {"handle": "bob"}]}]},
        {"round": 2, "tables": [{"table": 1, "members": [{"handle": "ada"}, {"handle": "cyd"}]},
                                {"table": 2, "members": [{"handle": "bob"}, {"handle": "olga"}]}]},
    ]


# A member's own seats and events -------------------------------------------------------------------

MY_SEATS = "query($id: ID!) { event(id: $id) { mySeats { round table tablemates { handle } } } }"
MY_EVENTS = "{ myEvents { key name mySeats { round table } } }"
MY_PROPOSALS = "query($kinds: [ProposalKind!]) { myProposals(kinds: $kinds) { id kind } }"
RESPOND = "mutation($id: ID!) { respondToProposal(id: $id, accept: true) { id } }"


async def _published_plan(setting: Setting) -> None:
    ids = setting.ids
    ids["dee"] = (await setting.repository.create_member(handle="dee", name="Dee")).id
    await setting.attend("ada", "bob", "cyd", "dee")
    groupings = [
        {"members": [ids["ada"], ids["bob"]], "round": 1, "table": 2, "reasonText": "seated"},
        {"members": [ids["cyd"], ids["dee"]], "round": 1, "table": 1, "reasonText": "seated"},
        {"members": [ids["cyd"], ids["ada"]], "round": 2, "table": 1, "reasonText": "seated"},
        {"members": [ids["bob"], ids["dee"]], "round": 2, "table": 2, "reasonText": "seated"},
    ]
    stored = (await setting.organiser.data(STORE, {"input": {
        "kind": "EVENTS", "parameters": {}, "algorithmVersion": "events-1", "quality": {}, "eventId": setting.event,
        "groupings": groupings,
    }}))["storeProposalSet"]
    await setting.organiser.data(PUBLISH, {"id": stored["id"]})


async def test_my_seats_give_the_plans_round_and_table_numbers_with_my_tablemates(setting: Setting) -> None:
    await _published_plan(setting)
    seats = (await setting.ada.data(MY_SEATS, {"id": setting.event}))["event"]["mySeats"]
    assert seats == [
        {"round": 1, "table": 2, "tablemates": [{"handle": "bob"}]},
        {"round": 2, "table": 1, "tablemates": [{"handle": "cyd"}]},
    ]


async def test_the_plan_and_my_seats_in_one_request_read_the_plan_once(setting: Setting, live_server: LiveServer) -> None:
    await _published_plan(setting)
    plan_only = "query($id: ID!) { event(id: $id) { tablePlan { rounds { round } } } }"
    both = "query($id: ID!) { event(id: $id) { tablePlan { rounds { round } } mySeats { round } } }"
    costs = []
    for query in (plan_only, both):
        before = live_server.round_trips
        await setting.ada.data(query, {"id": setting.event})
        costs.append(live_server.round_trips - before)
    assert costs[1] == costs[0]


async def test_someone_not_seated_has_no_seats(setting: Setting) -> None:
    await _published_plan(setting)
    assert (await setting.organiser.data(MY_SEATS, {"id": setting.event}))["event"]["mySeats"] == []


async def test_my_events_are_the_events_i_attend_latest_first(setting: Setting) -> None:
    later = await setting.create("Book club", "2031-01-01T18:00:00Z")
    await setting.create("Not mine", "2031-02-01T18:00:00Z")
    await setting.attend("ada")
    await setting.organiser.data(ADD, {"e": later, "m": [setting.ids["ada"]]})
    events = (await setting.ada.data(MY_EVENTS))["myEvents"]
    assert [e["name"] for e in events] == ["Book club", "Jazz night"]
    assert (await setting.organiser.data(MY_EVENTS))["myEvents"] == []


async def test_my_proposals_can_leave_out_event_seats(setting: Setting) -> None:
    await _published_plan(setting)
    every = (await setting.ada.data(MY_PROPOSALS, {"kinds": None}))["myProposals"]
    assert {p["kind"] for p in every} == {"EVENTS"}
    assert (await setting.ada.data(MY_PROPOSALS, {"kinds": ["PURPOSE", "INTROS", "SKILLS"]}))["myProposals"] == []


async def test_a_seat_cannot_be_accepted_or_declined(setting: Setting) -> None:
    await _published_plan(setting)
    seat = (await setting.ada.data(MY_PROPOSALS, {"kinds": ["EVENTS"]}))["myProposals"][0]
    before = await setting.size()
    error = await setting.ada.error(RESPOND, {"id": seat["id"]})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "table plan" in error["message"]
    assert await setting.size() == before
