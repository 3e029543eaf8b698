"""Consent end to end: a recommender run over graph-api leaves out members who paused proposals
or turned the run's kind off, and never puts together a pair one of whom asked not to be
introduced to the other."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path

from recommender.runs import run
from tests.conftest import LiveServer
from tests.recommender.test_service import (  # noqa: F401 (fixtures)
    Community,
    batch,
    community,
    graph_client,
    members_of,
    people,
    proposal_sets,
)
from tests.seeding import SeedingRepository

TODAY = datetime.now(timezone.utc).date()


def pairs_in(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for group in groups for p in combinations(group, 2)}


async def test_a_batch_of_intros_leaves_out_who_turned_intros_off_or_paused_and_parts_listed_pairs(
    community: Community, live_server: LiveServer, repository: SeedingRepository, tmp_path: Path
) -> None:
    ids = community.ids
    await repository.consent.set_kinds(ids["member00"], ["purpose", "skills"])
    await repository.consent.set_pause(ids["member01"], until=TODAY + timedelta(days=7), today=TODAY)
    # Jazz lovers of different teams: the best intro each could have, unless one asks not to meet the other.
    await repository.consent.add_no_intro(ids["member04"], ids["member05"])
    done = await batch(live_server, community.token, tmp_path, "--kind", "intros")
    assert done.returncode == 0, done.stderr
    (stored,) = await proposal_sets(community.olga, "INTROS")
    groups = members_of(stored)
    proposed = {key for group in groups for key in group}
    assert proposed
    assert not proposed & {ids["member00"], ids["member01"]}
    assert frozenset({ids["member04"], ids["member05"]}) not in pairs_in(groups)


async def test_a_purpose_run_keeps_a_listed_pair_apart_and_includes_those_who_want_purpose_groups(
    community: Community, live_server: LiveServer, repository: SeedingRepository
) -> None:
    ids = community.ids
    await repository.consent.set_kinds(ids["member00"], ["purpose"])
    await repository.consent.add_no_intro(ids["member02"], ids["member06"])
    async with graph_client(live_server, community.token) as client:
        stored = await run("purpose", {"min_size": 2, "max_size": 3}, client)
    assert stored.proposal_set_id is not None
    (found,) = await proposal_sets(community.olga, "PURPOSE")
    groups = members_of(found)
    assert ids["member00"] in {key for group in groups for key in group}
    assert frozenset({ids["member02"], ids["member06"]}) not in pairs_in(groups)
