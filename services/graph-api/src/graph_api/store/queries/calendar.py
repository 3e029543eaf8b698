"""A member's calendar subscription (the feed of their events, graph_api.calendar).

(:Member {calendarFeed, calendarFeedOn}): `calendarFeed` numbers the member's subscription
addresses (each address is signed with the number it was made for, so making a new one makes
every older one stop working); `calendarFeedOn` says whether the latest one works.
"""

from __future__ import annotations

from typing import Final

# The latest address's number while it works; no row for an unknown member.
FEED_STATE: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "RETURN coalesce(m.calendarFeed, 0) AS generation, coalesce(m.calendarFeedOn, false) AS active"
)
START_FEED: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "SET m.calendarFeed = coalesce(m.calendarFeed, 0) + 1, m.calendarFeedOn = true "
    "RETURN m.calendarFeed AS generation"
)
STOP_FEED: Final = "MATCH (m:Member {id: $memberId}) SET m.calendarFeedOn = false RETURN m.id AS id"
