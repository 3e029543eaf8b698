"""The health inputs of a generated demo community (used by bench/kpis.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bench.demo_health_inputs import build_inputs_from_demo, synthetic_extras
from graph_api.demo.generator import DemoCommunity, generate_community
from graph_api.kpis import Scope, compute_health

AS_OF = date(2026, 1, 1)


@pytest.fixture(scope="module")
def demo() -> DemoCommunity:
    return generate_community(400, seed=3)


def test_demo_inputs_keep_every_member_and_bond(demo: DemoCommunity) -> None:
    r = compute_health(build_inputs_from_demo(demo), as_of=AS_OF, scope=Scope())
    pairs = {(min(b["a"], b["b"]), max(b["a"], b["b"])) for b in demo.bonds}
    assert (r.members, r.bonds, r.ties, r.ignored_bonds) == (400, len(demo.bonds), len(pairs), 0)
    # seeded bonds are not confirmed by members; no group, event or proposal without extras
    assert r.trust.confirmed == 0 and r.purpose.in_group == 0 and r.events == ()
    assert r.engagement.proposals[0].rate is None


def test_demo_community_is_siloed(demo: DemoCommunity) -> None:
    r = compute_health(build_inputs_from_demo(demo), as_of=AS_OF, scope=Scope())
    assert r.silo_by_team.ei is not None and r.silo_by_team.ei < -0.3
    assert r.modularity.by_team is not None and r.modularity.by_team > 0.5


def test_synthetic_extras_are_deterministic(demo: DemoCommunity) -> None:
    first = build_inputs_from_demo(demo, synthetic_extras(demo, seed=5, groups=5, events=4))
    again = build_inputs_from_demo(demo, synthetic_extras(demo, seed=5, groups=5, events=4))
    assert first == again
    r = compute_health(first, as_of=AS_OF, scope=Scope())
    assert len(r.events) == 4 and r.purpose.in_group > 0 and r.trust.confirmed > 0
