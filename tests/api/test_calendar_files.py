"""Calendar files over real HTTP: GET /events/<id>.ics and /proposals/<id>.ics, read back with
the icalendar library; who may download them, with an access token or a download link."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

import httpx
import icalendar
import pytest

from graph_api.calendar import links
from tests.api.conftest import GraphQLClient, People, api_token
from tests.api.test_authorization_matrix import CHEAP_HASH
from tests.conftest import LiveServer, TestDatabase
from tests.seeding import SeedingRepository

PUBLIC_URL = "https://kindred.example.org"
CREATE = """mutation($input: CreateEventInput!) { createEvent(input: $input) { key } }"""
UPDATE = "mutation($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { key } }"
ADD = "mutation($e: ID!, $m: [ID!]!) { addEventAttendees(eventId: $e, memberIds: $m) { added } }"
STORE = """mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) {
  id proposals(first: 10) { edges { node { id } } } } }"""
PUBLISH = "mutation($id: ID!) { publishProposalSet(id: $id) { id } }"
RESPOND = "mutation($id: ID!, $accept: Boolean!) { respondToProposal(id: $id, accept: $accept) { id } }"
EVENT_LINK = "query($id: ID!) { event(id: $id) { calendarUrl } }"
MY_EVENT_LINKS = "{ myEvents { key calendarUrl } }"
PROPOSAL_LINKS = "{ myProposals { id calendarUrl } }"
SIGN_OUT = "mutation { signOut }"


@pytest.fixture(scope="module")
def calendar_server(database: TestDatabase) -> Iterator[LiveServer]:
    """graph-api for a community in Berlin, reached at PUBLIC_URL."""
    with LiveServer(database.settings(KINDRED_TIME_ZONE="Europe/Berlin", KINDRED_PUBLIC_URL=PUBLIC_URL)) as server:
        yield server


@pytest.fixture
async def http(calendar_server: LiveServer, driver: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=calendar_server.url, timeout=30) as client:
        yield client


class Town:
    """olga (organiser), ada and bob (signed in), cyd; a summer evening event ada and bob attend,
    seated together in round 1."""

    def __init__(self, people: People, repository: SeedingRepository, http: httpx.AsyncClient) -> None:
        self.people, self.repository, self.http = people, repository, http
        self.ids: dict[str, str] = {}

    async def build(self) -> Town:
        for handle, name, role in (("olga", "Olga Organiser", "organiser"), ("ada", "Ada Lovelace", "member"),
                                   ("bob", "Bob Builder", "member"), ("cyd", "Cyd Charisse", None)):
            self.ids[handle] = (await self.repository.create_member(handle=handle, name=name)).id
            if role:  # the cheapest password hash: these accounts only need to sign in
                await self.repository.accounts.set_password_and_role(
                    member_id=self.ids[handle], password_hash=CHEAP_HASH, role=role
                )
        self.olga, self.ada, self.bob = [await self.people.client(h) for h in ("olga", "ada", "bob")]
        data = await self.olga.data(CREATE, {"input": {"name": "Jazz night!", "startsAt": "2026-07-05T16:00:00Z",
                                                       "place": "Blue Room"}})
        self.event = data["createEvent"]["key"]
        await self.olga.data(ADD, {"e": self.event, "m": [self.ids[h] for h in ("ada", "bob", "cyd")]})
        return self

    async def seat(self) -> None:
        seated = [[self.ids["ada"], self.ids["bob"]], [self.ids["cyd"], self.ids["olga"]]]
        groupings = [{"members": m, "round": 1, "table": n, "reasonText": "seated"} for n, m in enumerate(seated, 1)]
        stored = await self.olga.data(STORE, {"input": {"kind": "EVENTS", "parameters": {}, "algorithmVersion": "e-1",
                                                        "quality": {}, "eventId": self.event, "groupings": groupings}})
        await self.olga.data(PUBLISH, {"id": stored["storeProposalSet"]["id"]})

    async def purpose_group(self, *handles: str) -> str:
        grouping = {"members": [self.ids[h] for h in handles], "reasonText": "all love jazz",
                    "reason": {"sharedPassions": [["jazz", [5, 4]]], "teams": [], "newPairs": 1}}
        stored = await self.olga.data(STORE, {"input": {"kind": "PURPOSE", "parameters": {}, "algorithmVersion": "p-1",
                                                        "quality": {}, "groupings": [grouping]}})
        await self.olga.data(PUBLISH, {"id": stored["storeProposalSet"]["id"]})
        return str(stored["storeProposalSet"]["proposals"]["edges"][0]["node"]["id"])

    async def link(self, client: GraphQLClient) -> str:
        return str((await client.data(EVENT_LINK, {"id": self.event}))["event"]["calendarUrl"])

    async def get(self, path: str, client: GraphQLClient | None = None) -> httpx.Response:
        headers = {"authorization": f"Bearer {client.token}"} if client else {}
        return await self.http.get(path, headers=headers)


@pytest.fixture
async def town(people: People, repository: SeedingRepository, http: httpx.AsyncClient) -> Town:
    return await Town(people, repository, http).build()


def only_event(response: httpx.Response) -> icalendar.Event:
    assert response.status_code == 200, response.text
    [entry] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    return entry


def assert_refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == code
    assert "no-store" in response.headers["cache-control"]


async def test_a_member_downloads_an_event_as_a_calendar_file(town: Town) -> None:
    response = await town.get(f"/events/{town.event}.ics", town.ada)
    entry = only_event(response)
    calendar = icalendar.Calendar.from_ical(response.content)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0", "-//Kindred//Kindred calendar files//EN")
    assert str(entry["UID"]) == f"{town.event}@kindred.example.org"
    assert (str(entry["SUMMARY"]), str(entry["LOCATION"])) == ("Jazz night!", "Blue Room")
    assert "DTSTAMP" in entry
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="jazz-night.ics"'
    assert response.headers["cache-control"] == "private, no-store"


async def test_the_event_is_at_the_community_s_local_time_and_the_right_instant(town: Town) -> None:
    response = await town.get(f"/events/{town.event}.ics", town.ada)
    start = only_event(response).decoded("DTSTART")
    assert (start.hour, str(start.tzinfo)) == (18, "Europe/Berlin")
    assert start.astimezone(timezone.utc) == datetime(2026, 7, 5, 16, tzinfo=timezone.utc)
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n" in response.content


async def test_the_file_lists_the_member_s_own_tables(town: Town) -> None:
    await town.seat()
    description = str(only_event(await town.get(f"/events/{town.event}.ics", town.ada))["DESCRIPTION"])
    assert "Round 1: table 1, with Bob Builder." in description
    assert f"{PUBLIC_URL}/#/events/{town.event}" in description
    assert "Cyd" not in description


async def test_changing_the_event_raises_the_sequence(town: Town) -> None:
    before = only_event(await town.get(f"/events/{town.event}.ics", town.ada))
    await town.olga.data(UPDATE, {"id": town.event, "input": {"startsAt": "2026-07-05T17:00:00Z"}})
    after = only_event(await town.get(f"/events/{town.event}.ics", town.ada))
    assert (int(before["SEQUENCE"]), int(after["SEQUENCE"])) == (0, 1)
    assert after.decoded("DTSTART").hour == 19
    assert str(after["UID"]) == str(before["UID"])


async def test_publishing_a_table_plan_raises_the_sequence(town: Town) -> None:
    before = only_event(await town.get(f"/events/{town.event}.ics", town.ada))
    await town.seat()
    after = only_event(await town.get(f"/events/{town.event}.ics", town.ada))
    assert (int(before["SEQUENCE"]), int(after["SEQUENCE"])) == (0, 1)
    assert "Round 1: table 1, with Bob Builder." in str(after["DESCRIPTION"])


async def test_the_web_app_s_link_downloads_the_file_without_a_header(town: Town) -> None:
    link = await town.link(town.ada)
    assert link.startswith(f"/events/{town.event}.ics?token=")
    assert str(only_event(await town.get(link))["SUMMARY"]) == "Jazz night!"
    my_events = (await town.ada.data(MY_EVENT_LINKS))["myEvents"]
    assert my_events[0]["key"] == town.event and my_events[0]["calendarUrl"].startswith(f"/events/{town.event}.ics?")


async def test_without_a_credential_the_download_is_refused(town: Town) -> None:
    assert_refused(await town.get(f"/events/{town.event}.ics"), 401, "UNAUTHENTICATED")


async def test_a_wrong_link_token_is_refused(town: Town) -> None:
    for token in ("garbage", "x" * 5000, "", "a.b.c"):
        assert_refused(await town.get(f"/events/{town.event}.ics?token={token}"), 401, "UNAUTHENTICATED")


async def test_a_wrong_access_token_is_refused(town: Town) -> None:
    response = await town.http.get(f"/events/{town.event}.ics", headers={"authorization": "Bearer not-a-token"})
    assert_refused(response, 401, "UNAUTHENTICATED")


async def test_an_access_token_in_the_query_is_no_link(town: Town) -> None:
    assert_refused(await town.get(f"/events/{town.event}.ics?token={town.ada.token}"), 401, "UNAUTHENTICATED")


async def test_a_link_opens_only_the_file_it_was_made_for(town: Town) -> None:
    other = (await town.olga.data(CREATE, {"input": {"name": "Other", "startsAt": "2026-08-01T10:00:00Z"}}))
    token = (await town.link(town.ada)).split("token=", 1)[1]
    response = await town.get(f"/events/{other['createEvent']['key']}.ics?token={token}")
    assert_refused(response, 401, "UNAUTHENTICATED")


async def test_signing_out_revokes_the_links_of_the_session(town: Town) -> None:
    link = await town.link(town.bob)
    await town.bob.data(SIGN_OUT)
    assert_refused(await town.get(link), 401, "UNAUTHENTICATED")


async def test_an_api_token_cannot_download(town: Town, repository: SeedingRepository) -> None:
    integrator = GraphQLClient(town.http, token=await api_token(repository, town.ids["olga"], "read"))
    assert_refused(await town.get(f"/events/{town.event}.ics", integrator), 403, "FORBIDDEN")
    assert (await integrator.data(EVENT_LINK, {"id": town.event}))["event"]["calendarUrl"] is None


async def test_an_unknown_or_malformed_event_is_not_found(town: Town) -> None:
    for key in ("event-unknown", "x" * 81, "bad%20id", "%00", ".."):
        assert_refused(await town.get(f"/events/{key}.ics", town.ada), 404, "NOT_FOUND")


async def test_a_deleted_event_is_not_found(town: Town) -> None:
    link = await town.link(town.ada)
    await town.olga.data("mutation($id: ID!) { deleteEvent(id: $id) }", {"id": town.event})
    assert_refused(await town.get(link), 404, "NOT_FOUND")


async def test_a_member_of_an_accepted_group_downloads_its_first_meeting(town: Town) -> None:
    proposal = await town.purpose_group("ada", "bob", "cyd")
    await town.ada.data(RESPOND, {"id": proposal, "accept": True})
    await town.bob.data(RESPOND, {"id": proposal, "accept": True})
    [mine] = (await town.ada.data(PROPOSAL_LINKS))["myProposals"]
    assert mine["calendarUrl"].startswith(f"/proposals/{proposal}.ics?token=")
    response = await town.get(mine["calendarUrl"])
    entry = only_event(response)
    assert str(entry["SUMMARY"]) == "First meeting: Jazz circle"
    start = entry.decoded("DTSTART")
    assert (start.hour, str(start.tzinfo), start.weekday() < 5) == (12, "Europe/Berlin", True)
    assert "In the group: Ada Lovelace and Bob Builder." in str(entry["DESCRIPTION"])
    assert response.headers["content-disposition"] == 'attachment; filename="first-meeting-jazz-circle.ics"'


async def test_a_group_s_first_meeting_is_not_found_for_outsiders_and_undecided_members(town: Town) -> None:
    proposal = await town.purpose_group("ada", "cyd")
    await town.ada.data(RESPOND, {"id": proposal, "accept": True})
    assert_refused(await town.get(f"/proposals/{proposal}.ics", town.bob), 404, "NOT_FOUND")  # not in it
    assert_refused(await town.get(f"/proposals/{proposal}.ics", town.olga), 404, "NOT_FOUND")  # organisers too
    assert_refused(await town.get(f"/proposals/{proposal}.ics"), 401, "UNAUTHENTICATED")
    ada_link = (await town.ada.data(PROPOSAL_LINKS))["myProposals"][0]["calendarUrl"]
    token = ada_link.split("token=", 1)[1]
    other = await town.purpose_group("ada", "bob")
    assert_refused(await town.get(f"/proposals/{other}.ics?token={token}"), 401, "UNAUTHENTICATED")
    assert_refused(await town.get(f"/proposals/{other}.ics", town.bob), 404, "NOT_FOUND")  # not accepted yet
    assert (await town.bob.data(PROPOSAL_LINKS))["myProposals"][0]["calendarUrl"] is None


async def test_a_link_issued_long_ago_has_expired(town: Town, calendar_server: LiveServer) -> None:
    settings = calendar_server.app.state.settings
    long_ago = datetime(2020, 1, 1, tzinfo=timezone.utc)
    member = town.ids["ada"]
    path = links.link(settings, member_id=member, session_id="any", kind="events", key=town.event, now=long_ago)
    assert_refused(await town.get(path), 401, "UNAUTHENTICATED")


async def test_a_refused_download_costs_the_database_nothing(town: Town, calendar_server: LiveServer) -> None:
    before = calendar_server.round_trips
    for path in (f"/events/{town.event}.ics?token=garbage", f"/events/{'x' * 81}.ics", f"/events/{town.event}.ics",
                 f"/proposals/{town.event}.ics?token={'x' * 5000}"):
        assert (await town.get(path)).status_code in (401, 404)
    assert calendar_server.round_trips == before


FEED = "{ myCalendarFeed }"
START_FEED = "mutation { startCalendarFeed }"
STOP_FEED = "mutation { stopCalendarFeed }"


async def test_a_subscription_lists_the_member_s_events_with_their_tables(town: Town) -> None:
    await town.olga.data(UPDATE, {"id": town.event, "input": {"startsAt": "2030-07-05T16:00:00Z"}})  # still to come
    await town.seat()
    assert (await town.ada.data(FEED))["myCalendarFeed"] is None
    path = (await town.ada.data(START_FEED))["startCalendarFeed"]
    assert path.startswith("/calendar/") and path.endswith(".ics")
    assert (await town.ada.data(FEED))["myCalendarFeed"] == path
    response = await town.get(path)  # no header: a calendar app sends none
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["UID"]) == f"{town.event}@kindred.example.org"
    assert "Round 1: table 1, with Bob Builder." in str(entry["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "Kindred events"


async def test_a_new_subscription_address_revokes_the_old_one(town: Town) -> None:
    old = (await town.ada.data(START_FEED))["startCalendarFeed"]
    new = (await town.ada.data(START_FEED))["startCalendarFeed"]
    assert old != new
    assert_refused(await town.get(old), 404, "NOT_FOUND")
    assert (await town.get(new)).status_code == 200


async def test_a_stopped_subscription_is_not_found(town: Town) -> None:
    path = (await town.ada.data(START_FEED))["startCalendarFeed"]
    assert (await town.ada.data(STOP_FEED))["stopCalendarFeed"] is True
    assert_refused(await town.get(path), 404, "NOT_FOUND")
    assert (await town.ada.data(FEED))["myCalendarFeed"] is None


async def test_a_member_s_subscription_shows_only_their_events(town: Town) -> None:
    path = (await town.olga.data(START_FEED))["startCalendarFeed"]  # olga attends nothing
    assert icalendar.Calendar.from_ical((await town.get(path)).content).walk("VEVENT") == []


async def test_a_made_up_subscription_address_is_not_found_at_no_cost(town: Town, calendar_server: LiveServer) -> None:
    before = calendar_server.round_trips
    for token in ("garbage", "x" * 5000, "a.b.c"):
        assert_refused(await town.get(f"/calendar/{token}.ics"), 404, "NOT_FOUND")
    assert calendar_server.round_trips == before
