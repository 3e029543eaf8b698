"""`python -m graph_api copy`: a whole community, FalkorDB -> Neo4j -> a fresh FalkorDB graph,
with node counts per label, relationship counts per type and a checksum of every property equal
to the source's at each step; a non-empty target is refused unless --replace."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from graph_api.accounts.service import AccountService
from graph_api.domain.events import EventDraft
from graph_api.domain.proposal_rules import GroupingDraft, stored_groupings
from graph_api.domain.proposals import ProposalSetDraft
from graph_api.kpis.health import Scope
from graph_api.kpis.targets import KPIS
from graph_api.scim import tokens as scim_tokens
from graph_api.settings import Settings
from graph_api.store.copying import CopyRefusedError, copy_graph
from graph_api.store.driver import GraphDriver
from graph_api.store.identity_providers import NewIdentity
from graph_api.store.embedded import EmbeddedFalkorDB
from graph_api.store.neo4j_local import LocalNeo4j
from graph_api.store.queries import copying as copy_queries
from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from tests.conftest import make_driver, make_neo4j_driver
from tests.seeding import SeedingRepository

SOURCE_GRAPH = "kindred_copy_source"
BACK_GRAPH = "kindred_copy_back"
MEMBERS = 2000
ALL_MEMBERS = MEMBERS + 3  # a loner asked for a bond, a provisioned member (another is deactivated), one signed in through a provider
PASSWORD = "a long enough password"
SETTINGS = Settings(KINDRED_JWT_SECRET="test-secret-that-is-long-enough-for-hs256")

#: Values that differ between the engines' type systems, on a node and a relationship.
ODD_VALUES: dict[str, Any] = {
    "whole": 3.0, "fraction": 0.1, "tiny": 1e-300, "negative": -2.5, "count": 42, "big": 2**53 + 1,
    "small": -(2**62), "yes": True, "no": False, "floats": [1.0, 2.5], "ints": [1, 2, 3],
    "words": ["é", "日本", "🙂"],
    "text": 'quote " backslash \\ apostrophe \' newline \n tab \t émoji 🙂 CJK 日本語 rtl שלום', "blank": "",
}
PUT_ODD_NODE = (
    "CREATE (p:Passion {id: 'passion-odd', slug: 'odd', name: 'Ödd ✓', description: ''}) SET p += $values "
    "WITH p MATCH (m:Member {id: $member}) CREATE (m)-[r:PASSIONATE_ABOUT]->(p) SET r += $values"
)
NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
RELATIONSHIPS = (
    "MATCH (a)-[r]->(b) RETURN labels(a) AS a, coalesce(a.id, a.key) AS aKey, type(r) AS type, "
    "labels(b) AS b, coalesce(b.id, b.key) AS bKey, properties(r) AS props"
)


def _canonical(value: Any) -> Any:
    """Numbers tagged with their type (1 and 1.0 differ; a float by its exact repr)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    return value


async def fingerprint(driver: GraphDriver) -> dict[str, Any]:
    """Counts per label and type, and a checksum of every node's and relationship's properties."""
    nodes = await driver.read(NODES)
    relationships = await driver.read(RELATIONSHIPS)
    per_label: dict[str, int] = {}
    for row in nodes:
        row["labels"] = sorted(row["labels"])
        for label in row["labels"]:
            per_label[label] = per_label.get(label, 0) + 1
    per_type: dict[str, int] = {}
    for row in relationships:
        row["a"], row["b"] = sorted(row["a"]), sorted(row["b"])
        per_type[row["type"]] = per_type.get(row["type"], 0) + 1
    lines = sorted(json.dumps(_canonical(row), sort_keys=True, ensure_ascii=False) for row in nodes + relationships)
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return {"labels": dict(sorted(per_label.items())), "types": dict(sorted(per_type.items())), "checksum": digest}


