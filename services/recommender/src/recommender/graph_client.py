"""graph-api over GraphQL: the recommender's only way to read the graph and to store its proposals.

Every value travels in GraphQL variables, never in the query text. GraphQL errors become
:class:`GraphApiError` (graph-api's ``extensions.code`` and message); a graph-api that cannot
be reached, times out or answers with a server error becomes :class:`GraphApiUnavailable`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx

from recommender.logs import HEADER, current_request_id
from recommender.model import EVERY_KIND, Community, MemberSnapshot, Vocabulary, pair

SNAPSHOT_QUERY = """query RecommenderSnapshot($first: Int!, $after: String) {
  communitySnapshot(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    members { key name teamKey siteKey passions { slug intensity } seeks offers bonds { otherKey kind } wantsKinds }
  }
}"""
CONTEXT_QUERY = """query RecommenderContext($days: Int!) {
  recommendationContext(days: $days) { acceptedGroups blockedPairs apartPairs }
}"""
EVENT_QUERY = """query RecommenderEvent($id: ID!) {
  event(id: $id) { attendees { key } }
}"""
TARGETS_QUERY = """query RecommenderTargets {
  kpiDefinitions { name label }
  kpiTargets { id kpi scope { kind id } target by current suppressed }
}"""
STORE_MUTATION = """mutation RecommenderStore($input: StoreProposalSetInput!) {
  storeProposalSet(input: $input) { id kind status }
}"""
PING_QUERY = "query RecommenderPing { __typename }"
#: What people call things (for reasons they read), a page at a time.
NAMES_QUERIES = {
    "passions": "query RecommenderPassionNames($after: String) { passions(first: 100, after: $after, orderBy: NAME) "
    "{ pageInfo { hasNextPage endCursor } edges { node { key: slug name } } } }",
    "skills": "query RecommenderSkillNames($after: String) { skills(first: 100, after: $after) "
    "{ pageInfo { hasNextPage endCursor } edges { node { key: slug name } } } }",
    "teams": "query RecommenderTeamNames($after: String) { teams(first: 100, after: $after) "
    "{ pageInfo { hasNextPage endCursor } edges { node { key name } } } }",
    "sites": "query RecommenderSiteNames($after: String) { sites(first: 100, after: $after) "
    "{ pageInfo { hasNextPage endCursor } edges { node { key name } } } }",
}
#: At most this many pages of each kind of name (100 each): a reason falls back to the key past it.
NAMES_PAGES_MAX = 50

#: Called after each snapshot page with (members loaded so far, members in the whole snapshot).
PageCallback = Callable[[int, int], None]


class GraphApiError(Exception):
    """graph-api answered with a GraphQL error: ``code`` is its ``extensions.code``."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field


