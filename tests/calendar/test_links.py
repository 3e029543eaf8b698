"""Download links: signed for one member's session and one file, for a few minutes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt

from graph_api.calendar import links
from graph_api.settings import Settings

SETTINGS = Settings(KINDRED_JWT_SECRET="test-secret-that-is-long-enough-for-hs256")
OTHER_KEY = Settings(KINDRED_JWT_SECRET="another-secret-that-is-long-enough-for-hs256")


def token(**overrides: object) -> str:
    arguments = {"member_id": "member-ada", "session_id": "session-1", "kind": "events", "key": "event-1"}
    return links.issue_token(SETTINGS, **{**arguments, **overrides})  # type: ignore[arg-type]


def test_a_link_names_its_member_and_session() -> None:
    assert links.holder(SETTINGS, token(), kind="events", key="event-1") == links.LinkHolder("member-ada", "session-1")


def test_a_link_opens_only_its_own_file() -> None:
    assert links.holder(SETTINGS, token(), kind="events", key="event-2") is None
    assert links.holder(SETTINGS, token(), kind="proposals", key="event-1") is None


def test_a_link_expires_after_the_set_minutes() -> None:
    issued = datetime.now(timezone.utc) - timedelta(minutes=SETTINGS.calendar_link_minutes, seconds=1)
    assert links.holder(SETTINGS, token(now=issued), kind="events", key="event-1") is None


def test_a_link_signed_with_another_key_or_altered_is_refused() -> None:
    foreign = links.issue_token(OTHER_KEY, member_id="member-ada", session_id="s", kind="events", key="event-1")
    assert links.holder(SETTINGS, foreign, kind="events", key="event-1") is None
    genuine = token()
    altered = genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB")
    assert links.holder(SETTINGS, altered, kind="events", key="event-1") is None


def test_an_access_token_is_no_download_link() -> None:
    access = jwt.encode(
        {"aud": "kindred-graph-api", "sub": "member-ada", "sid": "session-1", "exp": 2_000_000_000},
        SETTINGS.signing_secret(), algorithm="HS256",
    )
    assert links.holder(SETTINGS, access, kind="events", key="event-1") is None


def test_an_oversized_or_garbled_token_is_refused_without_decoding() -> None:
    assert links.holder(SETTINGS, "x" * (links.TOKEN_MAX + 1), kind="events", key="event-1") is None
    assert links.holder(SETTINGS, "not.a.token", kind="events", key="event-1") is None
    assert links.holder(SETTINGS, "", kind="events", key="event-1") is None


def test_the_link_is_a_path_with_the_token() -> None:
    path = links.link(SETTINGS, member_id="m", session_id="s", kind="proposals", key="proposal-1")
    assert path.startswith("/proposals/proposal-1.ics?token=")


def test_a_subscription_token_names_its_member_and_address_number() -> None:
    feed = links.feed_token(SETTINGS, member_id="member-ada", generation=3)
    assert links.feed_holder(SETTINGS, feed) == ("member-ada", 3)
    assert links.feed_token(SETTINGS, member_id="member-ada", generation=3) == feed  # the same address again


def test_download_links_and_subscriptions_do_not_open_each_other() -> None:
    assert links.feed_holder(SETTINGS, token()) is None
    feed = links.feed_token(SETTINGS, member_id="member-ada", generation=1)
    assert links.holder(SETTINGS, feed, kind="events", key="event-1") is None


def test_a_forged_or_oversized_subscription_token_is_refused() -> None:
    assert links.feed_holder(SETTINGS, links.feed_token(OTHER_KEY, member_id="member-ada", generation=1)) is None
    assert links.feed_holder(SETTINGS, "x" * (links.TOKEN_MAX + 1)) is None
    assert links.feed_holder(SETTINGS, "garbage") is None