async def seed(driver: GraphDriver, members: int = MEMBERS) -> None:
    """The demo community, with accounts and sessions, a published proposal set with an answer,
    its community and its queued mails and webhook deliveries, a no-intro entry and chosen kinds, an event with attendees, a KPI target and snapshot, provisioned members and a member signed in through an identity provider, and odd values."""
    community = generate_community(members, seed=11)
    await load_community(driver, community, progress=False)
    repository = SeedingRepository(driver)
    ids = [member["id"] for member in community.members[:6]]
    # A webhook endpoint (its secret too is copied) hears of what follows: its deliveries are copied.
    await repository.webhooks.create(
        name="Chat", url="https://hooks.example.org/x", events=["proposal_published", "proposal_answered"],
        format="chat", now="2026-06-01T12:00:00Z",
    )
    accounts = AccountService(repository, SETTINGS)
    await accounts.set_password(ids[0], PASSWORD, role="organiser")
    await accounts.set_password(ids[1], PASSWORD)
    await accounts.sign_in(community.members[1]["handle"], PASSWORD)
    with pytest.raises(Exception):
        await accounts.sign_in(community.members[1]["handle"], "not the password at all")
    purpose = await publish(repository, "purpose", [ids[1:3], ids[3:5]], reason={"sharedPassions": [["jazz", [5, 4]]]})
    await repository.proposals.respond(member_id=ids[1], proposal_id=purpose, accept=True, community_name="Jazz")
    await repository.proposals.respond(member_id=ids[2], proposal_id=purpose, accept=False, community_name="")
    intro = await publish(repository, "intros", [ids[3:5]], reason={})
    await repository.proposals.respond(member_id=ids[3], proposal_id=intro, accept=False, community_name="")
    event = await repository.events.create(
        draft=EventDraft.checked(name="Summer meet-up", starts_at="2026-06-01T18:00:00Z", place="The hall")
    )
    await repository.events.add_attendees(event_id=event.id, member_ids=ids[:5])
    await repository.kpis.create_target(
        target_id="kpitarget-copy", kpi=next(iter(KPIS.values())), scope=Scope(), target=0.5,
        by=date(2026, 12, 31), baseline=None, today=date(2026, 6, 2),
    )
    await repository.kpis.take_snapshots(scopes=[Scope()], at=date(2026, 6, 2))
    await accounts.invite(ids[0], name="Newcomer", email="new@example.org", handle="newcomer")
    await accounts.create_password_reset(ids[0], ids[2])
    await accounts.create_api_token(ids[0], "Recommender", ["read", "write"])
    loner = await repository.create_member(handle="loner", name="Loner Ünicode")
    await repository.record_bond_request(ids[4], loner.id, "friend")
    await repository.consent.add_no_intro(ids[1], ids[4])  # a private "don't introduce me to" entry
    await repository.consent.set_kinds(ids[2], ["purpose", "events"])
    await driver.write(PUT_ODD_NODE, {"values": ODD_VALUES, "member": ids[5]})
    await _provisioned(repository, ids[0])
    await _signed_in_through_a_provider(repository)


async def _provisioned(repository: SeedingRepository, organiser_id: str) -> None:
    """Members and a team an identity provider provisioned (one member deactivated, their passion
    set aside), and its token."""
    await scim_tokens.create(repository, organiser_id, "Entra ID")
    for n in (1, 2):
        user = {"name": f"Provisioned {n}", "email": f"p{n}@example.org", "scimUserName": f"p{n}@example.org",
                "scimUserKey": f"p{n}@example.org", "scimExternalId": f"00u{n}", "scimResource": "{}"}
        assert await repository.scim.create_member(member_id=f"member-scim{n}", handle=f"provisioned{n}",
                                                  user_key=user["scimUserKey"], user=user, active=True, now="2026-06-01T12:00:00Z")
    await repository.set_member_passion("member-scim2", "Sailing", 4)
    assert await repository.scim.update_member(member_id="member-scim2", user_key="p2@example.org", user={},
                                               change="deactivate", version=None, now="2026-06-02T12:00:00Z")
    group = {"name": "Provisioned team", "scimNameKey": "provisioned team", "scimExternalId": "g1", "scimResource": "{}"}
    assert await repository.scim.create_team(team_id="team-scim", group=group, member_ids=["member-scim1", "member-scim2"],
                                             now="2026-06-01T12:00:00Z")


