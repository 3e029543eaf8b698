"""An operation's shape (depth, aliases, cost), measured once per fragment.

A fragment's shape does not depend on where it is spread, so each is measured once and
reused: the work is linear in the document's size however often fragments spread each
other. `repeats` counts how often one response key occurs in a selection set once inline
fragments and spreads are merged into it, as graphql-core's overlap check will merge them. A spread counts its fragment's aliases and cost as often as it occurs, so nothing
multiplies unseen through fragments. Values saturate at CEILING, so a fragment tree that
doubles at each level stays a small number. Cycles and unknown fragments count as empty:
graphql-core's own rules refuse them once the limits pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

CEILING = 10**12
#: Fields and fragment spreads nested deeper than this are not followed: the shape is then
#: marked `too_nested`, and a query that nests so deep is refused whatever else it holds.
MAX_NESTING = 64
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})

#: (multiplier, base) of a field: its cost is 1 + base + multiplier * the cost of its selection.
FieldWeight = Callable[[FieldNode], tuple[int, int]]


@dataclass(frozen=True)
class Shape:
    #: Levels of fields (a leaf: 1); an introspection root counts as one level here.
    height: int = 0
    #: The tallest subtree under `__schema` or `__type`, root included.
    introspection_height: int = 0
    aliases: int = 0
    cost: int = 0
    #: The most times one response key occurs in one merged selection set.
    repeats: int = 0
    too_nested: bool = False

    def beside(self, other: Shape) -> Shape:
        return Shape(
            height=max(self.height, other.height),
            introspection_height=max(self.introspection_height, other.introspection_height),
            aliases=min(CEILING, self.aliases + other.aliases),
            cost=min(CEILING, self.cost + other.cost),
            repeats=max(self.repeats, other.repeats),
            too_nested=self.too_nested or other.too_nested,
        )

    def with_repeats(self, repeats: int) -> Shape:
        if repeats <= self.repeats:
            return self
        return Shape(self.height, self.introspection_height, self.aliases, self.cost, repeats, self.too_nested)


EMPTY = Shape()
TOO_NESTED = Shape(CEILING, CEILING, CEILING, CEILING, CEILING, too_nested=True)
#: A selection set's response keys, inline fragments and spreads merged in, with their counts.
Keys = Counter[str]


class ShapeMeter:
    """Measures the operations of one document; fragment shapes are kept for its lifetime."""

    def __init__(self, document: DocumentNode, weight: FieldWeight) -> None:
        self._fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self._weight = weight
        self._measured: dict[str, tuple[Shape, Keys]] = {}
        self._measuring: set[str] = set()

    def operation(self, operation: OperationDefinitionNode) -> Shape:
        shape, keys = self._selections(operation.selection_set, 0)
        return shape.with_repeats(max(keys.values(), default=0))

    def _selections(self, selection_set: SelectionSetNode | None, nesting: int) -> tuple[Shape, Keys]:
        """The set's shape (its own repeats not yet counted) and its merged response keys."""
        keys: Keys = Counter()
        if selection_set is None:
            return EMPTY, keys
        if nesting > MAX_NESTING:
            return TOO_NESTED, keys
        shape = EMPTY
        spread: set[str] = set()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                shape = shape.beside(self._field(selection, nesting))
                keys[(selection.alias or selection.name).value] += 1
            elif isinstance(selection, InlineFragmentNode):
                inner, inner_keys = self._selections(selection.selection_set, nesting + 1)
                shape = shape.beside(inner)
                keys.update(inner_keys)
            elif isinstance(selection, FragmentSpreadNode):
                inner, inner_keys = self._fragment(selection.name.value, nesting)
                shape = shape.beside(inner)
                # graphql-core merges a fragment once per selection set however often it is spread.
                if selection.name.value not in spread:
                    spread.add(selection.name.value)
                    keys.update(inner_keys)
        return shape, keys

    def _field(self, field: FieldNode, nesting: int) -> Shape:
        inner, keys = self._selections(field.selection_set, nesting + 1)
        inner = inner.with_repeats(max(keys.values(), default=0))
        multiplier, base = self._weight(field)
        cost = min(CEILING, 1 + base + multiplier * inner.cost)
        aliases = min(CEILING, inner.aliases + (1 if field.alias else 0))
        if field.name.value in INTROSPECTION_ROOTS:
            tallest = max(inner.introspection_height, 1 + inner.height)
            return Shape(1, tallest, aliases, cost, inner.repeats, inner.too_nested)
        return Shape(1 + inner.height, inner.introspection_height, aliases, cost, inner.repeats, inner.too_nested)

    def _fragment(self, name: str, nesting: int) -> tuple[Shape, Keys]:
        known = self._measured.get(name)
        if known is not None:
            return known
        fragment = self._fragments.get(name)
        if fragment is None or name in self._measuring:
            return EMPTY, Counter()
        self._measuring.add(name)
        measured = self._selections(fragment.selection_set, nesting + 1)
        self._measuring.discard(name)
        self._measured[name] = measured
        return measured
