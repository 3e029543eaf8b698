"""Events: organisers create them and list who attended; attendees record whom they met there.

Recording a meeting makes a `met` bond with the event as its source, which the event
conversion figure of communityHealth counts. An event's table plan is the events proposal
set the recommender made for it, once an organiser published it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload
from strawberry.relay import PageInfo

from graph_api.api.calendar import calendar_link
from graph_api.api.context import Info
from graph_api.api.ids import plain_id
from graph_api.api.pagination import PAGE_DEFAULT, Connection, Edge, check_first, decode_key_cursor, encode_cursor
from graph_api.api.permissions import MEMBER, ORGANISER, SIGNED_IN
from graph_api.api.proposals import ProposalSet
from graph_api.api.types import Member
from graph_api.domain import events as domain
from graph_api.domain.events import PLACE_MAX
from graph_api.domain.proposal_rules import named
from graph_api.errors import BadInputError, NotFoundError

#: A member's own list of events holds at most this many, the latest first.
MY_EVENTS_MAX = 100
#: Members one addEventAttendees or recordMet call may name.
ATTENDEES_MAX = 2000
#: An attendee file: at most this many bytes and data rows.
ATTENDEE_FILE_MAX_BYTES = 1024 * 1024
ATTENDEE_FILE_MAX_ROWS = 10_000


@strawberry.type(description="A gathering members attend; attendees then record whom they met there.")
class Event(relay.Node):
    event_id: relay.NodeID[str]
    name: str
    starts_at: str = strawberry.field(description="When it starts, ISO-8601 UTC.")
    place: str
    created_at: str

    @classmethod
    def from_model(cls, event: domain.Event) -> Event:
        return cls(
            event_id=event.id,
            name=event.name,
            starts_at=event.starts_at,
            place=event.place,
            created_at=event.created_at,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> Sequence[Event | None]:
        ids = list(node_ids)
        found = await events_by_id(info, ids)
        return [found.get(node_id) for node_id in ids]

    @strawberry.field(description="The plain store id (also accepted wherever an event id is asked for).")
    def key(self) -> str:
        return self.event_id

    @strawberry.field(description="Who attended, by name.")
    async def attendees(self, info: Info) -> list[Member]:
        found = await info.context.repository.events.attendees(event_id=self.event_id)
        return [Member.from_model(member) for member in found]

    @strawberry.field(
        description="The attendees you have recorded meeting (a `met` bond you recorded, at this event or an "
        "earlier one), by name; empty for an API token."
    )
    async def met_by_me(self, info: Info) -> list[Member]:
        member_id = info.context.member_id
        if member_id is None:
            return []
        found = await info.context.repository.events.met_by(event_id=self.event_id, member_id=member_id)
        return [Member.from_model(member) for member in found]

    @strawberry.field(
        description="Your table in each round of the published table plan, rounds in order, with who sits "
        "there with you; empty when you are not seated (or for an API token)."
    )
    async def my_seats(self, info: Info) -> list[MySeat]:
        member_id = info.context.member_id
        if member_id is None:
            return []
        plan = await info.context.loaders.table_plan.load(self.event_id)
        if plan is None:
            return []
        mine = sorted((seat.round, seat.table) for seat in plan.seats if seat.member.id == member_id)
        return [
            MySeat(
                round=round_,
                table=table,
                tablemates=[
                    Member.from_model(seat.member)
                    for seat in plan.seats
                    if (seat.round, seat.table) == (round_, table) and seat.member.id != member_id
                ],
            )
            for round_, table in mine
        ]

    @strawberry.field(
        description="A link that downloads this event as a calendar file (iCalendar, with your tables), for you "
        "only, valid for an hour unless configured otherwise or until you sign out: a path on this server. Null for "
        "an API token."
    )
    def calendar_url(self, info: Info) -> str | None:
        return calendar_link(info, "events", self.event_id)

    @strawberry.field(description="The seating of the latest events proposal set published for this event, or null.")
    async def table_plan(self, info: Info) -> TablePlan | None:
        plan = await info.context.loaders.table_plan.load(self.event_id)
        if plan is None:
            return None
        rounds: dict[int, dict[int, list[Member]]] = {}
        for seat in plan.seats:
            rounds.setdefault(seat.round, {}).setdefault(seat.table, []).append(Member.from_model(seat.member))
        return TablePlan(
            proposal_set=ProposalSet.from_model(plan.proposal_set),
            rounds=[
                TableRound(round=number, tables=[EventTable(table=t, members=m) for t, m in tables.items()])
                for number, tables in rounds.items()
            ],
        )


@strawberry.type(description="Where you sit in one round of an event: the round and table (both from 1) and your tablemates.")
class MySeat:
    round: int
    table: int
    tablemates: list[Member]


@strawberry.type(description="One table of a round and who sits there.")
class EventTable:
    table: int
    members: list[Member]


@strawberry.type(description="One round of an event's seating: its tables in order.")
class TableRound:
    round: int
    tables: list[EventTable]


@strawberry.type(description="Who sits at which table in each round, from a published events proposal set.")
class TablePlan:
    proposal_set: ProposalSet
    rounds: list[TableRound]


async def events_by_id(info: Info, ids: Sequence[str]) -> dict[str, Event]:
    """Events by store id, in one read (unknown ids are left out)."""
    found = await info.context.repository.events.by_ids(ids=ids)
    return {key: Event.from_model(event) for key, event in found.items()}


async def _event(info: Info, event_id: str) -> Event:
    return Event.from_model(await info.context.repository.events.require(event_id=event_id))


@strawberry.input(description="A new event.")
class CreateEventInput:
    name: str
    starts_at: str = strawberry.field(description="ISO-8601, e.g. 2026-03-05T18:00:00Z (UTC when no offset).")
    place: str = strawberry.field(default="", description=f"Where, at most {PLACE_MAX} characters.")


@strawberry.input(description="What to change on an event; fields left out stay as they are.")
class UpdateEventInput:
    name: str | None = None
    starts_at: str | None = None
    place: str | None = None


@strawberry.type(description="A row of an attendee file that added nobody, and why.")
class RejectedAttendeeRow:
    row: int = strawberry.field(description="The data row's number, from 1.")
    handle: str | None
    reason: str


@strawberry.type(description="What adding attendees did.")
class AttendeesReport:
    event: Event
    added: int = strawberry.field(description="Members who attend now and did not before.")
    already_attending: int
    rejected: list[RejectedAttendeeRow] = strawberry.field(description="File rows that added nobody (imports).")


@strawberry.type(description="The members recordMet bonded you with (each a `met` bond with the event as source).")
class RecordMetPayload:
    event: Event
    met: list[Member]


def _member_ids(values: Sequence[strawberry.ID], *, field: str) -> list[str]:
    """Distinct plain member ids, in the order given."""
    if not values:
        raise BadInputError(f"{field} must name at least one member", field=field)
    if len(values) > ATTENDEES_MAX:
        raise BadInputError(f"{field} names {len(values)} members; the limit is {ATTENDEES_MAX}", field=field)
    return list(dict.fromkeys(plain_id(value, "Member", field=field) for value in values))


def _attendee_handles(content: bytes) -> list[tuple[int, str]]:
    """(data row number, handle cell) of each row of a CSV file with a `handle` column."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInputError("the file is not UTF-8 text", field="file") from None
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if "handle" not in header:
        raise BadInputError("the file has no `handle` column in its first line", field="file")
    column = header.index("handle")
    rows: list[tuple[int, str]] = []
    for number, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines
        if len(rows) == ATTENDEE_FILE_MAX_ROWS:
            raise BadInputError(f"the file has more than {ATTENDEE_FILE_MAX_ROWS} rows", field="file")
        rows.append((number, cells[column].strip() if column < len(cells) else ""))
    return rows


