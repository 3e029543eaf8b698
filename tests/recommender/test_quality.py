"""Quality figures, the combined objective and explanations, checked against hand computations.

Also holds helpers shared by the other recommender tests: a Hypothesis strategy of
random communities and an independent checker of explanations (``check_reason``).
"""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.explain import Explainer, explain_group, explain_skill_match
from recommender.model import Community, Grouping, MemberSnapshot, Reason, pair
from recommender.quality import measure, objective, pair_strength, pair_weight, silo_index

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PASSIONS = ("jazz", "hiking", "chess", "baking", "yoga", "go", "poetry", "sailing")


def member(mid: str, team: str | None = "t1", site: str | None = "s1", opt_out: bool = False, **passions: int):
    return MemberSnapshot(id=mid, team=team, site=site, passions=dict(passions), opt_out=opt_out)


# ---------------------------------------------------------------------------
# shared helpers
# ---------------------------------------------------------------------------


@st.composite
def communities(
    draw,
    min_members: int = 0,
    max_members: int = 40,
    teams: int | None = None,
    passions: tuple[str, ...] = PASSIONS,
    skills: tuple[str, ...] = ("python", "sql", "figma", "excel"),
    opt_out: bool = True,
    accepted: bool = True,
    blocked: bool = True,
) -> Community:
    """Random communities: a few teams and sites (sometimes missing), 0-4 passions each, bonds, skills."""
    n = draw(st.integers(min_members, max_members))
    n_teams = teams if teams is not None else draw(st.integers(1, 6))
    ids = [f"m{i:03d}" for i in range(n)]
    members = []
    for mid in ids:
        team = None if draw(st.integers(0, 14)) == 0 else draw(st.sampled_from([f"team{t}" for t in range(n_teams)]))
        site = draw(st.sampled_from(["s0", "s1", "s2", None]))
        ps = draw(st.dictionaries(st.sampled_from(passions), st.integers(1, 5), max_size=4)) if passions else {}
        seeks = draw(st.frozensets(st.sampled_from(skills), max_size=2)) if skills else frozenset()
        offers = draw(st.frozensets(st.sampled_from(skills), max_size=2)) if skills else frozenset()
        out = draw(st.integers(0, 9)) == 0 if opt_out else False
        members.append(MemberSnapshot(id=mid, team=team, site=site, passions=ps, seeks=seeks, offers=offers,
                                      opt_out=out))
    all_pairs = list(combinations(ids, 2))
    bonds = frozenset(draw(st.lists(st.sampled_from(all_pairs), max_size=3 * n))) if all_pairs else frozenset()
    blocked_pairs = (
        frozenset(draw(st.lists(st.sampled_from(all_pairs), max_size=n))) if blocked and all_pairs else frozenset()
    )
    groups: tuple[frozenset[str], ...] = ()
    if accepted and n >= 4 and draw(st.booleans()):
        picks = draw(st.lists(st.lists(st.sampled_from(ids), min_size=4, max_size=6, unique=True), max_size=2))
        groups = tuple(frozenset(p) for p in picks)
    return Community(members=tuple(members), bonds=bonds, accepted_groups=groups, blocked_pairs=blocked_pairs)


