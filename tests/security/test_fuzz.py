"""A schema-driven fuzzer: operations generated from the live schema (hypothesis-graphql), queries and
mutations, sent over real HTTP as an anonymous visitor, a member, an organiser and an integrator
(an API token with both scopes).

No answer may be an HTTP 5xx or carry an `INTERNAL_SERVER_ERROR`. A small graph is seeded first, and
ids and strings are drawn partly from it, so that resolvers get past "not found" into real code.
Every failure is collected (with the server's traceback) and reported together at the end, rather
than the run stopping at the first. Each viewer's operations come from a fixed seed, so CI sends
the same ones every run.
"""

from __future__ import annotations

import logging
import os
import string
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from hypothesis_graphql import strategies as gql
from strawberry.relay import to_base64

from graph_api.api.schema import schema as kindred_schema
from graph_api.errors import KindredError
from tests.api.conftest import GraphQLClient, People, api_token
from tests.conftest import LiveServer, TestDatabase
from tests.seeding import SeedingRepository

#: Mutations that would end the fuzzing session itself; the multipart-only uploads are fuzzed elsewhere.
SESSION_ENDERS = frozenset({"signOut", "deleteMyAccount"})
UPLOADS = frozenset({"importMembers", "importEventAttendees"})
#: Mutations that could delete or demote the fuzzing accounts: given ids of victims only.
ACCOUNT_CHANGERS = frozenset({"deleteMember", "setMemberRole"})
#: Generated operations per viewer; together they run in about a minute on two cores.
EXAMPLES = {"anonymous": 300, "member": 1000, "organiser": 1000, "integrator": 300}
#: NUL characters are sent too: a raw one is refused with the request, but one written as a GraphQL
#: string escape (`"\u0000"`) exists only once the query is parsed, and must still give BAD_USER_INPUT.
ALLOW_NUL = True
#: Each viewer has its own fixed seed, so CI sends the same operations every run.
#: KINDRED_FUZZ_SEED=<int> explores other operations; KINDRED_FUZZ_SCALE=<float> sends more or fewer.
SEED = int(os.environ.get("KINDRED_FUZZ_SEED", "0"))
SCALE = float(os.environ.get("KINDRED_FUZZ_SCALE", "1"))
#: Most of what the fuzzer finds lives above the store, so on Neo4j it sends half as many operations,
#: and other ones (its own seeds): together both engines cover more operations in less time.
ENGINE_RUNS = {"falkordb": (0, 1.0), "neo4j": (1, 0.5)}  # engine -> (seed offset, share of EXAMPLES)
REPORTED_MAX = 12


@dataclass
class Seeded:
    """What the seeded graph holds, as values the generator draws from."""

    ids: list[str] = field(default_factory=list)
    victims: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


@dataclass
class Failure:
    viewer: str
    operation: str
    status: int
    body: str
    log: str


def _expected_refusal(record: logging.LogRecord) -> bool:
    """Strawberry logs every error, refusals included: those are noise in a failure's report."""
    error = record.exc_info[1] if record.exc_info else None
    while isinstance(error, graphql.GraphQLError) and error.original_error is not None:
        error = error.original_error
    if isinstance(error, KindredError):
        return error.code != "INTERNAL_SERVER_ERROR"
    return isinstance(error, graphql.GraphQLError) or (error is None and record.name == "strawberry.execution")