async def _signed_in_through_a_provider(repository: SeedingRepository) -> None:
    """An identity provider (its sealed secret too is copied), a member it signed in, and a
    one-time code that member has not traded yet."""
    provider = await repository.identity_providers.create(
        name="Example Okta", issuer="https://login.example.org", client_id="kindred", sealed_secret="sealed",
        allowed_domains=["example.org"], teams_claim="groups", password_sign_in=True, now="2026-06-01T12:00:00Z",
    )
    identity = NewIdentity(provider_id=provider.id, issuer="https://login.example.org", subject="00u42")
    member = await repository.identity_providers.create_member(
        identity, member_id="member-oidc1", handle="signed.in", name="Signed In", email="signed.in@example.org",
        now="2026-06-01T12:00:00Z",
    )
    assert member == "member-oidc1"
    assert await repository.identity_providers.create_grant(
        grant_id="grant-copy", member_id=member, token_hash="0" * 64, now="2026-06-01T12:00:00Z",
        expires_at="2099-06-01T12:02:00Z",
    )


async def publish(repository: SeedingRepository, kind: str, groups: list[list[str]], reason: Any) -> str:
    """Store and publish a set of `kind`; the id of its first proposal."""
    token = f"{kind}cafe"
    groupings = stored_groupings(
        [GroupingDraft(members, f"{kind} reason ✓", None, None, reason) for members in groups],
        events=False, token=token, member_key=lambda member, _: member,
    )
    draft = ProposalSetDraft(
        id=f"proposalset-{token}", kind=kind, algorithm_version="1.0",
        parameters='{"groupSize":2}', quality='{"cohesion":0.8}', seed=42, event_id=None, groupings=groupings,
    )
    stored = await repository.proposals.store_set(draft=draft)
    await repository.proposals.publish(set_id=stored.id, mail=True)  # its mails queued: the outbox is copied too
    entry = (await repository.proposals.set_proposals_page(set_id=stored.id, after_id=None, limit=10))[0]
    assert entry.proposal is not None
    return entry.proposal.id


@pytest.fixture
async def source(falkordb_server: EmbeddedFalkorDB, _schema_ready: None) -> Any:
    driver = make_driver(falkordb_server, SOURCE_GRAPH)
    await driver.clear()
    await driver.setup_schema()
    await seed(driver)
    yield driver
    await driver.clear()
    await driver.close()


def run_copy(*args: str, cwd: Any, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph_api", "copy", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd, env={**os.environ, **(env or {})},
    )


