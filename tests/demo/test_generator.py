"""Tests for the deterministic demo community generator (pure Python, no database)."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import FrozenInstanceError

import pytest

from graph_api.demo.generator import DemoCommunity, generate_community

MEMBERS = 3000
SEED = 7

HANDLE = re.compile(r"[a-z0-9._-]{3,40}")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
KINDS = {"colleague", "met", "mentor", "collaborated", "friend"}


@pytest.fixture(scope="module")
def community() -> DemoCommunity:
    return generate_community(MEMBERS, seed=SEED)


@pytest.fixture(scope="module")
def team_of(community: DemoCommunity) -> dict[str, str]:
    return {row["member"]: row["team"] for row in community.member_teams}


@pytest.fixture(scope="module")
def site_of(community: DemoCommunity) -> dict[str, str]:
    return {row["member"]: row["site"] for row in community.member_sites}


@pytest.fixture(scope="module")
def bonded_pairs(community: DemoCommunity) -> set[tuple[str, str]]:
    return {(bond["a"], bond["b"]) for bond in community.bonds}


@pytest.fixture(scope="module")
def passions_of(community: DemoCommunity) -> dict[str, set[str]]:
    mine: dict[str, set[str]] = defaultdict(set)
    for link in community.passion_links:
        mine[link["member"]].add(link["passion"])
    return mine


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


# --- determinism -------------------------------------------------------------


def test_same_seed_gives_identical_community() -> None:
    assert generate_community(500, seed=3) == generate_community(500, seed=3)


def test_different_seed_gives_different_community() -> None:
    first, second = generate_community(500, seed=3), generate_community(500, seed=4)
    assert first.members != second.members
    assert first.bonds != second.bonds
    assert first.passion_links != second.passion_links


def test_default_seed_is_zero() -> None:
    assert generate_community(200) == generate_community(200, seed=0)


def test_community_is_frozen(community: DemoCommunity) -> None:
    with pytest.raises(FrozenInstanceError):
        community.members = []  # type: ignore[misc]


# --- arguments ---------------------------------------------------------------


@pytest.mark.parametrize("members", [0, -1, 1_000_001])
def test_out_of_range_member_count_raises_value_error(members: int) -> None:
    with pytest.raises(ValueError, match="members must be between 1 and 1000000"):
        generate_community(members)


@pytest.mark.parametrize("members", [3.0, "10", True, None])
def test_non_integer_member_count_raises_type_error(members: object) -> None:
    with pytest.raises(TypeError, match="members must be an int"):
        generate_community(members)  # type: ignore[arg-type]


@pytest.mark.parametrize("members", [1, 2, 5])
def test_tiny_communities_are_valid(members: int) -> None:
    tiny = generate_community(members, seed=1)
    assert len(tiny.members) == members
    assert len(tiny.member_teams) == len(tiny.member_sites) == members
    assert all(bond["a"] < bond["b"] for bond in tiny.bonds)


# --- sizes -------------------------------------------------------------------


def test_member_count_is_exact(community: DemoCommunity) -> None:
    assert len(community.members) == MEMBERS


def test_about_ten_bonds_per_member(community: DemoCommunity) -> None:
    assert 9.0 <= len(community.bonds) / MEMBERS <= 11.0


def test_every_member_has_exactly_one_team(community: DemoCommunity) -> None:
    counts = Counter(row["member"] for row in community.member_teams)
    assert set(counts) == {member["id"] for member in community.members}
    assert set(counts.values()) == {1}


def test_every_member_has_exactly_one_site(community: DemoCommunity) -> None:
    counts = Counter(row["member"] for row in community.member_sites)
    assert set(counts) == {member["id"] for member in community.members}
    assert set(counts.values()) == {1}


def test_teams_average_eight_to_fifteen_members_with_varied_sizes(
    community: DemoCommunity, team_of: dict[str, str]
) -> None:
    sizes = Counter(team_of.values())
    assert len(sizes) == len(community.teams)
    assert 8 <= MEMBERS / len(community.teams) <= 15
    assert max(sizes.values()) - min(sizes.values()) >= 10


def test_site_count_follows_members(community: DemoCommunity) -> None:
    assert len(community.sites) == MEMBERS // 500
    assert len(generate_community(100, seed=1).sites) == 2


def test_passion_count_scales_with_members(community: DemoCommunity) -> None:
    assert 40 <= len(generate_community(300, seed=1).passions) <= 80
    assert 100 <= len(community.passions) <= 300


def test_skill_count_is_realistic(community: DemoCommunity) -> None:
    assert 60 <= len(community.skills) <= 200


# --- silos -------------------------------------------------------------------


def test_most_bonds_stay_inside_a_team(community: DemoCommunity, team_of: dict[str, str]) -> None:
    inside = sum(team_of[bond["a"]] == team_of[bond["b"]] for bond in community.bonds)
    assert _share(inside, len(community.bonds)) >= 0.75


def test_inside_site_share_exceeds_inside_team_share(
    community: DemoCommunity, team_of: dict[str, str], site_of: dict[str, str]
) -> None:
    in_team = sum(team_of[bond["a"]] == team_of[bond["b"]] for bond in community.bonds)
    in_site = sum(site_of[bond["a"]] == site_of[bond["b"]] for bond in community.bonds)
    assert in_site > in_team


def test_most_cross_team_bonds_stay_inside_a_site(
    community: DemoCommunity, team_of: dict[str, str], site_of: dict[str, str]
) -> None:
    cross = [bond for bond in community.bonds if team_of[bond["a"]] != team_of[bond["b"]]]
    same_site = sum(site_of[bond["a"]] == site_of[bond["b"]] for bond in cross)
    assert _share(same_site, len(cross)) > 0.5


def test_teams_mostly_live_in_their_own_site(
    community: DemoCommunity, team_of: dict[str, str], site_of: dict[str, str]
) -> None:
    team_site = {team["id"]: team["siteId"] for team in community.teams}
    at_home = sum(site_of[member] == team_site[team] for member, team in team_of.items())
    assert _share(at_home, MEMBERS) >= 0.9


def test_cross_team_bonds_are_mostly_met_or_friend(
    community: DemoCommunity, team_of: dict[str, str]
) -> None:
    inside = Counter(b["kind"] for b in community.bonds if team_of[b["a"]] == team_of[b["b"]])
    cross = Counter(b["kind"] for b in community.bonds if team_of[b["a"]] != team_of[b["b"]])
    social = ("met", "friend")
    assert _share(sum(cross[k] for k in social), sum(cross.values())) > 0.5
    assert _share(sum(inside[k] for k in social), sum(inside.values())) < 0.2
    assert inside.most_common(1)[0][0] == "colleague"


# --- passions ----------------------------------------------------------------


def test_passion_popularity_is_long_tailed(community: DemoCommunity) -> None:
    popularity = sorted(Counter(link["passion"] for link in community.passion_links).values(), reverse=True)
    top = max(1, len(community.passions) // 10)
    assert _share(sum(popularity[:top]), sum(popularity)) >= 0.4


def test_members_hold_zero_to_five_distinct_passions(
    community: DemoCommunity, passions_of: dict[str, set[str]]
) -> None:
    per_member = Counter(link["member"] for link in community.passion_links)
    assert max(per_member.values()) <= 5
    assert all(len(passions_of[member]) == count for member, count in per_member.items())
    without = MEMBERS - len(per_member)
    assert 0 < without < MEMBERS * 0.1


def test_passion_intensities_are_between_one_and_five(community: DemoCommunity) -> None:
    intensities = Counter(link["intensity"] for link in community.passion_links)
    assert set(intensities) == {1, 2, 3, 4, 5}
    assert all(type(value) is int for value in intensities)


def test_shared_passions_cross_teams_between_unbonded_members(
    community: DemoCommunity,
    team_of: dict[str, str],
    bonded_pairs: set[tuple[str, str]],
) -> None:
    holders: dict[str, list[str]] = defaultdict(list)
    for link in community.passion_links:
        holders[link["passion"]].append(link["member"])
    links = community.passion_links
    rng = random.Random(0)
    sharing_pairs: list[tuple[str, str]] = []
    while len(sharing_pairs) < 5000:
        link = links[rng.randrange(len(links))]
        other = rng.choice(holders[link["passion"]])
        if other != link["member"]:
            sharing_pairs.append(tuple(sorted((link["member"], other))))  # type: ignore[arg-type]
    cross_team = sum(team_of[a] != team_of[b] for a, b in sharing_pairs)
    unbonded = sum((a, b) not in bonded_pairs for a, b in sharing_pairs)
    assert _share(cross_team, len(sharing_pairs)) >= 0.9
    assert _share(unbonded, len(sharing_pairs)) >= 0.85


def test_team_mates_share_passions_no_more_than_chance(
    community: DemoCommunity, team_of: dict[str, str], passions_of: dict[str, set[str]]
) -> None:
    by_team: dict[str, list[str]] = defaultdict(list)
    for member, team in team_of.items():
        by_team[team].append(member)
    team_pairs = [(a, b) for mates in by_team.values() for i, a in enumerate(mates) for b in mates[i + 1:]]
    rng = random.Random(1)
    ids = [member["id"] for member in community.members]
    random_pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(len(team_pairs))]
    random_pairs = [(a, b) for a, b in random_pairs if team_of[a] != team_of[b]]

    def sharing_rate(pairs: list[tuple[str, str]]) -> float:
        return _share(sum(bool(passions_of[a] & passions_of[b]) for a, b in pairs), len(pairs))

    assert sharing_rate(team_pairs) <= sharing_rate(random_pairs) * 1.25


@pytest.mark.parametrize("field", ["passions", "skills"])
def test_slugs_follow_the_slug_rule(community: DemoCommunity, field: str) -> None:
    for row in getattr(community, field):
        assert row["slug"] == re.sub(r"[^a-z0-9]+", "-", row["name"].lower()).strip("-")


def test_passions_have_descriptions(community: DemoCommunity) -> None:
    assert all(passion["description"].strip() for passion in community.passions)


# --- identity and uniqueness -------------------------------------------------


@pytest.mark.parametrize("field", ["sites", "teams", "passions", "skills", "members"])
def test_ids_are_unique(community: DemoCommunity, field: str) -> None:
    ids = [row["id"] for row in getattr(community, field)]
    assert len(ids) == len(set(ids))


def test_ids_sort_in_numeric_order(community: DemoCommunity) -> None:
    ids = [member["id"] for member in community.members]
    assert ids == sorted(ids)
    assert ids[0] == "member-000001" and ids[-1] == f"member-{MEMBERS:06d}"


def test_handles_are_unique_and_well_formed(community: DemoCommunity) -> None:
    handles = [member["handle"] for member in community.members]
    assert len(handles) == len(set(handles))
    assert all(HANDLE.fullmatch(handle) for handle in handles)


def test_emails_are_unique_and_derived_from_handles(community: DemoCommunity) -> None:
    emails = [member["email"] for member in community.members]
    assert len(emails) == len(set(emails))
    assert all(member["email"] == f"{member['handle']}@example.org" for member in community.members)


@pytest.mark.parametrize("field", ["passions", "skills"])
def test_slugs_are_unique(community: DemoCommunity, field: str) -> None:
    slugs = [row["slug"] for row in getattr(community, field)]
    assert len(slugs) == len(set(slugs))


def test_team_names_are_unique(community: DemoCommunity) -> None:
    names = [team["name"] for team in community.teams]
    assert len(names) == len(set(names))


def test_teams_reference_known_sites_and_parents(community: DemoCommunity) -> None:
    site_ids = {site["id"] for site in community.sites}
    assert all(team["siteId"] in site_ids for team in community.teams)
    parents = {team["parent"] for team in community.teams}
    assert {"Engineering", "Sales", "Operations"} <= parents
    assert all(parent is None or isinstance(parent, str) for parent in parents)


# --- bonds -------------------------------------------------------------------


def test_bonds_are_in_canonical_order(community: DemoCommunity) -> None:
    assert all(bond["a"] < bond["b"] for bond in community.bonds)


def test_bonds_have_no_duplicates_per_kind(community: DemoCommunity) -> None:
    keys = [(bond["a"], bond["b"], bond["kind"]) for bond in community.bonds]
    assert len(keys) == len(set(keys))


def test_bonds_connect_known_members(community: DemoCommunity) -> None:
    ids = {member["id"] for member in community.members}
    assert all(bond["a"] in ids and bond["b"] in ids for bond in community.bonds)


def test_bond_fields_are_well_formed(community: DemoCommunity) -> None:
    assert {bond["kind"] for bond in community.bonds} == KINDS
    for bond in community.bonds:
        assert 0.0 <= bond["strength"] <= 1.0
        assert bond["strength"] == round(bond["strength"], 2)
        assert DAY.fullmatch(bond["since"])
        assert bond["source"] == "demo"


def test_bonds_start_after_both_members_joined(community: DemoCommunity) -> None:
    joined = {member["id"]: member["joinedAt"][:10] for member in community.members}
    assert all(bond["since"] >= max(joined[bond["a"]], joined[bond["b"]]) for bond in community.bonds)


# --- skills ------------------------------------------------------------------


def test_members_seek_up_to_two_and_offer_up_to_three_skills(community: DemoCommunity) -> None:
    assert max(Counter(row["member"] for row in community.seeks).values()) <= 2
    assert max(Counter(row["member"] for row in community.offers).values()) <= 3


def test_no_skill_is_both_sought_and_offered_by_one_member(community: DemoCommunity) -> None:
    sought = {(row["member"], row["skill"]) for row in community.seeks}
    offered = {(row["member"], row["skill"]) for row in community.offers}
    assert not sought & offered
    assert len(sought) == len(community.seeks) and len(offered) == len(community.offers)


# --- member text -------------------------------------------------------------


def test_headlines_and_visions_fit_their_limits(community: DemoCommunity) -> None:
    for member in community.members:
        assert 0 < len(member["headline"]) <= 140
        assert 0 < len(member["vision"]) <= 280


def test_headlines_and_visions_are_varied(community: DemoCommunity) -> None:
    assert len({member["headline"] for member in community.members}) > MEMBERS * 0.5
    assert len({member["vision"] for member in community.members}) > MEMBERS * 0.3


def test_timestamps_and_dates_are_iso_8601(community: DemoCommunity) -> None:
    assert all(TIMESTAMP.fullmatch(member["joinedAt"]) for member in community.members)
    assert all(DAY.fullmatch(link["since"]) for link in community.passion_links)
