"""Pages of members: filters, orders, keyset cursors, full-text relevance, counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from graph_api.domain.model import Member
from graph_api.store.driver import GraphDriver, Record
from graph_api.store.member_windows import MemberWindows
from graph_api.store.queries.member_search import (
    FILTERS,
    PASSION_MEMBER_COUNTS,
    MemberOrder,
    MemberQuery,
    count_statement,
    page_statement,
    walk_statement,
)

__all__ = ["MemberCriteria", "MemberOrder", "MemberPages", "RankedMember"]

#: How many members a page by passion walks in order before it starts from the passion instead,
#: on an engine that reads members from an index in order (Neo4j): a passion held by one member
#: in a hundred fills a page of twenty within it, without sorting all who hold it (270,000 at a
#: million members).
WALK: Final = 2_000
#: Such a walk is tried when it reads at most this share of the members its page would otherwise
#: sort (the passion's holders, counted in store/member_windows.py): on Neo4j a member walked and
#: checked costs about four times one sorted (100,000 members: 7.6 µs against 1.9 µs), and a
#: walk that falls short costs its length on top of the sort.
WALK_COST_RATIO: Final = 2


@dataclass(frozen=True, slots=True)
class MemberCriteria:
    """Members matching every criterion given (None: not filtered on), values already checked."""

    text: str | None = None
    passions: tuple[str, ...] | None = None
    team: str | None = None
    site: str | None = None
    seeks: str | None = None
    offers: str | None = None


@dataclass(frozen=True, slots=True)
class RankedMember:
    member: Member
    #: The value the page is ordered by: the name, the join date or the relevance score.
    sort_key: Any


class MemberPages:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver
        self.windows = MemberWindows(driver)

    async def page(
        self,
        *,
        criteria: MemberCriteria,
        order: MemberOrder,
        limit: int,
        after: int | tuple[Any, str] | None = None,
    ) -> list[RankedMember]:
        """At most `limit` members in this order. `after` is where the last page ended: the
        number of members already given (RELEVANCE), else the (sort key, id) of the last one."""
        query, params = await self._query(criteria)
        if query is None:
            return []
        page: dict[str, Any] = {**params, "limit": limit}
        if order == "RELEVANCE":
            page["skip"] = after if isinstance(after, int) else 0
        elif isinstance(after, tuple):
            page["afterKey"], page["afterId"] = after
        rows: list[dict[str, Any]] = []
        cursor = after if isinstance(after, tuple) else None
        if query == MemberQuery() and order != "RELEVANCE":
            in_window = await self._page_in_window(order, page, cursor)
            if in_window is not None:
                return [RankedMember(Member.from_record(row["node"]), row["sortKey"]) for row in in_window]
        by_passion = query.passions and not query.text
        walk = self._driver.members_walk(order, after=after is not None) if by_passion else None
        if walk is not None and self.windows.walk_in_order_pays(page["passion"], limit, WALK_COST_RATIO):
            statement = walk_statement(query, order, after=after is not None, walk=walk)
            rows = await self._driver.read(statement, {**page, "walk": WALK})
        elif walk is None and by_passion and order != "RELEVANCE":
            rows = await self._walk_in_window(query, order, page, cursor)
        if len(rows) < limit:  # no walk, or it found too few: start from the filter
            statement = page_statement(
                query,
                order,
                after=after is not None,
                fulltext_call=self._driver.fulltext_call("member_text"),
                everyone=self._driver.members_in_order(order, after=after is not None),
            )
            rows = await self._driver.read(statement, page)
        return [RankedMember(Member.from_record(row["node"]), row["sortKey"]) for row in rows]

    async def _page_in_window(
        self, order: MemberOrder, page: dict[str, Any], after: tuple[Any, str] | None
    ) -> list[Record] | None:
        """The page of every member read from a window of their order keys, where the engine
        reads one (see store/member_windows.py); None when it does not, or when the window held
        too few members to say (the page is then read without one)."""
        head = self._driver.members_window(order)
        if head is None:
            return None
        window = self.windows.window(order, after[0] if after else None, page["limit"])
        if window is None:
            return None
        statement = page_statement(
            MemberQuery(), order, after=after is not None, fulltext_call=self._driver.fulltext_call("member_text"),
            everyone=head,
        )
        rows = await self._driver.read(statement, {**page, **window.params()})
        if len(rows) < page["limit"] and not window.to_the_end:
            self.windows.found_short()
            return None
        return rows

    async def _walk_in_window(
        self, query: MemberQuery, order: MemberOrder, page: dict[str, Any], after: tuple[Any, str] | None
    ) -> list[Record]:
        """On an engine that reads windows of the order keys, for a passion many hold: the
        members of a window from the cursor on, checked against every filter. When they give
        `limit` rows those are the page (any member past the window comes after all of them);
        fewer rows, or none when no walk is planned, say nothing."""
        head = self._driver.members_window(order)
        if head is None:
            return []
        planned = self.windows.passion_walk(order, page["passion"], after[0] if after else None, page["limit"])
        if planned is None:
            return []
        window, walk = planned
        statement = walk_statement(query, order, after=after is not None, walk=head)
        return await self._driver.read(statement, {**page, **window.params(), "walk": walk})

    async def count(self, *, criteria: MemberCriteria) -> int:
        query, params = await self._query(criteria)
        if query is None:
            return 0
        statement = count_statement(query, fulltext_call=self._driver.fulltext_call("member_text"))
        return int((await self._driver.read(statement, params))[0]["total"])

    async def _query(self, criteria: MemberCriteria) -> tuple[MemberQuery | None, dict[str, Any]]:
        """The statement's filters and parameters; no query when no member can match."""
        params: dict[str, Any] = {}
        if criteria.text is not None:
            params["text"] = self._driver.fulltext_expression(criteria.text)
        if criteria.passions:
            passions = await self._rarest_first(criteria.passions)
            if passions is None:
                return None, params
            params["passion"], *more = passions
            if more:
                params["morePassions"] = more
        for name in ("team", "site", "seeks", "offers"):
            if getattr(criteria, name) is not None:
                params[name] = getattr(criteria, name)
        on = {name: name in params for name in FILTERS}
        on["passions"] = "passion" in params
        return MemberQuery(**on, more_passions="morePassions" in params), params

    async def _rarest_first(self, passions: tuple[str, ...]) -> list[str] | None:
        """The slugs, the passion with the fewest members first (the match starts from it);
        None when one of them has no member, so none can match them all."""
        if len(passions) == 1:
            return list(passions)
        rows = await self._driver.read(PASSION_MEMBER_COUNTS, {"slugs": list(passions)})
        members = {row["slug"]: int(row["members"]) for row in rows}
        if len(members) < len(passions):
            return None
        return sorted(passions, key=lambda slug: (members[slug], slug))