def check_reason(community: Community, grouping: Grouping, *, focus: frozenset[str] | None = None) -> None:
    """The reason of a grouping matches the data (recomputed here independently of recommender.explain)."""
    lookup = {m.id: m for m in community.members}
    members = [lookup[i] for i in grouping.members]
    reason: Reason = grouping.reason
    n = len(members)

    def held(m: MemberSnapshot) -> dict[str, int]:
        return {p: v for p, v in m.passions.items() if focus is None or p in focus}

    # shared passions: exact intensities in member order, held by 2+ members
    for slug, vals in reason.shared_passions:
        assert vals == tuple(held(m).get(slug, 0) for m in members), (slug, vals)
        assert sum(1 for v in vals if v) >= 2
    everyone = set(held(members[0])) if members else set()
    for m in members[1:]:
        everyone &= set(held(m))
    if everyone:
        listed = [slug for slug, _ in reason.shared_passions]
        assert listed and all(all(v for v in vals) for _, vals in reason.shared_passions)
        ranked = sorted(everyone, key=lambda p: (-sum(held(m)[p] for m in members), p))
        assert listed == ranked[: len(listed)]
    else:
        anyone_shares = any(
            sum(1 for m in members if p in held(m)) >= 2 for p in {p for m in members for p in held(m)}
        )
        assert bool(reason.shared_passions) == anyone_shares
    # teams, sites, pairs
    assert reason.teams == tuple(dict.fromkeys(m.team for m in members if m.team is not None))
    assert reason.sites == tuple(dict.fromkeys(m.site for m in members if m.site is not None))
    assert reason.total_pairs == n * (n - 1) // 2
    assert reason.new_pairs == sum(1 for a, b in combinations(grouping.members, 2) if pair(a, b) not in community.bonds)
    # the words say the same
    text = reason.text
    for mid in grouping.members:
        assert mid in text
    for slug, _ in reason.shared_passions:
        assert slug in text
    assert "intensit" not in text  # said as a person would, without the numbers
    if not reason.shared_passions and reason.skill is None:
        assert "share no passion yet" in text
    if reason.shared_passions and not everyone:
        others = [m.id for k, m in enumerate(members) if not any(vals[k] for _, vals in reason.shared_passions)]
        if others:
            names = others[0] if len(others) == 1 else ", ".join(others[:-1]) + " and " + others[-1]
            assert f"{names} {'holds' if len(others) == 1 else 'hold'} none of these" in text
    t, s = len(reason.teams), len(reason.sites)
    assert f"they come from {t} team{'s' if t != 1 else ''} and {s} site{'s' if s != 1 else ''}" in text
    if n == 2:
        assert ("they have no bond yet" in text) == (reason.new_pairs == 1)
        assert ("they already have a bond" in text) == (reason.new_pairs == 0)
    elif reason.new_pairs == reason.total_pairs:
        assert "none of them has a bond with another yet" in text
    elif reason.new_pairs == 0:
        assert "already has a bond with each other" in text
    else:
        assert f"{reason.new_pairs} of their {reason.total_pairs} pairs have no bond yet" in text
    if reason.skill is not None:
        assert f"{grouping.members[0]} seeks {reason.skill} and {grouping.members[1]} offers it" in text
    assert text.endswith(".")


# ---------------------------------------------------------------------------
# explanations
# ---------------------------------------------------------------------------


def test_explanation_example_words():
    c = Community(
        members=(
            member("Ada", "t1", "s1", jazz=5, chess=1),
            member("Bob", "t2", "s2", jazz=4),
            member("Cy", "t3", "s3", jazz=4),
            member("Dee", "t4", "s1", jazz=3, chess=2),
        ),
    )
    r = explain_group(c, ("Ada", "Bob", "Cy", "Dee"))
    assert r.text == (
        "Ada, Bob, Cy and Dee all love jazz; "
        "they come from 4 teams and 3 sites and none of them has a bond with another yet."
    )
    assert r.shared_passions == (("jazz", (5, 4, 4, 3)),)
    assert r.teams == ("t1", "t2", "t3", "t4") and r.sites == ("s1", "s2", "s3")
    assert (r.new_pairs, r.total_pairs) == (6, 6)


def test_explanation_partly_shared_and_bonds_and_names():
    c = Community(
        members=(
            member("a", "t1", "s1", jazz=5, yoga=2),
            member("b", "t1", None, jazz=3),
            member("c", None, "s1", yoga=4),
            member("d", "t2", "s2", poetry=1),
        ),
        bonds=frozenset({("a", "b")}),
    )
    r = Explainer(c, names={"a": "Ada", "b": "Bob", "c": "Cy", "d": "Dee"}).reason(("a", "b", "c", "d"))
    assert r.shared_passions == (("jazz", (5, 3, 0, 0)), ("yoga", (2, 0, 4, 0)))
    assert r.text == (
        "Ada and Bob both love jazz; Ada and Cy both love yoga; "
        "Dee holds none of these; Bob, Cy and Dee share no passion with most of the group; "
        "they come from 2 teams and 2 sites and 5 of their 6 pairs have no bond yet."
    )
    check_reason(c, Grouping(members=("a", "b", "c", "d"), reason=explain_group(c, ("a", "b", "c", "d"))))


def test_explanation_nothing_shared_all_bonded_pair_and_skill():
    c = Community(
        members=(member("a", "t1", "s1", jazz=5), member("b", "t2", "s1", chess=3)),
        bonds=frozenset({("a", "b")}),
    )
    r = explain_group(c, ("a", "b"))
    assert r.text == "a and b share no passion yet; they come from 2 teams and 1 site and they already have a bond."
    s = explain_skill_match(c, "a", "b", "python")
    assert s.skill == "python"
    assert s.text == "a seeks python and b offers it; they come from 2 teams and 1 site and they already have a bond."


@FAST
@given(communities(min_members=2, max_members=10), st.data())
def test_explanations_match_data_on_random_groups(c, data):
    ids = [m.id for m in c.members]
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=min(8, len(ids)), unique=True))
    check_reason(c, Grouping(members=tuple(chosen), reason=explain_group(c, chosen)))


# ---------------------------------------------------------------------------
# measures
# ---------------------------------------------------------------------------


