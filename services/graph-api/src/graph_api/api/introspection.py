"""Production mode: anonymous callers may not introspect the schema.

Signed-in members, organisers and API tokens still may (GraphiQL and client code
generators need it); `__typename` stays open to everyone. Outside production nothing
changes. The check runs before graphql-core's rules, like the query limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, FieldNode, GraphQLError, Visitor, visit
from graphql.language import BREAK
from strawberry.extensions import SchemaExtension

from graph_api.api.limits import refuse_before_validation
from graph_api.api.query_shape import INTROSPECTION_ROOTS


class _FirstIntrospection(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: FieldNode | None = None

    def enter_field(self, node: FieldNode, *_: Any) -> Any:
        if node.name.value in INTROSPECTION_ROOTS:
            self.found = node
            return BREAK
        return None


def first_introspection(document: DocumentNode) -> FieldNode | None:
    """The first `__schema` or `__type` field anywhere in the document (fragments included)."""
    finder = _FirstIntrospection()
    visit(document, finder)
    return finder.found


def introspection_closed(context: Any) -> bool:
    settings = getattr(context, "settings", None)
    return bool(getattr(settings, "production", False)) and getattr(context, "viewer", None) is None


class IntrospectionGate(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        if document is not None and introspection_closed(self.execution_context.context):
            field = first_introspection(document)
            if field is not None:
                error = GraphQLError(
                    "introspection is turned off for anonymous callers: sign in to read the schema",
                    field,
                    extensions={"code": "INTROSPECTION_DISABLED"},
                )
                refuse_before_validation(self.execution_context, [error])
        yield
