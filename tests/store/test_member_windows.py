"""A page of every member by name or join date, on an engine that reads a window of the members'
order keys (FalkorDB), is the page a sort of every member gives: with a fresh sample of the
keys, a stale one or none, and with members that lack their keys. Every way the store writes a
member keeps their keys, on both engines. A page by passion walks members (a window on FalkorDB,
the name index in order on Neo4j) only for a passion that many hold, by the sampled counts."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.store.driver import GraphDriver
from graph_api.store import member_windows
from graph_api.store.member_windows import MemberWindows
from graph_api.store.members import MemberCriteria, MemberPages
from graph_api.store.order_keys import JOINED_ORDER, KEY_BOUNDS, NAME_KEY_END, NAME_ORDER, joined_order, name_order
from graph_api.store.repository import GraphRepository
from tests.conftest import LiveServer, TestDatabase
from tests.cypher_catalog import all_statements
from tests.store.test_member_page_walk import page_from_the_passion

LIMIT = 7
STEP = 4  # a sample of every fourth key: windows of a few members, many of them per walk
_ORDER_BY = {"NAME": "m.name, m.id", "JOINED_AT": "m.joinedAt DESC, m.id"}
_KEY = {"NAME": "name", "JOINED_AT": "joinedAt"}


@pytest.fixture
async def community(driver: GraphDriver) -> AsyncIterator[GraphDriver]:
    await load_community(driver, generate_community(150, seed=3), progress=False)
    yield driver


def _pages(driver: GraphDriver, *, walk_cost_ratio: float = 0) -> MemberPages:
    """Pages whose windows are short; by default a page by passion walks one whenever it can."""
    pages = MemberPages(driver)
    pages.windows = MemberWindows(driver, step=STEP, walk_cost_ratio=walk_cost_ratio)
    return pages


async def _passions(driver: GraphDriver) -> list[str]:
    """The slugs of the passions, most held first."""
    rows = await driver.read("MATCH (p:Passion)<-[:PASSIONATE_ABOUT]-(m:Member) RETURN p.slug AS slug, m.id AS id")
    return [slug for slug, _ in Counter(row["slug"] for row in rows).most_common()]


async def _everyone(driver: GraphDriver, order: str) -> list[str]:
    return [row["id"] for row in await driver.read(f"MATCH (m:Member) RETURN m.id AS id ORDER BY {_ORDER_BY[order]}")]


async def _walk(pages: MemberPages, order: str) -> list[str]:
    """Every member, page after page."""
    seen: list[str] = []
    after: tuple[Any, str] | None = None
    while True:
        page = await pages.page(criteria=MemberCriteria(), order=order, limit=LIMIT, after=after)  # type: ignore[arg-type]
        seen += [ranked.member.id for ranked in page]
        if len(page) < LIMIT:
            return seen
        after = (page[-1].sort_key, page[-1].member.id)


def _record_reads(driver: GraphDriver, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements `driver` reads from now on (the real database still answers them)."""
    sent: list[str] = []
    read = driver.read

    async def recording(statement: str, params: Any = None) -> Any:
        sent.append(statement)
        return await read(statement, params)

    monkeypatch.setattr(driver, "read", recording)
    return sent


async def _keyless(driver: GraphDriver) -> int:
    statement = "MATCH (m:Member) WHERE m.nameOrder IS NULL OR m.joinedOrder IS NULL RETURN count(m) AS n"
    return int((await driver.read(statement))[0]["n"])


@pytest.mark.parametrize("order", ["NAME", "JOINED_AT"])
async def test_paging_through_everyone_gives_each_member_once_in_order(community: GraphDriver, order: str) -> None:
    pages = _pages(community)
    await pages.windows.refresh()
    assert await _walk(pages, order) == await _everyone(community, order)


