"""Calendar documents, read back with the icalendar library: RFC 5545 basics, the right instant
in the community's time zone, the member's tables, a group's suggested first meeting."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from graph_api.calendar.ics import (
    SeatLine, event_calendar, feed_calendar, filename, first_meeting_time, group_meeting_calendar,
)
from graph_api.domain.events import Event
from graph_api.domain.proposals import PurposeCommunity
from graph_api.settings import Settings

BERLIN = Settings(KINDRED_TIME_ZONE="Europe/Berlin", KINDRED_PUBLIC_URL="https://kindred.example.org")
UTC_ONLY = Settings(KINDRED_PUBLIC_URL="https://kindred.example.org")
SUMMER = Event("event-1", "Jazz night", "2026-07-05T16:00:00Z", "Blue Room", "2026-06-01T10:00:00Z")
WINTER = Event("event-2", "Winter jazz", "2026-01-15T17:00:00Z", "", "2025-12-01T10:00:00Z")


def parsed(document: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(document)


def only_event(document: bytes) -> icalendar.Event:
    [entry] = parsed(document).walk("VEVENT")
    return entry


def test_an_event_file_has_the_rfc_5545_basics() -> None:
    document = event_calendar(SUMMER, settings=BERLIN)
    calendar = parsed(document)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0", "-//Kindred//Kindred calendar files//EN")
    entry = only_event(document)
    assert str(entry["UID"]) == "event-1@kindred.example.org"
    assert entry.decoded("DTSTAMP") == datetime(2026, 6, 1, 10, tzinfo=timezone.utc)
    assert (str(entry["SUMMARY"]), str(entry["LOCATION"])) == ("Jazz night", "Blue Room")
    assert document.startswith(b"BEGIN:VCALENDAR\r\n") and document.endswith(b"END:VCALENDAR\r\n")


def test_an_evening_in_berlin_in_summer_is_16_00_utc_with_the_zone_s_rules() -> None:
    document = event_calendar(SUMMER, settings=BERLIN)
    entry = only_event(document)
    start = entry.decoded("DTSTART")
    assert (start.hour, str(start.tzinfo)) == (18, "Europe/Berlin")
    assert start.astimezone(timezone.utc) == datetime(2026, 7, 5, 16, tzinfo=timezone.utc)
    assert b"DTSTART;TZID=Europe/Berlin:20260705T180000\r\n" in document
    [zone] = parsed(document).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"


def test_an_evening_in_berlin_in_winter_is_one_hour_from_utc() -> None:
    start = only_event(event_calendar(WINTER, settings=BERLIN)).decoded("DTSTART")
    assert start.hour == 18 and start.astimezone(timezone.utc).hour == 17


def test_without_a_time_zone_times_are_in_utc_and_no_zone_is_sent() -> None:
    document = event_calendar(SUMMER, settings=UTC_ONLY)
    assert b"DTSTART:20260705T160000Z\r\n" in document
    assert parsed(document).walk("VTIMEZONE") == []


def test_an_event_lasts_the_configured_duration() -> None:
    settings = Settings(KINDRED_EVENT_DURATION_MINUTES=90)
    entry = only_event(event_calendar(SUMMER, settings=settings))
    assert entry.decoded("DTEND") - entry.decoded("DTSTART") == timedelta(minutes=90)
    assert only_event(event_calendar(SUMMER, settings=BERLIN)).decoded("DTEND").hour == 20  # two hours by default


def test_the_description_lists_the_member_s_tables_and_links_to_the_event() -> None:
    seats = [SeatLine(1, 4, ("Bob Builder", "Cyd Charisse")), SeatLine(2, 1, ())]
    description = str(only_event(event_calendar(SUMMER, settings=BERLIN, seats=seats))["DESCRIPTION"])
    assert "Round 1: table 4, with Bob Builder and Cyd Charisse.\nRound 2: table 1." in description
    assert description.endswith("https://kindred.example.org/#/events/event-1")


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character() -> None:
    seats = [SeatLine(1, 1, tuple(f"Ännchen Müller-Lüdenscheidt {n}" for n in range(12)))]
    document = event_calendar(SUMMER, settings=BERLIN, seats=seats)
    lines = document.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode("utf-8")  # each physical line is whole UTF-8
    assert "Ännchen Müller-Lüdenscheidt 11" in str(only_event(document)["DESCRIPTION"])


def test_the_sequence_grows_with_each_change_of_the_event() -> None:
    changed = Event(**{**_fields(SUMMER), "revision": 3, "updated_at": "2026-06-20T08:00:00Z"})
    entry = only_event(event_calendar(changed, settings=BERLIN))
    assert int(entry["SEQUENCE"]) == 3
    assert entry.decoded("DTSTAMP") == datetime(2026, 6, 20, 8, tzinfo=timezone.utc)
    assert int(only_event(event_calendar(SUMMER, settings=BERLIN))["SEQUENCE"]) == 0


def test_a_cancelled_event_keeps_its_uid_with_a_higher_sequence() -> None:
    now = datetime(2026, 6, 30, 12, tzinfo=timezone.utc)
    entry = only_event(event_calendar(SUMMER, settings=BERLIN, cancelled=True, now=now))
    assert (str(entry["STATUS"]), int(entry["SEQUENCE"])) == ("CANCELLED", 1)
    assert str(entry["UID"]) == "event-1@kindred.example.org"
    assert entry.decoded("DTSTAMP") == now


@pytest.mark.parametrize(
    ("formed", "expected"),
    [
        (datetime(2026, 7, 3, 15, tzinfo=timezone.utc), datetime(2026, 7, 6, 12)),  # a Friday: Monday
        (datetime(2026, 7, 6, 9, tzinfo=timezone.utc), datetime(2026, 7, 7, 12)),  # a Monday: Tuesday
        (datetime(2026, 7, 4, 23, 30, tzinfo=timezone.utc), datetime(2026, 7, 6, 12)),  # Sunday in Berlin: Monday
    ],
)
def test_a_first_meeting_is_on_the_next_weekday_at_the_set_hour(formed: datetime, expected: datetime) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert first_meeting_time(formed, zone=berlin, hour=12) == expected.replace(tzinfo=berlin)


def test_a_group_s_first_meeting_file_names_the_group_and_its_members() -> None:
    group = PurposeCommunity("community-1", "Jazz circle", "2026-07-03T15:00:00Z", ("m1", "m2"))
    entry = only_event(group_meeting_calendar(group, settings=BERLIN, member_names=["Ann", "Bob"]))
    assert str(entry["SUMMARY"]) == "First meeting: Jazz circle"
    assert str(entry["UID"]) == "first-meeting-community-1@kindred.example.org"
    assert entry.decoded("DTSTART").astimezone(timezone.utc) == datetime(2026, 7, 6, 10, tzinfo=timezone.utc)
    assert entry.decoded("DTEND") - entry.decoded("DTSTART") == timedelta(hours=1)
    assert "In the group: Ann and Bob." in str(entry["DESCRIPTION"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Jazz night!", "jazz-night.ics"), ("Über den Dächern", "uber-den-dachern.ics"), ("???", "event.ics"),
     ("a" * 200, "a" * 60 + ".ics")],
)
def test_a_file_is_named_with_the_words_of_its_name(name: str, expected: str) -> None:
    assert filename(name) == expected


def _fields(event: Event) -> dict[str, object]:
    return {name: getattr(event, name) for name in Event.__slots__}


def test_a_subscription_holds_every_event_and_asks_to_be_fetched_again() -> None:
    seats = [SeatLine(1, 2, ("Bob",))]
    calendar = parsed(feed_calendar([(SUMMER, seats), (WINTER, [])], settings=BERLIN))
    entries = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in entries] == ["Jazz night", "Winter jazz"]
    assert "Round 1: table 2, with Bob." in str(entries[0]["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "Kindred events"
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=4)
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_an_empty_subscription_is_still_a_calendar() -> None:
    assert parsed(feed_calendar([], settings=BERLIN)).walk("VEVENT") == []
