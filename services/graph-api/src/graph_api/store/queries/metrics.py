"""The counts /metrics reads at scrape time: each one label scan, no property of a member."""

from __future__ import annotations

from typing import Final

ACTIVE_SESSIONS: Final = "MATCH (s:Session) WHERE s.expiresAt > $now RETURN count(s) AS total"
OUTBOX_BY_STATUS: Final = "MATCH (o:OutboxMail) RETURN o.status AS status, count(o) AS total"
WEBHOOK_DELIVERIES_BY_STATUS: Final = "MATCH (d:WebhookDelivery) RETURN d.status AS status, count(d) AS total"
