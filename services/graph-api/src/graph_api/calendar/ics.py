"""iCalendar documents (RFC 5545) for events and purpose groups' first meetings.

Pure functions of what the store returned and the settings: no database, no clock unless
`now` is left out (only a cancellation is stamped with it). The mailer attaches what
`event_calendar` and `group_meeting_calendar` return; the routes (calendar.routes) serve it.

Times: UTC (`...Z`) when no community time zone is set, else local times with a TZID and the
zone's rules as a VTIMEZONE, so calendar apps show the right hour across daylight-saving changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import icalendar

from graph_api.domain.events import Event, TablePlan
from graph_api.domain.proposals import PurposeCommunity
from graph_api.settings import Settings

PRODID = "-//Kindred//Kindred calendar files//EN"
MEDIA_TYPE = "text/calendar; charset=utf-8"
FILENAME_MAX = 60
#: How often a subscribed calendar app should fetch the feed again.
FEED_REFRESH_HOURS = 4


@dataclass(frozen=True, slots=True)
class SeatLine:
    """The viewer's table in one round of an event, with who sits there with them (names)."""

    round: int
    table: int
    tablemates: tuple[str, ...]


def seats_of(plan: TablePlan | None, member_id: str) -> list[SeatLine]:
    """The member's tables in a published table plan, rounds in order (none without a plan)."""
    if plan is None:
        return []
    mine = sorted({(seat.round, seat.table) for seat in plan.seats if seat.member.id == member_id})
    return [
        SeatLine(
            round_,
            table,
            tuple(s.member.name for s in plan.seats if (s.round, s.table) == (round_, table) and s.member.id != member_id),
        )
        for round_, table in mine
    ]


def instant(iso: str) -> datetime:
    """A stored ISO-8601 timestamp as an aware UTC datetime."""
    moment = datetime.fromisoformat(iso)
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def first_meeting_time(formed_at: datetime, *, zone: ZoneInfo | timezone, hour: int) -> datetime:
    """The first weekday after `formed_at` (in `zone`) at `hour` o'clock there."""
    day: date = formed_at.astimezone(zone).date() + timedelta(days=1)
    while day.weekday() >= 5:  # Saturday, Sunday
        day += timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=zone)


def filename(name: str, fallback: str = "event") -> str:
    """A file name made of the words of `name` ("Jazz night!" -> "jazz-night.ics")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:FILENAME_MAX].strip("-")
    return f"{words or fallback}.ics"


def listed(names: Sequence[str]) -> str:
    """"Ada", "Ada and Bob", "Ada, Bob and Cyd"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def event_calendar(
    event: Event,
    *,
    settings: Settings,
    seats: Sequence[SeatLine] = (),
    cancelled: bool = False,
    now: datetime | None = None,
) -> bytes:
    """An event as an iCalendar document: one VEVENT, with the viewer's tables in its
    description. `cancelled`: the same entry with STATUS:CANCELLED and a higher SEQUENCE, so a
    calendar that has it marks it cancelled (stamped `now`, the cancellation's time)."""
    entry = _event_entry(event, settings=settings, seats=seats, cancelled=cancelled, now=now)
    return _calendar([entry], settings=settings).to_ical()


def feed_calendar(events: Sequence[tuple[Event, Sequence[SeatLine]]], *, settings: Settings) -> bytes:
    """A member's subscription: each event they attend with their tables, as one calendar that
    apps fetch again every few hours (an event no longer in it disappears from theirs)."""
    calendar = _calendar([_event_entry(event, settings=settings, seats=seats) for event, seats in events], settings=settings)
    calendar.add("NAME", "Kindred events")
    calendar.add("X-WR-CALNAME", "Kindred events")
    calendar.add("REFRESH-INTERVAL", timedelta(hours=FEED_REFRESH_HOURS), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(timedelta(hours=FEED_REFRESH_HOURS)))
    return calendar.to_ical()


