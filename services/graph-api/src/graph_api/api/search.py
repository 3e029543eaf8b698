"""One search box over members, passions and skills, as a single ranked list."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Final, TypeVar

import strawberry

from graph_api.api.context import Info
from graph_api.api.pagination import PAGE_DEFAULT, check_first
from graph_api.api.permissions import SIGNED_IN
from graph_api.api.types import Member, Passion, Skill, visible_skills
from graph_api.domain import model
from graph_api.domain.search import name_bonus, relative_scores, search_words, words_of
from graph_api.errors import BadInputError

SEARCH_TEXT_MAX = 200
M = TypeVar("M", model.Member, model.Passion, model.Skill)

SCORE_DESCRIPTION: Final = (
    "Relevance, higher first, comparable across kinds. The engines score each index on its "
    "own scale, so each hit's full-text score is divided by the best score its index gave for "
    "this text (the best member, passion and skill each score 1). Prefix matches all score "
    "alike, so 1 is added when the name is exactly the text, or 0.5 when the name starts with it."
)

SearchResult = Annotated[
    Member | Passion | Skill, strawberry.union("SearchResult", description="A member, a passion or a skill.")
]


@strawberry.type(description="One search result and how well it matches.")
class SearchHit:
    score: float = strawberry.field(description=SCORE_DESCRIPTION)
    node: SearchResult


@dataclass(frozen=True, slots=True)
class _Hit:
    score: float
    kind: int
    name: str
    key: str
    node: Member | Passion | Skill

    def sort_key(self) -> tuple[float, int, str, str]:
        return (-self.score, self.kind, self.name.casefold(), self.key)


def _hits(
    kind: int,
    scores: dict[str, float],
    found: Sequence[M | None],
    build: Callable[[M], Member | Passion | Skill],
    words: list[str],
) -> list[_Hit]:
    hits = []
    for score, entity in zip(scores.values(), found, strict=True):
        if entity is not None:  # None: deleted since the index answered
            hits.append(_Hit(score + name_bonus(entity.name, words), kind, entity.name, entity.id, build(entity)))
    return hits


@strawberry.type
class SearchQueries:
    @strawberry.field(
        description=(
            "Members (name, headline, vision), passions (name, description) and skills (name) "
            "matching every word of the text, the last word as a prefix; best first, then "
            "members, passions, skills, then by name."
        ),
        permission_classes=SIGNED_IN,
    )
    async def search(self, info: Info, text: str, first: int = PAGE_DEFAULT) -> list[SearchHit]:
        if len(text) > SEARCH_TEXT_MAX:
            raise BadInputError(f"search text must be at most {SEARCH_TEXT_MAX} characters", field="text")
        search_words(text)  # refused first: no word to search for
        check_first(first)
        found = await info.context.repository.search.scores(text=text, limit=first)
        member_scores, passion_scores, skill_scores = (
            relative_scores(found.members), relative_scores(found.passions), relative_scores(found.skills)
        )
        loaders = info.context.loaders
        # The hits came with their nodes: the loaders answer from them, with no read by id.
        loaders.member.prime_many({member.id: member for member in found.member_nodes})
        loaders.passion.prime_many({passion.id: passion for passion in found.passion_nodes})
        loaders.skill.prime_many({skill.id: skill for skill in found.skill_nodes})
        members, passions, skills = await asyncio.gather(
            loaders.member.load_many(list(member_scores)),
            loaders.passion.load_many(list(passion_scores)),
            visible_skills(info, list(skill_scores)),
        )
        words = words_of(text)
        hits = [  # when scores tie, kinds rank in this order: members, passions, skills
            *_hits(0, member_scores, members, Member.from_model, words),
            *_hits(1, passion_scores, passions, Passion.from_model, words),
            *_hits(2, skill_scores, skills, Skill.from_model, words),
        ]
        hits.sort(key=_Hit.sort_key)
        return [SearchHit(score=hit.score, node=hit.node) for hit in hits[:first]]
