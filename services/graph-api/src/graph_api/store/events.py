"""Events, their attendees, and who met whom."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from graph_api.domain import rules
from graph_api.domain.events import Event, EventDraft, GroupAddition, GroupKind, Seat, TablePlan
from graph_api.domain.model import Member
from graph_api.domain.proposal_rules import named
from graph_api.errors import BadInputError, ConflictError, NotFoundError
from graph_api.store import queries
from graph_api.store.driver import GraphDriver
from graph_api.store.webhooks import new_delivery_prefix
from graph_api.store.ids import new_id
from graph_api.store.proposals import proposal_set_from_record
from graph_api.store.queries import events as q

MET_BOND_STRENGTH: Final = 0.5



class EventStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    # Events -------------------------------------------------------------------------------

    async def by_ids(self, *, ids: Sequence[str]) -> dict[str, Event]:
        """Events by store id, in one read (unknown ids are left out)."""
        rows = await self._driver.read(q.EVENTS_BY_ID, {"ids": list(ids)})
        return {row["id"]: Event.from_record(row["node"]) for row in rows}

    async def require(self, *, event_id: str) -> Event:
        found = (await self.by_ids(ids=[event_id])).get(event_id)
        if found is None:
            raise NotFoundError(f"no event has the id {event_id!r}", field="eventId")
        return found

    async def page(self, *, after: tuple[str, str] | None, limit: int) -> list[Event]:
        """Latest first, after (startsAt, id) of the last event seen."""
        after_key, after_id = after or (None, None)
        rows = await self._driver.read(q.EVENTS_PAGE, {"afterKey": after_key, "afterId": after_id, "limit": limit})
        return [Event.from_record(row["node"]) for row in rows]

    async def count(self) -> int:
        return int((await self._driver.read(q.EVENTS_COUNT))[0]["total"])

    async def attended_by(self, *, member_id: str, limit: int) -> list[Event]:
        """The events the member attends, latest first."""
        rows = await self._driver.read(q.EVENTS_ATTENDED, {"memberId": member_id, "limit": limit})
        return [Event.from_record(row["node"]) for row in rows]

    async def create(self, *, draft: EventDraft) -> Event:
        params = {
            "id": new_id("event"),
            "name": draft.name,
            "startsAt": draft.starts_at,
            "place": draft.place,
            "now": rules.utc_now(),
        }
        rows = await self._driver.write(q.CREATE_EVENT, params)
        return Event.from_record(rows[0]["node"])

    async def update(self, *, event_id: str, changes: dict[str, str]) -> Event:
        """Set the checked changes (domain.events.event_changes)."""
        rows = await self._driver.write(q.UPDATE_EVENT, {"id": event_id, "changes": changes, "now": rules.utc_now()})
        if not rows:
            raise NotFoundError(f"no event has the id {event_id!r}", field="id")
        return Event.from_record(rows[0]["node"])

    async def delete(self, *, event_id: str) -> None:
        if not await self._driver.write(q.DELETE_EVENT, {"id": event_id}):
            raise NotFoundError(f"no event has the id {event_id!r}", field="id")

    # Attendees ----------------------------------------------------------------------------

    async def attendees(self, *, event_id: str) -> list[Member]:
        rows = await self._driver.read(q.EVENT_ATTENDEES, {"id": event_id})
        return [Member.from_record(row["node"]) for row in rows]

    async def met_by(self, *, event_id: str, member_id: str) -> list[Member]:
        """The attendees `member_id` has recorded meeting (at this event or an earlier one)."""
        rows = await self._driver.read(q.EVENT_MET_BY, {"eventId": event_id, "me": member_id})
        return [Member.from_record(row["node"]) for row in rows]

    async def add_attendees(self, *, event_id: str, member_ids: list[str]) -> tuple[int, int]:
        """(added, already attending), in one write that adds nobody unless every member exists."""
        params = {"eventId": event_id, "memberIds": member_ids, "now": rules.utc_now()}
        rows = await self._driver.write(q.ADD_EVENT_ATTENDEES, params)
        if not rows:
            raise ConflictError("the event or a member was deleted meanwhile: nobody was added", field="eventId")
        before = set(rows[0]["before"])
        return len(set(member_ids) - before), len(set(member_ids) & before)

    async def add_group_attendees(self, *, event_id: str, group: GroupKind, group_id: str, limit: int) -> GroupAddition:
        """Every member of a team or site attends, in one write; nothing is written when they
        number more than `limit` (the returned `members` says how many)."""
        statement = q.ADD_TEAM_ATTENDEES if group == "team" else q.ADD_SITE_ATTENDEES
        params = {"eventId": event_id, "groupId": group_id, "max": limit, "now": rules.utc_now()}
        rows = await self._driver.write(statement, params)
        if not rows:
            raise ConflictError(f"the event or the {group} was deleted meanwhile: nobody was added", field=f"{group}Id")
        members, before = set(rows[0]["memberIds"]), set(rows[0]["before"])
        if len(members) > limit:
            return GroupAddition(members=len(members), added=0, already_attending=0, written=False)
        return GroupAddition(members=len(members), added=len(members - before), already_attending=len(members & before),
                             written=True)

    async def remove_attendee(self, *, event_id: str, member_id: str) -> None:
        if not await self._driver.write(q.REMOVE_EVENT_ATTENDEE, {"eventId": event_id, "memberId": member_id}):
            raise NotFoundError("that member is not among the event's attendees", field="memberId")

    # Meeting at an event ------------------------------------------------------------------

    async def record_met(self, *, member_id: str, event_id: str, others: list[str]) -> None:
        """A `met` bond of `member_id` with each of `others` (distinct, without them), all in one
        write; refused, with the reason, unless the event started and all of them attended it."""
        now = rules.utc_now()
        params = {"me": member_id, "eventId": event_id, "others": others, "now": now, "today": now[:10],
                  "strength": MET_BOND_STRENGTH, "hookIdPrefix": new_delivery_prefix()}
        if not await self._driver.write(q.RECORD_MET, params):
            await self._why_not_met(member_id, event_id, others, now)

    async def _why_not_met(self, me: str, event_id: str, others: list[str], now: str) -> None:
        """Raise the reason RECORD_MET wrote nothing."""
        rows = await self._driver.read(q.MET_CHECK, {"eventId": event_id, "ids": [me, *others]})
        if not rows:
            raise NotFoundError(f"no event has the id {event_id!r}", field="eventId")
        if rows[0]["startsAt"] > now:
            raise BadInputError(f"the event has not started yet (it starts at {rows[0]['startsAt']})", field="eventId")
        attending = set(rows[0]["attending"])
        if me not in attending:
            raise BadInputError("you are not among this event's attendees", field="eventId")
        absent = [other for other in others if other not in attending]
        known = {row["id"] for row in await self._driver.read(queries.FIND_MEMBER_IDS, {"ids": absent})}
        unknown = set(absent) - known
        if unknown:
            raise NotFoundError(f"no member has these ids: {named(unknown)}", field="memberIds")
        if absent:
            raise BadInputError(f"these members did not attend the event: {named(absent)}", field="memberIds")
        raise ConflictError("the event's attendance changed meanwhile: nothing was recorded", field="memberIds")

    # The table plan -------------------------------------------------------------------------

    async def table_plan(self, *, event_id: str) -> TablePlan | None:
        """The seating of the latest events proposal set published for the event, or None."""
        rows = await self._driver.read(q.EVENT_TABLE_PLAN, {"eventId": event_id})
        if not rows:
            return None
        seats = tuple(Seat(row["round"], row["table"], Member.from_record(row["member"])) for row in rows)
        return TablePlan(proposal_set=proposal_set_from_record(rows[0]["proposalSet"]), seats=seats)
