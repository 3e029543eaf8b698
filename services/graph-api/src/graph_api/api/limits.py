"""Limits on a query's size, checked before execution."""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter, SchemaExtension

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 4000


def limit_extensions() -> list[Callable[[], SchemaExtension]]:
    """Factories: Strawberry builds fresh extensions for each request."""
    return [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    ]