def _example() -> Community:
    return Community(
        members=(
            member("a", "t1", "s1", jazz=5, chess=2),
            member("b", "t1", "s2", jazz=3, chess=4),
            member("c", "t2", "s1", yoga=1),
            member("d", "t2", "s2", jazz=1),
            member("e", None, None, yoga=5),
            member("f", "t3", "s1"),
        ),
        bonds=frozenset({("a", "b"), ("c", "d"), ("a", "c"), ("b", "e")}),
    )


def test_pair_strength_and_weight():
    c = _example()
    m = {x.id: x for x in c.members}
    assert pair_strength(m["a"], m["b"]) == pytest.approx(3 / 5)  # jazz min 3, chess min 2 -> 3
    assert pair_strength(m["a"], m["c"]) == 0.0
    assert pair_strength(m["c"], m["e"]) == pytest.approx(1 / 5)
    assert pair_strength(m["a"], m["b"], frozenset({"chess"})) == pytest.approx(2 / 5)
    # a-d: strength 1/5; across teams yes, across sites yes, no bond -> bridging 1
    assert pair_weight(c, m["a"], m["d"]) == pytest.approx(0.5 * 0.2 + 0.5 * 1.0)
    # a-b: same team, other site, bonded -> bridging 1/3
    assert pair_weight(c, m["a"], m["b"]) == pytest.approx(0.5 * 0.6 + 0.5 / 3)


def test_measure_by_hand():
    c = _example()
    groups = [Grouping(members=("a", "b", "c"), reason=Reason(text="")),
              Grouping(members=("c", "d"), reason=Reason(text=""))]
    q = measure(c, groups, min_size=3, max_size=4, eligible={"a", "b", "c", "d", "e"})
    # pairs: ab (s .6, same team, across sites, bonded), ac (0, across t, same site, bonded),
    # bc (0, across t, across s, new), cd (0, same team, across sites, bonded)
    assert q.cohesion == pytest.approx(((0.6 + 0 + 0) / 3 + 0) / 2)
    assert q.bridging_teams == pytest.approx(2 / 4)
    assert q.bridging_sites == pytest.approx(3 / 4)
    assert q.novelty == pytest.approx(1 / 4)
    assert q.coverage == pytest.approx(4 / 5)
    assert q.size_violations == 1  # the pair is below min_size 3
    assert q.repeated_pairs == 0
    # bonds by team (e has none -> b-e ignored): ab internal, cd internal, ac external -> (1 - 2) / 3
    assert q.silo_index_before == pytest.approx(-1 / 3)
    # new pairs of groups: bc (external) -> (2 - 2) / 4
    assert q.silo_index_after == pytest.approx(0.0)
    assert silo_index(c) == pytest.approx(-1 / 3)
    expected = (2 * sum(pair_weight(c, *p) for p in combinations([c.members[i] for i in (0, 1, 2)], 2)) / 2
                + 2 * pair_weight(c, c.members[2], c.members[3]) / 1) / 5
    assert q.extra["objective"] == pytest.approx(expected)
    assert objective(c, groups, eligible={"a", "b", "c", "d", "e"}) == pytest.approx(expected)


def test_repeated_pairs_and_empty():
    c = _example()
    groups = [("a", "b", "c"), ("a", "b", "d"), ("c", "a")]
    q = measure(c, groups, min_size=2, max_size=3, eligible={"a", "b", "c", "d"})
    assert q.repeated_pairs == 2  # a-b twice, a-c twice
    empty = measure(c, [], min_size=2, max_size=3, eligible=set())
    assert (empty.cohesion, empty.coverage, empty.novelty, empty.size_violations) == (0.0, 0.0, 0.0, 0)


def test_objective_of_perfect_pairs_is_one():
    c = Community(members=(member("a", "t1", "s1", jazz=5), member("b", "t2", "s2", jazz=5)))
    assert objective(c, [("a", "b")], eligible={"a", "b"}) == pytest.approx(1.0)
    assert objective(c, [("a", "b")], eligible={"a", "b"}, cohesion_weight=1, bridging_weight=0) == pytest.approx(1.0)


def test_a_member_who_shares_no_passion_with_most_of_the_group_is_named_an_outsider():
    c = Community(
        members=(
            member("a", "t1", "s1", jazz=5),
            member("b", "t2", "s1", jazz=3),
            member("c", "t3", "s2", jazz=4),
            member("d", "t4", "s2", chess=2),
            member("e", "t1", "s2", chess=1, poetry=2),
        ),
    )
    r = explain_group(c, ("a", "b", "c", "d", "e"))
    assert r.outsiders == ("d", "e")  # each shares a passion with one of the four others only
    assert "d and e share no passion with most of the group" in r.text


def test_a_group_where_everyone_shares_with_most_has_no_outsiders():
    c = Community(members=tuple(member(n, "t1", "s1", jazz=3) for n in "abcd"))
    assert explain_group(c, ("a", "b", "c", "d")).outsiders == ()
