"""No statement the project sends draws a deprecation or performance notification from the
real Neo4j (the local Neo4j 5.26 of tests/conftest.py).

Every statement of tests/cypher_catalog.py (the `queries` package with each assembled
variant, tests/seeding.py, and the Neo4j dialect) is planned with EXPLAIN, which does not
run it, so no parameter is needed; the notifications come with the result summary. The
linter (tests/test_cypher_lint.py) only sees syntax; the server also sees plans (a cartesian
product) and the deprecations of the version it is.
"""

from __future__ import annotations

import neo4j
from neo4j import NotificationClassification

from graph_api.store.neo4j_local import LocalNeo4j
from tests.cypher_catalog import all_statements

#: Notifications that fail the test.
REFUSED = (NotificationClassification.DEPRECATION, NotificationClassification.PERFORMANCE)


async def test_no_statement_draws_a_deprecation_or_performance_notification(
    neo4j_server: LocalNeo4j, _neo4j_schema_ready: None
) -> None:
    statements = all_statements()
    found: list[str] = []
    async with neo4j.AsyncGraphDatabase.driver(
        neo4j_server.url,
        auth=(neo4j_server.user, neo4j_server.password),
        # Labels, types and parameters unknown to an empty graph are expected here.
        notifications_disabled_classifications=[
            NotificationClassification.UNRECOGNIZED,
            NotificationClassification.GENERIC,
        ],
    ) as driver:
        async with driver.session() as session:
            for name, statement in statements.items():
                result = await session.run(f"EXPLAIN {statement}")
                summary = await result.consume()
                for status in summary.gql_status_objects:
                    if status.is_notification and status.classification in REFUSED:
                        found.append(f"{name}: {status.classification.value} {status.status_description}")
    assert len(statements) > 250  # every statement was seen
    assert found == [], "\n".join(found)
