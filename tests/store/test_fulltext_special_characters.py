"""Full-text search never errors on what people type, on either engine: Lucene's (Neo4j) and
RediSearch's (FalkorDB) query syntax characters and operators are searched as words."""

from __future__ import annotations

import pytest

from graph_api.domain.search import SearchWords
from graph_api.errors import BadInputError
from graph_api.store import dialect
from graph_api.store.members import MemberCriteria
from graph_api.store.neo4j_local import LocalNeo4j
from tests.seeding import SeedingRepository
from tests.conftest import make_neo4j_driver

#: What was typed, and the handle it must find (None: any answer will do, as long as it is one).
TYPED = [
    ("C++", "ada"),
    ('"Jazz fan"', "ada"),
    ("jazz AND rust", "ada"),
    ("rust OR", None),
    ("NOT jazz", None),
    ("jaz*", "ada"),
    ("*jazz*", "ada"),
    ("headline:jazz", None),
    ("AC/DC", "ada"),
    ("back\\slash", None),  # RediSearch indexes "back\\slash" as one token, Lucene as two
    ("(jazz", "ada"),
    ("jazz~2", None),
    ("rust^3", None),
    ("a && b || !c", None),
    ("[x TO y] {z}", None),
    ("tri-athlon?", None),
]


@pytest.fixture
async def handles(repository: SeedingRepository) -> dict[str, str]:
    """Two members, a passion and a skill whose text holds the syntax; member id -> handle."""
    ada = await repository.create_member(handle="ada", name="Ada", headline="C++ and Rust, AC/DC, jazz fan")
    bob = await repository.create_member(handle="bob", name="Bob", headline="back\\slash (tri-athlon)")
    await repository.ensure_passion("C++")
    await repository.ensure_skill("AC/DC wiring")
    return {ada.id: ada.handle, bob.id: bob.handle}


@pytest.mark.parametrize(("typed", "finds"), TYPED, ids=[typed for typed, _ in TYPED])
async def test_search_answers_whatever_is_typed(
    repository: SeedingRepository, handles: dict[str, str], typed: str, finds: str | None
) -> None:
    scores = await repository.search.scores(text=typed, limit=10)
    page = await repository.member_pages.page(criteria=MemberCriteria(text=typed), order="RELEVANCE", limit=10)
    total = await repository.member_pages.count(criteria=MemberCriteria(text=typed))
    assert total == len(page)
    assert {ranked.member.id for ranked in page} == set(scores.members)
    if finds is not None:
        assert finds in {handles[member_id] for member_id in scores.members}


@pytest.mark.parametrize("typed", ['"', "*", ":", "/", "\\", "(", "~", "^", "++", "&& ||"])
async def test_search_text_without_a_word_is_bad_input(repository: SeedingRepository, typed: str) -> None:
    with pytest.raises(BadInputError, match="at least one letter or digit"):
        await repository.search.scores(text=typed, limit=10)


async def test_neo4j_expression_escapes_every_lucene_special_character(
    neo4j_server: LocalNeo4j, _neo4j_schema_ready: None
) -> None:
    """Words reach the dialect as letters and digits only (domain.search); the expression
    escapes anyway, so even words made of syntax stay words on the real Lucene parser."""
    driver = make_neo4j_driver(neo4j_server)
    try:
        await driver.clear()
        specials = ["c++", 'a"b', "AND", "OR", "NOT", "x*", "t:y", "ac/dc", "b\\s", "(p", "f~", "b^2", "[]{}!?&|-"]
        for word in specials:
            for prefix in (False, True):
                expression = dialect.neo4j_fulltext_expression(SearchWords((word, "jazz"), prefix=prefix))
                assert await driver.fulltext_search("member_text", expression, 10) == []
    finally:
        await driver.close()
