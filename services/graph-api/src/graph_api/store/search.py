"""Full-text search over members, passions and skills, ranked together."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Final

from graph_api.store.driver import GraphDriver, Record

_INDEXES: Final = ("member_text", "passion_text", "skill_text")


@dataclass(frozen=True, slots=True)
class SearchScores:
    """Id -> the engine's full-text score, best first, per kind (each index scores on its own scale)."""

    members: dict[str, float]
    passions: dict[str, float]
    skills: dict[str, float]


def _scores(rows: list[Record]) -> dict[str, float]:
    return {row["id"]: float(row["score"]) for row in rows}


class SearchStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def scores(self, *, text: str, limit: int) -> SearchScores:
        """The best `limit` hits of each index for what a user typed, the three searches at once."""
        expression = self._driver.fulltext_expression(text)
        members, passions, skills = await asyncio.gather(
            *(self._driver.fulltext_search(index, expression, limit) for index in _INDEXES)
        )
        return SearchScores(_scores(members), _scores(passions), _scores(skills))
