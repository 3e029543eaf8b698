"""The caches that spare each request repeated work: bounded, and never a way around a check."""

from __future__ import annotations

import asyncio
import time

import pytest

from graph_api.accounts.verified_tokens import TokenExpired, VerifiedTokens
from graph_api.api.caching import CACHED_TEXT_MAX, TextCache
from graph_api.api.read_ahead import soon


def test_a_verified_token_is_known_until_it_expires() -> None:
    tokens = VerifiedTokens()
    tokens.remember("t1", {"sub": "member-1", "exp": int(time.time()) + 60})
    assert tokens.claims("t1") == {"sub": "member-1", "exp": pytest.approx(time.time() + 60, abs=2)}
    assert tokens.claims("t2") is None
    tokens.remember("old", {"sub": "member-1", "exp": int(time.time()) - 1})
    with pytest.raises(TokenExpired):
        tokens.claims("old")
    assert tokens.claims("old") is None  # forgotten: the next use is decoded (and refused) afresh


def test_verified_tokens_keep_only_the_most_recently_used() -> None:
    tokens = VerifiedTokens(size=2)
    later = int(time.time()) + 60
    for name in ("a", "b"):
        tokens.remember(name, {"exp": later})
    tokens.claims("a")
    tokens.remember("c", {"exp": later})
    assert tokens.claims("b") is None
    assert tokens.claims("a") is not None and tokens.claims("c") is not None


def test_text_cache_is_bounded_and_skips_long_texts() -> None:
    cache: TextCache[bool] = TextCache(size=2)
    cache.put("{ a }", True)
    cache.put("{ b }", True)
    cache.get("{ a }")
    cache.put("{ c }", True)
    assert cache.get("{ b }") is None
    assert cache.get("{ a }") and cache.get("{ c }")
    cache.put("x" * (CACHED_TEXT_MAX + 1), True)
    assert cache.get("x" * (CACHED_TEXT_MAX + 1)) is None
    assert cache.get(None) is None


async def test_soon_answers_at_once_when_loaded_and_awaits_otherwise() -> None:
    loaded: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    loaded.set_result(2)
    assert soon(loaded, lambda n: n * 10) == 20
    pending: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    later = soon(pending, lambda n: n * 10)
    pending.set_result(3)
    assert await later == 30  # type: ignore[misc]
    failed: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    failed.set_exception(RuntimeError("database away"))
    with pytest.raises(RuntimeError):
        await soon(failed, lambda n: n)  # type: ignore[misc]
