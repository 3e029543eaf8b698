"""Calendar files in the API: the download links of an event and of an accepted purpose group
(Event.calendarUrl, Proposal.calendarUrl), and a member's subscription address (the events
they attend, for a calendar app). The files themselves are served by graph_api.calendar.routes."""

from __future__ import annotations

import strawberry

from graph_api.api.context import Info
from graph_api.api.permissions import MEMBER
from graph_api.calendar import links


def calendar_link(info: Info, kind: links.Kind, key: str) -> str | None:
    """A signed link to the file for the signed-in member; None for an API token."""
    viewer = info.context.viewer
    if viewer is None or viewer.member_id is None:
        return None
    return links.link(info.context.settings, member_id=viewer.member_id, session_id=viewer.credential_id, kind=kind, key=key)


@strawberry.type
class CalendarQueries:
    @strawberry.field(
        description="The address of your calendar subscription (the events you attend, with your tables), a path "
        "on this server; null when you have none.",
        permission_classes=MEMBER,
    )
    async def my_calendar_feed(self, info: Info) -> str | None:
        member_id = info.context.require_member_id()
        generation = await info.context.repository.calendar.feed(member_id=member_id)
        if generation is None:
            return None
        return links.feed_path(info.context.settings, member_id=member_id, generation=generation)


@strawberry.type
class CalendarMutations:
    @strawberry.mutation(
        description="A new calendar subscription address (a path on this server) for a calendar app to follow; "
        "any older address stops working.",
        permission_classes=MEMBER,
    )
    async def start_calendar_feed(self, info: Info) -> str:
        member_id = info.context.require_member_id()
        generation = await info.context.repository.calendar.start_feed(member_id=member_id)
        return links.feed_path(info.context.settings, member_id=member_id, generation=generation)

    @strawberry.mutation(
        description="Stop your calendar subscription: its address stops working at once.", permission_classes=MEMBER
    )
    async def stop_calendar_feed(self, info: Info) -> bool:
        await info.context.repository.calendar.stop_feed(member_id=info.context.require_member_id())
        return True
