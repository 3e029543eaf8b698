"""The GraphQL schema: each feature module contributes its queries and mutations."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from graph_api.api.accounts import AccountMutations
from graph_api.api.browse import BrowseQueries
from graph_api.api.errors import KindredErrors
from graph_api.api.limits import limit_extensions
from graph_api.api.members import MemberMutations, MemberQueries
from graph_api.api.node import NodeQueries
from graph_api.api.types import Member, Passion, Site, Skill, Team

Query = merge_types("Query", (MemberQueries, BrowseQueries, NodeQueries))
Mutation = merge_types("Mutation", (AccountMutations, MemberMutations))

schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    types=[Member, Passion, Team, Site, Skill],
    extensions=[*limit_extensions(), KindredErrors],
)