async def _group(
    info: Info, *, team_id: strawberry.ID | None, site_id: strawberry.ID | None
) -> tuple[domain.GroupKind, str, str]:
    """(kind, plain id, name in words) of the one team or site named, which must exist."""
    if (team_id is None) == (site_id is None):
        raise BadInputError("name either a team (teamId) or a site (siteId), not both or neither", field="teamId")
    if team_id is not None:
        key = plain_id(team_id, "Team", field="teamId")
        team = await info.context.loaders.team.load(key)
        if team is None:
            raise NotFoundError(f"no team has the id {key!r}", field="teamId")
        return "team", key, f"the team {team.name}"
    key = plain_id(site_id, "Site", field="siteId")  # type: ignore[arg-type]
    site = await info.context.loaders.site.load(key)
    if site is None:
        raise NotFoundError(f"no site has the id {key!r}", field="siteId")
    return "site", key, f"the site {site.name}"


@strawberry.type
class EventQueries:
    @strawberry.field(description="Events, latest first.", permission_classes=SIGNED_IN)
    async def events(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Event]:
        after_pair = decode_key_cursor(after)
        store = info.context.repository.events
        found = await store.page(after=after_pair, limit=check_first(first) + 1)
        edges = [
            Edge(node=Event.from_model(event), cursor=encode_cursor([event.starts_at, event.id]))
            for event in found[:first]
        ]

        async def count_total() -> int:
            return await store.count()

        page_info = PageInfo(
            has_next_page=len(found) > first,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return Connection(edges=edges, page_info=page_info, count_total=count_total)

    @strawberry.field(
        description=f"The events you attend, latest first (at most {MY_EVENTS_MAX}); empty for an API token.",
        permission_classes=SIGNED_IN,
    )
    async def my_events(self, info: Info) -> list[Event]:
        member_id = info.context.member_id
        if member_id is None:
            return []
        found = await info.context.repository.events.attended_by(member_id=member_id, limit=MY_EVENTS_MAX)
        return [Event.from_model(event) for event in found]

    @strawberry.field(description="One event, or null.", permission_classes=SIGNED_IN)
    async def event(self, info: Info, id: strawberry.ID) -> Event | None:
        event_id = plain_id(id, "Event", field="id")
        return (await events_by_id(info, [event_id])).get(event_id)


@strawberry.type
class EventMutations:
    @strawberry.mutation(description="Create an event.", permission_classes=ORGANISER)
    async def create_event(self, info: Info, input: CreateEventInput) -> Event:
        draft = domain.EventDraft.checked(name=input.name, starts_at=input.starts_at, place=input.place)
        return Event.from_model(await info.context.repository.events.create(draft=draft))

    @strawberry.mutation(description="Change an event's name, start or place.", permission_classes=ORGANISER)
    async def update_event(self, info: Info, id: strawberry.ID, input: UpdateEventInput) -> Event:
        changes = domain.event_changes(name=input.name, starts_at=input.starts_at, place=input.place)
        event_id = plain_id(id, "Event", field="id")
        return Event.from_model(await info.context.repository.events.update(event_id=event_id, changes=changes))

    @strawberry.mutation(
        description="Delete an event and its attendance; bonds recorded there stay.", permission_classes=ORGANISER
    )
    async def delete_event(self, info: Info, id: strawberry.ID) -> bool:
        await info.context.repository.events.delete(event_id=plain_id(id, "Event", field="id"))
        return True

    @strawberry.mutation(
        description=f"Add members to an event's attendees (at most {ATTENDEES_MAX}); an unknown member adds nobody.",
        permission_classes=ORGANISER,
    )
    async def add_event_attendees(
        self, info: Info, event_id: strawberry.ID, member_ids: list[strawberry.ID]
    ) -> AttendeesReport:
        event = await _event(info, plain_id(event_id, "Event", field="eventId"))
        ids = _member_ids(member_ids, field="memberIds")
        known = await info.context.repository.existing_member_ids(ids)
        if len(known) < len(ids):
            raise NotFoundError(f"no member has these ids: {named(set(ids) - known)}", field="memberIds")
        added, already = await info.context.repository.events.add_attendees(event_id=event.event_id, member_ids=ids)
        return AttendeesReport(event=event, added=added, already_attending=already, rejected=[])

    @strawberry.mutation(
        description=(
            "Add every member of one team (teamId) or one site (siteId) to an event's attendees, in one write; "
            f"refused, adding nobody, when they are more than {ATTENDEES_MAX}. Members of a team's sub-teams "
            "are not included."
        ),
        permission_classes=ORGANISER,
    )
    async def add_event_attendees_from(
        self, info: Info, event_id: strawberry.ID, team_id: strawberry.ID | None = None,
        site_id: strawberry.ID | None = None,
    ) -> AttendeesReport:
        event = await _event(info, plain_id(event_id, "Event", field="eventId"))
        group, group_id, group_name = await _group(info, team_id=team_id, site_id=site_id)
        done = await info.context.repository.events.add_group_attendees(
            event_id=event.event_id, group=group, group_id=group_id, limit=ATTENDEES_MAX
        )
        if not done.written:
            raise BadInputError(
                f"{group_name} has {done.members} members; at most {ATTENDEES_MAX} can be added at once "
                "(pick them or import a file in parts): nobody was added",
                field=f"{group}Id",
            )
        return AttendeesReport(event=event, added=done.added, already_attending=done.already_attending, rejected=[])

    @strawberry.mutation(description="Take a member off an event's attendees.", permission_classes=ORGANISER)
    async def remove_event_attendee(self, info: Info, event_id: strawberry.ID, member_id: strawberry.ID) -> Event:
        event = await _event(info, plain_id(event_id, "Event", field="eventId"))
        await info.context.repository.events.remove_attendee(
            event_id=event.event_id, member_id=plain_id(member_id, "Member", field="memberId")
        )
        return event

    @strawberry.mutation(
        description=(
            "Add attendees from a CSV file (a multipart upload) with a `handle` column. Rows naming no known "
            "member are reported and add nobody; the others are added in one write."
        ),
        permission_classes=ORGANISER,
    )
    async def import_event_attendees(self, info: Info, event_id: strawberry.ID, file: Upload) -> AttendeesReport:
        event = await _event(info, plain_id(event_id, "Event", field="eventId"))
        content = await file.read(ATTENDEE_FILE_MAX_BYTES + 1)  # type: ignore[attr-defined]
        if len(content) > ATTENDEE_FILE_MAX_BYTES:
            raise BadInputError(f"the file is larger than {ATTENDEE_FILE_MAX_BYTES // 1024} KB", field="file")
        rows = _attendee_handles(content)
        handles = [handle.lower() for _, handle in rows]
        members = await info.context.loaders.member_by_handle.load_many(sorted(set(handles) - {""}))
        by_handle = {member.handle: member.id for member in members if member is not None}
        rejected = []
        for (number, cell), handle in zip(rows, handles):
            if not handle:
                rejected.append(RejectedAttendeeRow(row=number, handle=None, reason="the handle is empty"))
            elif handle not in by_handle:
                rejected.append(RejectedAttendeeRow(row=number, handle=cell, reason=f"no member has the handle {cell!r}"))
        ids = list(dict.fromkeys(by_handle[h] for h in handles if h in by_handle))
        store = info.context.repository.events
        added, already = await store.add_attendees(event_id=event.event_id, member_ids=ids) if ids else (0, 0)
        return AttendeesReport(event=event, added=added, already_attending=already, rejected=rejected)

    @strawberry.mutation(
        description=(
            "Record that you met these members at an event you attended: a `met` bond with each (source "
            "\"event:<id>\"), all in one write. Every member named must have attended too, and the event must "
            "have started; otherwise nothing is recorded."
        ),
        permission_classes=MEMBER,
    )
    async def record_met(self, info: Info, event_id: strawberry.ID, member_ids: list[strawberry.ID]) -> RecordMetPayload:
        me = info.context.require_member_id()
        event = await _event(info, plain_id(event_id, "Event", field="eventId"))
        others = _member_ids(member_ids, field="memberIds")
        if me in others:
            raise BadInputError("you cannot record meeting yourself", field="memberIds")
        await info.context.repository.events.record_met(member_id=me, event_id=event.event_id, others=others)
        found = await info.context.loaders.member.load_many(others)
        return RecordMetPayload(event=event, met=[Member.from_model(m) for m in found if m is not None])
