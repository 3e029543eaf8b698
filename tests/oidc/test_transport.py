"""Every request to an identity provider goes through a provider transport (discovery's, and the
one under Authlib's client, on whichever HTTP module Authlib uses): no private network (and no
loopback unless allowed), and no answer larger than the limit."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import httpx
import pytest

from graph_api.accounts.oidc.transport import AUTHLIB_HTTP, AuthlibTransport, ProviderTransport

KINDS = [pytest.param((ProviderTransport, httpx), id="discovery"), pytest.param((AuthlibTransport, AUTHLIB_HTTP), id="authlib")]


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> tuple[type, ModuleType]:
    return request.param


async def get(kind: tuple[type, ModuleType], url: str, body: bytes = b"{}", **options: Any) -> Any:
    transport_class, http = kind
    inner = http.MockTransport(lambda request: http.Response(200, content=body))
    async with http.AsyncClient(transport=transport_class(inner=inner, **options)) as client:
        return await client.get(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/", "http://localhost:9/", "http://10.0.0.8/", "http://169.254.169.254/latest"])
async def test_loopback_and_private_addresses_are_refused_before_connecting(kind: Any, url: str) -> None:
    with pytest.raises(kind[1].ConnectError, match="private network"):
        await get(kind, url, allow_loopback=False)


async def test_loopback_is_allowed_when_the_setting_says_so(kind: Any) -> None:
    assert (await get(kind, "http://127.0.0.1:9/", allow_loopback=True)).json() == {}


async def test_private_addresses_stay_refused_when_loopback_is_allowed(kind: Any) -> None:
    with pytest.raises(kind[1].ConnectError, match="private network"):
        await get(kind, "http://192.168.1.2/", allow_loopback=True)


async def test_an_answer_over_the_limit_is_cut_off(kind: Any) -> None:
    with pytest.raises(kind[1].ReadError, match="larger than 1000 bytes"):
        await get(kind, "http://127.0.0.1:9/", b"x" * 1001, allow_loopback=True, limit=1000)
    assert (await get(kind, "http://127.0.0.1:9/", b"x" * 1000, allow_loopback=True, limit=1000)).content == b"x" * 1000
