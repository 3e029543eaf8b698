"""Limits on a query's size, all checked before the standard validation and execution.

Depth, aliases, cost and repeated fields are measured once per fragment (`query_shape`),
so a document whose fragments spread each other twice per level is refused in linear time. Every
field costs 1, and a field taking `first` (or `limit`) multiplies the cost of what it
selects by that many, so a page of pages of pages is refused before it runs. A page
size given by a variable counts at its maximum, since validation does not see values;
an absent one at its default. Graph views (`communityGraph`, `neighborhood`) and the
snapshot also cost one per member they may hold, so a few full-size views fit in one
query and thirty do not.

The checks run in `QueryLimits.on_validate`, before graphql-core's rules: a refused
query never reaches them, and `OverlappingFieldsCanBeMergedRule` gets a small budget,
so repeating a field thousands of times costs milliseconds, not seconds. A query text
that fitted is remembered (api.caching) and not measured again; one refused is
measured, and refused, every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import graphql.validation.rules.overlapping_fields_can_be_merged as overlapping_fields
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    IntValueNode,
    Node,
    OperationDefinitionNode,
    Visitor,
    visit,
)
from graphql.language import BREAK
from graphql.validation import MaxIntrospectionDepthRule
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, SchemaExtension

from graph_api.api.caching import TextCache
from graph_api.api.query_shape import MAX_NESTING, Shape, ShapeMeter

MAX_DEPTH = 10
#: Introspection nests type references deeper than data does (graphql-core's own query: 15).
MAX_INTROSPECTION_DEPTH = 20
MAX_ALIASES = 30
#: How often one response key may occur in one selection set (fragments merged in).
MAX_REPEATS = 20
#: Directives on one field, fragment or operation (`@include` and `@skip` at most once each).
MAX_DIRECTIVES = 8
MAX_TOKENS = 4000
MAX_COST = 25_000
#: Work graphql-core may spend comparing fields of the same name (its default: 500,000,
#: about a second). Real queries spend under a hundred; two thousand is a few milliseconds.
OVERLAP_BUDGET = 2_000
#: How many items a sized field may return: (when absent, when a variable or at most).
SIZE_ARGUMENTS: dict[str, tuple[int, int]] = {"first": (20, 100), "limit": (500, 5000)}
#: Bulk reads of many flat records: field -> (size argument, largest size, items whose
#: selection costs as one). Each item also costs ITEM_COST. A size given by a variable
#: counts at its largest; an absent one at the field's default (BULK_DEFAULTS).
BULK_FIELDS: dict[str, tuple[str, int, int]] = {
    "communitySnapshot": ("first", 5000, 10),
    "communityGraph": ("limit", 5000, 10),
    "neighborhood": ("", 2000, 10),
}
BULK_DEFAULTS: dict[str, int] = {"communitySnapshot": 1000, "communityGraph": 500, "neighborhood": 2000}
#: What one member of a graph view or snapshot costs. A full-size packed view (the web
#: app's) costs about 6,000, so four fit in one query; drawn as `nodes` and `edges` (eight
#: times the bytes and the time: 3.4 MB and 0.6 s for 2,000 members) about 13,000, so one
#: fits, as does one full snapshot page (the recommender's query: 13,500).
ITEM_COST = 1

overlapping_fields.MAX_COMPLEXITY_BUDGET = OVERLAP_BUDGET


def _size(field: FieldNode, argument: str, absent: int, largest: int) -> int:
    for given in field.arguments or ():
        if given.name.value == argument:
            if isinstance(given.value, IntValueNode):
                return max(1, int(given.value.value))
            return largest
    return absent


def field_weight(field: FieldNode) -> tuple[int, int]:
    """(multiplier of the selection's cost, cost of the field's own items)."""
    name = field.name.value
    bulk = BULK_FIELDS.get(name)
    if bulk is not None:
        argument, largest, per_unit = bulk
        size = _size(field, argument, BULK_DEFAULTS[name], largest) if argument else largest
        return max(1, -(-size // per_unit)), size * ITEM_COST
    for argument in field.arguments or ():
        sizes = SIZE_ARGUMENTS.get(argument.name.value)
        if sizes is not None:
            return _size(field, argument.name.value, *sizes), 0
    return 1, 0


def _too_large(message: str, node: Any, **extensions: Any) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": "QUERY_TOO_LARGE", **extensions})


def _refusals(operation: OperationDefinitionNode, shape: Shape) -> list[GraphQLError]:
    name = operation.name.value if operation.name else "anonymous"
    if shape.too_nested:
        return [_too_large(f"'{name}' nests fields and fragments more than {MAX_NESTING} levels deep", operation)]
    errors = []
    # Depth as Strawberry's QueryDepthLimiter counts it: levels below the root field.
    if shape.height - 1 > MAX_DEPTH:
        errors.append(_too_large(f"'{name}' exceeds maximum operation depth of {MAX_DEPTH}", operation))
    if shape.introspection_height > MAX_INTROSPECTION_DEPTH:
        errors.append(
            _too_large(f"'{name}' exceeds maximum introspection depth of {MAX_INTROSPECTION_DEPTH}", operation)
        )
    if shape.aliases > MAX_ALIASES:
        errors.append(_too_large(f"{shape.aliases} aliases found. Allowed: {MAX_ALIASES}", operation))
    if shape.repeats > MAX_REPEATS:
        errors.append(
            _too_large(f"a field is asked for {shape.repeats} times in one selection; at most {MAX_REPEATS}", operation)
        )
    if shape.cost > MAX_COST:
        errors.append(
            _too_large(
                f"this query's estimated cost {shape.cost} exceeds the cost limit of {MAX_COST}: "
                "ask for smaller pages, fewer nested lists or smaller graph views",
                operation,
                cost=shape.cost,
                limit=MAX_COST,
            )
        )
    return errors


class _DirectiveOverload(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: Node | None = None

    def enter(self, node: Node, *_: Any) -> Any:
        if len(getattr(node, "directives", None) or ()) > MAX_DIRECTIVES:
            self.found = node
            return BREAK
        return None


def _directive_overload(document: DocumentNode) -> GraphQLError | None:
    finder = _DirectiveOverload()
    visit(document, finder)
    if finder.found is None:
        return None
    return _too_large(f"more than {MAX_DIRECTIVES} directives on one field, fragment or operation", finder.found)


def query_limit_errors(document: DocumentNode) -> list[GraphQLError]:
    """Every operation of the document measured against the limits; [] when all fit."""
    overload = _directive_overload(document)
    if overload is not None:
        return [overload]
    meter = ShapeMeter(document, field_weight)
    errors: list[GraphQLError] = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            errors.extend(_refusals(definition, meter.operation(definition)))
    return errors


def refuse_before_validation(execution_context: Any, errors: list[GraphQLError]) -> None:
    """Record errors as the validation's result: Strawberry then skips graphql-core's rules."""
    if errors:
        execution_context.pre_execution_errors = [*(execution_context.pre_execution_errors or []), *errors]


#: Query texts whose document fits every limit (a refused one is measured on every request).
_within_limits: TextCache[bool] = TextCache()


class QueryLimits(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not _within_limits.get(context.query):
            errors = query_limit_errors(document)
            if errors:
                refuse_before_validation(context, errors)
            else:
                _within_limits.put(context.query, True)
        yield


def token_limiter() -> SchemaExtension:
    return MaxTokensLimiter(max_token_count=MAX_TOKENS)


def introspection_depth_rule() -> SchemaExtension:
    return AddValidationRules([MaxIntrospectionDepthRule])
