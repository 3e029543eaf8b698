"""A FalkorDB that cannot take statements right now (loading its data after a restart, refusing
writes after a failed save, out of memory or of client slots) is an outage, said as
DATABASE_UNAVAILABLE, not an internal error; any other refusal stays a fault of ours."""

from __future__ import annotations

import pytest
from redis import exceptions as redis_errors

from graph_api.errors import DatabaseUnavailableError, StoreQueryError
from graph_api.store.falkordb_driver import FalkorDBDriver


@pytest.mark.parametrize(
    "reply",
    [
        "LOADING Redis is loading the dataset in memory",
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk",
        "OOM command not allowed when used memory > 'maxmemory'.",
        "ERR max number of clients reached",
        "BUSY Redis is busy running a script.",
    ],
)
def test_a_busy_server_is_an_outage(reply: str) -> None:
    assert isinstance(FalkorDBDriver._map_response_error(redis_errors.ResponseError(reply)), DatabaseUnavailableError)


def test_a_refused_statement_stays_a_fault_of_ours() -> None:
    mapped = FalkorDBDriver._map_response_error(redis_errors.ResponseError("errMsg: Invalid input 'RETURNN'"))
    assert isinstance(mapped, StoreQueryError)
