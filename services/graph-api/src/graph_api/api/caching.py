"""Parsing, the query limits' verdict and validation cached by query text: a client sends the
same few documents again and again, and measuring and validating one costs from a tenth of a
millisecond to a few milliseconds each time.

Every cache is a bounded LRU, so unique query texts cannot grow memory, and only texts up to
CACHED_TEXT_MAX characters are remembered by the verdict caches: longer ones are measured and
validated every time, as before. A text is a key only for what depends on the document alone
(the schema and the rules are fixed): the limits' verdict is remembered only when the document
passes, so a refused one is measured (and refused) afresh on every request. Validation runs only
for documents the query limits let through: a refused document must not cost a full validation
first, cached or not.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Generic, TypeVar

from graphql import GraphQLError
from graphql.validation import ASTValidationRule
from strawberry.extensions import ParserCache, SchemaExtension
from strawberry.schema.schema import validate_document

#: Distinct documents kept; the web app and the recommender send about a hundred.
CACHED_DOCUMENTS = 512
#: The longest query text a verdict is kept for; the web app's longest query is under 2,000.
CACHED_TEXT_MAX = 20_000

Value = TypeVar("Value")


class TextCache(Generic[Value]):
    """At most `size` values keyed by query text, the least recently used dropped first."""

    def __init__(self, size: int = CACHED_DOCUMENTS) -> None:
        self._size = size
        self._values: OrderedDict[str, Value] = OrderedDict()

    def get(self, text: str | None) -> Value | None:
        if text is None:
            return None
        value = self._values.get(text)
        if value is not None:
            self._values.move_to_end(text)
        return value

    def put(self, text: str | None, value: Value) -> None:
        if text is None or len(text) > CACHED_TEXT_MAX:
            return
        self._values[text] = value
        self._values.move_to_end(text)
        while len(self._values) > self._size:
            self._values.popitem(last=False)


Rules = tuple[type[ASTValidationRule], ...]
#: The rules a text was validated with, and its errors ([] for a valid document).
_validated: TextCache[tuple[Rules, list[GraphQLError]]] = TextCache()


class CachedParse(ParserCache):
    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(context.query, **context.parse_options)
        except GraphQLError:
            pass  # Strawberry parses it again and reports the syntax error as for any request
        yield


class ValidationAfterLimits(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors:  # refused by the limits: no validation at all
            yield
            return
        rules = context.validation_rules
        known = _validated.get(context.query)
        if known is not None and known[0] == rules:
            errors = known[1]
        else:
            assert context.graphql_document is not None
            errors = validate_document(context.schema._schema, context.graphql_document, rules)
            _validated.put(context.query, (rules, errors))
        context.pre_execution_errors = errors
        yield


def parse_cache() -> SchemaExtension:
    return CachedParse(maxsize=CACHED_DOCUMENTS)


def validation_cache() -> SchemaExtension:
    return ValidationAfterLimits()
