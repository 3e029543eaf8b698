"""Limits on a query's size, all checked before execution.

Depth, aliases and tokens use Strawberry's limiters. The cost limit is ours: every
field costs 1, and a field taking `first` (or `limit`) multiplies the cost of what it
selects by that many, so a page of pages of pages is refused before it runs. A page
size given by a variable counts at its maximum, since validation does not see values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 4000
MAX_COST = 25_000
#: How many items a sized field may return when its size argument is a variable or absent.
SIZE_ARGUMENTS: dict[str, tuple[int, int]] = {"first": (20, 100), "limit": (500, 5000)}
#: Bulk reads of flat records made by a few statements whatever their size:
#: field -> (size argument, largest size, items costing as one). The size counts at its
#: largest when it is a variable or absent.
BULK_FIELDS: dict[str, tuple[str, int, int]] = {
    "communitySnapshot": ("first", 5000, 100),
    "communityGraph": ("limit", 5000, 100),
}


class QueryCostRule(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        cost = self._selection_cost(node.selection_set, set())
        if cost > MAX_COST:
            self.report_error(
                GraphQLError(
                    f"this query's estimated cost {cost} exceeds the cost limit of {MAX_COST}: "
                    "ask for smaller pages or fewer nested lists",
                    node,
                    extensions={"code": "QUERY_TOO_LARGE", "cost": cost, "limit": MAX_COST},
                )
            )

    def _selection_cost(self, selection_set: SelectionSetNode | None, fragments: set[str]) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += 1 + self._multiplier(selection) * self._selection_cost(selection.selection_set, fragments)
            elif isinstance(selection, InlineFragmentNode):
                total += self._selection_cost(selection.selection_set, fragments)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in fragments:
                fragment = self.context.get_fragment(selection.name.value)
                if fragment is not None:
                    total += self._selection_cost(fragment.selection_set, fragments | {selection.name.value})
        return total

    @staticmethod
    def _multiplier(field: FieldNode) -> int:
        bulk = BULK_FIELDS.get(field.name.value)
        if bulk is not None:
            argument, largest, per_unit = bulk
            given = [a.value for a in field.arguments or () if a.name.value == argument]
            size = int(given[0].value) if given and isinstance(given[0], IntValueNode) else largest
            return max(1, -(-size // per_unit))
        for argument in field.arguments or ():
            sizes = SIZE_ARGUMENTS.get(argument.name.value)
            if sizes is None:
                continue
            if isinstance(argument.value, IntValueNode):
                return max(1, int(argument.value.value))
            return sizes[1]
        return 1




def limit_extensions() -> list[Callable[[], SchemaExtension]]:
    """Factories: Strawberry builds fresh extensions for each request."""
    return [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: AddValidationRules([QueryCostRule]),
    ]
