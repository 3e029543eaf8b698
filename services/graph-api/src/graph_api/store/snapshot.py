"""The recommender's inputs: the community without opted-out or paused members, and what not to propose again."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from graph_api.domain.consent import PROPOSAL_KINDS, wanted_kinds
from graph_api.domain.snapshot import RecommendationContext, SnapshotMember
from graph_api.store.driver import GraphDriver, Record
from graph_api.store.queries import snapshot as q


def _unpack(packed: str | None) -> list[tuple[str, str]]:
    """Split a packed column of queries.snapshot.SNAPSHOT_PAGE: "jazz=5 cooking=3" -> [("jazz", "5"), ...]."""
    return [(key, value) for key, _, value in (item.partition("=") for item in (packed or "").split())]


def _member(row: Record) -> SnapshotMember:
    passions = sorted(
        ((slug, int(intensity)) for slug, intensity in _unpack(row["passions"])), key=lambda p: (-p[1], p[0])
    )
    return SnapshotMember(
        key=row["key"],
        name=row["name"] or "",
        team_key=row["teamKey"],
        site_key=row["siteKey"],
        passions=tuple(passions),
        seeks=tuple(sorted((row["seeks"] or "").split())),
        offers=tuple(sorted((row["offers"] or "").split())),
        bonds=tuple(sorted(_unpack(row["bonds"]))),
        wants_kinds=wanted_kinds(row["kinds"]),
    )


class SnapshotStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def page(self, *, after: str | None, limit: int, today: date | None = None) -> list[SnapshotMember]:
        """Members who take proposals on `today` (default: today, UTC), by id, after the member key given."""
        params = {"after": after, "limit": limit, "today": _day(today), "allKinds": list(PROPOSAL_KINDS)}
        rows = await self._driver.read(q.SNAPSHOT_PAGE, params)
        return [_member(row) for row in rows]

    async def count(self, *, today: date | None = None) -> int:
        return int((await self._driver.read(q.SNAPSHOT_COUNT, {"today": _day(today)}))[0]["total"])

    async def recommendation_context(self, *, block_days: int, today: date | None = None) -> RecommendationContext:
        """Accepted groups; pairs that met in an intro, one of whom declined the other in the
        last `block_days` days or asked not to be introduced to the other; and those last
        pairs again as pairs never to put together."""
        since = (datetime.now(timezone.utc) - timedelta(days=block_days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        day = {"today": _day(today)}
        read = self._driver.read
        groups = tuple(tuple(sorted(row["members"])) for row in await read(q.ACCEPTED_GROUPS, day) if row["members"])
        pairs = {(row["a"], row["b"]) for row in await read(q.INTRO_PAIRS, day)}
        pairs |= {(row["a"], row["b"]) for row in await read(q.DECLINED_PAIRS, {"since": since, **day})}
        apart = {(row["a"], row["b"]) for row in await read(q.NO_INTRO_PAIRS, day)}
        return RecommendationContext(
            accepted_groups=groups, blocked_pairs=tuple(sorted(pairs | apart)), apart_pairs=tuple(sorted(apart))
        )


def _day(today: date | None) -> str:
    return (today or datetime.now(timezone.utc).date()).isoformat()