def _event_entry(
    event: Event, *, settings: Settings, seats: Sequence[SeatLine] = (), cancelled: bool = False,
    now: datetime | None = None,
) -> icalendar.Event:
    start = instant(event.starts_at)
    # A cancelled event's page is gone: its link leads to the list of events.
    link = f"{settings.public_url}/#/events" + ("" if cancelled else f"/{quote(event.id, safe='')}")
    lines = [f"Round {s.round}: table {s.table}" + (f", with {listed(s.tablemates)}." if s.tablemates else ".") for s in seats]
    description = "\n".join(
        (["This event was cancelled.", ""] if cancelled else [])
        + (["Your tables:", *lines, ""] if lines else [])
        + [f"The event in Kindred: {link}"]
    )
    entry = _entry(
        uid=f"{event.id}@{_domain(settings)}",
        summary=event.name,
        start=start,
        length=timedelta(minutes=settings.event_duration_minutes),
        description=description,
        location=event.place,
        url=link,
        settings=settings,
        created=instant(event.created_at),
        modified=instant(event.updated_at or event.created_at),
        sequence=event.revision + (1 if cancelled else 0),
    )
    if cancelled:
        entry["STATUS"] = "CANCELLED"
        entry["DTSTAMP"] = icalendar.vDDDTypes((now or datetime.now(timezone.utc)).astimezone(timezone.utc))
        entry["LAST-MODIFIED"] = entry["DTSTAMP"]
    else:
        entry.add("STATUS", "CONFIRMED")
    return entry


def group_meeting_calendar(
    community: PurposeCommunity, *, settings: Settings, member_names: Sequence[str]
) -> bytes:
    """A purpose group's suggested first meeting: the first weekday after it formed, at the
    configured hour in the community's time zone, with who is in the group."""
    formed = instant(community.created_at)
    start = first_meeting_time(formed, zone=_zone(settings), hour=settings.first_meeting_hour)
    link = f"{settings.public_url}/#/proposals"
    description = "\n".join([
        f"A suggested time for the first meeting of {community.name}: agree on another one in the group if "
        "it does not suit everyone.",
        f"In the group: {listed(member_names)}." if member_names else "",
        "",
        f"The group in Kindred: {link}",
    ])
    entry = _entry(
        uid=f"first-meeting-{community.id}@{_domain(settings)}",
        summary=f"First meeting: {community.name}",
        start=start,
        length=timedelta(minutes=settings.first_meeting_minutes),
        description=description,
        location="",
        url=link,
        settings=settings,
        created=formed,
        modified=formed,
        sequence=0,
    )
    entry.add("STATUS", "TENTATIVE")
    return _calendar([entry], settings=settings).to_ical()


def _zone(settings: Settings) -> ZoneInfo | timezone:
    return ZoneInfo(settings.time_zone) if settings.time_zone else timezone.utc


def _domain(settings: Settings) -> str:
    """The UID's right-hand side: the web app's host, so UIDs differ between installations."""
    return urlsplit(settings.public_url).hostname or "kindred.invalid"


def _entry(
    *,
    uid: str,
    summary: str,
    start: datetime,
    length: timedelta,
    description: str,
    location: str,
    url: str,
    settings: Settings,
    created: datetime,
    modified: datetime,
    sequence: int,
) -> icalendar.Event:
    zone = _zone(settings)
    entry = icalendar.Event()
    entry.add("UID", uid)
    # Without a METHOD, DTSTAMP is when the information last changed (RFC 5545, 3.8.7.2).
    entry.add("DTSTAMP", modified)
    entry.add("CREATED", created)
    entry.add("LAST-MODIFIED", modified)
    entry.add("SEQUENCE", sequence)
    entry.add("DTSTART", start.astimezone(zone))
    entry.add("DTEND", (start + length).astimezone(zone))
    entry.add("SUMMARY", summary)
    if location:
        entry.add("LOCATION", location)
    entry.add("DESCRIPTION", description)
    entry.add("URL", url)
    entry.add("TRANSP", "OPAQUE")
    return entry


def _calendar(entries: Sequence[icalendar.Event], *, settings: Settings) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    for entry in entries:
        calendar.add_component(entry)
    if settings.time_zone and entries:
        # A VTIMEZONE for each TZID used, with the zone's rules from a year before the first
        # entry to a year after the last (the default, 1970 to 2038, is a hundred lines).
        starts = [entry.decoded("DTSTART").date() for entry in entries]
        calendar.add_missing_timezones(
            first_date=date(min(starts).year - 1, 1, 1), last_date=date(max(starts).year + 2, 1, 1)
        )
    return calendar