async def test_a_community_goes_to_neo4j_and_back_unchanged(
    source: GraphDriver,
    falkordb_server: EmbeddedFalkorDB,
    neo4j_server: LocalNeo4j,
    _neo4j_schema_ready: None,
    tmp_path: Any,
) -> None:
    original = await fingerprint(source)
    assert original["labels"]["Member"] == ALL_MEMBERS
    # Every label and relationship type the store writes is in the seeded graph.
    assert sorted(original["labels"]) == sorted(copy_queries.NODE_KEYS)
    assert sorted(original["types"]) == sorted(copy_queries.RELATIONSHIP_TYPES)

    neo4j = make_neo4j_driver(neo4j_server)
    back = make_driver(falkordb_server, BACK_GRAPH)
    try:
        await neo4j.clear()
        seen: list[int] = []
        copied = await copy_graph(source, neo4j, progress=seen.append)
        assert sum(seen) == copied.node_total + copied.relationship_total
        assert await fingerprint(neo4j) == original

        await back.clear()
        await back.setup_schema()
        await copy_graph(neo4j, back)
        assert await fingerprint(back) == original
        odd = (await back.read("MATCH (p:Passion {id: 'passion-odd'}) RETURN properties(p) AS props"))[0]["props"]
        assert {key: odd[key] for key in ODD_VALUES} == ODD_VALUES
        assert [type(odd[key]) for key in ODD_VALUES] == [type(value) for value in ODD_VALUES.values()]

        # The command: refuses the non-empty Neo4j without --replace, writing nothing ...
        with pytest.raises(CopyRefusedError):
            await copy_graph(back, neo4j)
        await source.write("MATCH (m:Member {id: 'member-000007'}) SET m.name = 'Changed'")
        changed = await fingerprint(source)
        server = f"{falkordb_server.host}:{falkordb_server.port}"
        falkordb_url = f"falkordb://:{falkordb_server.password}@{server}/{SOURCE_GRAPH}"
        host_port = neo4j_server.url.split("://", 1)[1]
        neo4j_url = f"bolt://{neo4j_server.user}:{neo4j_server.password}@{host_port}"
        refused = run_copy("--from", falkordb_url, "--to", neo4j_url, cwd=tmp_path)
        assert refused.returncode == 2, refused.stderr
        assert "not empty" in refused.stderr
        assert await fingerprint(neo4j) == original

        # ... and replaces what it holds with --replace.
        replaced = run_copy("--from", falkordb_url, "--to", neo4j_url, "--replace", cwd=tmp_path)
        assert replaced.returncode == 0, replaced.stderr
        assert f"Member: {ALL_MEMBERS}" in replaced.stdout
        assert await fingerprint(neo4j) == changed
    finally:
        await back.clear()
        await back.close()
        await neo4j.clear()
        await neo4j.close()


async def test_a_source_with_a_label_the_store_does_not_know_is_refused(
    falkordb_server: EmbeddedFalkorDB, _schema_ready: None
) -> None:
    source = make_driver(falkordb_server, SOURCE_GRAPH)
    target = make_driver(falkordb_server, BACK_GRAPH)
    try:
        await source.clear()
        await target.clear()
        await source.write("CREATE (:Stranger {id: 'x'}), (:Member {id: 'member-1', handle: 'one', name: 'One'})")
        with pytest.raises(CopyRefusedError, match="Stranger"):
            await copy_graph(source, target)
        await source.write("MATCH (n:Stranger) DELETE n")
        await source.write("CREATE (:Member {handle: 'nokey', name: 'No key'})")
        with pytest.raises(CopyRefusedError, match="without their id"):
            await copy_graph(source, target)
        rows = await target.read("MATCH (n) RETURN count(n) AS count")
        assert not rows or rows[0]["count"] == 0
    finally:
        await source.clear()
        await source.close()
        await target.close()


async def test_an_empty_source_never_empties_a_target(
    falkordb_server: EmbeddedFalkorDB, _schema_ready: None, tmp_path: Any
) -> None:
    # A fresh embedded FalkorDB (nothing in KINDRED_DATA_DIR) copied over a graph with --replace:
    # refused, the graph kept.
    target = make_driver(falkordb_server, BACK_GRAPH)
    try:
        await target.clear()
        await target.write("CREATE (:Member {id: 'member-1', handle: 'one', name: 'One'})")
        url = f"falkordb://:{falkordb_server.password}@{falkordb_server.host}:{falkordb_server.port}/{BACK_GRAPH}"
        env = {"KINDRED_DATA_DIR": str(tmp_path / "data"), "GRAPH_URL": "", "KINDRED_DATABASE": "falkordb"}
        refused = run_copy("--from", "embedded", "--to", url, "--replace", cwd=tmp_path, env=env)
        assert refused.returncode == 2, refused.stderr
        assert "holds nothing" in refused.stderr
        assert (await target.read("MATCH (n) RETURN count(n) AS count"))[0]["count"] == 1
    finally:
        await target.clear()
        await target.close()
