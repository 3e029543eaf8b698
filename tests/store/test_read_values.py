"""What a read returns, value by value, on both engines: plain Python values (FalkorDB's compact
reply is decoded by the adapter itself, without the client's coroutine per value)."""

from __future__ import annotations

import pytest

from graph_api.store.driver import GraphDriver

PLAIN = (
    "RETURN 'Ada' AS text, 42 AS whole, 2.5 AS fraction, 3.0 AS round_float, true AS yes, false AS no, "
    "null AS nothing, [1, 'two', [3.5, null]] AS list, {name: 'Ada', tags: ['x', 'y'], inner: {on: true}} AS map, "
    "[] AS empty_list, {} AS empty_map, '' AS empty_text, 'é ✓ 🙂' AS unicode"
)


async def test_a_read_returns_plain_python_values_of_every_kind(driver: GraphDriver) -> None:
    (row,) = await driver.read(PLAIN)
    assert row == {
        "text": "Ada",
        "whole": 42,
        "fraction": 2.5,
        "round_float": 3.0,
        "yes": True,
        "no": False,
        "nothing": None,
        "list": [1, "two", [3.5, None]],
        "map": {"name": "Ada", "tags": ["x", "y"], "inner": {"on": True}},
        "empty_list": [],
        "empty_map": {},
        "empty_text": "",
        "unicode": "é ✓ 🙂",
    }
    assert type(row["whole"]) is int and type(row["fraction"]) is float and type(row["map"]) is dict


async def test_a_read_with_parameters_returns_them_unchanged(driver: GraphDriver) -> None:
    params = {"text": "it's \"quoted\" \\ and `ticked`", "numbers": [1, 2.5], "nested": {"a": [True, None]}}
    (row,) = await driver.read("RETURN $text AS text, $numbers AS numbers, $nested AS nested", params)
    assert row == params


async def test_a_read_without_rows_returns_an_empty_list(driver: GraphDriver) -> None:
    assert await driver.read("MATCH (m:Member {id: 'nobody'}) RETURN m.id AS id") == []


@pytest.mark.parametrize("database", ["falkordb"], indirect=True)
async def test_a_falkordb_value_the_adapter_does_not_decode_is_left_to_the_client(driver: GraphDriver) -> None:
    (row,) = await driver.read("RETURN point({latitude: 1.5, longitude: 2.5}) AS place, 'Ada' AS name")
    assert row == {"place": {"latitude": 1.5, "longitude": 2.5}, "name": "Ada"}
