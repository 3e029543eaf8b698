"""Signed download links for calendar files.

A link cannot carry the Authorization header, so the web app asks the API for one
(Event.calendarUrl, Proposal.calendarUrl) and the browser downloads it as a plain link. The
token in it is a JWT signed with the server's key that names the member, their session and the
one file it opens ("events/<id>", "proposals/<id>"), valid for `calendar_link_minutes`. Its own
audience keeps it apart from access tokens (neither opens what the other does); the session it
names must still be live when the file is fetched, so signing out revokes every link at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal
from urllib.parse import quote

import jwt

from graph_api.settings import Settings

AUDIENCE = "kindred-calendar"
ALGORITHM = "HS256"
#: Longer tokens are refused before any decoding: a real one is about 300 characters.
TOKEN_MAX = 1000

Kind = Literal["events", "proposals"]


@dataclass(frozen=True, slots=True)
class LinkHolder:
    """Whom a valid link was issued to."""

    member_id: str
    session_id: str


def resource(kind: Kind, key: str) -> str:
    return f"{kind}/{key}"


def issue_token(
    settings: Settings, *, member_id: str, session_id: str, kind: Kind, key: str, now: datetime | None = None
) -> str:
    issued = now or datetime.now(timezone.utc)
    claims = {
        "aud": AUDIENCE,
        "sub": member_id,
        "sid": session_id,
        "res": resource(kind, key),
        "iat": int(issued.timestamp()),
        "exp": int((issued + timedelta(minutes=settings.calendar_link_minutes)).timestamp()),
    }
    return jwt.encode(claims, settings.signing_secret(), algorithm=ALGORITHM)


def link(settings: Settings, *, member_id: str, session_id: str, kind: Kind, key: str, now: datetime | None = None) -> str:
    """The download's path and query (relative to graph-api's address, where the web app runs)."""
    token = issue_token(settings, member_id=member_id, session_id=session_id, kind=kind, key=key, now=now)
    return f"/{kind}/{quote(key, safe='')}.ics?token={token}"


def holder(settings: Settings, token: str, *, kind: Kind, key: str) -> LinkHolder | None:
    """Who the token was issued to, when it is genuine, unexpired and for this very file; else None.
    Only the signature is checked here (no database): the caller checks the session."""
    if len(token) > TOKEN_MAX:
        return None
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            settings.signing_secret(),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["exp", "sub", "sid", "res", "aud"]},
        )
    except jwt.InvalidTokenError:
        return None
    member_id, session_id = claims.get("sub"), claims.get("sid")
    if claims.get("res") != resource(kind, key) or not isinstance(member_id, str) or not isinstance(session_id, str):
        return None
    return LinkHolder(member_id, session_id)


# Subscription addresses ------------------------------------------------------------------------
#
# A calendar app fetches a subscription again and again, for months, without anyone signed in:
# its address carries a token that names the member and the number of the address (the
# store's `calendarFeed`), signed like the download links but with an audience of its own and
# no expiry. It works while that number is the member's latest and the subscription is on:
# making a new address, or stopping it, revokes the old one (one read checks it). The token is
# the same each time it is made for the same number, so the web app can show the address again.

FEED_AUDIENCE = "kindred-calendar-feed"


def feed_token(settings: Settings, *, member_id: str, generation: int) -> str:
    return jwt.encode({"aud": FEED_AUDIENCE, "sub": member_id, "gen": generation}, settings.signing_secret(),
                      algorithm=ALGORITHM)


def feed_path(settings: Settings, *, member_id: str, generation: int) -> str:
    """The subscription's path (relative to graph-api's address)."""
    return f"/calendar/{feed_token(settings, member_id=member_id, generation=generation)}.ics"


def feed_holder(settings: Settings, token: str) -> tuple[str, int] | None:
    """(member id, address number) of a genuine subscription token; else None. No database."""
    if len(token) > TOKEN_MAX:
        return None
    try:
        claims: dict[str, Any] = jwt.decode(
            token, settings.signing_secret(), algorithms=[ALGORITHM], audience=FEED_AUDIENCE,
            options={"require": ["sub", "gen", "aud"]},
        )
    except jwt.InvalidTokenError:
        return None
    member_id, generation = claims.get("sub"), claims.get("gen")
    if not isinstance(member_id, str) or not isinstance(generation, int) or isinstance(generation, bool):
        return None
    return member_id, generation
