"""Parsing and validation cached by query text: a client sends the same few documents again and
again, and graphql-core's validation costs milliseconds each time.

Both caches are bounded LRUs (Strawberry's own), so unique query texts cannot grow memory.
Validation runs only for documents the query limits let through: a refused document must not
cost a full validation first, cached or not.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import ParserCache, SchemaExtension, ValidationCache

#: Distinct documents kept; the web app and the recommender send about a hundred.
CACHED_DOCUMENTS = 512


class CachedParse(ParserCache):
    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(context.query, **context.parse_options)
        except GraphQLError:
            pass  # Strawberry parses it again and reports the syntax error as for any request
        yield


class ValidationAfterLimits(ValidationCache):
    def on_validate(self) -> Iterator[None]:
        if self.execution_context.pre_execution_errors:  # refused by the limits: no validation at all
            yield
            return
        yield from super().on_validate()


def parse_cache() -> SchemaExtension:
    return CachedParse(maxsize=CACHED_DOCUMENTS)


def validation_cache() -> SchemaExtension:
    return ValidationAfterLimits(maxsize=CACHED_DOCUMENTS)
