"""A members page by passion, on an engine that reads members from an index in order (Neo4j),
first walks members in order and checks their passions (unless the passion's holders, once
counted, are too few for the walk to pay); when the walk finds a page's worth, that is the
page, else the page starts from the passion. Either way the page is the one the
passion's own members give, on both engines, for every order, with or without a cursor."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.store import members as member_pages
from graph_api.store.driver import GraphDriver
from graph_api.store.members import MemberCriteria, MemberPages
from graph_api.store.queries.member_search import MemberQuery, page_statement

LIMIT = 6


@pytest.fixture
async def community(driver: GraphDriver) -> AsyncIterator[tuple[GraphDriver, list[str]]]:
    """300 members; the passions by how many hold them, most first."""
    demo = generate_community(300, seed=5)
    await load_community(driver, demo, progress=False)
    slug = {p["id"]: p["slug"] for p in demo.passions}
    held = Counter(link["passion"] for link in demo.passion_links)
    yield driver, [slug[passion] for passion, _ in held.most_common()]


async def page_from_the_passion(
    driver: GraphDriver, slug: str, order: str, after: tuple[Any, str] | None, limit: int = LIMIT
) -> list[str]:
    """The page as the statement that starts from the passion gives it."""
    params: dict[str, Any] = {"passion": slug, "limit": limit}
    if after:
        params["afterKey"], params["afterId"] = after
    statement = page_statement(MemberQuery(passions=True), order, after=after is not None, fulltext_call="")  # type: ignore[arg-type]
    return [row["node"]["id"] for row in await driver.read(statement, params)]


async def _page(driver: GraphDriver, slug: str, order: str, after: tuple[Any, str] | None) -> list[str]:
    found = await MemberPages(driver).page(
        criteria=MemberCriteria(passions=(slug,)), order=order, limit=LIMIT, after=after  # type: ignore[arg-type]
    )
    return [ranked.member.id for ranked in found]


@pytest.mark.parametrize("order", ["NAME", "JOINED_AT"])
@pytest.mark.parametrize("which", ["most held", "least held"])
async def test_a_page_by_passion_is_the_page_its_members_give(
    community: tuple[GraphDriver, list[str]], order: str, which: str
) -> None:
    driver, passions = community
    slug = passions[0] if which == "most held" else passions[-1]
    first = await MemberPages(driver).page(
        criteria=MemberCriteria(passions=(slug,)), order=order, limit=LIMIT  # type: ignore[arg-type]
    )
    assert [ranked.member.id for ranked in first] == await page_from_the_passion(driver, slug, order, None)
    if first:
        cursor = (first[-1].sort_key, first[-1].member.id)
        assert await _page(driver, slug, order, cursor) == await page_from_the_passion(driver, slug, order, cursor)


async def test_a_walk_too_short_for_a_page_falls_back_on_the_passion(
    community: tuple[GraphDriver, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    driver, passions = community
    monkeypatch.setattr(member_pages, "WALK", 3)
    assert await _page(driver, passions[0], "NAME", None) == await page_from_the_passion(driver, passions[0], "NAME", None)
