"""The calendar downloads: GET /events/<id>.ics and GET /proposals/<id>.ics, and a member's
subscription, GET /calendar/<token>.ics (the address is its own credential: calendar.links).

Who may download: a signed-in member, with their access token (Authorization: Bearer) or a
download link's token (`?token=`, calendar.links). Only cheap checks come before the
credential is checked (the id's shape, the token's size and signature); a refusal is a
GraphQL-shaped JSON error (401, 403, 404, 503), never a 500 for what a caller sends.
An event opens for every member (as the `event` query does), with the member's own tables;
a purpose group's first meeting only for its members who accepted it (404 for anyone else).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph_api.accounts.service import AccountService
from graph_api.calendar import ics, links
from graph_api.domain import rules
from graph_api.errors import DatabaseUnavailableError, StoreQueryError, UnauthenticatedError
from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository
from graph_api.web.bearer import bearer_token
from graph_api.web.refusal import Refusal, database_unavailable, internal_error

log = logging.getLogger(__name__)

#: Personal (your tables, your group) and reached with a credential: never kept by a cache.
HEADERS = {"cache-control": "private, no-store", "pragma": "no-cache"}


def _not_found(what: str) -> Refusal:
    return Refusal(404, "NOT_FOUND", f"there is no {what} to download here", HEADERS)


def _unauthenticated(message: str) -> Refusal:
    return Refusal(401, "UNAUTHENTICATED", message, {**HEADERS, "www-authenticate": "Bearer"})


def _key(request: Request, name: str, what: str) -> str:
    key = request.path_params[name]
    if not isinstance(key, str) or rules.ID_PATTERN.fullmatch(key) is None:  # at most 80 characters
        raise _not_found(what)
    return key


async def _member(request: Request, kind: links.Kind, key: str) -> str:
    """The member id behind the request's credential, for this one file."""
    settings: Settings = request.app.state.settings
    accounts: AccountService = request.app.state.accounts
    token = request.query_params.get("token")
    if token is not None:
        holder = links.holder(settings, token, kind=kind, key=key)
        if holder is None:
            raise _unauthenticated("this download link is not valid or has expired: open the page again and use its link")
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if await accounts.store.session_role(member_id=holder.member_id, session_id=holder.session_id, now=now) is None:
            raise _unauthenticated("the session this link came from has ended: sign in again")
        return holder.member_id
    bearer = bearer_token(request.headers.get("authorization"))
    if bearer is None:
        raise _unauthenticated("sign in first: send your access token, or use the download link the page gives")
    try:
        viewer = await accounts.authenticate(bearer)
    except UnauthenticatedError as error:
        raise _unauthenticated(error.message) from None
    if viewer.member_id is None:
        raise Refusal(403, "FORBIDDEN", "calendar files are for signed-in members, not API tokens", HEADERS)
    return viewer.member_id


def _calendar(body: bytes, name: str) -> Response:
    headers = {**HEADERS, "content-disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=ics.MEDIA_TYPE, headers=headers)


async def event_file(request: Request) -> Response:
    key = _key(request, "event_id", "event")
    member_id = await _member(request, "events", key)
    repository: GraphRepository = request.app.state.store.repository
    event = (await repository.events.by_ids(ids=[key])).get(key)
    if event is None:
        raise _not_found("event")
    seats = ics.seats_of(await repository.events.table_plan(event_id=key), member_id)
    body = ics.event_calendar(event, settings=request.app.state.settings, seats=seats)
    return _calendar(body, ics.filename(event.name))


async def group_meeting_file(request: Request) -> Response:
    key = _key(request, "proposal_id", "group")
    member_id = await _member(request, "proposals", key)
    repository: GraphRepository = request.app.state.store.repository
    entry = await repository.proposals.my_proposal(member_id=member_id, proposal_id=key)
    proposal = entry.proposal if entry else None
    accepted = proposal is not None and any(
        answer.member_id == member_id and answer.response == "accepted" for answer in proposal.answers
    )
    if entry is None or entry.community is None or proposal is None or proposal.kind != "purpose" or not accepted:
        raise _not_found("group")  # the same answer whether it exists or not: outsiders learn nothing
    members = await repository.batch_reads.members(list(entry.community.member_ids))
    names = sorted(member.name for member in members if member is not None)
    body = ics.group_meeting_calendar(entry.community, settings=request.app.state.settings, member_names=names)
    return _calendar(body, ics.filename(f"first meeting {entry.community.name}", "first-meeting"))


#: A subscription holds at most this many events, the latest first (as "My events").
FEED_EVENTS_MAX = 100


async def feed_file(request: Request) -> Response:
    """A member's subscription: the address is the credential (calendar apps send no header),
    so a wrong, old or stopped one is simply not found."""
    settings: Settings = request.app.state.settings
    found = links.feed_holder(settings, request.path_params["token"])
    if found is None:
        raise _not_found("subscription")
    member_id, generation = found
    repository: GraphRepository = request.app.state.store.repository
    if await repository.calendar.feed(member_id=member_id) != generation:
        raise _not_found("subscription")
    events = await repository.events.attended_by(member_id=member_id, limit=FEED_EVENTS_MAX)
    # Tables matter for what is still to come: the plans of past events are not read.
    since = datetime.now(timezone.utc) - timedelta(minutes=settings.event_duration_minutes)
    entries = []
    for event in events:
        upcoming = ics.instant(event.starts_at) >= since
        plan = await repository.events.table_plan(event_id=event.id) if upcoming else None
        entries.append((event, ics.seats_of(plan, member_id)))
    headers = {**HEADERS, "content-disposition": 'inline; filename="kindred-events.ics"'}
    return Response(ics.feed_calendar(entries, settings=settings), media_type=ics.MEDIA_TYPE, headers=headers)


def _refusals(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    async def answer(request: Request) -> Response:
        try:
            return await handler(request)
        except Refusal as refusal:
            return refusal.response()
        except DatabaseUnavailableError:
            return database_unavailable().response()
        except StoreQueryError as error:
            error_id = uuid.uuid4().hex[:16]
            log.error("internal error %s serving a calendar file: %s", error_id, error)
            return internal_error(error_id).response()

    return answer


ROUTES = [
    Route("/events/{event_id}.ics", _refusals(event_file), methods=["GET"]),
    Route("/proposals/{proposal_id}.ics", _refusals(group_meeting_file), methods=["GET"]),
    Route("/calendar/{token}.ics", _refusals(feed_file), methods=["GET"]),
]
