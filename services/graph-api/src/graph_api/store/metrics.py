"""What /metrics reads from the database when it is scraped (statements in queries/metrics.py)."""

from __future__ import annotations

from dataclasses import dataclass

from graph_api.store.driver import GraphDriver
from graph_api.store.queries import metrics as q

#: Every status the outbox and the webhook deliveries know (store/queries/outbox.py, webhooks.py):
#: each is reported, 0 when none is in it, so a series never vanishes.
MAIL_STATUSES = ("pending", "sent", "failed", "dropped", "superseded")
DELIVERY_STATUSES = ("pending", "retrying", "delivered", "failed")


@dataclass(frozen=True, slots=True)
class OperationalCounts:
    active_sessions: int
    mails: dict[str, int]
    deliveries: dict[str, int]


def _by_status(rows: list[dict[str, object]], known: tuple[str, ...]) -> dict[str, int]:
    counts = dict.fromkeys(known, 0)
    for row in rows:
        status = row.get("status")
        if isinstance(status, str) and status in counts:
            counts[status] = int(row["total"])  # type: ignore[call-overload]
    return counts


class MetricsStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def operational_counts(self, *, now: str) -> OperationalCounts:
        """Live sessions (not expired at `now`), mails and webhook deliveries by status."""
        sessions = await self._driver.read(q.ACTIVE_SESSIONS, {"now": now})
        mails = await self._driver.read(q.OUTBOX_BY_STATUS)
        deliveries = await self._driver.read(q.WEBHOOK_DELIVERIES_BY_STATUS)
        return OperationalCounts(
            active_sessions=int(sessions[0]["total"]) if sessions else 0,
            mails=_by_status(mails, MAIL_STATUSES),
            deliveries=_by_status(deliveries, DELIVERY_STATUSES),
        )
