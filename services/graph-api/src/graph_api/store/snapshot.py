"""The recommender's inputs: the community without opted-out members, and what not to propose again."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

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
    )


class SnapshotStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def page(self, *, after: str | None, limit: int) -> list[SnapshotMember]:
        """Members who did not opt out, by id, after the member key given."""
        rows = await self._driver.read(q.SNAPSHOT_PAGE, {"after": after, "limit": limit})
        return [_member(row) for row in rows]

    async def count(self) -> int:
        return int((await self._driver.read(q.SNAPSHOT_COUNT))[0]["total"])

    async def recommendation_context(self, *, block_days: int) -> RecommendationContext:
        """Accepted groups, and pairs that met in an intro or one of whom declined the other in
        the last `block_days` days."""
        since = (datetime.now(timezone.utc) - timedelta(days=block_days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        read = self._driver.read
        groups = tuple(tuple(sorted(row["members"])) for row in await read(q.ACCEPTED_GROUPS) if row["members"])
        pairs = {(row["a"], row["b"]) for row in await read(q.INTRO_PAIRS)}
        pairs |= {(row["a"], row["b"]) for row in await read(q.DECLINED_PAIRS, {"since": since})}
        return RecommendationContext(accepted_groups=groups, blocked_pairs=tuple(sorted(pairs)))
