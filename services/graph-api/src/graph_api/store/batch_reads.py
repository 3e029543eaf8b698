"""Reads for many ids in one round trip each, returned in the order of the ids asked for.

Each method has the shape a DataLoader's load function needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from graph_api.domain.model import Bond, Member, Passion, PassionLink, Site, Skill, Team
from graph_api.domain.proposals import ProposalEntry
from graph_api.store.browse import PassionReach
from graph_api.store.driver import GraphDriver, Record, RowRead
from graph_api.store.queries import batch as q
from graph_api.store.proposals import entry_from_row
from graph_api.store.queries import proposals as proposal_queries

T = TypeVar("T")


def _team(row: Record) -> Team:
    return Team.from_record({**row["node"], "parentId": row.get("parentId")})


def _passion_link(row: Record) -> PassionLink:
    return PassionLink(row["id"], Passion.from_record(row["passion"]), row["intensity"], row["since"])


def _one_each_of(rows: list[Record], keys: Sequence[str], build: Callable[[Record], T], key: str = "id") -> list[T | None]:
    found = {row[key]: build(row) for row in rows}
    return [found.get(k) for k in keys]


def _many_each_of(rows: list[Record], ids: Sequence[str], build: Callable[[Record], T]) -> list[list[T]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for row in rows:
        grouped[row["id"]].append(build(row))
    return [grouped.get(i, []) for i in ids]


def _counts_of(rows: list[Record], ids: Sequence[str]) -> list[int]:
    return [count or 0 for count in _one_each_of(rows, ids, lambda r: int(r["count"]))]


#: The details of members that `details_of` reads together, by the method that reads each alone:
#: its statement, the columns it returns, and how its rows become one value per member.
_DETAILS: Final[dict[str, tuple[str, tuple[str, ...], Callable[[list[Record], Sequence[str]], list[Any]]]]] = {
    "passions_of": (
        q.PASSIONS_OF_MEMBERS, ("id", "passion", "intensity", "since"), lambda rows, ids: _many_each_of(rows, ids, _passion_link)
    ),
    "team_of": (q.TEAMS_OF_MEMBERS, ("id", "node", "parentId"), lambda rows, ids: _one_each_of(rows, ids, _team)),
    "site_of": (
        q.SITES_OF_MEMBERS, ("id", "node"), lambda rows, ids: _one_each_of(rows, ids, lambda r: Site.from_record(r["node"]))
    ),
    "bond_count_of": (q.BOND_COUNTS, ("id", "count"), _counts_of),
}
#: The methods `details_of` can read together.
DETAILS: Final = tuple(_DETAILS)


def detail_reads(methods: Sequence[str]) -> list[RowRead]:
    """The reads `details_of` sends together for `methods`."""
    return [(_DETAILS[name][0], _DETAILS[name][1]) for name in methods]


class BatchReads:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def _one_each(
        self, statement: str, keys: Sequence[str], build: Callable[[Record], T], key: str = "id"
    ) -> list[T | None]:
        return _one_each_of(await self._driver.read(statement, {f"{key}s": list(keys)}), keys, build, key)

    async def _many_each(self, statement: str, ids: Sequence[str], build: Callable[[Record], T]) -> list[list[T]]:
        return _many_each_of(await self._driver.read(statement, {"ids": list(ids)}), ids, build)

    async def members(self, ids: Sequence[str]) -> list[Member | None]:
        return await self._one_each(q.MEMBERS_BY_ID, ids, lambda r: Member.from_record(r["node"]))

    async def members_by_handle(self, handles: Sequence[str]) -> list[Member | None]:
        return await self._one_each(q.MEMBERS_BY_HANDLE, handles, lambda r: Member.from_record(r["node"]), key="key")

    async def passions_of(self, ids: Sequence[str]) -> list[list[PassionLink]]:
        return await self._many_each(q.PASSIONS_OF_MEMBERS, ids, _passion_link)

    async def team_of(self, ids: Sequence[str]) -> list[Team | None]:
        return await self._one_each(q.TEAMS_OF_MEMBERS, ids, _team)

    async def site_of(self, ids: Sequence[str]) -> list[Site | None]:
        return await self._one_each(q.SITES_OF_MEMBERS, ids, lambda r: Site.from_record(r["node"]))

    async def bond_count_of(self, ids: Sequence[str]) -> list[int]:
        return _counts_of(await self._driver.read(q.BOND_COUNTS, {"ids": list(ids)}), ids)

    async def details_of(self, ids: Sequence[str], methods: Sequence[str]) -> dict[str, list[Any]]:
        """What each of `methods` (among DETAILS: passions_of, team_of, ...) gives for `ids`, read
        together (one round trip on Neo4j, where it costs more than these reads)."""
        answers = await self._driver.read_together(detail_reads(methods), {"ids": list(ids)})
        return {name: _DETAILS[name][2](rows, ids) for name, rows in zip(methods, answers, strict=True)}

    async def bonds_of(self, ids: Sequence[str]) -> list[list[Bond]]:
        build: Callable[[Record], Bond] = lambda r: Bond(  # noqa: E731
            r["id"], r["otherId"], r["kind"], r["strength"], r["since"], r["source"]
        )
        return await self._many_each(q.BONDS_OF_MEMBERS, ids, build)

    async def seeks_of(self, ids: Sequence[str]) -> list[list[Skill]]:
        return await self._many_each(q.SEEKS_OF_MEMBERS, ids, lambda r: Skill.from_record(r["node"]))

    async def offers_of(self, ids: Sequence[str]) -> list[list[Skill]]:
        return await self._many_each(q.OFFERS_OF_MEMBERS, ids, lambda r: Skill.from_record(r["node"]))

    async def passions(self, ids: Sequence[str]) -> list[Passion | None]:
        return await self._one_each(q.PASSIONS_BY_ID, ids, lambda r: Passion.from_record(r["node"]))

    async def passions_by_slug(self, slugs: Sequence[str]) -> list[Passion | None]:
        return await self._one_each(q.PASSIONS_BY_SLUG, slugs, lambda r: Passion.from_record(r["node"]), key="key")

    async def passion_reach(self, ids: Sequence[str]) -> list[PassionReach]:
        counts: dict[tuple[str, str], int] = {}
        for row in await self._driver.read(q.PASSION_REACH, {"ids": list(ids)}):
            counts[(row["id"], row["kind"])] = int(row["count"])
        return [
            PassionReach(counts.get((id_, "members"), 0), counts.get((id_, "teams"), 0), counts.get((id_, "sites"), 0))
            for id_ in ids
        ]

    async def teams(self, ids: Sequence[str]) -> list[Team | None]:
        return await self._one_each(q.TEAMS_BY_ID, ids, _team)

    async def sites(self, ids: Sequence[str]) -> list[Site | None]:
        return await self._one_each(q.SITES_BY_ID, ids, lambda r: Site.from_record(r["node"]))

    async def skills(self, ids: Sequence[str]) -> list[Skill | None]:
        return await self._one_each(q.SKILLS_BY_ID, ids, lambda r: Skill.from_record(r["node"]))

    async def team_member_counts(self, ids: Sequence[str]) -> list[int]:
        return [c or 0 for c in await self._one_each(q.MEMBER_COUNTS_OF_TEAMS, ids, lambda r: int(r["count"]))]

    async def passion_member_counts(self, ids: Sequence[str]) -> list[int]:
        return [c or 0 for c in await self._one_each(self._driver.member_counts_of_passions(), ids, lambda r: int(r["count"]))]

    async def site_member_counts(self, ids: Sequence[str]) -> list[int]:
        return [c or 0 for c in await self._one_each(q.MEMBER_COUNTS_OF_SITES, ids, lambda r: int(r["count"]))]

    async def communities_of(self, ids: Sequence[str]) -> list[list[ProposalEntry]]:
        """The purpose communities each member belongs to, each with the proposal it came from."""
        return await self._many_each(proposal_queries.COMMUNITIES_OF_MEMBERS, ids, entry_from_row)



