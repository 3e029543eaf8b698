"""The recommender's copy of graph-api's proposal-set limits (recommender/runs.py) matches the original.

The recommender talks to graph-api only over GraphQL, so it cannot import the limits; a set
built with a stale copy would be refused whole by storeProposalSet.
"""

from __future__ import annotations

import pytest

from graph_api.domain import proposal_rules
from recommender import runs

SHARED_LIMITS = ("GROUP_SIZE_MIN", "GROUP_SIZE_MAX", "ROUND_MAX", "REASON_TEXT_MAX", "REASON_JSON_MAX", "SET_JSON_MAX")


@pytest.mark.parametrize("name", SHARED_LIMITS)
def test_recommender_copies_graph_api_limit(name: str) -> None:
    assert getattr(runs, name) == getattr(proposal_rules, name)


def test_run_parameters_stay_within_the_limits() -> None:
    fields = runs.RunParameters.model_fields
    for name in ("min_size", "max_size", "table_size"):
        bounds = {type(m).__name__: m for m in fields[name].metadata}
        assert bounds["Ge"].ge == proposal_rules.GROUP_SIZE_MIN, name
        assert bounds["Le"].le == proposal_rules.GROUP_SIZE_MAX, name
    round_bounds = {type(m).__name__: m for m in fields["round_index"].metadata}
    assert round_bounds["Le"].le == proposal_rules.ROUND_MAX