@pytest.mark.parametrize("order", ["NAME", "JOINED_AT"])
async def test_an_engine_that_reads_windows_reads_a_page_from_one(
    community: GraphDriver, order: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = _pages(community)
    await pages.windows.refresh()
    sent = _record_reads(community, monkeypatch)
    await pages.page(criteria=MemberCriteria(), order=order, limit=LIMIT)  # type: ignore[arg-type]
    windowed = community.members_window(order) is not None
    assert len(sent) == 1
    assert ("$windowFrom" in sent[0]) is windowed


@pytest.mark.parametrize("order", ["NAME", "JOINED_AT"])
async def test_a_stale_sample_still_gives_the_right_pages(community: GraphDriver, order: str) -> None:
    pages = _pages(community)
    await pages.windows.refresh()
    everyone = await _everyone(community, order)
    # The sample still counts the members gone and none of the new ones.
    await community.write("MATCH (m:Member) WHERE m.id IN $ids DETACH DELETE m", {"ids": everyone[2:40]})
    repository = GraphRepository(community)
    for n in range(5):
        await repository.create_member(handle=f"aaron-{n}", name=f"Aaron Aalto {n}", joined_at=f"2030-01-0{n + 1}T09:00:00Z")
    assert await _walk(pages, order) == await _everyone(community, order)


async def test_without_a_sample_the_page_is_read_from_every_member(community: GraphDriver) -> None:
    pages = _pages(community)  # no sample taken yet
    page = await pages.page(criteria=MemberCriteria(), order="NAME", limit=LIMIT)
    assert [ranked.member.id for ranked in page] == (await _everyone(community, "NAME"))[:LIMIT]


async def test_taking_the_sample_gives_keys_to_members_without_them(community: GraphDriver) -> None:
    await community.write("MATCH (m:Member) WHERE m.handle STARTS WITH 'a' REMOVE m.nameOrder, m.joinedOrder")
    keyless = await _keyless(community)
    assert keyless > 0
    pages = _pages(community)
    await pages.windows.refresh()
    # An engine that reads no windows samples no keys, and needs none.
    assert await _keyless(community) == (0 if community.members_window("NAME") is not None else keyless)
    rows = await community.read("MATCH (m:Member) RETURN m.name AS name, m.joinedAt AS joinedAt, m.nameOrder AS n, m.joinedOrder AS j")
    keyed = [row for row in rows if row["n"] is not None]
    assert all(row["n"] == name_order(row["name"]) and row["j"] == joined_order(row["joinedAt"]) for row in keyed)
    assert await _walk(pages, "NAME") == await _everyone(community, "NAME")


async def test_members_loaded_in_bulk_have_their_order_keys(community: GraphDriver) -> None:
    assert await _keyless(community) == 0


async def test_a_new_member_has_both_order_keys(driver: GraphDriver) -> None:
    member = await GraphRepository(driver).create_member(handle="zoe", name="Zoë Quist", joined_at="2024-05-31T09:00:00Z")
    rows = await driver.read("MATCH (m:Member {id: $id}) RETURN m.nameOrder AS n, m.joinedOrder AS j", {"id": member.id})
    assert rows == [{"n": name_order("Zoë Quist"), "j": joined_order("2024-05-31T09:00:00Z")}]


async def test_a_renamed_member_has_the_new_names_key(driver: GraphDriver) -> None:
    repository = GraphRepository(driver)
    member = await repository.create_member(handle="zoe", name="Zoë Quist")
    await repository.update_member(member.id, name="Anna Quist")
    rows = await driver.read("MATCH (m:Member {id: $id}) RETURN m.nameOrder AS n", {"id": member.id})
    assert rows == [{"n": name_order("Anna Quist")}]


_CREATES_A_MEMBER = re.compile(r"(CREATE|MERGE) \(m:Member[ :{)]")


def test_every_statement_that_creates_a_member_writes_its_order_keys() -> None:
    creating = {name: text for name, text in all_statements().items() if _CREATES_A_MEMBER.search(text)}
    assert "queries.CREATE_MEMBER" in creating and "queries.LOAD_MEMBERS" in creating
    # By name in the statement, or through a map of properties its caller fills (SCIM, imports).
    missing = {
        name for name, text in creating.items()
        if "joinedOrder" not in text or ("nameOrder" not in text and "SET m += $" not in text)
    }
    assert not missing, missing


def test_name_keys_grow_with_the_names_as_the_engines_compare_them() -> None:
    names = sorted(
        ["Ada", "Ada Adeyemi", "Adam", "Álvaro", "Zoë", "zoe", "Łukasz", "", "Ada Adeyemi Jr", "李", "Aé Z", "Aê A", "A~"]
    )
    keys = [name_order(name) for name in names]
    assert keys == sorted(keys)


def test_every_name_key_is_exact_as_a_double() -> None:
    # FalkorDB's range index compares numbers as doubles: a window's bounds must be exact.
    keys = [name_order(name) for name in ["", "Maria A", "Maria B", "zzzzzzzzz", "\U0010ffff" * 3, "~~~~~~~"]]
    assert all(0 <= key < NAME_KEY_END <= 2**53 and float(key) == key for key in keys)
    assert name_order("Maria A") + 1 == name_order("Maria B")


async def test_a_window_by_name_holds_the_members_its_bounds_say(driver: GraphDriver) -> None:
    repository = GraphRepository(driver)
    for n, letter in enumerate("ABCDEFGH"):  # keys one apart, where eight bits a byte lost them
        await repository.create_member(handle=f"maria{n}", name=f"Maria {letter}")
    window = {"windowFrom": name_order("Maria B"), "windowTo": name_order("Maria F")}
    statement = "MATCH (m:Member) WHERE m.nameOrder >= $windowFrom AND m.nameOrder < $windowTo RETURN m.name AS name"
    assert sorted(row["name"] for row in await driver.read(statement, window)) == ["Maria B", "Maria C", "Maria D", "Maria E"]


async def test_taking_the_sample_writes_again_a_name_key_of_the_earlier_form(community: GraphDriver) -> None:
    earlier = int.from_bytes(b"Zzzzzzz", "big")  # eight bits a byte, as earlier versions wrote it
    statement = "MATCH (m:Member) WHERE m.handle STARTS WITH 'a' SET m.nameOrder = $earlier RETURN count(m) AS n"
    assert (await community.write(statement, {"earlier": earlier}))[0]["n"] > 0
    pages = _pages(community)
    await pages.windows.refresh()
    rows = await community.read("MATCH (m:Member) RETURN m.name AS name, m.nameOrder AS n")
    rewritten = all(row["n"] == name_order(row["name"]) for row in rows)
    # An engine that reads no windows samples no keys, and reads none of them.
    assert rewritten == (community.members_window("NAME") is not None)
    assert await _walk(pages, "NAME") == await _everyone(community, "NAME")


def test_join_keys_grow_as_the_dates_go_back() -> None:
    dates = ["2024-05-31T09:00:00Z", "2024-05-31T09:00:01Z", "2025-01-01T00:00:00Z"]
    keys = [joined_order(date) for date in dates]
    assert keys == sorted(keys, reverse=True)


def test_every_key_lies_within_its_orders_bounds() -> None:
    name_low, name_end = KEY_BOUNDS[NAME_ORDER]
    joined_low, joined_end = KEY_BOUNDS[JOINED_ORDER]
    names = ["", "\x00", "Ada", "zzzzzzzzz", "\U0010ffff" * 3]
    dates = ["0000-01-01T00:00:00Z", "2024-05-31T09:00:00Z", "9999-12-31T23:59:59Z", ""]
    assert all(name_low <= name_order(name) < name_end for name in names)
    assert all(joined_low <= joined_order(date) < joined_end for date in dates)


@pytest.mark.parametrize("order", ["NAME", "JOINED_AT"])
async def test_windows_reach_no_further_than_the_keys_can_lie(community: GraphDriver, order: str) -> None:
    # FalkorDB's range index reads a range whose bound lies far past its keys several times slower.
    if community.members_window(order) is None:
        pytest.skip("this engine reads members in order from an index: it samples no keys")
    windows = MemberWindows(community, step=STEP)
    await windows.refresh()
    low, end = KEY_BOUNDS[NAME_ORDER if order == "NAME" else JOINED_ORDER]
    first, last = windows.window(order, None, LIMIT), windows.window(order, None, 10_000)
    assert first is not None and last is not None
    assert (first.start, first.to_the_end) == (low, False)
    assert (last.start, last.end, last.to_the_end) == (low, end, True)


def test_the_sample_statements_are_in_the_catalog() -> None:
    names = all_statements()
    assert any(name.startswith("queries.order_keys.key_sample") for name in names)
    assert "queries.order_keys.GIVE_KEYS" in names


async def test_members_whose_names_share_their_first_letters_fill_one_window(
    driver: GraphDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = GraphRepository(driver)
    for n in range(30):  # "Member 0" is seven bytes: every name has the same key
        await repository.create_member(handle=f"m{n:03d}", name=f"Member {n:03d}")
    pages = _pages(driver)
    await pages.windows.refresh()
    sent = _record_reads(driver, monkeypatch)
    page = await pages.page(criteria=MemberCriteria(), order="NAME", limit=LIMIT)
    assert [ranked.member.name for ranked in page] == [f"Member {n:03d}" for n in range(LIMIT)]
    assert len(sent) == 1


@pytest.mark.parametrize("order", ["NAME", "JOINED_AT"])
@pytest.mark.parametrize("which", ["most held", "least held"])
async def test_a_page_by_passion_is_the_page_its_members_give(community: GraphDriver, order: str, which: str) -> None:
    pages = _pages(community)
    await pages.windows.refresh()
    passions = await _passions(community)
    slug = passions[0] if which == "most held" else passions[-1]
    after: tuple[Any, str] | None = None
    for _ in range(4):
        page = await pages.page(criteria=MemberCriteria(passions=(slug,)), order=order, limit=LIMIT, after=after)  # type: ignore[arg-type]
        assert [ranked.member.id for ranked in page] == await page_from_the_passion(community, slug, order, after, LIMIT)
        if len(page) < LIMIT:
            break
        after = (page[-1].sort_key, page[-1].member.id)


async def _statements_of_a_passion_page(
    driver: GraphDriver, monkeypatch: pytest.MonkeyPatch, *, most_held: bool, walk_cost_ratio: float = 0
) -> list[str]:
    """What a first page by the most (or least) held passion reads, its counts sampled first."""
    pages = _pages(driver, walk_cost_ratio=walk_cost_ratio)
    await pages.windows.refresh()
    passions = await _passions(driver)
    sent = _record_reads(driver, monkeypatch)
    await pages.page(criteria=MemberCriteria(passions=(passions[0 if most_held else -1],)), order="NAME", limit=3)
    return sent


async def test_a_page_by_a_passion_many_hold_is_read_from_one_window_where_the_engine_reads_them(
    community: GraphDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = await _statements_of_a_passion_page(community, monkeypatch, most_held=True)
    windowed = community.members_window("NAME") is not None
    assert ["$windowFrom" in statement for statement in sent] == [windowed]


async def test_a_page_by_a_passion_few_hold_starts_from_the_passion(
    community: GraphDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = await _statements_of_a_passion_page(community, monkeypatch, most_held=False, walk_cost_ratio=20)
    assert len(sent) == 1
    assert sent[0].startswith("MATCH (:Passion {slug: $passion})") and "$walk" not in sent[0]


async def test_a_page_by_a_passion_many_hold_walks_members_in_order_where_the_engine_walks_them(
    community: GraphDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = await _statements_of_a_passion_page(community, monkeypatch, most_held=True)
    in_order = community.members_walk("NAME", after=False) is not None
    assert [("$walk" in statement and "$windowFrom" not in statement) for statement in sent] == [in_order]


async def test_an_engine_that_walks_in_order_samples_no_keys(
    community: GraphDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = _pages(community)
    sent = _record_reads(community, monkeypatch)
    await pages.windows.refresh()
    sampled = any("collect(key)" in statement for statement in sent)
    assert sampled == (community.members_window("NAME") is not None)


@pytest.mark.parametrize("order", ["NAME", "JOINED_AT"])
async def test_a_sample_taken_range_by_range_gives_the_windows_of_one_taken_whole(
    community: GraphDriver, monkeypatch: pytest.MonkeyPatch, order: str
) -> None:
    ranged = MemberWindows(community, step=STEP, range_members=STEP * 5)
    await ranged.refresh()  # by even cuts of the keys' span: no earlier sample bounds the ranges
    repository = GraphRepository(community)
    for n, name in enumerate(["Aaron Abbot", "Mia Moss", "Mia Moss", "Zed Zane", "Quinn Reyes"]):
        await repository.create_member(handle=f"late{n}", name=name)  # the ranges no longer fall on the step
    whole = MemberWindows(community, step=STEP)
    await whole.refresh()
    sent = _record_reads(community, monkeypatch)
    await ranged.refresh()
    keys = sorted(row["key"] for row in await community.read(f"MATCH (m:Member) RETURN m.{_KEY[order]} AS key"))
    for after in [None, *keys[::7]]:
        assert ranged.window(order, after, LIMIT) == whole.window(order, after, LIMIT)
    samples = sum("collect(key)" in statement for statement in sent)
    sampled = community.members_window(order) is not None
    assert samples > 2 * 2 if sampled else samples == 0  # two keys, several ranges each


@pytest.mark.parametrize("refreshes", [1, 2], ids=["by even cuts", "by an earlier sample"])
async def test_paging_through_everyone_with_a_sample_taken_by_ranges_gives_each_member_once(
    community: GraphDriver, monkeypatch: pytest.MonkeyPatch, refreshes: int
) -> None:
    pages = _pages(community)
    pages.windows = MemberWindows(community, step=STEP, range_members=STEP * 3)
    for _ in range(refreshes - 1):
        await pages.windows.refresh()
    sent = _record_reads(community, monkeypatch)
    await pages.windows.refresh()
    if community.members_window("NAME") is not None:
        assert sum("collect(key)" in statement for statement in sent) > 2 * 2
    assert await _walk(pages, "NAME") == await _everyone(community, "NAME")


async def test_the_holders_of_each_passion_are_counted_a_batch_of_passions_at_a_time(
    community: GraphDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(member_windows, "HOLDER_BATCH", 3)
    windows = MemberWindows(community, step=STEP)
    sent = _record_reads(community, monkeypatch)
    await windows.refresh()
    rows = await community.read(
        "MATCH (p:Passion) OPTIONAL MATCH (p)<-[r:PASSIONATE_ABOUT]-() RETURN p.slug AS slug, count(r) AS n"
    )
    assert {row["slug"]: windows.held_by(row["slug"]) for row in rows} == {row["slug"]: row["n"] for row in rows}
    counted = [statement for statement in sent if statement == community.member_counts_of_passions()]
    assert len(counted) == -(-len(rows) // 3)


async def test_a_graph_api_worker_takes_the_sample_as_it_starts_before_any_page(
    community: GraphDriver, database: TestDatabase
) -> None:
    # Taken by the first page instead, every page until it is done sorts every member.
    most_held = (await _passions(community))[0]
    with LiveServer(database.settings()) as server:
        windows = server.app.state.store.repository.member_pages.windows
        assert windows.held_by(most_held) > 0
        if community.members_window("NAME") is not None:
            assert windows.window("NAME", None, LIMIT) is not None
