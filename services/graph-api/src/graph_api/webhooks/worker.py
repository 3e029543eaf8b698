"""The webhook worker: claims due deliveries with a lease, POSTs each, signed, to its endpoint,
and marks it delivered, to retry (exponential backoff, or the receiver's Retry-After, capped) or
failed.

A 2xx answer delivers. A network error, a timeout, 408, 429 or a 5xx is tried again, up to
KINDRED_WEBHOOK_MAX_ATTEMPTS attempts. Any other answer (a 3xx: redirects are not followed; a
4xx) is final: the receiver said no. At least once: a receiver may see a delivery twice (its
answer was lost, or the worker died before noting it), always with the same Kindred-Webhook-Id.
Two workers never send the same delivery at the same time: a claim leases it to one of them for
longer than a batch can take.

Before each POST the endpoint's host is resolved and every address must be public (not private,
loopback or link-local such as a cloud's metadata service), so an endpoint cannot make the server
call into its own network. Loopback passes only with KINDRED_WEBHOOK_ALLOW_HTTP_LOOPBACK.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urlsplit

import httpx

from graph_api.domain.webhooks import WebhookDelivery, address_is_public, is_loopback_host
from graph_api.settings import Settings
from graph_api.store.webhooks import WebhookStore
from graph_api.webhooks import messages, signing

log = logging.getLogger(__name__)

#: Deliveries claimed at a time.
BATCH = 10
#: Deliveries done with (delivered or failed) are deleted after this long.
KEEP_DONE = timedelta(days=30)
#: Answers worth another attempt besides the 5xx.
_RETRY_STATUSES = frozenset({408, 429})

Resolver = Callable[[str, int], Awaitable[list[str]]]


def stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def retry_delay(settings: Settings, attempts: int, retry_after: float | None = None) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: the receiver's Retry-After when
    it gave one, else base * 2^(attempts-1); never longer than the cap."""
    if retry_after is not None:
        seconds = max(retry_after, 1.0)
    else:
        seconds = settings.webhook_retry_base_seconds * 2 ** min(max(attempts - 1, 0), 30)
    return timedelta(seconds=min(seconds, settings.webhook_retry_max_seconds))


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a Retry-After header (a number of seconds or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max((when - now).total_seconds(), 0.0)


def status_in_words(status: int) -> str:
    try:
        return f"the receiver answered {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"the receiver answered {status}"


async def resolve_host(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


@dataclass
class Tally:
    delivered: int = 0
    retried: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class _Outcome:
    delivered: bool
    final: bool
    http_status: int | None
    error: str
    retry_after: float | None = None


@dataclass
class WebhookWorker:
    store: WebhookStore
    settings: Settings
    #: Looks a host up (tests may pass their own).
    resolve: Resolver = resolve_host
    owner: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}")

    @property
    def lease(self) -> timedelta:
        """Longer than a whole batch of attempts that all time out."""
        return timedelta(seconds=BATCH * (self.settings.webhook_timeout_seconds + 5) * 2)

    async def run_once(self, *, now: datetime | None = None) -> Tally:
        """One pass at `now` (default: the clock): send every delivery due, prune old ones."""
        moment = now or datetime.now(timezone.utc)
        tally = Tally()
        timeout = httpx.Timeout(self.settings.webhook_timeout_seconds)
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client:
            while True:
                claimed = await self.store.claim_due(
                    owner=self.owner, now=stamp(moment), lease_until=stamp(moment + self.lease), limit=BATCH
                )
                if not claimed:
                    break
                for delivery in claimed:
                    await self._send_one(client, delivery, moment, tally)
        await self.store.prune(before=stamp(moment - KEEP_DONE))
        return tally

    async def _send_one(self, client: httpx.AsyncClient, delivery: WebhookDelivery, moment: datetime, tally: Tally) -> None:
        try:
            outcome = await self._attempt(client, delivery, moment)
        except Exception as error:  # a fault of ours: the delivery is retried, the pass goes on
            log.exception("webhook delivery %s: could not be attempted", delivery.id)
            outcome = _Outcome(False, False, None, f"could not be sent ({type(error).__name__})")
        if outcome.delivered:
            await self.store.mark_delivered(delivery_id=delivery.id, now=stamp(moment), http_status=outcome.http_status or 200)
            tally.delivered += 1
        elif outcome.final or delivery.attempts >= self.settings.webhook_max_attempts:
            error = outcome.error if outcome.final else f"{outcome.error}; given up after {delivery.attempts} attempts"
            log.warning("webhook delivery %s (%s) failed: %s", delivery.id, delivery.event, error)
            await self.store.mark_failed(delivery_id=delivery.id, http_status=outcome.http_status, error=error)
            tally.failed += 1
        else:
            due = stamp(moment + retry_delay(self.settings, delivery.attempts, outcome.retry_after))
            await self.store.mark_retry(
                delivery_id=delivery.id, owner=self.owner, due_at=due, http_status=outcome.http_status, error=outcome.error
            )
            tally.retried += 1

    async def _attempt(self, client: httpx.AsyncClient, delivery: WebhookDelivery, moment: datetime) -> _Outcome:
        endpoint = await self.store.endpoint_for_sending(delivery.endpoint_id)
        if endpoint is None:
            return _Outcome(False, True, None, "the endpoint was removed")
        url = str(endpoint["url"])
        refusal = await self._refuse_address(url)
        if refusal:
            return _Outcome(False, True, None, refusal)
        body = await messages.body(delivery, str(endpoint.get("format") or "json"), self.store, self.settings)
        headers = signing.headers(
            secret=str(endpoint["secret"]), delivery_id=delivery.id, event=delivery.event,
            timestamp=int(moment.timestamp()), body=body,
        )
        try:
            answer = await client.post(url, content=body, headers=headers)
        except httpx.TimeoutException:
            return _Outcome(False, False, None, f"no answer within {self.settings.webhook_timeout_seconds:g} seconds")
        except httpx.HTTPError as error:
            return _Outcome(False, False, None, f"could not reach the receiver ({type(error).__name__})")
        status = answer.status_code
        if 200 <= status < 300:
            return _Outcome(True, True, status, "")
        words = status_in_words(status)
        if status >= 500 or status in _RETRY_STATUSES:
            return _Outcome(False, False, status, words, parse_retry_after(answer.headers.get("Retry-After"), moment))
        if 300 <= status < 400:
            return _Outcome(False, True, status, f"{words}: redirects are not followed, give the final address")
        return _Outcome(False, True, status, words)

    async def _refuse_address(self, url: str) -> str | None:
        """Why the address must not be called (it leads into a private network), or None."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = await self.resolve(host, port)
        except OSError:
            return None  # unknown for now: the POST fails as a network error and is retried
        allow_loopback = self.settings.webhook_allow_http_loopback
        for address in addresses:
            if address_is_public(address):
                continue
            if allow_loopback and is_loopback_host(address):
                continue
            return "not sent: the address leads into a private network"
        return None


async def run_forever(worker: WebhookWorker, *, stop: asyncio.Event, poll_seconds: float) -> None:
    """Pass after pass, every `poll_seconds`, until `stop` is set. A database or receiver that is
    away is waited for: the deliveries wait in the database."""
    while not stop.is_set():
        try:
            tally = await worker.run_once()
            if tally.delivered or tally.retried or tally.failed:
                log.info("webhooks: %d delivered, %d to retry, %d given up", tally.delivered, tally.retried, tally.failed)
        except Exception:  # the next pass tries again; leases free what this one held
            log.exception("webhooks: a pass failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=poll_seconds)
        except TimeoutError:
            pass
