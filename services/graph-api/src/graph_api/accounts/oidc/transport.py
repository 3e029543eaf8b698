"""The only way Kindred talks to an identity provider: every request's host must resolve to public
addresses only (loopback too when KINDRED_OIDC_ALLOW_HTTP_LOOPBACK is on), as webhook deliveries
must, and no answer may be larger than ANSWER_MAX_BYTES. `ProviderTransport` serves discovery
(httpx); `AuthlibTransport` is the same for Authlib's client (token and userinfo requests), built
on the HTTP module Authlib uses (httpx2 when it is installed, else httpx)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from types import ModuleType
from typing import Any, Final

import httpx
from authlib.integrations.httpx_client import _compat

from graph_api.domain.webhooks import address_is_public, is_loopback_host

#: Metadata, key sets, tokens and userinfo are a few kilobytes.
ANSWER_MAX_BYTES: Final = 256 * 1024
#: The module Authlib's httpx integration sends with.
AUTHLIB_HTTP: Final[ModuleType] = _compat.httpx2
#: What a failed request raises, whichever module sent it.
HTTP_ERRORS: Final = tuple({httpx.HTTPError, AUTHLIB_HTTP.HTTPError})


async def _addresses(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _transport_class(http: ModuleType) -> type:
    class Capped(http.AsyncByteStream):  # type: ignore[name-defined,misc]
        def __init__(self, stream: Any, limit: int) -> None:  # the inner transport's async stream
            self._stream, self._limit = stream, limit

        async def __aiter__(self) -> AsyncIterator[bytes]:
            seen = 0
            async for chunk in self._stream:
                seen += len(chunk)
                if seen > self._limit:
                    raise http.ReadError(f"the provider's answer is larger than {self._limit} bytes")
                yield chunk

        async def aclose(self) -> None:
            await self._stream.aclose()

    class Transport(http.AsyncBaseTransport):  # type: ignore[name-defined,misc]
        def __init__(self, *, allow_loopback: bool, limit: int = ANSWER_MAX_BYTES, inner: Any = None, keep_open: bool = False) -> None:
            self._allow_loopback, self._limit = allow_loopback, limit
            self._inner = inner or http.AsyncHTTPTransport()
            # Authlib opens and closes a client per request over the same transport: `close` ends it.
            self._keep_open = keep_open

        async def handle_async_request(self, request: Any) -> Any:
            url = request.url
            port = url.port or (443 if url.scheme == "https" else 80)
            try:
                addresses = await _addresses(url.host, port)
            except OSError:
                raise http.ConnectError(f"the provider's host {url.host!r} is unknown", request=request) from None
            for address in addresses:
                if not (address_is_public(address) or (self._allow_loopback and is_loopback_host(address))):
                    raise http.ConnectError(f"the provider's host {url.host!r} leads into a private network", request=request)
            answer = await self._inner.handle_async_request(request)
            return http.Response(
                status_code=answer.status_code, headers=answer.headers, stream=Capped(answer.stream, self._limit),
                extensions=answer.extensions,
            )

        async def aclose(self) -> None:
            if not self._keep_open:
                await self._inner.aclose()

        async def close(self) -> None:
            await self._inner.aclose()

    return Transport


ProviderTransport: Final = _transport_class(httpx)
AuthlibTransport: Final = ProviderTransport if AUTHLIB_HTTP is httpx else _transport_class(AUTHLIB_HTTP)
