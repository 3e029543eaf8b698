"""Statements for sign-in throttling: one small node per key (a handle or a client address,
both hashed) with a failure count and the start of its window. Each statement is one atomic
write, so replicas sharing the database share the counts."""

from __future__ import annotations

from typing import Final

# Counts an attempt against every key in one write. `lock` is set first so Neo4j takes the
# node's write lock before the count is read (no lost updates); FalkorDB runs writes one at a time.
RECORD_ATTEMPT: Final = (
    "UNWIND $keys AS key "
    "MERGE (t:SignInThrottle {key: key}) "
    "ON CREATE SET t.failures = 0, t.windowStart = $now "
    "SET t.lock = true "
    "WITH t, t.windowStart <= $now - $window AS stale "
    "SET t.failures = CASE WHEN stale THEN 1 ELSE t.failures + 1 END, "
    "t.windowStart = CASE WHEN stale THEN $now ELSE t.windowStart END, "
    "t.lock = null "
    "RETURN t.key AS key, t.failures AS failures, t.windowStart AS windowStart"
)
# A successful sign-in: the handle's count starts again, and the address gets its attempt back.
FORGIVE_ATTEMPT: Final = (
    "OPTIONAL MATCH (h:SignInThrottle {key: $handleKey}) "
    "DELETE h "
    "WITH count(*) AS done "
    "MATCH (a:SignInThrottle {key: $addressKey}) "
    "SET a.lock = true "
    "WITH a "
    "SET a.failures = CASE WHEN a.failures > 0 THEN a.failures - 1 ELSE 0 END, a.lock = null "
    "RETURN a.failures AS failures"
)
PURGE_STALE: Final = (
    "MATCH (t:SignInThrottle) WHERE t.windowStart <= $staleBefore "
    "WITH t LIMIT 500 DELETE t RETURN count(*) AS purged"
)
