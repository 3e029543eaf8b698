"""Consent in the recommender: a pair kept apart (one asked not to be introduced to the other)
is never put together by any algorithm, and members are left out of kinds they turned off."""

from __future__ import annotations

import dataclasses
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommender.algorithms._apart import holds_apart_pair, separate
from recommender.algorithms.events import propose_event_rounds
from recommender.algorithms.intros import propose_intros
from recommender.algorithms.purpose import propose_purpose_groups
from recommender.algorithms.skills import propose_skill_matches
from recommender.graph_client import RecommendationContext, Snapshot, to_community
from recommender.model import Community, Grouping, MemberSnapshot, ProposalSet, Quality, Reason, pair
from recommender.runs import _check_proposed
from tests.recommender.test_quality import FAST, communities


def jazz_lovers(n: int, **extra: object) -> tuple[MemberSnapshot, ...]:
    """n members who all love jazz, each in their own team and site."""
    return tuple(
        MemberSnapshot(id=f"m{i:02d}", team=f"t{i}", site=f"s{i % 3}", passions={"jazz": 5, "chess": 1 + i % 5}, **extra)
        for i in range(n)
    )


def apart_community(n: int, *apart: tuple[str, str]) -> Community:
    pairs = frozenset(pair(a, b) for a, b in apart)
    return Community(members=jazz_lovers(n), blocked_pairs=pairs, apart_pairs=pairs)


def together(groupings: tuple[Grouping, ...], apart: frozenset[tuple[str, str]]) -> list[tuple[str, ...]]:
    return [g.members for g in groupings if holds_apart_pair(g.members, apart)]


# The repair every grouping algorithm ends with ------------------------------------------------


def test_separate_swaps_a_kept_apart_member_with_someone_of_another_group() -> None:
    groups = separate([["a", "b", "c"], ["d", "e", "f"]], {("a", "b")}, min_size=3)
    assert groups is not None
    assert sorted(len(g) for g in groups) == [3, 3]
    assert not any(holds_apart_pair(g, {("a", "b")}) for g in groups)


def test_separate_leaves_a_member_out_when_no_swap_parts_them_and_the_group_stays_big_enough() -> None:
    assert separate([["a", "b", "c", "d", "e"]], {("a", "b")}, min_size=4) == [["a", "c", "d", "e"]]


def test_separate_drops_a_group_that_cannot_be_parted_or_shrunk() -> None:
    assert separate([["a", "b", "c", "d"]], {("a", "b")}, min_size=4) == []


def test_separate_without_a_minimum_says_when_a_table_cannot_be_parted() -> None:
    assert separate([["a", "b"]], {("a", "b")}, min_size=None) is None


# Purpose groups -------------------------------------------------------------------------------


def test_purpose_groups_never_hold_a_kept_apart_pair_and_still_place_everyone() -> None:
    community = apart_community(12, ("m00", "m01"), ("m00", "m02"), ("m01", "m02"), ("m03", "m04"))
    proposal = propose_purpose_groups(community, min_size=4, max_size=4)
    assert together(proposal.groupings, community.apart_pairs) == []
    assert sum(len(g.members) for g in proposal.groupings) == 12


def test_purpose_proposes_no_group_when_the_only_possible_one_holds_a_kept_apart_pair() -> None:
    community = apart_community(4, ("m00", "m03"))
    assert propose_purpose_groups(community, min_size=4, max_size=4).groupings == ()


@FAST
@given(communities(min_members=4, max_members=30, blocked=False), st.data())
def test_purpose_groups_of_any_community_never_hold_a_kept_apart_pair(community: Community, data: st.DataObject) -> None:
    ids = [m.id for m in community.members]
    apart = frozenset(data.draw(st.lists(st.sampled_from(list(combinations(ids, 2))), max_size=len(ids))))
    community = dataclasses.replace(community, apart_pairs=apart, blocked_pairs=community.blocked_pairs | apart)
    for max_groups in (1, 2):
        proposal = propose_purpose_groups(community, min_size=3, max_size=5, max_groups_per_member=max_groups)
        assert together(proposal.groupings, apart) == []