class ServerLog(logging.Handler):
    """Error records of the server (it runs in a thread of this process) since the last `take()`."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if not _expected_refusal(record):
            self.records.append(self.format(record))

    def take(self) -> str:
        text, self.records = "\n".join(self.records), []
        return text


@pytest.fixture
def server_log() -> Iterator[ServerLog]:
    handler = ServerLog()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


def _global(type_name: str, key: str) -> list[str]:
    return [key, to_base64(type_name, key)]


async def seed_graph(repository: SeedingRepository, people: People, organiser: GraphQLClient) -> Seeded:
    """A few members with passions, skills, bonds, a team and a site; an event, a published
    proposal set, an invitation, an API token and a KPI target, made through the API."""
    found = Seeded(words=["ada", "olga", "bob", "carol", "jazz", "chess", "python", "go", "Payments", "Lyon",
                          "2026-01-01", "1999-12-31", "ada@example.org", "colleague", "{}", "", " ", "*"])
    for handle in ("bob", "carol"):
        await people.add(handle, name=f"{handle.title()} Example", email=f"{handle}@example.org",
                         vision="Grow gardens and teach chess")
    for handle in ("victim1", "victim2", "victim3"):
        found.victims += _global("Member", await people.add(handle))
    ada, bob, carol, olga = (people.ids[h] for h in ("ada", "bob", "carol", "olga"))
    parent = await repository.create_team("Engineering")
    team = await repository.create_team("Payments", parent_id=parent.id)
    site = await repository.create_site("Lyon Hub", city="Lyon")
    for member in (ada, bob):
        await repository.assign_team(member, team.id)
        await repository.assign_site(member, site.id)
        await repository.set_member_passion(member, "Jazz", 4)
    await repository.set_member_passion(carol, "Chess", 5)
    await repository.add_seeks(bob, "Python")
    await repository.add_offers(carol, "Python")
    await repository.add_offers(ada, "Go")
    await repository.record_bond(ada, bob, "friend")
    await repository.record_bond(bob, carol, "colleague", since="2025-01-01")
    for type_name, key in (("Member", ada), ("Member", bob), ("Member", carol), ("Member", olga),
                           ("Team", team.id), ("Team", parent.id), ("Site", site.id)):
        found.ids += _global(type_name, key)
    for slug in ("jazz", "chess"):
        passion = await repository.passion_by_slug(slug)
        assert passion is not None
        found.ids += _global("Passion", passion.id)
    for slug in ("python", "go"):
        skill = await repository.skill_by_slug(slug)
        assert skill is not None
        found.ids += _global("Skill", skill.id)

    event = (await organiser.data(
        'mutation { createEvent(input: {name: "Meetup", startsAt: "2025-06-01T18:00:00Z", place: "Lyon"}) { key } }'
    ))["createEvent"]["key"]
    await organiser.data("mutation($e: ID!, $m: [ID!]!) { addEventAttendees(eventId: $e, memberIds: $m) { added } }",
                         {"e": event, "m": [ada, bob, carol]})
    found.ids += _global("Event", event)
    stored = (await organiser.data(
        """mutation($input: StoreProposalSetInput!) { storeProposalSet(input: $input) {
             id proposals(first: 5) { edges { node { id } } } } }""",
        {"input": {"kind": "PURPOSE", "parameters": {}, "algorithmVersion": "fuzz-1", "quality": {},
                   "groupings": [{"members": [ada, bob, carol], "reasonText": "They all love jazz"}]}},
    ))["storeProposalSet"]
    await organiser.data("mutation($id: ID!) { publishProposalSet(id: $id) { id } }", {"id": stored["id"]})
    found.ids += [stored["id"], *(edge["node"]["id"] for edge in stored["proposals"]["edges"])]
    invitation = (await organiser.data(
        'mutation { inviteMember(input: {name: "New Comer", email: "new@example.org", handle: "newcomer"}) '
        "{ invitation { id } } }"
    ))["inviteMember"]["invitation"]["id"]
    token = (await organiser.data('mutation { createApiToken(name: "Fuzz", scopes: [READ]) { apiToken { id } } }'))
    target = (await organiser.data('mutation { setKpiTarget(kpi: ISOLATED_SHARE, target: 0.1, by: "2999-01-01") { id } }'))
    found.ids += [invitation, token["createApiToken"]["apiToken"]["id"], target["setKpiTarget"]["id"]]
    return found


def _text(allow_nul: bool) -> st.SearchStrategy[str]:
    alphabet = st.characters(codec="utf-8", min_codepoint=0 if allow_nul else 1, max_codepoint=0xFFFF,
                             exclude_categories=["Cs"])
    return st.text(alphabet, max_size=40)


def _json_values(text: st.SearchStrategy[str]) -> st.SearchStrategy[graphql.ValueNode]:
    keys = st.sampled_from(["sharedPassions", "a", "members", ""]) | st.text(string.ascii_letters, max_size=8)
    leaves = st.one_of(
        st.just(nodes.Null), st.booleans().map(nodes.Boolean), st.integers().map(nodes.Int),
        st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float), text.map(nodes.String),
    )

    def extend(children: st.SearchStrategy[graphql.ValueNode]) -> st.SearchStrategy[graphql.ValueNode]:
        fields = st.lists(st.tuples(keys, children), max_size=4, unique_by=lambda pair: pair[0]).map(
            lambda pairs: [graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v) for k, v in pairs if k]
        )
        return st.lists(children, max_size=4).map(nodes.List) | fields.map(nodes.Object)

    return st.recursive(leaves, extend, max_leaves=8)


def scalars(seeded: Seeded, ids: list[str], allow_nul: bool) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    text = _text(allow_nul)
    return {
        "ID": st.one_of(st.sampled_from(ids).map(nodes.String), text.map(nodes.String), st.integers().map(nodes.Int)),
        "String": st.one_of(st.sampled_from(seeded.words), text).map(nodes.String),
        # Small counts mostly (first, depth, limit, intensity...), any 32-bit value sometimes.
        "Int": st.one_of(st.integers(-1, 25), st.integers(-(2**31), 2**31 - 1)).map(nodes.Int),
        "JSON": _json_values(text),
        "Date": st.one_of(st.dates().map(nodes.String), text.map(nodes.String)),
    }


def operations(seeded: Seeded, *, allow_nul: bool) -> st.SearchStrategy[str]:
    """Mostly one root field per operation (so that no sibling's refusal hides a field's own path),
    sometimes several."""
    parsed = graphql.build_schema(kindred_schema.as_str())
    assert parsed.query_type is not None and parsed.mutation_type is not None
    common = scalars(seeded, seeded.ids, allow_nul)
    victims = scalars(seeded, seeded.victims, allow_nul)
    query_fields = sorted(parsed.query_type.fields)
    mutation_fields = sorted(set(parsed.mutation_type.fields) - SESSION_ENDERS - UPLOADS - ACCOUNT_CHANGERS)

    def one_query(name: str) -> st.SearchStrategy[str]:
        return gql.queries(parsed, fields=[name], custom_scalars=common)

    def one_mutation(name: str) -> st.SearchStrategy[str]:
        return gql.mutations(parsed, fields=[name], custom_scalars=victims if name in ACCOUNT_CHANGERS else common)

    return st.one_of(
        st.sampled_from(query_fields).flatmap(one_query),
        st.sampled_from(mutation_fields + sorted(ACCOUNT_CHANGERS)).flatmap(one_mutation),
        gql.queries(parsed, custom_scalars=common),
    )


#: Operations the fuzzer found failing (a NUL, written as a GraphQL string escape, reached the
#: database: FalkorDB reads parameters from the statement's text, where a NUL ends it). Replayed
#: on every run, whatever the seeds above happen to generate.
FOUND = (
    'query { neighborhood(memberId: "\\u007F\\u0000\\u0006", depth: 1) { packed } }',
    'mutation { recordBond(otherMemberId: "\\u0006\\u0000RI", kind: FRIEND) { status } }',
    'mutation { updateTeam(id: -191076, name: null, parent: "\\u0000a") { memberCount } }',
    'mutation { assignMemberToSite(memberId: "", siteId: "L\\u0000n") { key } }',
    'query { proposalSet(id: "a\\u0000Y") { parameters } }',
)


def is_internal(status: int, body: Any) -> bool:
    if status >= 500:
        return True
    errors = body.get("errors") if isinstance(body, dict) else None
    return any((error.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR" for error in errors or [])


def _outcome(status: int, body: Any) -> str:
    errors = body.get("errors") if isinstance(body, dict) else None
    if not errors:
        return f"HTTP {status} data"
    return f"HTTP {status} " + ((errors[0].get("extensions") or {}).get("code") or "no code")


def fuzz(viewer: str, url: str, token: str | None, strategy: st.SearchStrategy[str], examples: int,
         log: ServerLog, seed_offset: int = 0) -> list[Failure]:
    failures: list[Failure] = []
    outcomes: Counter[str] = Counter()
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    with httpx.Client(base_url=url, timeout=60, headers=headers) as client:

        @seed((SEED + seed_offset) * 1000 + sorted(EXAMPLES).index(viewer))
        @settings(max_examples=max(1, int(examples * SCALE)), database=None, deadline=None, print_blob=False,
                  suppress_health_check=list(HealthCheck))
        @given(operation=strategy)
        def send(operation: str) -> None:
            log.take()
            response = client.post("/graphql", json={"query": operation})
            try:
                body: Any = response.json()
            except ValueError:
                body = None
            outcomes[_outcome(response.status_code, body)] += 1
            if is_internal(response.status_code, body):
                failures.append(Failure(viewer, operation, response.status_code, response.text[:2000], log.take()))

        send()
    print(f"{viewer}: {sum(outcomes.values())} operations, outcomes {dict(outcomes.most_common())}")
    return failures


def report(failures: list[Failure]) -> str:
    seen: dict[str, Failure] = {}
    for failure in failures:
        # One report per distinct server error (its last log line), or per body when nothing was logged.
        key = failure.log.strip().splitlines()[-1] if failure.log.strip() else failure.body[:200]
        seen.setdefault(key, failure)
    parts = [f"{len(failures)} operations failed ({len(seen)} distinct):"]
    for failure in list(seen.values())[:REPORTED_MAX]:
        parts.append(f"--- as {failure.viewer}, HTTP {failure.status}\n{failure.operation}\n"
                     f"answer: {failure.body}\nserver log:\n{failure.log}")
    return "\n".join(parts)


async def test_generated_operations_never_fail_internally(
    database: TestDatabase, live_server: LiveServer, repository: SeedingRepository, people: People,
    organiser: GraphQLClient, member: GraphQLClient, server_log: ServerLog,
) -> None:
    seed_offset, share = ENGINE_RUNS[database.engine]
    seeded = await seed_graph(repository, people, organiser)
    strategy = operations(seeded, allow_nul=ALLOW_NUL)
    failures: list[Failure] = []
    integrator = await api_token(repository, people.ids["olga"], "read", "write")
    viewers = (("anonymous", None), ("member", member.token), ("organiser", organiser.token), ("integrator", integrator))
    for viewer, token in viewers:
        failures += fuzz(viewer, live_server.url, token, strategy, round(EXAMPLES[viewer] * share), server_log, seed_offset)
    assert not failures, report(failures)


@pytest.mark.parametrize("operation", FOUND)
async def test_operations_the_fuzzer_found_do_not_fail_internally(
    operation: str, organiser: GraphQLClient, member: GraphQLClient, server_log: ServerLog
) -> None:
    for client in (member, organiser):
        body = await client.post(operation)
        assert not is_internal(200, body), f"{operation}\n{body}\n{server_log.take()}"