class GraphApiUnavailable(Exception):
    """graph-api could not be reached, timed out, or failed with a server error."""

    def __init__(self, message: str, code: str = "GRAPH_API_UNAVAILABLE") -> None:
        super().__init__(message)
        self.message = message
        #: GRAPH_API_UNAVAILABLE, or the code graph-api gave (DATABASE_UNAVAILABLE: its database is down).
        self.code = code


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The community as graph-api gives it (opted-out members already left out)."""

    members: tuple[MemberSnapshot, ...]
    #: Canonical pair (smaller key first) -> the kinds of bond between them, lower-cased.
    bond_kinds: Mapping[tuple[str, str], frozenset[str]]


@dataclass(frozen=True, slots=True)
class RecommendationContext:
    accepted_groups: tuple[frozenset[str], ...]
    #: Canonical pairs (smaller key first).
    blocked_pairs: frozenset[tuple[str, str]]
    #: Canonical pairs never to put together in any grouping.
    apart_pairs: frozenset[tuple[str, str]] = frozenset()


def to_community(
    snapshot: Snapshot, context: RecommendationContext, names: Vocabulary | None = None, *, kind: str | None = None
) -> Community:
    """The algorithms' input for a run of `kind` (None: every member): members who do not want
    that kind are left out. References to anyone outside it (a member who opted out, paused,
    turned the kind off or was deleted between two reads) are dropped, so no algorithm can
    ever propose them."""
    members = tuple(m for m in snapshot.members if kind is None or kind in m.wants_kinds)
    keys = {member.id for member in members}
    groups = []
    for group in context.accepted_groups:
        kept = frozenset(key for key in group if key in keys)
        if len(kept) >= 2:
            groups.append(kept)
    apart = frozenset(p for p in context.apart_pairs if p[0] in keys and p[1] in keys)
    return Community(
        members=members,
        bonds=frozenset(p for p in snapshot.bond_kinds if p[0] in keys and p[1] in keys),
        accepted_groups=tuple(groups),
        blocked_pairs=frozenset(p for p in context.blocked_pairs if p[0] in keys and p[1] in keys) | apart,
        apart_pairs=apart,
        names=names or Vocabulary(),
    )


def _member(row: Mapping[str, Any]) -> MemberSnapshot:
    return MemberSnapshot(
        id=row["key"],
        team=row.get("teamKey"),
        site=row.get("siteKey"),
        # Sorted by slug: the algorithms' results must not depend on the order graph-api lists them in.
        passions={p["slug"]: int(p["intensity"]) for p in sorted(row.get("passions") or [], key=lambda p: p["slug"])},
        seeks=frozenset(row.get("seeks") or ()),
        offers=frozenset(row.get("offers") or ()),
        name=row.get("name") or "",
        # Every kind when graph-api does not say (one older than the per-kind choice).
        wants_kinds=EVERY_KIND if row.get("wantsKinds") is None else frozenset(str(k).lower() for k in row["wantsKinds"]),
    )


def _failure(url: str, response: httpx.Response) -> tuple[str, str]:
    """What a failed graph-api said (its message and code, e.g. DATABASE_UNAVAILABLE), or that it failed."""
    try:
        error = response.json()["errors"][0]
        return str(error["message"]), str(error["extensions"]["code"])
    except (ValueError, LookupError, TypeError):
        return f"graph-api at {url} failed with HTTP {response.status_code}", "GRAPH_API_UNAVAILABLE"


class GraphClient:
    """An async GraphQL client for graph-api, authenticated with a bearer token.

    Pass ``http`` to share one connection pool (the HTTP service does); otherwise the client
    opens its own and closes it in :meth:`aclose` (or on leaving ``async with``).
    """

    def __init__(
        self,
        url: str,
        token: str | None,
        *,
        timeout: float = 30.0,
        store_timeout: float = 300.0,
        connect_timeout: float = 5.0,
        page_size: int = 1000,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.url = url
        self.page_size = page_size
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._timeout = httpx.Timeout(timeout, connect=connect_timeout)
        self._store_timeout = httpx.Timeout(store_timeout, connect=connect_timeout)
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient()

    async def __aenter__(self) -> GraphClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    def _headers_now(self) -> dict[str, str]:
        """The token, and the id of the request or run this call serves (graph-api logs it too)."""
        request_id = current_request_id()
        return {**self._headers, HEADER: request_id} if request_id else self._headers

    async def execute(
        self, query: str, variables: Mapping[str, Any] | None = None, *, timeout: httpx.Timeout | None = None
    ) -> dict[str, Any]:
        """The data of one operation; raises GraphApiError or GraphApiUnavailable."""
        try:
            response = await self._http.post(
                self.url,
                json={"query": query, "variables": dict(variables or {})},
                headers=self._headers_now(),
                timeout=timeout or self._timeout,
            )
        except httpx.TimeoutException as error:
            raise GraphApiUnavailable(
                f"graph-api at {self.url} did not answer in time ({type(error).__name__})"
            ) from error
        except httpx.HTTPError as error:
            raise GraphApiUnavailable(
                f"cannot reach graph-api at {self.url}: {error or type(error).__name__}"
            ) from error
        if response.status_code >= 500:
            raise GraphApiUnavailable(*_failure(self.url, response))
        try:
            body = response.json()
        except ValueError as error:
            raise GraphApiUnavailable(
                f"{self.url} answered HTTP {response.status_code} without a GraphQL body: is it graph-api's /graphql?"
            ) from error
        errors = body.get("errors") if isinstance(body, dict) else None
        if errors:
            first = errors[0]
            extensions = first.get("extensions") or {}
            raise GraphApiError(
                str(extensions.get("code") or f"HTTP_{response.status_code}"),
                str(first.get("message") or "unknown error"),
                field=extensions.get("field"),
            )
        if response.status_code != 200 or not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            raise GraphApiError(f"HTTP_{response.status_code}", f"graph-api answered HTTP {response.status_code}")
        return body["data"]

    async def ping(self) -> None:
        """Raises GraphApiUnavailable unless graph-api answers GraphQL (no token needed)."""
        try:
            await self.execute(PING_QUERY)
        except GraphApiError as error:
            raise GraphApiUnavailable(f"graph-api at {self.url} refused a plain query: {error}") from error

    async def snapshot(self, on_page: PageCallback | None = None) -> Snapshot:
        """Every member, page by page (keyset paging, in key order)."""
        members: list[MemberSnapshot] = []
        bond_kinds: dict[tuple[str, str], set[str]] = {}
        after: str | None = None
        while True:
            data = await self.execute(SNAPSHOT_QUERY, {"first": self.page_size, "after": after})
            page = data["communitySnapshot"]
            for row in page["members"]:
                members.append(_member(row))
                for bond in row.get("bonds") or ():
                    bond_kinds.setdefault(pair(row["key"], bond["otherKey"]), set()).add(str(bond["kind"]).lower())
            if on_page is not None:
                on_page(len(members), max(int(page["totalCount"]), len(members)))
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        members.sort(key=lambda m: m.id)
        return Snapshot(
            members=tuple(members), bond_kinds={p: frozenset(kinds) for p, kinds in sorted(bond_kinds.items())}
        )

    async def names(self) -> Vocabulary:
        """What people call passions, skills, teams and sites: slugs and keys -> names."""
        found: dict[str, dict[str, str]] = {}
        for kind, query in NAMES_QUERIES.items():
            names: dict[str, str] = {}
            after: str | None = None
            for _ in range(NAMES_PAGES_MAX):
                page = (await self.execute(query, {"after": after}))[kind]
                names.update((edge["node"]["key"], edge["node"]["name"]) for edge in page["edges"])
                if not page["pageInfo"]["hasNextPage"]:
                    break
                after = page["pageInfo"]["endCursor"]
            found[kind] = names
        return Vocabulary(**found)

    async def context(self, days: int) -> RecommendationContext:
        data = (await self.execute(CONTEXT_QUERY, {"days": days}))["recommendationContext"]
        return RecommendationContext(
            accepted_groups=tuple(frozenset(group) for group in data["acceptedGroups"]),
            blocked_pairs=frozenset(pair(a, b) for a, b in data["blockedPairs"]),
            apart_pairs=frozenset(pair(a, b) for a, b in data.get("apartPairs") or ()),
        )

    async def event_attendees(self, event_id: str) -> list[str] | None:
        """Member keys of the event's attendees; None when graph-api has no such event."""
        data = await self.execute(EVENT_QUERY, {"id": event_id})
        event = data.get("event")
        if event is None:
            return None
        return [attendee["key"] for attendee in event.get("attendees") or ()]

    async def kpi_targets(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Every KPI target (with its scope and graph-api's current value) and the KPIs' names for people."""
        data = await self.execute(TARGETS_QUERY)
        return list(data["kpiTargets"]), list(data["kpiDefinitions"])

    async def store_proposal_set(self, input: Mapping[str, Any]) -> dict[str, Any]:
        """Store a whole set as a draft ({id, kind, status}); graph-api checks and writes it at once."""
        try:
            data = await self.execute(STORE_MUTATION, {"input": dict(input)}, timeout=self._store_timeout)
        except GraphApiUnavailable as error:
            # The request may have reached graph-api, whose single write can still complete.
            raise GraphApiUnavailable(
                f"{error.message}; the set may still have been stored: look at proposalSets before running again"
            ) from error
        return data["storeProposalSet"]
