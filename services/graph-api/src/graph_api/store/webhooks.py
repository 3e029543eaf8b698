"""Webhook endpoints and their deliveries (statements in queries/webhooks.py). The deliveries
themselves are written by the statements that make the changes (publishing, answering,
recording a meeting): this store registers endpoints, lists deliveries, and serves the worker."""

from __future__ import annotations

import uuid
from typing import Any

from graph_api.domain.webhooks import ENDPOINTS_MAX, WebhookDelivery, WebhookEndpoint, new_secret
from graph_api.errors import LimitReachedError, NotFoundError
from graph_api.store.driver import GraphDriver
from graph_api.store.queries import webhooks as q


def new_delivery_prefix() -> str:
    """The first part of the ids of the deliveries one change writes (one per endpoint)."""
    return f"hook-{uuid.uuid4().hex}"


class WebhookStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    # Endpoints ----------------------------------------------------------------------------------

    async def create(
        self, *, name: str, url: str, events: list[str], format: str, now: str, limit: int = ENDPOINTS_MAX
    ) -> WebhookEndpoint:
        """A new endpoint with a new secret (returned once, in `secret`); LimitReachedError when
        the community has `limit` endpoints already (nothing written)."""
        secret = new_secret()
        params = {"id": f"webhook-{uuid.uuid4().hex[:16]}", "name": name, "url": url, "events": events,
                  "format": format, "secret": secret, "now": now, "max": limit}
        rows = await self._driver.write(q.CREATE_ENDPOINT, params)
        if not rows:
            raise LimitReachedError(f"a community can have at most {limit} webhook endpoints: remove one first", field="input")
        return _with_secret(rows[0]["node"], secret)

    async def endpoints(self) -> list[WebhookEndpoint]:
        return [WebhookEndpoint.from_record(row["node"]) for row in await self._driver.read(q.ENDPOINTS)]

    async def endpoint(self, endpoint_id: str) -> WebhookEndpoint | None:
        rows = await self._driver.read(q.ENDPOINT_BY_ID, {"id": endpoint_id})
        return WebhookEndpoint.from_record(rows[0]["node"]) if rows else None

    async def update(
        self, endpoint_id: str, *, now: str, name: str | None = None, url: str | None = None,
        events: list[str] | None = None, format: str | None = None,
    ) -> WebhookEndpoint:
        params = {"id": endpoint_id, "now": now, "name": name, "url": url, "events": events, "format": format}
        rows = await self._driver.write(q.UPDATE_ENDPOINT, params)
        if not rows:
            raise _not_found(endpoint_id)
        return WebhookEndpoint.from_record(rows[0]["node"])

    async def rotate_secret(self, endpoint_id: str, *, now: str) -> WebhookEndpoint:
        """A new secret (returned once, in `secret`): the old one stops signing at once."""
        secret = new_secret()
        rows = await self._driver.write(q.ROTATE_SECRET, {"id": endpoint_id, "secret": secret, "now": now})
        if not rows:
            raise _not_found(endpoint_id)
        return _with_secret(rows[0]["node"], secret)

    async def delete(self, endpoint_id: str) -> None:
        """The endpoint and every delivery of it, in one write."""
        if not await self._driver.write(q.DELETE_ENDPOINT, {"id": endpoint_id}):
            raise _not_found(endpoint_id)

    # Deliveries ---------------------------------------------------------------------------------

    async def deliveries_page(self, *, endpoint_id: str, after: tuple[str, str] | None, limit: int) -> list[WebhookDelivery]:
        """Newest first, after (createdAt, id) of the last delivery seen."""
        after_key, after_id = after or (None, None)
        params = {"endpointId": endpoint_id, "afterKey": after_key, "afterId": after_id, "limit": limit}
        return [WebhookDelivery.from_record(row["node"]) for row in await self._driver.read(q.DELIVERIES_PAGE, params)]

    async def deliveries_count(self, *, endpoint_id: str) -> int:
        rows = await self._driver.read(q.DELIVERIES_COUNT, {"endpointId": endpoint_id})
        return int(rows[0]["total"]) if rows else 0

    async def delivery(self, delivery_id: str) -> WebhookDelivery | None:
        rows = await self._driver.read(q.DELIVERY_BY_ID, {"id": delivery_id})
        return WebhookDelivery.from_record(rows[0]["node"]) if rows else None

    # The worker ---------------------------------------------------------------------------------

    async def claim_due(self, *, owner: str, now: str, lease_until: str, limit: int) -> list[WebhookDelivery]:
        """Up to `limit` due deliveries, leased to `owner` until `lease_until` (one statement:
        two workers never hold the same delivery)."""
        params = {"owner": owner, "now": now, "leaseUntil": lease_until, "limit": limit}
        return [WebhookDelivery.from_record(row["node"]) for row in await self._driver.write(q.CLAIM_DUE, params)]

    async def mark_delivered(self, *, delivery_id: str, now: str, http_status: int) -> bool:
        params = {"id": delivery_id, "now": now, "httpStatus": http_status}
        return bool(await self._driver.write(q.MARK_DELIVERED, params))

    async def mark_retry(
        self, *, delivery_id: str, owner: str, due_at: str, http_status: int | None, error: str
    ) -> bool:
        params = {"id": delivery_id, "owner": owner, "dueAt": due_at, "httpStatus": http_status, "error": error[:300]}
        return bool(await self._driver.write(q.MARK_RETRY, params))

    async def mark_failed(self, *, delivery_id: str, http_status: int | None, error: str) -> bool:
        params = {"id": delivery_id, "httpStatus": http_status, "error": error[:300]}
        return bool(await self._driver.write(q.MARK_FAILED, params))

    async def prune(self, *, before: str, limit: int = 1000) -> int:
        rows = await self._driver.write(q.PRUNE, {"before": before, "limit": limit})
        return int(rows[0]["pruned"]) if rows else 0

    async def endpoint_for_sending(self, endpoint_id: str) -> dict[str, Any] | None:
        """The address, format and secret (None when the endpoint was removed)."""
        rows = await self._driver.read(q.ENDPOINT_FOR_SENDING, {"id": endpoint_id})
        return rows[0] if rows else None

    # What a delivery says -------------------------------------------------------------------------

    async def set_facts(self, set_id: str) -> dict[str, Any] | None:
        rows = await self._driver.read(q.SET_FACTS, {"id": set_id})
        return rows[0] if rows else None

    async def proposal_facts(self, proposal_id: str) -> dict[str, Any] | None:
        rows = await self._driver.read(q.PROPOSAL_FACTS, {"id": proposal_id})
        return rows[0] if rows else None

    async def event_facts(self, event_id: str) -> dict[str, Any] | None:
        rows = await self._driver.read(q.EVENT_FACTS, {"id": event_id})
        return rows[0] if rows else None


def _with_secret(node: dict[str, Any], secret: str) -> WebhookEndpoint:
    return WebhookEndpoint.from_record({**node, "secret": secret})


def _not_found(endpoint_id: str) -> NotFoundError:
    return NotFoundError(f"no webhook endpoint has the id {endpoint_id!r}", field="id")
