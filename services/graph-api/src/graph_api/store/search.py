"""Full-text search over members, passions and skills, ranked together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from graph_api.domain.model import Member, Passion, Skill
from graph_api.store.driver import GraphDriver, Record
from graph_api.store.queries.search import hits_together_statement

_INDEXES: Final = ("member_text", "passion_text", "skill_text")


@dataclass(frozen=True, slots=True)
class SearchScores:
    """Id -> the engine's full-text score, best first, per kind (each index scores on its own
    scale), and the nodes found, as a read by id would give them."""

    members: dict[str, float]
    passions: dict[str, float]
    skills: dict[str, float]
    member_nodes: list[Member]
    passion_nodes: list[Passion]
    skill_nodes: list[Skill]


def _scores(rows: list[Record]) -> dict[str, float]:
    return {row["id"]: float(row["score"]) for row in rows}


class SearchStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def scores(self, *, text: str, limit: int) -> SearchScores:
        """The best `limit` hits of each index for what a user typed, the three searches read
        in one statement."""
        expression = self._driver.fulltext_expression(text)
        statement = hits_together_statement([self._driver.fulltext_call(index) for index in _INDEXES])
        rows = await self._driver.read(statement, {"text": expression, "limit": limit})
        members, passions, skills = ([row for row in rows if row["part"] == part] for part in range(len(_INDEXES)))
        return SearchScores(
            _scores(members),
            _scores(passions),
            _scores(skills),
            [Member.from_record(row["node"]) for row in members],
            [Passion.from_record(row["node"]) for row in passions],
            [Skill.from_record(row["node"]) for row in skills],
        )
