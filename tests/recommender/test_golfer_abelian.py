"""Schedules invariant under an abelian group of translations (golfer/abelian.py): 32 in fours for
10 rounds is built, not stored, and is a resolvable 4-GDD of type 2^16."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from recommender.algorithms.golfer.abelian import translation_schedule, translation_search
from recommender.algorithms.golfer.constructions import construction_for

Z4_X_Z4 = ((4, 4), 2, 4, 10, ((0, 2),))  # group, levels, table size, rounds, leave


def meetings(schedule) -> Counter:  # noqa: ANN001
    return Counter(pair for tables in schedule for t in tables for pair in combinations(sorted(t), 2))


def test_32_in_fours_get_ten_rounds_of_eight_tables_of_four():
    schedule = translation_schedule(*Z4_X_Z4)
    assert schedule is not None and len(schedule) == 10
    for tables in schedule:
        assert sorted(len(t) for t in tables) == [4] * 8
        assert sorted(x for t in tables for x in t) == list(range(32))


def test_no_pair_of_the_32_meets_twice():
    assert max(meetings(translation_schedule(*Z4_X_Z4)).values()) == 1


def test_each_of_the_32_misses_exactly_one_other_the_second_coordinate_plus_2():
    met = meetings(translation_schedule(*Z4_X_Z4))
    for x in range(32):
        missed = [y for y in range(32) if y != x and (min(x, y), max(x, y)) not in met]
        level, rest = divmod(x, 16)
        a, b = divmod(rest, 4)
        assert missed == [16 * level + 4 * a + (b + 2) % 4]


def test_the_schedule_is_invariant_under_the_translations():
    schedule = translation_schedule(*Z4_X_Z4)
    rounds = {frozenset(frozenset(t) for t in r) for r in schedule}

    def move(x: int, u: int, v: int) -> int:
        level, rest = divmod(x, 16)
        a, b = divmod(rest, 4)
        return 16 * level + 4 * ((a + u) % 4) + (b + v) % 4

    for u, v in [(1, 0), (0, 1)]:
        assert {frozenset(frozenset(move(x, u, v) for x in t) for t in r) for r in rounds} == rounds


def test_the_search_is_deterministic_and_small():
    first, stats = translation_search(*Z4_X_Z4)
    again, _ = translation_search(*Z4_X_Z4)
    assert first == again
    assert stats.nodes < 100


def test_no_z16_invariant_schedule_of_that_shape():
    schedule, stats = translation_search((16,), 2, 4, 10, ((8,),))
    assert schedule is None and stats.exhausted


def test_the_construction_for_32_in_fours_is_the_translation_design():
    c = construction_for(32, 4, 10)
    assert c is not None and c.capacity == 10
    assert c.method == "resolvable 4-GDD of type 2^16 over Z_4 x Z_4"
    assert c.rounds == translation_schedule(*Z4_X_Z4)


def test_30_in_fours_drop_two_players_who_never_meet():
    c = construction_for(30, 4, 10)
    assert c is not None and c.capacity == 10
    assert max(meetings(c.rounds).values()) == 1


def test_no_schedule_when_the_rounds_pairs_are_not_the_pairs_outside_the_leave():
    assert translation_schedule((4, 4), 2, 4, 9, ((0, 2),)) is None  # 9 rounds leave pairs over