# Event tables ---------------------------------------------------------------------------------


def test_event_tables_never_seat_a_kept_apart_pair_together_in_any_round() -> None:
    community = apart_community(12, ("m00", "m01"), ("m02", "m03"))
    attendees = [m.id for m in community.members]
    proposal = propose_event_rounds(community, attendees, table_size=4, rounds=4, time_limit=5)
    assert together(proposal.groupings, community.apart_pairs) == []
    for round_no in range(1, 5):
        seated = sorted(m for g in proposal.groupings if g.round == round_no for m in g.members)
        assert seated == sorted(attendees)


def test_an_event_with_one_table_cannot_keep_a_pair_apart_and_says_so() -> None:
    community = apart_community(4, ("m00", "m01"))
    with pytest.raises(ValueError, match="cannot be seated apart"):
        propose_event_rounds(community, [m.id for m in community.members], table_size=4, rounds=1, time_limit=5)


# Intros and skills pairings (kept-apart pairs are blocked pairs) ------------------------------


def test_intros_never_introduce_a_kept_apart_pair() -> None:
    community = apart_community(2, ("m00", "m01"))
    assert propose_intros(community).groupings == ()
    assert len(propose_intros(apart_community(2)).groupings) == 1


def test_skills_never_pair_a_kept_apart_seeker_and_offerer() -> None:
    seeker = MemberSnapshot(id="m00", team="t0", site="s0", passions={}, seeks=frozenset({"python"}))
    offerer = MemberSnapshot(id="m01", team="t1", site="s1", passions={}, offers=frozenset({"python"}))
    apart = frozenset({("m00", "m01")})
    assert propose_skill_matches(Community(members=(seeker, offerer), blocked_pairs=apart, apart_pairs=apart)).groupings == ()
    assert len(propose_skill_matches(Community(members=(seeker, offerer))).groupings) == 1


# From graph-api's answers to each run's community ---------------------------------------------


def snapshot_of(*members: MemberSnapshot) -> Snapshot:
    return Snapshot(members=members, bond_kinds={})


def test_kept_apart_pairs_are_blocked_pairs_too_even_when_graph_api_lists_them_once() -> None:
    snapshot = snapshot_of(*jazz_lovers(3))
    context = RecommendationContext(accepted_groups=(), blocked_pairs=frozenset(), apart_pairs=frozenset({("m00", "m01")}))
    community = to_community(snapshot, context)
    assert community.apart_pairs == {("m00", "m01")}
    assert ("m00", "m01") in community.blocked_pairs


def test_a_run_leaves_out_members_who_turned_its_kind_off() -> None:
    wants_all, *_ = jazz_lovers(1)
    no_intros = dataclasses.replace(jazz_lovers(2)[1], wants_kinds=frozenset({"purpose", "skills", "events"}))
    context = RecommendationContext(accepted_groups=(), blocked_pairs=frozenset({("m00", "m01")}))
    intros = to_community(snapshot_of(wants_all, no_intros), context, kind="intros")
    purpose = to_community(snapshot_of(wants_all, no_intros), context, kind="purpose")
    assert [m.id for m in intros.members] == ["m00"]
    assert intros.blocked_pairs == frozenset()
    assert [m.id for m in purpose.members] == ["m00", "m01"]


def test_a_run_refuses_to_store_a_grouping_that_holds_a_kept_apart_pair() -> None:
    community = apart_community(2, ("m00", "m01"))
    reason = Reason(text="")
    proposal = ProposalSet(
        kind="intros", groupings=(Grouping(members=("m00", "m01"), reason=reason),),
        quality=Quality(0, 0, 0, 0, 0, 0, 0, 0, 0),
        parameters={}, algorithm_version="test",
    )
    with pytest.raises(RuntimeError, match="kept apart"):
        _check_proposed(proposal, community)
