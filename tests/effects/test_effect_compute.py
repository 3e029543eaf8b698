"""The pure effect computation (graph_api/effects/compute.py), on hand-made inputs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph_api.effects.compute import Aim, Answer, Community, compute_effect, group_of_answers, tie_dates
from graph_api.effects.wording import summary
from graph_api.kpis.health import Scope

P = date(2026, 3, 1)


def community(*bonds: tuple[str, str, str | None]) -> Community:
    team = {"a": "T1", "b": "T1", "c": "T2", "d": "T2", "e": None}
    return Community(team=team, site={m: None for m in team}, passions={},
                     bond_a=[x for x, _, _ in bonds], bond_b=[y for _, y, _ in bonds], bond_since=[s for _, _, s in bonds])


def day(offset: int) -> str:
    return (P + timedelta(days=offset)).isoformat()


def test_a_tie_is_dated_by_its_earliest_bond_and_an_undated_bond_is_old() -> None:
    ties = tie_dates(community(("a", "c", day(5)), ("c", "a", day(-2)), ("b", "d", day(3)), ("d", "b", None),
                               ("a", "a", day(1)), ("a", "zed", day(1))))
    assert ties == {("a", "c"): P - timedelta(days=2), ("b", "d"): None}


def test_one_accept_among_declines_counts_as_accepted_and_later_answers_are_unknown() -> None:
    answers = [Answer("a", "accepted", day(1)), Answer("a", "declined", day(1)), Answer("b", "declined", day(1)),
               Answer("c", "pending", None), Answer("d", "accepted", day(20))]
    assert group_of_answers(answers, P + timedelta(days=10)) == ({"a"}, {"b", "c", "d"})


def test_the_windows_hold_their_first_and_last_day_only() -> None:
    answers = [Answer("a", "accepted", day(0)), Answer("c", "declined", day(0))]
    report = compute_effect(community(("a", "b", day(0)), ("a", "c", day(29)), ("a", "d", day(30)), ("b", "d", day(-1))),
                            answers, [], published_on=P, as_of=P + timedelta(days=40))
    so_far, thirty, ninety = report.windows
    assert (so_far.accepted.new_ties, thirty.accepted.new_ties) == (3, 2)
    assert (so_far.accepted.new_cross_team_ties, thirty.accepted.new_cross_team_ties) == (2, 1)
    assert thirty.others.new_ties == 1  # a-c, dated on the window's last day
    assert not ninety.over and ninety.accepted is None and ninety.ends_on == P + timedelta(days=89)


def test_a_new_tie_between_two_accepted_members_counts_for_each() -> None:
    answers = [Answer("a", "accepted", day(0)), Answer("b", "accepted", day(0))]
    report = compute_effect(community(("a", "b", day(2))), answers, [], published_on=P, as_of=P + timedelta(days=5))
    assert report.windows[0].accepted.new_ties == 2 and report.windows[0].accepted.new_ties_per_member == 1.0


def test_the_kpi_of_a_group_is_measured_on_the_graph_before_publishing_and_at_the_window_end() -> None:
    answers = [Answer("a", "accepted", day(0)), Answer("e", "declined", day(0))]
    aims = [Aim("t1", "ISOLATED_SHARE", Scope.community(), 0.0), Aim("t2", "CROSS_TEAM_BOND_SHARE", Scope.team("T1"), 0.5),
            Aim("t3", "PURPOSE_COVERAGE", Scope.community(), 0.5)]
    report = compute_effect(community(("a", "b", day(-5)), ("a", "c", day(3))), answers, aims, published_on=P,
                            as_of=P + timedelta(days=5))
    isolated, cross, coverage = report.windows[0].accepted.kpis
    assert (isolated.before, isolated.after, isolated.change) == (0.0, 0.0, 0.0)
    assert (cross.members, cross.before, cross.after, cross.change) == (1, 0.0, 0.5, 0.5)
    assert not coverage.measurable and coverage.note and coverage.before is None
    assert report.windows[0].others.kpis[0].before == 1.0  # e has no tie at all


def test_the_summary_names_the_window_and_warns_about_small_groups() -> None:
    answers = [Answer("a", "accepted", day(0)), Answer("c", "declined", day(0))]
    report = compute_effect(community(("a", "b", day(1))), answers, [], published_on=P, as_of=P + timedelta(days=3))
    assert summary(report) == (
        "So far, the 1 who accepted made 1.0 new ties each (0.0 across teams); the 1 who did not, 0.0 new ties "
        "each (0.0 across teams). Too few people in one group to conclude anything: 1 accepted, 1 did not."
    )


def test_an_as_of_before_publishing_is_an_error() -> None:
    with pytest.raises(ValueError):
        compute_effect(community(), [], [], published_on=P, as_of=P - timedelta(days=1))
