"""A page's member details read before its fields resolve, so that they resolve without awaiting.

Each awaited field of each member on a page costs graphql-core a coroutine chain and a task:
for a page of twenty members with passions, team, site and bond count that was over half the
API's CPU time per request. A page now reads the details its query asks for before it
returns (the same batch reads the DataLoaders send, together: one statement on Neo4j) and
primes the loaders with them, and the detail fields answer from the loaders' resolved futures
synchronously. A field whose detail was not read ahead (or whose read failed) awaits its
loader as before, and reports its own error.
Only details everyone may see are read ahead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from graph_api.errors import KindredError
from graph_api.metrics.families import DATALOADER_BATCH

if TYPE_CHECKING:
    from strawberry.dataloader import DataLoader

    from graph_api.api.context import Info

Loaded = TypeVar("Loaded")
Shown = TypeVar("Shown")


def soon(pending: Awaitable[Loaded], present: Callable[[Loaded], Shown]) -> Shown:
    """`present` of a loader's value: at once when it is already loaded, else an awaitable of it.

    graphql-core awaits whatever a resolver returns when it is awaitable, so a resolver may
    return either; the declared type is what GraphQL sees."""
    if isinstance(pending, asyncio.Future) and pending.done() and not pending.cancelled():
        if pending.exception() is None:
            return present(pending.result())
    return cast(Shown, _later(pending, present))


async def _later(pending: Awaitable[Loaded], present: Callable[[Loaded], Shown]) -> Shown:
    return present(await pending)


def _flat(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _flat(selection.selections)


def _under(selections: Iterable[Selection], name: str) -> Iterator[SelectedField]:
    return (field for field in _flat(selections) if field.name == name)


def page_node_fields(info: Info) -> set[str]:
    """The fields asked of `edges { node { ... } }` under the current connection field."""
    return {
        field.name
        for connection in _under(info.selected_fields, info.field_name)
        for edges in _under(connection.selections, "edges")
        for node in _under(edges.selections, "node")
        for field in _flat(node.selections)
    }


#: The public member fields read ahead, and the loader (of `Loaders`) each reads through.
PUBLIC_DETAILS = {"passions": "passions_of", "team": "team_of", "site": "site_of", "bondCount": "bond_count_of"}


async def read_member_details(info: Info, member_ids: list[str]) -> None:
    """Read the public details the page's query asks for, together (one round trip on Neo4j,
    side by side on FalkorDB), and prime each detail's loader with them."""
    if not member_ids:
        return
    wanted = sorted(page_node_fields(info).intersection(PUBLIC_DETAILS))
    if not wanted:
        return
    methods = [PUBLIC_DETAILS[name] for name in wanted]
    try:
        found = await info.context.repository.batch_reads.details_of(member_ids, methods)
    except KindredError:
        return  # nothing primed: each field reads through its own loader and reports its own error
    loaders = info.context.loaders
    for method, values in found.items():
        DATALOADER_BATCH.labels(method).observe(len(member_ids))
        loader = cast("DataLoader[str, Any]", getattr(loaders, method))
        loader.prime_many(dict(zip(member_ids, values, strict=True)))
