"""Passions, teams, sites and skills as lists and pages, with their counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from graph_api.domain.model import Passion, Site, Skill, Team
from graph_api.store.driver import GraphDriver
from graph_api.store.queries import browse as q

PassionOrder = Literal["MEMBERS", "NAME"]


@dataclass(frozen=True, slots=True)
class PassionReach:
    members: int
    teams: int
    sites: int


@dataclass(frozen=True, slots=True)
class SkillVisibility:
    """Who is looking at skills. Who seeks a skill is private, so a skill nobody offers would
    tell that someone seeks it: organisers (`everyone`) see every skill, others only those
    someone offers or they (`member_id`) seek."""

    everyone: bool
    member_id: str | None

    def params(self) -> dict[str, Any]:
        return {"everyone": self.everyone, "me": self.member_id}


class BrowseStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def passions(
        self, *, text: str, min_members: int, order: PassionOrder, skip: int, limit: int
    ) -> list[Passion]:
        """Passions whose slug holds `text` ('' for all) and that at least `min_members` hold."""
        statement = q.PASSIONS_BY_MEMBERS if order == "MEMBERS" else q.PASSIONS_BY_NAME
        params = {"text": text, "minMembers": min_members, "skip": skip, "limit": limit}
        return [Passion.from_record(row["node"]) for row in await self._driver.read(statement, params)]

    async def count_passions(self, *, text: str, min_members: int) -> int:
        return await self._total(q.COUNT_PASSIONS, {"text": text, "minMembers": min_members})

    async def teams(self, *, skip: int, limit: int) -> list[Team]:
        rows = await self._driver.read(q.TEAMS_PAGE, {"skip": skip, "limit": limit})
        return [Team.from_record({**row["node"], "parentId": row["parentId"]}) for row in rows]

    async def count_teams(self) -> int:
        return await self._total(q.COUNT_TEAMS, {})

    async def sites(self, *, skip: int, limit: int) -> list[Site]:
        rows = await self._driver.read(q.SITES_PAGE, {"skip": skip, "limit": limit})
        return [Site.from_record(row["node"]) for row in rows]

    async def count_sites(self) -> int:
        return await self._total(q.COUNT_SITES, {})

    async def skills(self, *, visibility: SkillVisibility, skip: int, limit: int) -> list[Skill]:
        rows = await self._driver.read(q.SKILLS_PAGE, {**visibility.params(), "skip": skip, "limit": limit})
        return [Skill.from_record(row["node"]) for row in rows]

    async def count_skills(self, *, visibility: SkillVisibility) -> int:
        return await self._total(q.COUNT_SKILLS, visibility.params())

    async def visible_skills(self, *, ids: Sequence[str], visibility: SkillVisibility) -> list[Skill | None]:
        """The skills of these ids, in their order; None for those unknown or not visible."""
        rows = await self._driver.read(q.VISIBLE_SKILLS_BY_ID, {**visibility.params(), "ids": list(ids)})
        found = {row["id"]: Skill.from_record(row["node"]) for row in rows}
        return [found.get(skill_id) for skill_id in ids]

    async def _total(self, statement: str, params: dict[str, Any]) -> int:
        return int((await self._driver.read(statement, params))[0]["total"])
