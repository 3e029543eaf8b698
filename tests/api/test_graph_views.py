"""Graph views for drawing: a member's neighbourhood and the community graph."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import pytest

from graph_api.api import graph_views
from tests.api.conftest import GraphQLClient
from tests.conftest import LiveServer
from tests.seeding import SeedingRepository

VIEW = """
  truncated
  nodes { id key kind label team site passions size }
  edges { source target kind bondKind weight }
"""
NEIGHBORHOOD = "query($id: ID!, $depth: Int) { neighborhood(memberId: $id, depth: $depth) {" + VIEW + "} }"
COMMUNITY = "query($filter: CommunityGraphFilter) { communityGraph(filter: $filter) {" + VIEW + "} }"


def community_limited(limit: int) -> str:
    # A literal limit: the query cost limiter counts a `limit` variable at its maximum.
    return "query { communityGraph(limit: %d) {%s} }" % (limit, VIEW)



@dataclass
class Community:
    """Keys of the hand-built graph, by handle or name."""

    ids: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.ids[name]

    def names(self, keys: set[str]) -> set[str]:
        by_key = {key: name for name, key in self.ids.items()}
        return {by_key[key] for key in keys}


@pytest.fixture
async def community(repository: SeedingRepository, member: GraphQLClient) -> Community:
    """Ada (signed in) is bonded to Bob (twice), Eve and Otto (opted out); Bob to Cat; Cat to Dan.
    Fay has no bonds. Platform = Ada, Bob; Research = Cat, Dan. Harbour = Ada, Cat; Hill = Bob."""
    ada = await repository.member_by_handle("ada")
    assert ada is not None
    ids = {"ada": ada.id}
    for handle in ("bob", "cat", "dan", "eve", "fay"):
        ids[handle] = (await repository.create_member(handle=handle, name=handle.title())).id
    ids["otto"] = (await repository.create_member(handle="otto", name="Otto", opt_out=True)).id
    for a, b, kind, strength in (
        ("ada", "bob", "friend", 0.9),
        ("ada", "bob", "colleague", 0.6),
        ("ada", "eve", "mentor", 0.7),
        ("ada", "otto", "met", 0.4),
        ("bob", "cat", "colleague", 0.5),
        ("cat", "dan", "met", 0.3),
    ):
        await repository.record_bond(ids[a], ids[b], kind, strength=strength, source="test")
    for team, members in (("Platform", ("ada", "bob")), ("Research", ("cat", "dan"))):
        ids[team] = (await repository.create_team(team)).id
        for handle in members:
            await repository.assign_team(ids[handle], ids[team])
    for site, members in (("Harbour", ("ada", "cat")), ("Hill", ("bob",))):
        ids[site] = (await repository.create_site(site)).id
        for handle in members:
            await repository.assign_site(ids[handle], ids[site])
    for handle, passion, intensity in (("ada", "Sailing", 5), ("ada", "Chess", 2), ("bob", "Sailing", 3),
                                       ("cat", "Chess", 4), ("dan", "Pottery", 1)):
        link = await repository.set_member_passion(ids[handle], passion, intensity)
        ids[passion] = link.passion.id
    return Community(ids)


def members_of(view: dict[str, Any]) -> set[str]:
    return {node["key"] for node in view["nodes"] if node["kind"] == "MEMBER"}


def node(view: dict[str, Any], key: str) -> dict[str, Any]:
    (found,) = [n for n in view["nodes"] if n["key"] == key]
    return found


def bonds_of(view: dict[str, Any]) -> set[tuple[frozenset[str], str]]:
    return {(frozenset((e["source"], e["target"])), e["bondKind"]) for e in view["edges"] if e["kind"] == "BOND"}


def global_id(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def statements_sent(server: LiveServer) -> int:
    """Statements the live server has sent to the database so far."""
    return int(server._server.config.app.state.store.driver.round_trips)


async def statements_for(server: LiveServer, client: GraphQLClient, query: str, variables: dict[str, Any]) -> int:
    """Statements one request costs beyond what signing the request in costs."""
    before = statements_sent(server)
    await client.data("{ __typename }")
    baseline = statements_sent(server) - before
    before = statements_sent(server)
    await client.data(query, variables)
    return statements_sent(server) - before - baseline


# Neighbourhood ---------------------------------------------------------------


async def test_neighborhood_depth_1_holds_the_member_and_those_bonded_to_them(
    member: GraphQLClient, community: Community
) -> None:
    view = (await member.data(NEIGHBORHOOD, {"id": community["ada"], "depth": 1}))["neighborhood"]
    assert community.names(members_of(view)) == {"ada", "bob", "eve", "otto"}
    ada, bob, eve, otto = (community[h] for h in ("ada", "bob", "eve", "otto"))
    assert bonds_of(view) == {
        (frozenset((ada, bob)), "FRIEND"),
        (frozenset((ada, bob)), "COLLEAGUE"),
        (frozenset((ada, eve)), "MENTOR"),
        (frozenset((ada, otto)), "MET"),
    }
    assert view["truncated"] is False


async def test_neighborhood_depth_2_adds_the_bonds_of_bonds(member: GraphQLClient, community: Community) -> None:
    view = (await member.data(NEIGHBORHOOD, {"id": community["ada"], "depth": 2}))["neighborhood"]
    assert community.names(members_of(view)) == {"ada", "bob", "eve", "otto", "cat"}
    assert (frozenset((community["bob"], community["cat"])), "COLLEAGUE") in bonds_of(view)
    assert community["dan"] not in {key for pair, _ in bonds_of(view) for key in pair}


async def test_neighborhood_depth_2_of_a_member_without_bonds_is_that_member_alone(
    member: GraphQLClient, community: Community
) -> None:
    view = (await member.data(NEIGHBORHOOD, {"id": community["fay"], "depth": 2}))["neighborhood"]
    assert community.names(members_of(view)) == {"fay"}
    assert bonds_of(view) == set()


async def test_neighborhood_is_the_default_depth_1(member: GraphQLClient, community: Community) -> None:
    view = (await member.data(NEIGHBORHOOD, {"id": community["bob"]}))["neighborhood"]
    assert community.names(members_of(view)) == {"bob", "ada", "cat"}


async def test_neighborhood_draws_passions_teams_and_sites_of_its_members(
    member: GraphQLClient, community: Community
) -> None:
    view = (await member.data(NEIGHBORHOOD, {"id": community["ada"], "depth": 1}))["neighborhood"]
    others = {(n["kind"], n["label"], n["size"]) for n in view["nodes"] if n["kind"] != "MEMBER"}
    assert others == {
        ("PASSION", "Sailing", 2.0),
        ("PASSION", "Chess", 1.0),
        ("TEAM", "Platform", 2.0),
        ("SITE", "Harbour", 1.0),
        ("SITE", "Hill", 1.0),
    }
    edges = {(e["source"], e["target"], e["kind"], e["weight"]) for e in view["edges"] if e["kind"] != "BOND"}
    ada = community["ada"]
    assert (ada, community["Sailing"], "PASSION", 1.0) in edges
    assert (ada, community["Chess"], "PASSION", 0.4) in edges
    assert (ada, community["Platform"], "MEMBER_OF", None) in edges
    assert (ada, community["Harbour"], "BASED_AT", None) in edges


async def test_neighborhood_member_nodes_carry_team_site_passions_and_bond_count(
    member: GraphQLClient, community: Community
) -> None:
    view = (await member.data(NEIGHBORHOOD, {"id": community["ada"], "depth": 1}))["neighborhood"]
    ada = node(view, community["ada"])
    assert ada["id"] == global_id("Member", community["ada"])
    assert (ada["label"], ada["team"], ada["site"]) == ("Ada Lovelace", community["Platform"], community["Harbour"])
    assert ada["passions"] == ["sailing", "chess"]
    assert ada["size"] == 4.0  # two bonds with Bob, one with Eve, one with Otto
    eve = node(view, community["eve"])
    assert (eve["team"], eve["site"], eve["passions"], eve["size"]) == (None, None, [], 1.0)


async def test_bond_edges_show_kind_and_strength_but_no_details(member: GraphQLClient, community: Community) -> None:
    view = (await member.data(NEIGHBORHOOD, {"id": community["eve"], "depth": 1}))["neighborhood"]
    (bond,) = [e for e in view["edges"] if e["kind"] == "BOND"]
    assert {bond["source"], bond["target"]} == {community["ada"], community["eve"]}
    assert (bond["bondKind"], bond["weight"]) == ("MENTOR", 0.7)
    fields = await member.data('{ __type(name: "GraphEdge") { fields { name } } }')
    assert {f["name"] for f in fields["__type"]["fields"]} == {"source", "target", "kind", "bondKind", "weight"}


async def test_neighborhood_shows_members_who_opted_out_of_recommendations(
    member: GraphQLClient, community: Community
) -> None:
    view = (await member.data(NEIGHBORHOOD, {"id": community["otto"], "depth": 1}))["neighborhood"]
    assert community.names(members_of(view)) == {"otto", "ada"}


async def test_neighborhood_accepts_a_global_member_id(member: GraphQLClient, community: Community) -> None:
    view = (await member.data(NEIGHBORHOOD, {"id": global_id("Member", community["fay"])}))["neighborhood"]
    assert members_of(view) == {community["fay"]}
    assert view["edges"] == []


async def test_neighborhood_edges_join_drawn_nodes_only(member: GraphQLClient, community: Community) -> None:
    for depth in (1, 2):
        view = (await member.data(NEIGHBORHOOD, {"id": community["bob"], "depth": depth}))["neighborhood"]
        keys = {n["key"] for n in view["nodes"]}
        assert len(keys) == len(view["nodes"])
        assert all(e["source"] in keys and e["target"] in keys for e in view["edges"])


async def test_neighborhood_past_its_cap_keeps_the_strongest_bonds_and_says_truncated(
    member: GraphQLClient, community: Community, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graph_views, "NEIGHBORHOOD_MAX_MEMBERS", 3)
    view = (await member.data(NEIGHBORHOOD, {"id": community["ada"], "depth": 2}))["neighborhood"]
    assert community.names(members_of(view)) == {"ada", "bob", "eve"}
    assert view["truncated"] is True


async def test_neighborhood_refuses_depth_3(member: GraphQLClient, community: Community) -> None:
    error = await member.error(NEIGHBORHOOD, {"id": community["ada"], "depth": 3})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "depth"}
    assert "1 or 2" in error["message"]


async def test_neighborhood_refuses_depth_0(member: GraphQLClient, community: Community) -> None:
    error = await member.error(NEIGHBORHOOD, {"id": community["ada"], "depth": 0})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_neighborhood_of_an_unknown_member_is_not_found(member: GraphQLClient, community: Community) -> None:
    error = await member.error(NEIGHBORHOOD, {"id": "member-nobody"})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "memberId"}


async def test_neighborhood_refuses_the_id_of_a_team(member: GraphQLClient, community: Community) -> None:
    error = await member.error(NEIGHBORHOOD, {"id": global_id("Team", community["Platform"])})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "memberId"}


async def test_neighborhood_needs_a_signed_in_caller(anonymous: GraphQLClient, community: Community) -> None:
    error = await anonymous.error(NEIGHBORHOOD, {"id": community["ada"]})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_neighborhood_costs_four_statements_at_any_depth(
    live_server: LiveServer, member: GraphQLClient, community: Community
) -> None:
    for depth in (1, 2):
        cost = await statements_for(live_server, member, NEIGHBORHOOD, {"id": community["ada"], "depth": depth})
        assert cost <= 4


# Community graph -------------------------------------------------------------


async def test_community_graph_without_filter_draws_every_member(member: GraphQLClient, community: Community) -> None:
    view = (await member.data(COMMUNITY))["communityGraph"]
    assert community.names(members_of(view)) == {"ada", "bob", "cat", "dan", "eve", "fay", "otto"}
    assert len(bonds_of(view)) == 6
    assert {n["label"] for n in view["nodes"] if n["kind"] != "MEMBER"} == {
        "Sailing", "Chess", "Pottery", "Platform", "Research", "Harbour", "Hill"
    }
    assert view["truncated"] is False


async def test_community_graph_by_team_draws_its_members_and_their_bonds(
    member: GraphQLClient, community: Community
) -> None:
    view = (await member.data(COMMUNITY, {"filter": {"team": community["Platform"]}}))["communityGraph"]
    assert community.names(members_of(view)) == {"ada", "bob"}
    assert {kind for _, kind in bonds_of(view)} == {"FRIEND", "COLLEAGUE"}
    assert node(view, community["Sailing"])["size"] == 2.0


async def test_community_graph_by_passions_draws_members_holding_any_of_them(
    member: GraphQLClient, community: Community
) -> None:
    view = (await member.data(COMMUNITY, {"filter": {"passions": ["Chess", "pottery"]}}))["communityGraph"]
    assert community.names(members_of(view)) == {"ada", "cat", "dan"}
    assert bonds_of(view) == {(frozenset((community["cat"], community["dan"])), "MET")}


async def test_community_graph_by_site_and_passion_draws_members_matching_both(
    member: GraphQLClient, community: Community
) -> None:
    variables = {"filter": {"site": global_id("Site", community["Harbour"]), "passions": ["chess"]}}
    view = (await member.data(COMMUNITY, variables))["communityGraph"]
    assert community.names(members_of(view)) == {"ada", "cat"}


async def test_community_graph_of_an_unknown_team_is_empty(member: GraphQLClient, community: Community) -> None:
    view = (await member.data(COMMUNITY, {"filter": {"team": "team-nowhere"}}))["communityGraph"]
    assert view == {"truncated": False, "nodes": [], "edges": []}


async def test_community_graph_over_its_limit_keeps_the_best_connected_and_says_truncated(
    member: GraphQLClient, community: Community
) -> None:
    view = (await member.data(community_limited(1)))["communityGraph"]
    assert members_of(view) == {community["ada"]}
    assert view["truncated"] is True


async def test_community_graph_of_a_team_over_its_limit_draws_only_the_members_kept(
    member: GraphQLClient, community: Community
) -> None:
    query = 'query($team: ID!) { communityGraph(limit: 1, filter: {team: $team}) {%s} }' % VIEW
    view = (await member.data(query, {"team": community["Platform"]}))["communityGraph"]
    assert members_of(view) == {community["ada"]}  # Ada has the most bonds
    assert bonds_of(view) == set()  # her bonds to Bob join a member left out
    assert {n["key"] for n in view["nodes"] if n["kind"] == "PASSION"} == {community["Sailing"], community["Chess"]}
    assert view["truncated"] is True


async def test_community_graph_shows_members_who_opted_out(member: GraphQLClient, community: Community) -> None:
    view = (await member.data(COMMUNITY, {"filter": {"team": None, "passions": None}}))["communityGraph"]
    assert community["otto"] in members_of(view)


async def test_community_graph_edges_join_drawn_nodes_only(member: GraphQLClient, community: Community) -> None:
    for query, variables in (
        (COMMUNITY, {}),
        (community_limited(3), {}),
        (COMMUNITY, {"filter": {"team": community["Research"]}}),
    ):
        view = (await member.data(query, variables))["communityGraph"]
        keys = {n["key"] for n in view["nodes"]}
        assert len(keys) == len(view["nodes"])
        assert all(e["source"] in keys and e["target"] in keys for e in view["edges"])


@pytest.mark.parametrize("limit", [0, 5001])
async def test_community_graph_refuses_a_limit_out_of_range(
    member: GraphQLClient, community: Community, limit: int
) -> None:
    error = await member.error("query { communityGraph(limit: %d) { truncated } }" % limit)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "limit"}


async def test_community_graph_refuses_an_empty_passion_list(member: GraphQLClient, community: Community) -> None:
    error = await member.error(COMMUNITY, {"filter": {"passions": []}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "passions"}


async def test_community_graph_refuses_the_id_of_a_site_as_a_team(member: GraphQLClient, community: Community) -> None:
    error = await member.error(COMMUNITY, {"filter": {"team": global_id("Site", community["Hill"])}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "team"}


async def test_community_graph_needs_a_signed_in_caller(anonymous: GraphQLClient, community: Community) -> None:
    error = await anonymous.error(COMMUNITY)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_community_graph_costs_four_statements(
    live_server: LiveServer, member: GraphQLClient, community: Community
) -> None:
    for variables in ({}, {"filter": {"passions": ["sailing"], "team": community["Platform"]}}):
        assert await statements_for(live_server, member, COMMUNITY, variables) <= 4


# The packed form ---------------------------------------------------------------


def unpack(packed: dict[str, Any]) -> dict[str, Any]:
    """A packed view in the terms `nodes` and `edges` use, to compare the two."""
    members, teams, sites, passions, bonds = (packed[k] for k in ("members", "teams", "sites", "passions", "bonds"))
    pick = lambda column, i: None if i is None else column[i]  # noqa: E731
    return {
        "members": [
            (key, label, pick(teams["key"], team), pick(sites["key"], site), float(count), [passions["slug"][p] for p in held])
            for key, label, team, site, count, held in zip(
                members["key"], members["label"], members["team"], members["site"], members["bonds"], members["passions"], strict=True
            )
        ],
        "others": {
            (kind, key, label, float(size))
            for kind, column in (("TEAM", teams), ("SITE", sites), ("PASSION", passions))
            for key, label, size in zip(column["key"], column["label"], column["size"], strict=True)
        },
        "bonds": [
            (members["key"][a], members["key"][b], packed["bondKinds"][kind].upper(), weight)
            for a, b, kind, weight in zip(bonds["source"], bonds["target"], bonds["kind"], bonds["strength"], strict=True)
        ],
    }


def as_unpacked(view: dict[str, Any]) -> dict[str, Any]:
    return {
        "members": [
            (n["key"], n["label"], n["team"], n["site"], n["size"], n["passions"]) for n in view["nodes"] if n["kind"] == "MEMBER"
        ],
        "others": {(n["kind"], n["key"], n["label"], n["size"]) for n in view["nodes"] if n["kind"] != "MEMBER"},
        "bonds": [(e["source"], e["target"], e["bondKind"], e["weight"]) for e in view["edges"] if e["kind"] == "BOND"],
    }


@pytest.mark.parametrize(
    "arguments",
    ["", "(limit: 3)", '(filter: {passions: ["sailing", "chess"]})', "(limit: 1)"],
    ids=["everyone", "truncated", "filtered", "one"],
)
async def test_the_packed_form_holds_the_same_view_as_nodes_and_edges(
    member: GraphQLClient, community: Community, arguments: str
) -> None:
    query = "query { communityGraph%s { truncated packed %s } }" % (arguments, VIEW.replace("truncated", ""))
    view = (await member.data(query))["communityGraph"]
    assert unpack(view["packed"]) == as_unpacked(view)


async def test_a_neighborhood_packs_the_same_view_too(member: GraphQLClient, community: Community) -> None:
    query = "query($id: ID!) { neighborhood(memberId: $id, depth: 2) { packed %s } }" % VIEW
    view = (await member.data(query, {"id": community["ada"]}))["neighborhood"]
    assert unpack(view["packed"]) == as_unpacked(view)


async def test_an_empty_view_packs_to_empty_columns(member: GraphQLClient, community: Community) -> None:
    packed = (await member.data('query { communityGraph(filter: {team: "team-nowhere"}) { packed } }'))["communityGraph"]["packed"]
    assert packed["members"]["key"] == [] and packed["bonds"]["source"] == [] and packed["bondKinds"] == []
