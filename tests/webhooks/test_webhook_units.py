"""Webhooks without a database: which addresses are accepted, the signature, the waits between
attempts, and the words of the chat format."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from graph_api.domain.webhooks import check_events, check_name, check_url
from graph_api.errors import BadInputError
from graph_api.webhooks import signing
from graph_api.webhooks.messages import Message, chat_body, spoken_day
from graph_api.webhooks.worker import parse_retry_after, retry_delay, status_in_words
from tests.webhooks.conftest import hook_settings


@pytest.mark.parametrize(
    "url",
    ["https://hooks.slack.com/services/T0/B0/xyz", "https://example.org:8443/in?team=1", "https://[2606:4700::1111]/x"],
)
def test_public_https_addresses_are_accepted(url: str) -> None:
    assert check_url(f"  {url} ", allow_http_loopback=False) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9000/x",
        "https://127.0.0.1/x",
        "https://localhost/x",
        "https://[::1]/x",
        "https://192.168.1.10/x",
        "https://[fd00::1]/x",
        "https://[::ffff:10.0.0.1]/x",
        "https://example.org/x#part",
        "https://:pw@example.org/x",
        "javascript:alert(1)",
        "https://example.org:99999/x",
    ],
)
def test_loopback_private_and_odd_addresses_are_refused(url: str) -> None:
    with pytest.raises(BadInputError) as refused:
        check_url(url, allow_http_loopback=False)
    assert refused.value.field == "url"


def test_the_test_allowance_lets_http_on_loopback_only() -> None:
    assert check_url("http://127.0.0.1:9000/x", allow_http_loopback=True) == "http://127.0.0.1:9000/x"
    assert check_url("http://localhost:9000/x", allow_http_loopback=True) == "http://localhost:9000/x"
    with pytest.raises(BadInputError):
        check_url("http://hooks.example.org/x", allow_http_loopback=True)


def test_events_are_kept_in_their_order_and_unknown_ones_refused() -> None:
    assert check_events(["met_recorded", "proposal_published", "met_recorded"]) == ["proposal_published", "met_recorded"]
    with pytest.raises(BadInputError):
        check_events(["proposal_deleted"])


def test_a_signature_covers_the_timestamp_and_the_body() -> None:
    body = b'{"text":"hello"}'
    headers = signing.headers(secret="whsec_s", delivery_id="hook-1", event="met_recorded", timestamp=1_700_000_000, body=body)
    given, stamp = headers[signing.SIGNATURE_HEADER], headers[signing.TIMESTAMP_HEADER]
    assert given.startswith("sha256=") and len(given) == 7 + 64
    assert signing.verify("whsec_s", stamp, body, given)
    assert not signing.verify("whsec_other", stamp, body, given)
    assert not signing.verify("whsec_s", "1700000001", body, given)
    assert not signing.verify("whsec_s", stamp, body + b" ", given)
    assert not signing.verify("whsec_s", stamp, body, given, now=1_700_000_000 + 301)


def test_the_wait_doubles_up_to_the_cap_and_follows_retry_after() -> None:
    settings = hook_settings(KINDRED_WEBHOOK_RETRY_BASE_SECONDS=30, KINDRED_WEBHOOK_RETRY_MAX_SECONDS=600)
    assert [retry_delay(settings, n).total_seconds() for n in (1, 2, 3, 5, 9)] == [30, 60, 120, 480, 600]
    assert retry_delay(settings, 1, retry_after=90).total_seconds() == 90
    assert retry_delay(settings, 1, retry_after=86_400).total_seconds() == 600


def test_retry_after_is_read_as_seconds_or_a_date() -> None:
    now = datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Thu, 05 Mar 2026 12:02:00 GMT", now) == 120
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_answers_are_told_in_words() -> None:
    assert status_in_words(503) == "the receiver answered 503 Service Unavailable"
    assert status_in_words(599) == "the receiver answered 599"


def test_the_chat_format_is_a_slack_and_teams_text_body() -> None:
    assert chat_body(Message("A member accepted an introduction.", {"proposal": {"id": "p-1"}})) == (
        b'{"text":"A member accepted an introduction."}'
    )


def test_days_are_spoken_in_the_community_time_zone() -> None:
    assert spoken_day("2026-03-05T23:30:00Z", hook_settings()) == "Thursday 5 March 2026"
    assert spoken_day("2026-03-05T23:30:00Z", hook_settings(KINDRED_TIME_ZONE="Europe/Berlin")) == "Friday 6 March 2026"
    assert spoken_day(None, hook_settings()) is None


def test_names_are_trimmed_and_control_characters_refused() -> None:
    assert check_name("  Organisers'\n chat ") == "Organisers' chat"
    with pytest.raises(BadInputError):
        check_name("chat\x00")
