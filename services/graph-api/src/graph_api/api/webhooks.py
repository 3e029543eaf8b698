"""Webhook endpoints (organisers only): register, list, change, rotate the secret of and remove
an endpoint; list its deliveries with their status."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.relay import PageInfo

from graph_api.api.context import Info
from graph_api.api.pagination import PAGE_DEFAULT, Connection, Edge, check_first, decode_key_cursor, encode_cursor
from graph_api.api.permissions import ORGANISER
from graph_api.domain import rules
from graph_api.domain import webhooks as domain
from graph_api.errors import BadInputError

#: Deliveries listed at most per page (the pages' usual cap, smaller: the newest matter).
DELIVERIES_PAGE_MAX = 50


@strawberry.enum(description="What an endpoint can hear of.")
class WebhookEvent(Enum):
    PROPOSAL_PUBLISHED = "proposal_published"
    PROPOSAL_ANSWERED = "proposal_answered"
    EVENT_PLAN_PUBLISHED = "event_plan_published"
    MET_RECORDED = "met_recorded"


@strawberry.enum(description="The body of a delivery.")
class WebhookFormat(Enum):
    JSON = strawberry.enum_value("json", description="Signed JSON: id, event, occurredAt, text and data.")
    CHAT = strawberry.enum_value(
        "chat", description='`{"text": "..."}`: a sentence for a Slack, Teams or Mattermost incoming webhook (signed too).'
    )


@strawberry.enum(description="Where a delivery stands.")
class WebhookDeliveryStatus(Enum):
    PENDING = strawberry.enum_value("pending", description="Not tried yet.")
    RETRYING = strawberry.enum_value("retrying", description="Tried, failed, due again (see nextAttemptAt).")
    DELIVERED = strawberry.enum_value("delivered", description="The receiver answered 2xx.")
    FAILED = strawberry.enum_value("failed", description="Given up: refused for good, or every attempt failed.")


@strawberry.type(description="One event told to one endpoint.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(description="Also sent as the Kindred-Webhook-Id header, the same on every attempt.")
    event: WebhookEvent
    status: WebhookDeliveryStatus
    attempts: int
    last_http_status: int | None = strawberry.field(description="The receiver's last answer (null: none yet, or no answer).")
    last_error: str | None = strawberry.field(description="What went wrong last, in words (null when delivered).")
    created_at: str = strawberry.field(description="When the event happened and the delivery was written, ISO-8601 UTC.")
    last_attempt_at: str | None
    delivered_at: str | None
    next_attempt_at: str | None = strawberry.field(description="When it is tried next (pending or retrying only).")

    @classmethod
    def from_model(cls, delivery: domain.WebhookDelivery) -> WebhookDelivery:
        waiting = delivery.status in ("pending", "retrying")
        return cls(
            id=strawberry.ID(delivery.id),
            event=WebhookEvent(delivery.event),
            status=WebhookDeliveryStatus(delivery.status),
            attempts=delivery.attempts,
            last_http_status=delivery.last_status,
            last_error=delivery.last_error,
            created_at=delivery.created_at,
            last_attempt_at=delivery.last_attempt_at,
            delivered_at=delivery.delivered_at,
            next_attempt_at=delivery.due_at if waiting else None,
        )


@strawberry.type(description="An address that hears of events in the community (its secret is never shown again).")
class WebhookEndpoint:
    id: strawberry.ID
    name: str
    url: str
    events: list[WebhookEvent]
    format: WebhookFormat
    created_at: str
    updated_at: str | None
    secret_rotated_at: str | None

    @classmethod
    def from_model(cls, endpoint: domain.WebhookEndpoint) -> WebhookEndpoint:
        return cls(
            id=strawberry.ID(endpoint.id),
            name=endpoint.name,
            url=endpoint.url,
            events=[WebhookEvent(e) for e in endpoint.events if e in domain.EVENTS],
            format=WebhookFormat(endpoint.format),
            created_at=endpoint.created_at,
            updated_at=endpoint.updated_at,
            secret_rotated_at=endpoint.secret_rotated_at,
        )

    @strawberry.field(description=f"Its deliveries, newest first (at most {DELIVERIES_PAGE_MAX} a page; kept 30 days once done).")
    async def deliveries(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[WebhookDelivery]:
        check_first(first, DELIVERIES_PAGE_MAX)
        after_pair = decode_key_cursor(after)
        store = info.context.repository.webhooks
        endpoint_id = str(self.id)
        found = await store.deliveries_page(endpoint_id=endpoint_id, after=after_pair, limit=first + 1)
        edges = [
            Edge(node=WebhookDelivery.from_model(d), cursor=encode_cursor([d.created_at, d.id])) for d in found[:first]
        ]

        async def count_total() -> int:
            return await store.deliveries_count(endpoint_id=endpoint_id)

        page_info = PageInfo(
            has_next_page=len(found) > first,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return Connection(edges=edges, page_info=page_info, count_total=count_total)


@strawberry.type(description="An endpoint with its signing secret: shown only now, keep it where the receiver can read it.")
class WebhookEndpointWithSecret:
    endpoint: WebhookEndpoint
    secret: str = strawberry.field(description="Signs every delivery (HMAC-SHA256); never shown again.")


@strawberry.input(description="A new webhook endpoint.")
class CreateWebhookEndpointInput:
    name: str = strawberry.field(description=f"What people call it, at most {domain.NAME_MAX} characters.")
    url: str = strawberry.field(description=f"https:// address of the receiver, at most {domain.URL_MAX} characters.")
    events: list[WebhookEvent]
    format: WebhookFormat = WebhookFormat.JSON


@strawberry.input(description="Changes to an endpoint; fields left out stay as they are.")
class UpdateWebhookEndpointInput:
    name: str | None = None
    url: str | None = None
    events: list[WebhookEvent] | None = None
    format: WebhookFormat | None = None


def _url(info: Info, url: str) -> str:
    return domain.check_url(url, allow_http_loopback=info.context.settings.webhook_allow_http_loopback)


def _events(events: list[WebhookEvent]) -> list[str]:
    return domain.check_events([event.value for event in events])


@strawberry.type
class WebhookQueries:
    @strawberry.field(description="The community's webhook endpoints, oldest first (organisers only).", permission_classes=ORGANISER)
    async def webhook_endpoints(self, info: Info) -> list[WebhookEndpoint]:
        return [WebhookEndpoint.from_model(e) for e in await info.context.repository.webhooks.endpoints()]


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(
        description=f"Register an endpoint (at most {domain.ENDPOINTS_MAX}; organisers only). The answer holds its "
        "secret, shown this once.",
        permission_classes=ORGANISER,
    )
    async def create_webhook_endpoint(self, info: Info, input: CreateWebhookEndpointInput) -> WebhookEndpointWithSecret:
        name = domain.check_name(input.name)
        url = _url(info, input.url)
        events = _events(input.events)
        created = await info.context.repository.webhooks.create(
            name=name, url=url, events=events, format=input.format.value, now=rules.utc_now()
        )
        return WebhookEndpointWithSecret(endpoint=WebhookEndpoint.from_model(created), secret=created.secret or "")

    @strawberry.mutation(description="Change an endpoint's name, address, events or format (organisers only).", permission_classes=ORGANISER)
    async def update_webhook_endpoint(self, info: Info, id: strawberry.ID, input: UpdateWebhookEndpointInput) -> WebhookEndpoint:
        if input.name is None and input.url is None and input.events is None and input.format is None:
            raise BadInputError("say what to change: name, url, events or format", field="input")
        updated = await info.context.repository.webhooks.update(
            str(id),
            now=rules.utc_now(),
            name=domain.check_name(input.name) if input.name is not None else None,
            url=_url(info, input.url) if input.url is not None else None,
            events=_events(input.events) if input.events is not None else None,
            format=input.format.value if input.format is not None else None,
        )
        return WebhookEndpoint.from_model(updated)

    @strawberry.mutation(
        description="Give an endpoint a new secret (organisers only): the old one stops signing at once. "
        "The answer holds the new secret, shown this once.",
        permission_classes=ORGANISER,
    )
    async def rotate_webhook_secret(self, info: Info, id: strawberry.ID) -> WebhookEndpointWithSecret:
        rotated = await info.context.repository.webhooks.rotate_secret(str(id), now=rules.utc_now())
        return WebhookEndpointWithSecret(endpoint=WebhookEndpoint.from_model(rotated), secret=rotated.secret or "")

    @strawberry.mutation(description="Remove an endpoint and its deliveries (organisers only).", permission_classes=ORGANISER)
    async def remove_webhook_endpoint(self, info: Info, id: strawberry.ID) -> bool:
        await info.context.repository.webhooks.delete(str(id))
        return True
